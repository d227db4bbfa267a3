import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { techniquesUsedInBundle } from '../../helpers/stix-uses.js';
import { waitFor } from './wait.js';

// The runner opens a workspace holding the reference card (T1589.002.md) and a
// plain notes.md, and sets HUNTCARD_SHARED (../shared) and HUNTCARD_CACHE_DIR.
const shared = process.env.HUNTCARD_SHARED!;
const root = () => vscode.workspace.workspaceFolders![0]!.uri;
const file = (name: string) => vscode.Uri.joinPath(root(), name);
/** A tactic's techniques, sub-techniques (nested under their parent in the view) included. */
async function techniquesUnder(tree: vscode.TreeDataProvider<CoverageNode>, node: CoverageNode): Promise<CoverageNode[]> {
  const out: CoverageNode[] = [];
  for (const child of ((await tree.getChildren(node)) ?? []) as CoverageNode[]) {
    if (child.kind !== 'technique') continue;
    out.push(child, ...(await techniquesUnder(tree, child)));
  }
  return out;
}
const codes = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));

interface CoverageNode {
  kind: string;
  column?: { tactic: { name: string }; techniques: Array<{ id: string; maturity?: number }> };
  cell?: { id: string; maturity?: number; cards: Array<{ file: string }> };
}

interface ReviewedCard {
  file: string;
  id: string;
  steps?: { refresh: boolean; renameTo?: string; rewrites: number };
  changes: Array<{ kind: string }>;
}
type ReviewNode = { kind: 'card'; card: ReviewedCard } | { kind: 'change'; card: ReviewedCard; change: { kind: string } } | { kind: 'message' };

interface Api {
  ready: Promise<void>;
  review: vscode.TreeDataProvider<ReviewNode>;
  cacheDir: string;
  api: { run(command: 'huntcard.scaffold', params: { id: string; author: string }): Promise<{ text: string }> };
  coverage: vscode.TreeDataProvider<CoverageNode> & {
    load(): Promise<{ matrix: Array<{ tactic: { name: string }; techniques: Array<{ id: string; maturity?: number; cards: Array<{ file: string }> }> }> }>;
  };
}

/**
 * The suite runs in a two-folder workspace, so New Hunt Card and Export Navigator
 * Layer ask which folder: the picker is answered here (the first folder unless a
 * test says otherwise), and every question is recorded.
 */
const folderPick = { answer: 0 as number | undefined, asked: [] as string[] };

/**
 * What a hunter waits for in a fresh window: opening the first card to its first
 * diagnostics (activating the extension, starting the server, loading ATT&CK data
 * and checking the card). The peer, measured just before in the same window, is
 * VS Code opening and showing a plain text file, which no extension handles. The
 * numbers go to HUNTCARD_E2E_METRICS for the e2e test and the benchmarks.
 */
async function measureFirstDiagnostics(extension: vscode.Extension<Api>): Promise<void> {
  const activeBefore = extension.isActive;
  const plain = file('peer.txt');
  await vscode.workspace.fs.writeFile(plain, new TextEncoder().encode('plain text\n'));
  const peerStart = Date.now();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(plain));
  const peerMs = Date.now() - peerStart;
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  const uri = file('T1589.002.md');
  let listener: vscode.Disposable | undefined;
  const diagnosed = new Promise<number>((resolve) => {
    listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && vscode.languages.getDiagnostics(uri).length > 0) resolve(Date.now());
    });
  });
  const start = Date.now();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  // Where the time goes: the extension activated, then its language server answered initialize.
  while (!extension.isActive && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 5));
  const activatedMs = Date.now() - start;
  await extension.exports.ready;
  const serverReadyMs = Date.now() - start;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no diagnostics for the first card within 60 s')), 60_000)));
  const firstDiagnosticsMs = (await Promise.race([diagnosed, timeout]).finally(() => clearTimeout(timer))) - start;
  listener?.dispose();
  await vscode.workspace.fs.delete(plain);
  const out = process.env.HUNTCARD_E2E_METRICS;
  if (out) writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), firstDiagnosticsMs, activatedMs, serverReadyMs, peerMs, activeBefore }, null, 2)}\n`);
}

suite('Hunt Card in VS Code', () => {
  let api: Api;

  suiteSetup(async () => {
    (vscode.window as { showWorkspaceFolderPick: typeof vscode.window.showWorkspaceFolderPick }).showWorkspaceFolderPick = async (options) => {
      folderPick.asked.push(options?.placeHolder ?? '');
      return folderPick.answer === undefined ? undefined : vscode.workspace.workspaceFolders![folderPick.answer];
    };
    const extension = vscode.extensions.getExtension<Api>('huntcard.hunt-card');
    assert.ok(extension, 'the extension is installed');
    await measureFirstDiagnostics(extension);
    api = await extension.activate();
    await api.ready;
  });

  test('activates, and contributes its commands under "Hunt Card"', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['huntcard.newHuntCard', 'huntcard.refresh', 'huntcard.updateData', 'huntcard.showDataInfo', 'huntcard.restartServer', 'huntcard.showOutput']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
    const info = (await vscode.commands.executeCommand('huntcard.showDataInfo')) as { datasets: Array<{ label: string; source: string }> };
    assert.deepEqual(
      info.datasets.map((d) => `${d.label} ${d.source}`),
      // The enabled domain first (huntcard.domains); the other domains' data is loaded too, for cards of theirs.
      ['Enterprise ATT&CK v18.1 embedded', 'Mobile ATT&CK v18.1 embedded'],
    );
  });

  test('diagnostics appear for a card and not for other Markdown', async () => {
    const notes = await vscode.workspace.openTextDocument(file('notes.md'));
    await vscode.window.showTextDocument(notes);
    const card = await vscode.workspace.openTextDocument(file('T1589.002.md'));
    await vscode.window.showTextDocument(card);
    const found = await waitFor('diagnostics on the card', () => codes(card.uri).length > 0 && codes(card.uri));
    assert.ok(found.includes('dangling-analytic-ref'), found.join());
    assert.ok(found.includes('placeholder'));
    const diagnostic = vscode.languages.getDiagnostics(card.uri).find((d) => String((d.code as { value: string }).value) === 'dangling-analytic-ref')!;
    assert.equal(diagnostic.source, 'huntcard');
    assert.match(String((diagnostic.code as { target: vscode.Uri }).target), /dangling-analytic-ref\.md$/);
    assert.deepEqual(codes(notes.uri), [], 'notes.md is not a card');
  });

  test('hover and completion through the providers', async () => {
    const card = await vscode.workspace.openTextDocument(file('T1589.002.md'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', card.uri, new vscode.Position(0, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /Email Addresses/);
    assert.match(text, /Reconnaissance/);

    const editor = await vscode.window.showTextDocument(card);
    const line = card.lineAt(card.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(line, '\nT1589.'));
    const end = card.lineAt(card.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', card.uri, end);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => l.startsWith('T1589.002')),
      labels.slice(0, 10).join(),
    );
    await vscode.commands.executeCommand('undo');
    assert.ok(!card.getText().endsWith('T1589.'));
  });

  test('a quick fix applied through the code action provider', async () => {
    const card = await vscode.workspace.openTextDocument(file('T1589.002.md'));
    await vscode.window.showTextDocument(card);
    const diagnostic = await waitFor('the dangling reference', () => vscode.languages.getDiagnostics(card.uri).find((d) => (d.code as { value: string }).value === 'dangling-analytic-ref'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', card.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.edit && a.kind?.value === 'quickfix' && /analytic/i.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await waitFor('the dangling reference to go', () => !codes(card.uri).includes('dangling-analytic-ref'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Refresh ATT&CK Zone rewrites only the ATT&CK zone, as one undoable edit', async () => {
    const card = await vscode.workspace.openTextDocument(file('T1589.002.md'));
    await vscode.window.showTextDocument(card);
    const before = card.getText();
    const authorStart = before.indexOf('## Metadata');
    const result = (await vscode.commands.executeCommand('huntcard.refresh')) as { changed: boolean };
    assert.equal(result.changed, true, 'the 2022 card differs from ATT&CK 18.1');
    const after = card.getText();
    assert.notEqual(after, before);
    assert.equal(after.slice(after.indexOf('## Metadata')), before.slice(authorStart), 'the author zone is untouched');
    await vscode.commands.executeCommand('undo');
    assert.equal(card.getText(), before, 'one undo restores the card');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Review ATT&CK Update: the review as a tree, a card as a diff, applied to one card and undone in one step', async () => {
    const card = await vscode.workspace.openTextDocument(file('T1589.002.md'));
    await vscode.window.showTextDocument(card);
    const before = card.getText();
    const authorZone = (text: string) => text.slice(text.indexOf('## Metadata'));
    // The reference card was pulled in June 2022: the data in use (18.1) against 11.2.
    const review = (await vscode.commands.executeCommand('huntcard.reviewAttackUpdate', { previous: path.join(shared, 'attack', 'enterprise-attack-11.2.json') })) as {
      release: string;
      previous?: string;
      cards: ReviewedCard[];
    };
    assert.equal(review.release, 'Enterprise ATT&CK v18.1');
    assert.equal(review.previous, 'Enterprise ATT&CK v11.2');
    const node = ((await api.review.getChildren()) ?? []).find((n): n is Extract<ReviewNode, { kind: 'card' }> => n.kind === 'card' && n.card.file === card.uri.toString());
    assert.ok(node, review.cards.map((c) => c.file).join(', '));
    assert.deepEqual(node.card.steps, { refresh: true, rewrites: 0 });
    const kinds = ((await api.review.getChildren(node)) ?? []).map((n) => (n.kind === 'change' ? n.change.kind : n.kind));
    assert.ok(kinds.includes('zone'), kinds.join());
    assert.equal((await api.review.getTreeItem(node)).contextValue, 'releaseCard.applicable');

    await vscode.commands.executeCommand('huntcard.releaseReview.diff', node);
    const proposed = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'huntcard-release', path: card.uri.path, query: card.uri.toString() }));
    assert.notEqual(proposed.getText(), before);
    assert.equal(authorZone(proposed.getText()), authorZone(before), 'the diff changes the ATT&CK zone only');

    assert.equal(await vscode.commands.executeCommand('huntcard.releaseReview.apply', node), true);
    const applied = card.getText();
    assert.equal(applied, proposed.getText(), 'the card now reads as the diff proposed');
    assert.equal(authorZone(applied), authorZone(before));
    assert.match(String((await api.review.getTreeItem(node)).description), /applied$/);
    await vscode.window.showTextDocument(card);
    await vscode.commands.executeCommand('undo');
    assert.equal(card.getText(), before, 'one undo restores the card');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('huntcard.releaseReview.close');
  });

  test('New Hunt Card, driven through its QuickPick, writes, opens, and never overwrites', async () => {
    const created = vscode.commands.executeCommand<vscode.Uri | undefined>('huntcard.newHuntCard');
    await new Promise((r) => setTimeout(r, 1500)); // the picker loads every technique
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const uri = await created;
    assert.ok(uri, 'a card was created');
    assert.equal(path.basename(uri.fsPath), 'T1001.md', 'the first technique in ID order');
    const text = readFileSync(uri.fsPath, 'utf8');
    assert.match(text, /^# T1001 Data Obfuscation\n/);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, uri.fsPath, 'the new card is open');
    assert.equal(editor.document.getText(editor.selection), 'Information Here', 'the first placeholder is selected');

    // Again: the existing card opens, untouched.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${text}\nMy notes.\n`));
    const again = vscode.commands.executeCommand<vscode.Uri | undefined>('huntcard.newHuntCard');
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal((await again)?.fsPath, uri.fsPath);
    assert.ok(readFileSync(uri.fsPath, 'utf8').endsWith('\nMy notes.\n'), 'not overwritten');
  });

  test('New Hunt Card with no author anywhere asks once, signs the card, and offers to save huntcard.author', async () => {
    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const original = { input: window.showInputBox, info: window.showInformationMessage };
    const env = { global: process.env.GIT_CONFIG_GLOBAL, system: process.env.GIT_CONFIG_NOSYSTEM };
    let asked = 0;
    window.showInputBox = (async () => {
      asked++;
      return 'Test Hunter';
    }) as typeof window.showInputBox;
    window.showInformationMessage = (async (message: string, ...items: string[]) =>
      /Sign new hunt cards as "Test Hunter"/.test(message) ? items[0] : undefined) as unknown as typeof window.showInformationMessage;
    // No git user.name either: git reads no global or system config.
    process.env.GIT_CONFIG_GLOBAL = '/dev/null';
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    const config = vscode.workspace.getConfiguration('huntcard');
    const configured = config.inspect<string>('author')?.globalValue;
    await config.update('author', '', vscode.ConfigurationTarget.Global);
    try {
      const first = (await vscode.commands.executeCommand('huntcard.newHuntCard', 'T1595.001')) as vscode.Uri;
      assert.match(readFileSync(first.fsPath, 'utf8'), /\*\*Author\(s\):\*\* Test Hunter\n/);
      await waitFor('huntcard.author to be saved', () => vscode.workspace.getConfiguration('huntcard').get('author') === 'Test Hunter');
      const second = (await vscode.commands.executeCommand('huntcard.newHuntCard', 'T1595.002')) as vscode.Uri;
      assert.match(readFileSync(second.fsPath, 'utf8'), /\*\*Author\(s\):\*\* Test Hunter\n/);
      assert.equal(asked, 1, 'asked once');
    } finally {
      window.showInputBox = original.input;
      window.showInformationMessage = original.info;
      for (const [key, value] of [
        ['GIT_CONFIG_GLOBAL', env.global],
        ['GIT_CONFIG_NOSYSTEM', env.system],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await config.update('author', configured, vscode.ConfigurationTarget.Global);
    }
  });

  test("multi-root: a rule turned off in one folder's settings is off there only", async () => {
    const folders = vscode.workspace.workspaceFolders!;
    assert.equal(folders.length, 2, 'the suite runs in a two-folder workspace');
    const here = await vscode.workspace.openTextDocument(file('T1589.002.md'));
    const there = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folders[1]!.uri, 'T1003.md'));
    await vscode.window.showTextDocument(here);
    await vscode.window.showTextDocument(there);
    await waitFor('diagnostics in both folders', () => codes(here.uri).length > 0 && codes(there.uri).some((c) => c === 'dangling-analytic-ref'));
    assert.ok(codes(here.uri).includes('placeholder'), 'on in the first folder');
    assert.ok(!codes(there.uri).includes('placeholder'), 'off in the second folder (its .vscode/settings.json)');
  });

  test("every card's problems: a card never opened shows its error in Problems, and the error goes when the file is fixed on disk", async () => {
    const api2 = vscode.extensions.getExtension<{ api: { run(command: string, params: object): Promise<{ text: string }> } }>('huntcard.hunt-card')!.exports.api;
    const { text } = await api2.run('huntcard.scaffold', { id: 'T1592', author: 'A', date: '1 May 2026' });
    const card = vscode.Uri.joinPath(root(), 'never-opened', 'T1592.md');
    const broken = text.replace('| Example APT/Threat actor | 1, 2 | 1, 2 |', '| Example APT/Threat actor | 1, 9 | 1, 2 |');
    await vscode.workspace.fs.writeFile(card, new TextEncoder().encode(broken));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === card.toString()), 'the card is not open');
    await waitFor("the unopened card's error", () => codes(card).includes('dangling-analytic-ref'), 30000);
    await vscode.workspace.fs.writeFile(card, new TextEncoder().encode(text));
    await waitFor('the error to go once fixed on disk', () => !codes(card).includes('dangling-analytic-ref'), 30000);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === card.toString()), 'still never opened');
  });

  test('ATT&CK Coverage: the tree lists tactics, covered and missing techniques, and follows new cards', async () => {
    const roots = (await api.coverage.getChildren()) as CoverageNode[];
    const recon = roots.find((n) => n.column?.tactic.name === 'Reconnaissance');
    assert.ok(recon, roots.map((r) => r.column?.tactic.name).join());
    const techniques = await techniquesUnder(api.coverage, recon);
    const email = techniques.find((t) => t.cell?.id === 'T1589.002')!;
    const parent = ((await api.coverage.getChildren(recon)) as CoverageNode[]).find((t) => t.cell?.id === 'T1589')!;
    assert.ok(
      ((await api.coverage.getChildren(parent)) as CoverageNode[]).some((n) => n.cell?.id === 'T1589.002'),
      'sub-techniques nest under their parent',
    );
    assert.match(String((await api.coverage.getTreeItem(parent)).description), /^no card · 1\/\d sub-techniques$/);
    assert.equal(email.cell!.maturity, 1);
    assert.equal((await api.coverage.getTreeItem(email)).contextValue, 'technique-covered');
    const cards = (await api.coverage.getChildren(email)) as CoverageNode[];
    assert.equal(cards.length, 1);
    const cardItem = await api.coverage.getTreeItem(cards[0]!);
    assert.equal(cardItem.command?.command, 'vscode.open');
    const scanning = techniques.find((t) => t.cell?.id === 'T1595')!;
    assert.equal((await api.coverage.getTreeItem(scanning)).contextValue, 'technique-uncovered');

    // "New Hunt Card" inline on a missing technique; the view updates by itself.
    const created = (await vscode.commands.executeCommand('huntcard.newHuntCard', scanning)) as vscode.Uri;
    assert.equal(path.basename(created.fsPath), 'T1595.md');
    await waitFor('the view to pick up T1595.md', async () => {
      const data = await api.coverage.load();
      return data.matrix.some((c) => c.techniques.some((t) => t.id === 'T1595' && t.maturity === 1));
    });
  });

  test("Focus Coverage on Threat Actor: the view lists only the group's techniques, counts its gaps right, and Clear Focus restores it", async () => {
    // What APT29 uses, counted straight from MITRE's bundle, and the parents of used sub-techniques.
    const used = [...techniquesUsedInBundle(path.join(shared, 'attack', 'enterprise-attack-18.1.json'), 'G0016')];
    const expected = new Set([...used, ...used.filter((id) => id.includes('.')).map((id) => id.split('.')[0]!)]);

    const unfocused = await api.coverage.load();
    const carded = new Set(unfocused.matrix.flatMap((c) => c.techniques.filter((t) => t.maturity).map((t) => t.id)));
    // Counted: what APT29 uses itself; the parents are listed, not counted.
    const gaps = used.filter((id) => !carded.has(id)).length;

    await vscode.commands.executeCommand('huntcard.focusCoverage', ['Midnight Blizzard']);
    try {
      const roots = (await api.coverage.getChildren()) as CoverageNode[];
      const headline = await api.coverage.getTreeItem(roots[0]!);
      assert.equal(headline.label, `APT29 (G0016): ${gaps} of ${used.length} techniques have no card`);
      const tactics = roots.slice(1);
      assert.ok(tactics.length > 5 && tactics.every((n) => n.kind === 'tactic'));
      const listed = new Map<string, CoverageNode>();
      for (const tactic of tactics) for (const t of await techniquesUnder(api.coverage, tactic)) listed.set(t.cell!.id, t);
      assert.deepEqual(new Set(listed.keys()), expected, 'the view lists exactly the techniques APT29 uses');
      const gap = [...listed.values()].find((t) => !t.cell!.maturity && t.cell!.id.includes('.'))!;
      const item = await api.coverage.getTreeItem(gap);
      assert.equal(item.contextValue, 'technique-uncovered', 'New Hunt Card stays inline on a gap');
      assert.match(String(item.description), /^gap: no card · APT29/);
    } finally {
      await vscode.commands.executeCommand('huntcard.clearCoverageFocus');
    }
    const cleared = (await api.coverage.getChildren()) as CoverageNode[];
    assert.ok(cleared.every((n) => n.kind === 'tactic'));
    assert.equal(cleared.length, unfocused.matrix.length);
  });

  test('a Sigma rule in the workspace shows as detected: the view follows the new file and lists the rule under its technique', async () => {
    const rule = file('detections/encoded_powershell.yml');
    await vscode.workspace.fs.writeFile(
      rule,
      new TextEncoder().encode(
        'title: Encoded PowerShell Command Line\nlogsource: { category: process_creation, product: windows }\ndetection: { selection: { CommandLine|contains: " -enc" }, condition: selection }\ntags: [attack.execution, attack.t1589.002]\n',
      ),
    );
    try {
      // The rule goes into a folder made with it: inotify may report the folder and not the file
      // (parcel-bundler/watcher#243), and the view must follow all the same.
      await waitFor(
        'the view to pick up the Sigma rule',
        async () => {
          const data = await api.coverage.load();
          return data.matrix.some((c) => c.techniques.some((t) => t.id === 'T1589.002' && (t as { detections?: unknown[] }).detections?.length === 1));
        },
        45000,
      );
      const recon = ((await api.coverage.getChildren()) as CoverageNode[]).find((n) => n.column?.tactic.name === 'Reconnaissance')!;
      const email = (await techniquesUnder(api.coverage, recon)).find((t) => t.cell?.id === 'T1589.002')!;
      assert.equal((await api.coverage.getTreeItem(email)).description, 'scaffold only · 1 Sigma rule');
      const children = await Promise.all(((await api.coverage.getChildren(email)) as CoverageNode[]).map((n) => api.coverage.getTreeItem(n)));
      const ruleItem = children.find((c) => c.contextValue === 'sigma-rule')!;
      assert.equal(ruleItem.label, 'Encoded PowerShell Command Line');
      assert.equal(ruleItem.command?.command, 'vscode.open');
    } finally {
      await vscode.workspace.fs.delete(rule);
    }
  });

  test('a folder of cards made and renamed on disk (as by git): Problems and the coverage view follow the card', async function () {
    this.timeout(150000);
    const api2 = vscode.extensions.getExtension<{ api: { run(command: string, params: object): Promise<{ text: string }> } }>('huntcard.hunt-card')!.exports.api;
    const { text } = await api2.run('huntcard.scaffold', { id: 'T1590', author: 'A', date: '1 May 2026' });
    const broken = text.replace('| Example APT/Threat actor | 1, 2 | 1, 2 |', '| Example APT/Threat actor | 1, 9 | 1, 2 |');
    assert.notEqual(broken, text);
    const [first, second] = [file('team-a'), file('team-b')];
    const [before, after] = [vscode.Uri.joinPath(first, 'T1590.md'), vscode.Uri.joinPath(second, 'T1590.md')];
    const listed = async () => (await api.coverage.load()).matrix.flatMap((c) => c.techniques.filter((t) => t.id === 'T1590').flatMap((t) => t.cards.map((k) => k.file)));
    await api.coverage.load(); // the view is showing: it has something to keep current
    mkdirSync(first.fsPath);
    writeFileSync(before.fsPath, broken);
    try {
      await waitFor("the new folder's card in Problems", () => codes(before).includes('dangling-analytic-ref'), 30000);
      await waitFor("the new folder's card in the view", async () => (await listed()).includes(before.fsPath), 30000);
      renameSync(first.fsPath, second.fsPath);
      await waitFor('Problems to follow the rename', () => codes(after).includes('dangling-analytic-ref') && codes(before).length === 0, 30000);
      await waitFor('the view to follow the rename', async () => (await listed()).join() === after.fsPath, 30000);
    } finally {
      rmSync(first.fsPath, { recursive: true, force: true });
      rmSync(second.fsPath, { recursive: true, force: true });
    }
  });

  test('Export Navigator Layer and the coverage heatmap', async () => {
    const target = file('coverage-layer.json');
    const written = (await vscode.commands.executeCommand('huntcard.exportLayer', target)) as vscode.Uri;
    assert.equal(written.fsPath, target.fsPath);
    const layer = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { versions: { layer: string }; techniques: Array<{ techniqueID: string; score?: number }> };
    assert.equal(layer.versions.layer, '4.5');
    assert.ok(layer.techniques.some((t) => t.techniqueID === 'T1589.002' && t.score === 1));
    const panel = (await vscode.commands.executeCommand('huntcard.showHeatmap')) as vscode.WebviewPanel;
    assert.match(panel.webview.html, /Reconnaissance/);
    assert.match(panel.webview.html, /default-src 'none'/);
    assert.doesNotMatch(panel.webview.html, /<script[^>]+src=|<link[^>]+href="http/, 'nothing is loaded from the network');
  });

  test('multi-root: New Hunt Card and Export Navigator Layer ask which folder, and use the one picked', async () => {
    const second = vscode.workspace.workspaceFolders![1]!.uri;
    folderPick.asked.length = 0;
    folderPick.answer = 1;
    try {
      const created = (await vscode.commands.executeCommand('huntcard.newHuntCard', 'T1595.003')) as vscode.Uri;
      assert.equal(created.fsPath, vscode.Uri.joinPath(second, 'T1595.003.md').fsPath, 'written into the folder picked');
      const target = vscode.Uri.joinPath(second, 'layer.json');
      await vscode.commands.executeCommand('huntcard.exportLayer', target);
      const layer = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { techniques: Array<{ techniqueID: string }> };
      const ids = new Set(layer.techniques.map((t) => t.techniqueID));
      assert.ok(ids.has('T1003') && ids.has('T1595.003'), [...ids].join());
      assert.equal(ids.has('T1589.002'), false, "the other folder's cards are not in this folder's layer");
      assert.deepEqual(folderPick.asked, ['New Hunt Card: which workspace folder gets the card?', 'Export Navigator Layer: the cards of which workspace folder?']);
      // Dismissing the picker cancels: nothing is written.
      folderPick.answer = undefined;
      assert.equal(await vscode.commands.executeCommand('huntcard.newHuntCard', 'T1595.002'), undefined);
      assert.equal(existsSync(vscode.Uri.joinPath(second, 'T1595.002.md').fsPath), false);
    } finally {
      folderPick.answer = 0;
    }
  });

  test('Check for ATT&CK Updates asks the collection index and compares with the data in use', async () => {
    let latest = '19.0';
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          collections: [{ name: 'Enterprise ATT&CK', versions: ['17.1', latest, '18.1'].map((v) => ({ version: v, url: `https://x/enterprise-attack/enterprise-attack-${v}.json` })) }],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.HUNTCARD_RELEASE_INDEX_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.json`;
    try {
      const newer = (await vscode.commands.executeCommand('huntcard.checkForUpdates')) as Array<{ domain: string; inUse: string; latest: string; newer: boolean }>;
      assert.deepEqual(newer, [{ domain: 'enterprise-attack', inUse: '18.1', latest: '19.0', newer: true }]);
      latest = '18.0';
      const current = (await vscode.commands.executeCommand('huntcard.checkForUpdates')) as typeof newer;
      assert.deepEqual(current, [{ domain: 'enterprise-attack', inUse: '18.1', latest: '18.1', newer: false }]);
    } finally {
      delete process.env.HUNTCARD_RELEASE_INDEX_URL;
      server.close();
    }
  });

  test('ATT&CK everywhere: hovers on AN and DET IDs in a v18 card, attack.t10 completed in a Sigma rule, an unknown technique in a notes file flagged with a fix', async () => {
    const hoverText = async (uri: vscode.Uri, position: vscode.Position) =>
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position))
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
        .join('\n');
    const card = file('v18/T1059.001.md');
    const rule = file('detections/encoded.yml');
    const notes = file('notes-week48.md');
    const folder = vscode.workspace.workspaceFolders![0]!;
    try {
      // A card scaffolded from the data in use (Enterprise 18.1): its detection names DET0455 and AN1252.
      const { text } = await api.api.run('huntcard.scaffold', { id: 'T1059.001', author: 'E2E' });
      await vscode.workspace.fs.writeFile(card, new TextEncoder().encode(text));
      const doc = await vscode.workspace.openTextDocument(card);
      const analytic = await hoverText(card, doc.positionAt(text.indexOf('AN1252]') + 1));
      assert.match(analytic, /AN1252 Analytic 1252.*\(analytic\)/);
      assert.match(analytic, /Detection strategy:\* DET0455/);
      const strategy = await hoverText(card, doc.positionAt(text.indexOf('DET0455]') + 1));
      assert.match(strategy, /DET0455 Abuse of PowerShell for Arbitrary Execution.*\(detection strategy\)/);

      const sigma = 'title: Encoded PowerShell\nlogsource:\n  product: windows\ndetection:\n  sel:\n    CommandLine|contains: " -enc"\n  condition: sel\ntags:\n  - attack.t10';
      await vscode.workspace.fs.writeFile(rule, new TextEncoder().encode(sigma));
      const yaml = await vscode.workspace.openTextDocument(rule);
      assert.equal(yaml.languageId, 'yaml');
      const end = yaml.lineAt(yaml.lineCount - 1).range.end;
      const completions = await waitFor('tag completions', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', rule, end);
        const inserted = list.items.map((i) => (typeof i.insertText === 'string' ? i.insertText : (i.textEdit?.newText ?? '')));
        return inserted.includes('t1003') ? inserted : undefined;
      });
      assert.ok(
        completions.every((t) => !t || t.startsWith('t10')),
        completions.slice(0, 5).join(),
      );

      await vscode.workspace.getConfiguration('huntcard', folder.uri).update('attackAwareFiles', ['notes-*.md'], vscode.ConfigurationTarget.WorkspaceFolder);
      await vscode.workspace.fs.writeFile(notes, new TextEncoder().encode('We saw T1059.01 on the jump hosts.\n'));
      const page = await vscode.workspace.openTextDocument(notes);
      await vscode.window.showTextDocument(page);
      const diagnostic = await waitFor(
        'the unknown technique in the notes',
        () => vscode.languages.getDiagnostics(notes).find((d) => (d.code as { value: string }).value === 'unknown-technique'),
        30000,
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', notes, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Change to T1059.001'));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(page.getText(), 'We saw T1059.001 on the jump hosts.\n');
      await waitFor('the finding to go once fixed', () => !codes(notes).includes('unknown-technique'));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      await vscode.workspace.getConfiguration('huntcard', folder.uri).update('attackAwareFiles', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const uri of [card, rule, notes]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  test('Update ATT&CK Data downloads from a loopback server and the server reloads', async () => {
    const bundle = readFileSync(path.join(shared, 'attack', 'mobile-attack-18.1.json'));
    const server = http.createServer((req, res) => {
      if (req.url === '/broken/mobile-attack-18.1.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"type": "bundle", "objects": [');
        return;
      }
      if (req.url !== '/mobile-attack-18.1.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bundle.length, etag: '"m"' }).end(bundle);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const config = vscode.workspace.getConfiguration('huntcard');
    try {
      await config.update('domains', ['mobile'], vscode.ConfigurationTarget.Global);
      await config.update('downloadUrl', `http://127.0.0.1:${port}/{domain}-18.1.json`, vscode.ConfigurationTarget.Global);
      // The message after a new release offers its review.
      const shown: Array<{ message: string; items: string[] }> = [];
      const window = vscode.window as { showInformationMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };
      const original = window.showInformationMessage;
      window.showInformationMessage = (message: string, ...items: string[]) => {
        shown.push({ message, items });
        return Promise.resolve(undefined);
      };
      let results: Array<{ status: string; version: string; dir: string }>;
      try {
        results = (await vscode.commands.executeCommand('huntcard.updateData')) as typeof results;
      } finally {
        window.showInformationMessage = original;
      }
      assert.equal(results.length, 1);
      assert.equal(results[0]!.status, 'updated');
      assert.deepEqual(
        shown.find((s) => s.message.startsWith('ATT&CK data:')),
        { message: 'ATT&CK data: mobile-attack v18.1.', items: ['Review ATT&CK Update'] },
      );
      assert.ok(existsSync(path.join(api.cacheDir, 'mobile-attack', 'index.json')));
      const info = (await vscode.commands.executeCommand('huntcard.showDataInfo')) as { datasets: Array<{ domain: string; source: string }> };
      assert.deepEqual(
        info.datasets.map((d) => [d.domain, d.source]),
        [
          ['mobile-attack', `http://127.0.0.1:${port}/mobile-attack-18.1.json`],
          ['enterprise-attack', 'embedded'],
        ],
      );

      // A broken download fails with a message and changes nothing.
      const index = readFileSync(path.join(api.cacheDir, 'mobile-attack', 'index.json'));
      await config.update('downloadUrl', `http://127.0.0.1:${port}/broken/{domain}-18.1.json`, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand('huntcard.updateData'), undefined, 'the failed update reports an error instead of results');
      assert.deepEqual(readFileSync(path.join(api.cacheDir, 'mobile-attack', 'index.json')), index, 'the cached data is untouched');
      const still = (await vscode.commands.executeCommand('huntcard.showDataInfo')) as { datasets: Array<{ source: string }> };
      assert.equal(still.datasets[0]!.source, `http://127.0.0.1:${port}/mobile-attack-18.1.json`);
    } finally {
      await config.update('domains', undefined, vscode.ConfigurationTarget.Global);
      await config.update('downloadUrl', undefined, vscode.ConfigurationTarget.Global);
      server.close();
    }
  });
});
