import * as vscode from 'vscode';

/**
 * The workspace folder a command works in: the only one, or, in a multi-root
 * workspace, the one the user picks (`cancelled` if they dismiss the picker);
 * undefined when no folder is open.
 */
export async function pickWorkspaceFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | 'cancelled' | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder, ignoreFocusOut: true })) ?? 'cancelled';
}
