import * as vscode from 'vscode';

/** huntcard.selectRange, used by the "Select the placeholder to type over it" quick fix: select it so typing replaces it. */
export async function selectRange(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri));
  editor.selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.revealRange(editor.selection);
}
