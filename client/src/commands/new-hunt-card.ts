import { lstat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ServerApi, TechniqueChoice } from '../server-api.js';
import { DOMAIN_NAMES } from '../../../server/src/protocol.js';
import { pickWorkspaceFolder } from '../pick-folder.js';
import { clientSettings, fullDomain } from '../settings.js';

interface TechniqueItem extends vscode.QuickPickItem {
  technique: TechniqueChoice;
}

/**
 * Hunt Card: New Hunt Card. Picks a technique, writes `<ID>.md` into the target
 * folder (the Explorer folder it was invoked on, else huntcard.cardsFolder, else
 * the workspace folder, asked for in a multi-root workspace) and opens it on the
 * first placeholder. An existing card is
 * opened instead, never overwritten.
 */
export async function newHuntCard(api: ServerApi, arg: unknown, refreshCommand: string, askAuthor: () => Promise<string | undefined>): Promise<vscode.Uri | undefined> {
  // From the Explorer: a folder. From the coverage view: a technique without a card. From a script: an ID.
  const preset = typeof arg === 'string' ? arg : (arg as { kind?: string; cell?: { id: string } } | undefined)?.kind === 'technique' ? (arg as { cell: { id: string } }).cell.id : undefined;
  const folder = await targetFolder(arg instanceof vscode.Uri ? arg : undefined);
  if (folder === 'cancelled') return undefined;
  const settings = clientSettings(folder);
  let technique: { id: string } | undefined;
  if (preset) technique = { id: preset };
  else {
    const domain = await pickDomain(settings.domains);
    if (!domain) return undefined;
    technique = await pickTechnique(api, domain);
  }
  if (!technique) return undefined;

  const scaffold = async (author?: string) => {
    const params = { id: technique.id, ...(author !== undefined ? { author } : {}), ...(folder ? { folder: folder.fsPath, fileNamePattern: settings.fileNamePattern } : { uri: 'untitled:card.md' }) };
    const card = await api.run('huntcard.scaffold', params);
    // Signed by nobody (no setting, no git user.name): ask once, then sign with the answer.
    if (!card.author && author === undefined) {
      const asked = await askAuthor();
      if (asked) return api.run('huntcard.scaffold', { ...params, author: asked });
    }
    return card;
  };
  if (!folder) {
    const card = await scaffold(settings.author || undefined);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: card.text });
    selectPlaceholder(await vscode.window.showTextDocument(document), card.placeholder);
    return undefined;
  }
  const first = await api.run('huntcard.scaffold', { id: technique.id, author: settings.author, folder: folder.fsPath, fileNamePattern: settings.fileNamePattern });
  const target = vscode.Uri.file(first.target!);
  if (await exists(target)) {
    await vscode.window.showTextDocument(target);
    const refresh = 'Refresh ATT&CK Zone';
    void vscode.window
      .showInformationMessage(`${vscode.workspace.asRelativePath(target)} already exists; it was opened, not overwritten.`, refresh)
      .then((choice) => (choice === refresh ? vscode.commands.executeCommand(refreshCommand) : undefined));
    return target;
  }
  const card = settings.author ? first : await scaffold();
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(card.text));
  const editor = await vscode.window.showTextDocument(target);
  selectPlaceholder(editor, card.placeholder);
  return target;
}

/** The folder clicked in the Explorer, else the workspace folder (asked for when there are several) with its huntcard.cardsFolder. */
async function targetFolder(arg: vscode.Uri | undefined): Promise<vscode.Uri | 'cancelled' | undefined> {
  if (arg) {
    const stat = await vscode.workspace.fs.stat(arg);
    return stat.type & vscode.FileType.Directory ? arg : vscode.Uri.joinPath(arg, '..');
  }
  const folder = await pickWorkspaceFolder('New Hunt Card: which workspace folder gets the card?');
  if (folder === 'cancelled' || !folder) return folder;
  const configured = clientSettings(folder.uri).cardsFolder;
  return configured ? vscode.Uri.joinPath(folder.uri, configured) : folder.uri;
}

async function pickDomain(domains: string[]): Promise<string | undefined> {
  if (domains.length === 1) return domains[0];
  const pick = await vscode.window.showQuickPick(
    domains.map((d) => ({ label: d, description: DOMAIN_NAMES[fullDomain(d)] })),
    { title: 'New Hunt Card: ATT&CK domain', placeHolder: 'Which ATT&CK matrix?' },
  );
  return pick?.label;
}

async function pickTechnique(api: ServerApi, domain: string): Promise<TechniqueChoice | undefined> {
  const quickPick = vscode.window.createQuickPick<TechniqueItem>();
  quickPick.title = 'New Hunt Card';
  quickPick.placeholder = 'Technique ID or name, e.g. T1059.001, PowerShell, Email Addresses';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = false;
  quickPick.busy = true;
  quickPick.show();
  try {
    const { techniques, dataset } = await api.run('huntcard.techniques', { domain });
    quickPick.title = `New Hunt Card (${dataset})`;
    quickPick.items = techniques.map((t) => ({
      label: `${t.id} ${t.name}`,
      description: `${t.fullName !== t.name ? `${t.fullName} · ` : ''}${t.tactics.join(', ')}`,
      detail: t.summary,
      technique: t,
    }));
  } catch (error) {
    quickPick.dispose();
    throw error;
  } finally {
    quickPick.busy = false;
  }
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.technique);
      quickPick.dispose();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
  });
}

function selectPlaceholder(editor: vscode.TextEditor, range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): void {
  if (!range) return;
  const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    // lstat for local files: a dangling link at the target is "there" and is never written through.
    if (uri.scheme === 'file') await lstat(uri.fsPath);
    else await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
