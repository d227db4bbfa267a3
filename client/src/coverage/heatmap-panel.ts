import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CoverageFocus } from '../../../server/src/protocol.js';
import type { ServerApi } from '../server-api.js';

let panel: vscode.WebviewPanel | undefined;

/** Hunt Card: Show Coverage Heatmap. The matrix coloured by maturity, rendered by the server, shown offline; a click opens the card. */
export async function showHeatmap(api: ServerApi, focus?: CoverageFocus): Promise<vscode.WebviewPanel> {
  if (!panel) {
    panel = vscode.window.createWebviewPanel('huntcard.heatmap', 'ATT&CK Coverage Heatmap', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
    panel.webview.onDidReceiveMessage((message: { open?: string }) => {
      if (typeof message.open === 'string') void vscode.window.showTextDocument(vscode.Uri.file(message.open), { viewColumn: cardColumn(panel?.viewColumn) });
    });
  }
  const nonce = randomBytes(16).toString('base64');
  const { html } = await api.run('huntcard.heatmap', { cspSource: panel.webview.cspSource, nonce, ...(focus ? { focus } : {}) });
  panel.webview.html = html;
  panel.reveal();
  return panel;
}

/**
 * Where a card clicked in the heatmap opens: in another editor group already
 * on screen, else in the heatmap's own group as a tab beside it. Never a new
 * split, which would squeeze the matrix into half the width.
 */
function cardColumn(heatmap: vscode.ViewColumn | undefined): vscode.ViewColumn {
  const other = vscode.window.tabGroups.all.find((g) => g.viewColumn !== heatmap);
  return other?.viewColumn ?? heatmap ?? vscode.ViewColumn.Active;
}

/** The heatmap is open: a change of focus redraws it. */
export function heatmapShown(): boolean {
  return panel !== undefined;
}
