import * as vscode from 'vscode';
import { pickWorkspaceFolder } from '../pick-folder.js';
import type { CoverageFocus } from '../../../server/src/protocol.js';
import type { ServerApi } from '../server-api.js';

/** Hunt Card: Export Navigator Layer. Writes a workspace folder's coverage as an ATT&CK Navigator 4.5 layer. */
export async function exportLayer(api: ServerApi, target?: vscode.Uri, focus?: CoverageFocus): Promise<vscode.Uri | undefined> {
  // In a multi-root workspace, the layer covers the folder the user picks.
  const folder = await pickWorkspaceFolder('Export Navigator Layer: the cards of which workspace folder?');
  if (folder === 'cancelled') return undefined;
  const root = folder?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export ATT&CK Navigator layer',
      filters: { 'Navigator layer': ['json'] },
      ...(root ? { defaultUri: vscode.Uri.joinPath(root, 'attack-coverage-layer.json') } : {}),
    }));
  if (!uri) return undefined;
  // With a focus, the layer of its gaps.
  const layer = await api.run('huntcard.navigatorLayer', { ...(root ? { folder: root.toString() } : {}), ...(focus ? { focus } : {}) });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(layer, null, 2)}\n`));
  const open = 'Open';
  void vscode.window
    .showInformationMessage(`Navigator layer written to ${vscode.workspace.asRelativePath(uri)}; load it at mitre-attack.github.io/attack-navigator.`, open)
    .then((c) => (c === open ? vscode.window.showTextDocument(uri) : undefined));
  return uri;
}
