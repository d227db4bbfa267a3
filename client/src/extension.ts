import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { exportLayer } from './commands/export-layer.js';
import { CoverageTree } from './coverage/coverage-tree.js';
import { CoverageFocusState, pickActors, pickLayer } from './coverage/coverage-focus.js';
import { heatmapShown, showHeatmap } from './coverage/heatmap-panel.js';
import { newHuntCard } from './commands/new-hunt-card.js';
import { refreshZone } from './commands/refresh-zone.js';
import { PROPOSED_SCHEME, ReleaseReviewTree, type ReviewNode, type ReviewRequest } from './release/release-review.js';
import { selectRange } from './commands/select-range.js';
import { updateData } from './commands/update-data.js';
import { authorPrompt } from './author-prompt.js';
import { reportFailure } from './report-failure.js';
import { createLanguageClient, reportFolderEvents } from './language-client.js';
import { watchFolders } from './folder-events.js';
import type { CoverageFocus, NotificationName } from '../../server/src/protocol.js';
import { type DatasetInfo, ServerApi } from './server-api.js';
import { DataStatus } from './status-bar.js';
import { checkReleases, maybeCheckForUpdates, offerUpdate } from './update-check.js';

export const COMMANDS = {
  newCard: 'huntcard.newHuntCard',
  refresh: 'huntcard.refresh',
  updateData: 'huntcard.updateData',
  dataInfo: 'huntcard.showDataInfo',
  restart: 'huntcard.restartServer',
  output: 'huntcard.showOutput',
  selectRange: 'huntcard.selectRange',
  exportLayer: 'huntcard.exportLayer',
  heatmap: 'huntcard.showHeatmap',
  refreshCoverage: 'huntcard.refreshCoverage',
  checkForUpdates: 'huntcard.checkForUpdates',
  focusActors: 'huntcard.focusCoverage',
  focusLayer: 'huntcard.focusCoverageOnLayer',
  clearFocus: 'huntcard.clearCoverageFocus',
  reviewRelease: 'huntcard.reviewAttackUpdate',
  reviewDiff: 'huntcard.releaseReview.diff',
  reviewApply: 'huntcard.releaseReview.apply',
  reviewApplyAll: 'huntcard.releaseReview.applyAll',
  reviewClose: 'huntcard.releaseReview.close',
} as const;

/** What the extension hands to its tests (and to other extensions): the running pieces. */
export interface HuntCardApi {
  client: LanguageClient;
  api: ServerApi;
  cacheDir: string;
  ready: Promise<void>;
  coverage: CoverageTree;
  focus: CoverageFocusState;
  review: ReleaseReviewTree;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): HuntCardApi {
  const output = vscode.window.createOutputChannel('Hunt Card', { log: true });
  const cacheDir = process.env.HUNTCARD_CACHE_DIR || vscode.Uri.joinPath(context.globalStorageUri, 'attack').fsPath;
  client = createLanguageClient(context, output, cacheDir);
  const api = new ServerApi(client);
  const status = new DataStatus(COMMANDS.dataInfo);
  context.subscriptions.push(output, status, client);

  const showStatus = async () => {
    try {
      status.show(await api.datasetInfo());
    } catch (error) {
      status.failed(String((error as Error).message ?? error));
    }
  };
  const command = (id: string, what: string, run: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await ready;
        return await run(...args);
      } catch (error) {
        reportFailure(what, error, output);
        return undefined;
      }
    });

  // Starting the client costs little: the server loads ATT&CK data only for the first
  // card or command, and says so (huntcard/datasetLoaded); the status bar and the weekly
  // release check wait for that.
  let checkedForUpdates = false;
  const ready = client.start().then(() => {
    client!.onNotification('huntcard/datasetLoaded' satisfies NotificationName, (info: DatasetInfo) => {
      status.show(info);
      if (checkedForUpdates) return;
      checkedForUpdates = true;
      void maybeCheckForUpdates(context, info, COMMANDS.updateData).catch((error) => output.warn(`[update check] ${(error as Error).message}`));
    });
  });

  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void ready.then(() => client!.sendNotification('huntcard/workspaceTrusted' satisfies NotificationName, {}))));

  const askAuthor = authorPrompt(context);
  const focus = new CoverageFocusState();
  const coverage = new CoverageTree(api, ready, focus);
  context.subscriptions.push(focus, coverage, vscode.window.createTreeView('huntcard.coverage', { treeDataProvider: coverage, showCollapseAll: true }));
  context.subscriptions.push(
    watchFolders((events) => {
      void coverage.foldersChanged(events);
      void ready.then(() => reportFolderEvents(client!, events)).catch((error) => output.warn(`[folders] ${(error as Error).message}`));
    }),
  );
  const review = new ReleaseReviewTree(api);
  context.subscriptions.push(
    review,
    vscode.window.createTreeView('huntcard.releaseReview', { treeDataProvider: review, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, review),
  );
  const reviewRelease = async (request?: ReviewRequest) => {
    const result = await review.load(request && typeof request === 'object' ? request : {});
    await vscode.commands.executeCommand('huntcard.releaseReview.focus');
    const mechanical = result.cards.filter((c) => c.steps).length;
    void vscode.window.showInformationMessage(
      result.cards.length === 0
        ? `Every card is current with ${result.release}.`
        : `${result.release}: ${result.cards.length} card(s) to review, ${mechanical} with changes to apply. See the ATT&CK Update Review view.`,
    );
    return result;
  };
  // A focus the server cannot use (an unknown name, a file that is not a layer) is refused at once and the view stays as it was.
  const applyFocus = async (next: CoverageFocus | undefined) => {
    if (!next) return undefined;
    // One read of the collection: the view's own load is the check, and a focus it refuses is undone.
    const previous = focus.current;
    focus.set(next);
    let data;
    try {
      data = await coverage.load();
    } catch (error) {
      focus.set(previous);
      throw error;
    }
    if (heatmapShown()) await showHeatmap(api, next);
    return data;
  };

  context.subscriptions.push(
    command(COMMANDS.checkForUpdates, 'Check for ATT&CK Updates', async () => {
      if (!vscode.workspace.isTrusted) throw new Error('Hunt Card does not contact MITRE from an untrusted workspace.');
      const checks = await checkReleases(await api.datasetInfo());
      offerUpdate(checks, COMMANDS.updateData, true);
      return checks;
    }),
    command(COMMANDS.exportLayer, 'Export Navigator Layer', (target) => exportLayer(api, target instanceof vscode.Uri ? target : undefined, focus.current)),
    command(COMMANDS.heatmap, 'Show Coverage Heatmap', () => showHeatmap(api, focus.current)),
    command(COMMANDS.focusActors, 'Focus Coverage on Threat Actor', async (actors) =>
      applyFocus(await pickActors(api, Array.isArray(actors) ? actors.map(String) : typeof actors === 'string' ? [actors] : undefined)),
    ),
    command(COMMANDS.focusLayer, 'Focus Coverage on Layer File', async (file) => applyFocus(await pickLayer(file instanceof vscode.Uri ? file : undefined))),
    command(COMMANDS.clearFocus, 'Clear Focus', async () => {
      focus.set(undefined);
      if (heatmapShown()) await showHeatmap(api);
      return coverage.load();
    }),
    command(COMMANDS.refreshCoverage, 'Refresh Coverage', async () => {
      coverage.refresh();
      return coverage.load();
    }),
    command(COMMANDS.newCard, 'New Hunt Card', (folder) => newHuntCard(api, folder, COMMANDS.refresh, askAuthor)),
    command(COMMANDS.refresh, 'Refresh ATT&CK Zone', () => refreshZone(api)),
    command(COMMANDS.updateData, 'Update ATT&CK Data', () =>
      updateData(
        cacheDir,
        output,
        async () => {
          await api.run('huntcard.reloadData', {});
          await showStatus();
          coverage.refresh();
        },
        COMMANDS.reviewRelease,
      ),
    ),
    command(COMMANDS.reviewRelease, 'Review ATT&CK Update', (request) => reviewRelease(request as ReviewRequest | undefined)),
    command(COMMANDS.reviewDiff, 'Show Changes', (node) => review.showDiff(node as ReviewNode | undefined)),
    command(COMMANDS.reviewApply, 'Apply to Card', (node) => review.applyCard(node as ReviewNode | undefined)),
    command(COMMANDS.reviewApplyAll, 'Apply All', () => review.applyAll()),
    command(COMMANDS.reviewClose, 'Close Review', () => review.close()),
    command(COMMANDS.dataInfo, 'Show ATT&CK Data Info', async () => {
      const info = await api.datasetInfo();
      const lines = info.datasets.map((d) => `${d.label}: domain ${d.domain}, ATT&CK v${d.version}, source ${d.source}, data of ${d.modified.slice(0, 10)}`);
      for (const line of [...lines, ...info.notes]) output.appendLine(`[data] ${line}`);
      void vscode.window.showInformationMessage(lines.join(' · '));
      return info;
    }),
    command(COMMANDS.restart, 'Restart Language Server', async () => {
      await client!.restart();
      await showStatus();
    }),
    vscode.commands.registerCommand(COMMANDS.output, () => output.show()),
    vscode.commands.registerCommand(COMMANDS.selectRange, selectRange),
  );
  return { client, api, cacheDir, ready, coverage, focus, review };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
