import * as vscode from 'vscode';
import { loadUpdateModule } from './lazy-update.js';
import type { DatasetInfo } from './server-api.js';
import { clientSettings, fullDomain, httpProxy } from './settings.js';

const LAST_CHECK = 'huntcard.lastUpdateCheck';
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The weekly check (huntcard.autoCheckForUpdates): asks MITRE's collection index
 * for the newest release and, if it is newer than the data in use, offers the
 * update. Nothing is downloaded without the user's consent.
 */
export async function maybeCheckForUpdates(context: vscode.ExtensionContext, info: DatasetInfo, updateCommand: string): Promise<void> {
  const settings = clientSettings();
  if (!settings.autoCheckForUpdates || settings.attackVersion || !vscode.workspace.isTrusted) return;
  const last = context.globalState.get<number>(LAST_CHECK, 0);
  if (Date.now() - last < WEEK_MS) return;
  await context.globalState.update(LAST_CHECK, Date.now());
  const indexUrl = process.env.HUNTCARD_RELEASE_INDEX_URL;
  const { compareVersions, latestRelease } = loadUpdateModule();
  for (const domain of settings.domains.map(fullDomain)) {
    const inUse = info.datasets.find((d) => d.domain === domain)?.version;
    const latest = await latestRelease(domain, indexUrl, { retries: 0, ...(httpProxy() ? { proxy: httpProxy()! } : {}) });
    if (inUse && inUse !== 'unknown' && compareVersions(latest, inUse) <= 0) continue;
    const update = 'Update ATT&CK Data';
    const choice = await vscode.window.showInformationMessage(`ATT&CK v${latest} is available for ${domain} (in use: v${inUse ?? 'none'}).`, update, 'Later');
    if (choice === update) await vscode.commands.executeCommand(updateCommand);
    return;
  }
}
