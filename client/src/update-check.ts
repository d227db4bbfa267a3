import * as vscode from 'vscode';
import { loadUpdateModule } from './lazy-update.js';
import type { DatasetInfo } from './server-api.js';
import { clientSettings, fullDomain, networkSettings } from './settings.js';

const LAST_CHECK = 'huntcard.lastUpdateCheck';
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface ReleaseCheck {
  domain: string;
  inUse?: string;
  latest: string;
  newer: boolean;
}

/** Asks MITRE's collection index for each enabled domain's newest release and compares it with the data in use. */
export async function checkReleases(info: DatasetInfo): Promise<ReleaseCheck[]> {
  const { compareVersions, editorNetworkOptions, latestRelease } = loadUpdateModule();
  const indexUrl = process.env.HUNTCARD_RELEASE_INDEX_URL || undefined;
  const results: ReleaseCheck[] = [];
  for (const domain of clientSettings().domains.map(fullDomain)) {
    const inUse = info.datasets.find((d) => d.domain === domain)?.version;
    const latest = await latestRelease(domain, indexUrl, { retries: 0, ...editorNetworkOptions(networkSettings()) });
    results.push({ domain, ...(inUse ? { inUse } : {}), latest, newer: !inUse || inUse === 'unknown' || compareVersions(latest, inUse) > 0 });
  }
  return results;
}

/** Offers the update for the first newer release; downloads only if the user says so. Not awaited: the offer waits for a click. */
export function offerUpdate(checks: ReleaseCheck[], updateCommand: string, sayWhenCurrent: boolean): void {
  const newer = checks.find((c) => c.newer);
  if (!newer) {
    if (sayWhenCurrent) void vscode.window.showInformationMessage(`ATT&CK data is current: ${checks.map((c) => `${c.domain} v${c.latest}`).join(', ')}.`);
    return;
  }
  const update = 'Update ATT&CK Data';
  void vscode.window
    .showInformationMessage(`ATT&CK v${newer.latest} is available for ${newer.domain} (in use: v${newer.inUse ?? 'none'}).`, update, 'Later')
    .then((choice) => (choice === update ? vscode.commands.executeCommand(updateCommand) : undefined));
}

/**
 * The weekly check (huntcard.autoCheckForUpdates): at most once a week, and
 * never in an untrusted workspace or with a pinned release.
 */
export async function maybeCheckForUpdates(context: vscode.ExtensionContext, info: DatasetInfo, updateCommand: string): Promise<void> {
  const settings = clientSettings();
  if (!settings.autoCheckForUpdates || settings.attackVersion || !vscode.workspace.isTrusted) return;
  const last = context.globalState.get<number>(LAST_CHECK, 0);
  if (Date.now() - last < WEEK_MS) return;
  await context.globalState.update(LAST_CHECK, Date.now());
  offerUpdate(await checkReleases(info), updateCommand, false);
}
