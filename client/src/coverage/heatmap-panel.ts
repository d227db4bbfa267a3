import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { heatmapHtml } from '../../../server/src/engine/coverage/heatmap-html.js';
import type { CoverageData } from '../server-api.js';

let panel: vscode.WebviewPanel | undefined;

/** Hunt Card: Show Coverage Heatmap. The matrix coloured by maturity, rendered offline; a click opens the card. */
export function showHeatmap(data: CoverageData): vscode.WebviewPanel {
  if (!panel) {
    panel = vscode.window.createWebviewPanel('huntcard.heatmap', 'ATT&CK Coverage Heatmap', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
    panel.webview.onDidReceiveMessage((message: { open?: string }) => {
      if (typeof message.open === 'string') void vscode.window.showTextDocument(vscode.Uri.file(message.open), { viewColumn: vscode.ViewColumn.Beside });
    });
  }
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = heatmapHtml(data.matrix, { title: `Hunt card coverage: ${data.dataset}`, cspSource: panel.webview.cspSource, nonce });
  panel.reveal();
  return panel;
}
