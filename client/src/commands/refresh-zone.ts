import * as vscode from 'vscode';
import type { ServerApi } from '../server-api.js';

/** Hunt Card: Refresh ATT&CK Zone. The server applies one undoable edit that stops at the author zone. */
export async function refreshZone(api: ServerApi): Promise<{ changed: boolean } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showWarningMessage('Open a hunt card (a Markdown file) to refresh its ATT&CK zone.');
    return undefined;
  }
  const result = await api.run('huntcard.refreshAttackZone', { uri: editor.document.uri.toString() });
  void vscode.window.showInformationMessage(result.changed ? `ATT&CK zone refreshed from ${result.dataset}.` : `The ATT&CK zone already matches ${result.dataset}; nothing to change.`);
  return result;
}
