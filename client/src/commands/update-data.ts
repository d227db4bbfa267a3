import * as vscode from 'vscode';
import { loadUpdateModule, type UpdateResult } from '../lazy-update.js';
import { clientSettings, fullDomain, networkSettings } from '../settings.js';

/**
 * Hunt Card: Update ATT&CK Data. Downloads each enabled domain's official
 * bundle (or the pinned release, or huntcard.downloadUrl) with a cancellable
 * progress notification, and swaps it into the extension's storage; on any
 * failure the data in use stays as it was. After a new release, offers Review
 * ATT&CK Update.
 */
export async function updateData(cacheDir: string, output: vscode.LogOutputChannel, afterUpdate: () => Promise<void>, reviewCommand?: string): Promise<UpdateResult[]> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Hunt Card does not download ATT&CK data in an untrusted workspace.');
    return [];
  }
  const settings = clientSettings();
  const { updateDataset, editorNetworkOptions } = loadUpdateModule();
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Updating ATT&CK data', cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const done: UpdateResult[] = [];
    for (const domain of settings.domains.map(fullDomain)) {
      let reported = 0;
      progress.report({ message: `${domain}: connecting…` });
      const url = settings.downloadUrl ? settings.downloadUrl.replace(/\{domain\}/g, domain) : undefined;
      const result = await updateDataset({
        domain,
        cacheDir,
        ...(settings.attackVersion ? { version: settings.attackVersion } : {}),
        ...(url ? { url } : {}),
        download: {
          signal: abort.signal,
          ...editorNetworkOptions(networkSettings()),
          onProgress: (received, total) => {
            const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
            const increment = total ? ((received - reported) / total) * 100 : undefined;
            reported = received;
            progress.report({ message: `${domain}: ${mb(received)}${total ? ` of ${mb(total)}` : ''} MB`, ...(increment ? { increment } : {}) });
          },
        },
      });
      output.appendLine(`[update] ${domain}: ${result.status} v${result.version} from ${result.url} into ${result.dir}`);
      done.push(result);
    }
    return done;
  });
  await afterUpdate();
  const summary = results.map((r) => `${r.domain} v${r.version}${r.status === 'not-modified' ? ' (already current)' : ''}`).join(', ');
  // A new release is the moment to see what it means for the cards: the review is one click away.
  const review = 'Review ATT&CK Update';
  const offered = reviewCommand && results.some((r) => r.status !== 'not-modified') ? [review] : [];
  void vscode.window.showInformationMessage(`ATT&CK data: ${summary}.`, ...offered).then((choice) => {
    if (choice === review && reviewCommand) void vscode.commands.executeCommand(reviewCommand);
  });
  return results;
}
