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
      if (typeof message.open === 'string') void vscode.window.showTextDocument(vscode.Uri.file(message.open), { viewColumn: vscode.ViewColumn.Beside });
    });
  }
  const nonce = randomBytes(16).toString('base64');
  const { html } = await api.run('huntcard.heatmap', { cspSource: panel.webview.cspSource, nonce, ...(focus ? { focus } : {}) });
  panel.webview.html = html;
  panel.reveal();
  return panel;
}

/** The heatmap is open: a change of focus redraws it. */
export function heatmapShown(): boolean {
  return panel !== undefined;
}
