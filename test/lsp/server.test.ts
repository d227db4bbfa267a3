import assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-protocol';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, TextEdit, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { filledCard, referenceCard } from '../helpers/cards.js';
import { startClient, type LspClient } from '../helpers/lsp-client.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const applyLspEdits = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('x', 'markdown', 1, text), edits);

describe('language server over stdio', function () {
  this.timeout(30000);
  const dir = tempDir();
  const uri = pathToFileURL(path.join(dir, 'T1589.002.md')).href;
  const filledUri = pathToFileURL(path.join(dir, 'T1059.001.md')).href;
  let client: LspClient;
  let diagnostics: Diagnostic[];
  const request = <R>(method: string, params: object) => client.connection.sendRequest(method, params) as Promise<R>;

  before(async () => {
    writeFileSync(path.join(dir, 'T1589.002.md'), referenceCard());
    writeFileSync(path.join(dir, 'T1059.001.md'), filledCard());
    mkdirSync(path.join(dir, 'notes'));
    writeFileSync(path.join(dir, 'notes', 'README.md'), '# Notes\n');
    client = await startClient({ workspace: dir });
    const published = client.diagnostics(uri);
    await client.open(uri, referenceCard());
    diagnostics = (await published).diagnostics;
    const filled = client.diagnostics(filledUri);
    await client.open(filledUri, filledCard());
    await filled;
  });
  after(() => client.close());

  it('publishes diagnostics for a card with rule codes, doc links and severities', () => {
    assert.equal(diagnostics.filter((d) => d.code === 'placeholder').length, 26);
    const dangling = diagnostics.filter((d) => d.code === 'dangling-analytic-ref');
    assert.deepEqual(
      dangling.map((d) => [d.range.start, d.severity]),
      [
        [{ line: 87, character: 39 }, 1],
        [{ line: 87, character: 42 }, 1],
      ],
    );
    assert.match(dangling[0]!.codeDescription!.href, /docs\/rules\/dangling-analytic-ref\.md$/);
    assert.ok(diagnostics.every((d) => d.source === 'huntcard'));
  });

  it('publishes nothing for Markdown that is not a card', async () => {
    const other = pathToFileURL(path.join(dir, 'notes', 'README.md')).href;
    const published = client.diagnostics(other);
    await client.open(other, '# Notes\n\nInformation Here (Citation: Nobody)\n');
    assert.deepEqual((await published).diagnostics, []);
    assert.equal(await request('textDocument/hover', { textDocument: { uri: other }, position: { line: 2, character: 3 } }), null);
  });

  it('debounces edits and publishes only for the newest version, with Deprecated tags for revoked IDs', async () => {
    const edited = client.diagnostics(filledUri, 4);
    const text = filledCard();
    for (const version of [2, 3]) {
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: filledUri, version },
        contentChanges: [{ text: text.replace('**Validated:** NO', `**Validated:** v${version}`) }],
      });
    }
    const stale = client.diagnostics(filledUri, 3);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: filledUri, version: 4 },
      contentChanges: [{ text: text.replace('# T1059.001 PowerShell', '# T1086 PowerShell') }],
    });
    const result = await edited;
    const revoked = result.diagnostics.find((d) => d.code === 'revoked-technique')!;
    assert.deepEqual(revoked.tags, [2]); // DiagnosticTag.Deprecated
    assert.match(revoked.message as string, /T1059\.001 PowerShell/);
    const late = await Promise.race([stale.then(() => 'published'), new Promise((r) => setTimeout(() => r('dropped'), 500))]);
    assert.equal(late, 'dropped', 'versions 2 and 3 were superseded');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: filledUri, version: 5 }, contentChanges: [{ text }] });
  });

  it('hovers a technique ID, a technique link, a group link, a citation and a tactic', async () => {
    const lines = referenceCard().split('\n');
    const find = (needle: string, shift = 1) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return [line, lines[line]!.indexOf(needle) + shift] as const;
    };
    const hover = async (line: number, character: number, u = uri) =>
      ((await request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: { line, character } }))?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(await hover(0, 4), /\*\*T1589\.002 Email Addresses\*\*[\s\S]*\*Tactics:\* Reconnaissance[\s\S]*\*Platforms:\* PRE/);
    assert.match(await hover(...find('[Social Media]')), /\*\*T1593\.001 Social Media\*\*/);
    assert.match(await hover(...find('[HAFNIUM]')), /\*\*HAFNIUM\*\* \(G0125, group\)[\s\S]*Uses \d+ techniques/);
    assert.match(await hover(...find('(Citation: HackersArise Email)', 12)), /\*\*HackersArise Email\*\*[\s\S]*Hackers Arise\. \(n\.d\.\)[\s\S]*hackers-arise\.com[\s\S]*From this card/);
    assert.match(await hover(...find('(Citation: Unit 42 TA551', 14)), /\*\*Unit 42 TA551 Jan 2021\*\*[\s\S]*From Enterprise ATT&CK v18\.1/);
    assert.match(await hover(...find('Reconnaissance', 3)), /\*\*Reconnaissance\*\* \(TA0043, tactic\)/);
  });

  it('hovers a revoked technique with its replacement, and software IDs', async () => {
    const text = filledCard().replace('- Encoded PowerShell launched by Office processes.', '- See T1086 and S0002.');
    const u = pathToFileURL(path.join(dir, 'hover.md')).href;
    const published = client.diagnostics(u);
    await client.open(u, text);
    await published;
    const line = text.split('\n').findIndex((l) => l.includes('See T1086'));
    const at = async (ch: number) => ((await request<Hover>('textDocument/hover', { textDocument: { uri: u }, position: { line, character: ch } })).contents as { value: string }).value;
    assert.match(await at(8), /Revoked → \*\*T1059\.001 PowerShell\*\*/);
    assert.match(await at(18), /\*\*Mimikatz\*\* \(S0002, software\)/);
  });

  it('completes technique IDs, sub-techniques and names, capped, with lazy documentation', async () => {
    const doc = 'file:///tmp/completion/T1059.001.md';
    const base = filledCard();
    const lines = base.split('\n');
    const line = lines.findIndex((l) => l.startsWith('- Encoded'));
    const complete = async (typed: string) => {
      lines[line] = `- ${typed}`;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'markdown', version: typed.length, text: lines.join('\n') } });
      const list = await request<CompletionList>('textDocument/completion', { textDocument: { uri: doc }, position: { line, character: typed.length + 2 } });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc } });
      return list;
    };
    const t15 = await complete('T15');
    assert.ok(t15.items.length > 0 && t15.items.length <= 50);
    assert.ok(t15.items.every((i) => i.label.startsWith('T15')));
    const sub = await complete('T1589.');
    assert.deepEqual(
      sub.items.map((i) => i.label),
      ['T1589.001 Credentials', 'T1589.002 Email Addresses', 'T1589.003 Employee Names'],
    );
    const email = await complete('email');
    const item = email.items.find((i) => i.label === 'T1589.002 Email Addresses')!;
    assert.equal((item.textEdit as TextEdit).newText, 'T1589.002');
    assert.equal(item.documentation, undefined);
    const resolved = await request<CompletionItem>('completionItem/resolve', item);
    assert.match((resolved.documentation as { value: string }).value, /Adversaries may gather email addresses/);
    const all = await complete('T1');
    assert.equal(all.isIncomplete, true);
    assert.equal(all.items.length, 50);
  });

  it('completes the title, missing sections, tactics, platforms and groups', async () => {
    const doc = 'file:///tmp/completion/sections.md';
    const text = filledCard()
      .replace(/## Detection Blindspots\n\n- [^\n]*\n\n/, '## Det\n\n')
      .replace('| APT29 | 1, 2', '| Lazar | 1, 2');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'markdown', version: 1, text } });
    const lines = text.split('\n');
    const at = (line: number, character: number) => request<CompletionList>('textDocument/completion', { textDocument: { uri: doc }, position: { line, character } });
    const heading = lines.indexOf('## Det');
    assert.deepEqual(
      (await at(heading, 6)).items.map((i) => i.label),
      ['## Detection Blindspots'],
    );
    const title = await at(0, 9);
    assert.ok(title.items.some((i) => (i.textEdit as TextEdit).newText === '# T1059.001 PowerShell'));
    const tactic = lines.findIndex((l) => l === '  *   Execution');
    assert.ok((await at(tactic, 7)).items.some((i) => i.label === 'Execution'));
    const platform = lines.findIndex((l) => l === '  * Windows');
    assert.ok((await at(platform, 4)).items.some((i) => i.label === 'Linux'));
    const row = lines.findIndex((l) => l.startsWith('| Lazar | 1, 2'));
    assert.ok((await at(row, 7)).items.some((i) => i.label === 'Lazarus Group'));
  });

  it('offers quick fixes: drop a dangling number, select a placeholder, disable for a line, fix all', async () => {
    const dangling = diagnostics.find((d) => d.code === 'dangling-analytic-ref')!;
    const actions = await request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: dangling.range, context: { diagnostics: [dangling] } });
    const drop = actions.find((a) => a.title === 'Remove 3 from this row')!;
    const edited = applyLspEdits(referenceCard(), drop.edit!.changes![uri]!);
    assert.match(edited, /\| Example APT\/Threat actor \| 1, 2 \| 2, 5\|/);
    assert.ok(actions.some((a) => a.title === 'Disable dangling-analytic-ref for this line'));

    const placeholder = diagnostics.find((d) => d.code === 'placeholder')!;
    const pActions = await request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: placeholder.range, context: { diagnostics: [placeholder] } });
    const select = pActions.find((a) => a.title === 'Select the placeholder to type over it')!;
    assert.equal(select.command?.command, 'huntcard.selectRange');
    assert.deepEqual(select.command?.arguments, [uri, placeholder.range]);

    const fixAll = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(fixAll.length, 1);
    const fixed = applyLspEdits(referenceCard(), fixAll[0]!.edit!.changes![uri]!);
    assert.match(fixed, /\| Example APT\/Threat actor \| 1, 2 \| 2\|/);
  });

  it('refreshes the ATT&CK zone as a source action and a command, never touching the author zone', async () => {
    const actions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.refreshAttackZone'] },
    });
    const refreshed = applyLspEdits(referenceCard(), actions[0]!.edit!.changes![uri]!);
    const authorZone = (t: string) => t.slice(t.indexOf('*Last pulled from Mitre on:')).replace(/^[^\n]*\n/, '');
    assert.equal(authorZone(refreshed), authorZone(referenceCard()));
    assert.match(refreshed, /\| Moonstone Sleet \|/);
    const result = await request<{ changed: boolean }>('workspace/executeCommand', { command: 'huntcard.refreshAttackZone', arguments: [{ uri }] });
    assert.equal(result.changed, true);
    assert.equal(client.applied.length, 1);
  });

  it('gives an outline, folding ranges, document links and citation definitions', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0]!.name, 'T1589.002 Email Addresses');
    assert.equal(symbols[0]!.children!.length, 14);
    assert.deepEqual(
      symbols[0]!.children!.find((s) => s.name === 'Network Analytics')!.children!.map((c) => c.name),
      ['Analytic 1', 'Analytic 2'],
    );
    const folds = await request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(
      folds.some((f) => f.startLine === 69 && f.endLine >= 76),
      'Metadata folds',
    );
    const links = await request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.ok(links.some((l) => l.target === 'https://attack.mitre.org/techniques/T1589/002'));
    const lines = referenceCard().split('\n');
    const line = lines.findIndex((l) => l.includes('(Citation: HackersArise Email)'));
    const definition = await request<Location>('textDocument/definition', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('(Citation: HackersArise Email)') + 5 } });
    assert.equal(definition.range.start.line, 55);
  });

  it('finds cards across the workspace by technique ID and name', async () => {
    const all = await request<WorkspaceSymbol[]>('workspace/symbol', { query: '' });
    assert.deepEqual(all.map((s) => s.name).sort(), ['T1059.001 PowerShell', 'T1589.002 Email Addresses']);
    const email = await request<WorkspaceSymbol[]>('workspace/symbol', { query: 'email' });
    assert.deepEqual(
      email.map((s) => s.name),
      ['T1589.002 Email Addresses'],
    );
  });

  it('reports the workspace coverage and its Navigator layer (huntcard.coverage, huntcard.navigatorLayer)', async () => {
    const coverage = await request<{ dataset: string; cards: number; matrix: Array<{ tactic: { name: string }; techniques: Array<{ id: string; maturity?: number; cards: unknown[] }> }> }>(
      'workspace/executeCommand',
      { command: 'huntcard.coverage', arguments: [{}] },
    );
    assert.equal(coverage.dataset, 'Enterprise ATT&CK v18.1');
    assert.equal(coverage.cards, 3, 'the two cards on disk and hover.md, a card open but never saved: unsaved buffers count');
    assert.equal(coverage.matrix[0]!.tactic.name, 'Reconnaissance', 'tactics in matrix order');
    const covered = coverage.matrix.flatMap((c) => c.techniques.filter((t) => t.maturity).map((t) => `${c.tactic.name}/${t.id}`));
    assert.deepEqual(covered.sort(), ['Execution/T1059.001', 'Reconnaissance/T1589.002']);
    const layer = await request<{ versions: { layer: string }; techniques: Array<{ techniqueID: string }> }>('workspace/executeCommand', { command: 'huntcard.navigatorLayer', arguments: [{}] });
    assert.equal(layer.versions.layer, '4.5');
    assert.ok(layer.techniques.some((t) => t.techniqueID === 'T1589.002'));
  });

  it('executes scaffold and dataset-info commands, and answers unknown ones with an LSP error', async () => {
    const card = await request<{ text: string; placeholder: Range }>('workspace/executeCommand', { command: 'huntcard.scaffold', arguments: [{ id: 't1059.001', author: 'Ana', date: '1 May 2026' }] });
    assert.ok(card.text.startsWith('# T1059.001 PowerShell\n'));
    const lines = card.text.split('\n');
    const firstPlaceholderLine = lines.findIndex((l, i) => i > lines.indexOf('## Overall Hypothesis') && l.trim() !== '');
    assert.equal(card.placeholder.start.line, firstPlaceholderLine, 'the cursor goes to the first placeholder, under Overall Hypothesis');
    const picks = await request<{ domain: string; techniques: Array<{ id: string; fullName: string; tactics: string[]; summary: string }> }>('workspace/executeCommand', {
      command: 'huntcard.techniques',
      arguments: [{ domain: 'mobile' }],
    });
    assert.equal(picks.domain, 'mobile-attack');
    assert.equal(picks.techniques.length, 124, 'current techniques only: not the 53 revoked nor the 13 deprecated');
    const enterprise = await request<typeof picks>('workspace/executeCommand', { command: 'huntcard.techniques', arguments: [{}] });
    const email = enterprise.techniques.find((t) => t.id === 'T1589.002')!;
    assert.equal(email.fullName, 'Gather Victim Identity Information: Email Addresses');
    assert.deepEqual(email.tactics, ['Reconnaissance']);
    assert.match(email.summary, /^Adversaries may gather email addresses .*\.$/);
    assert.ok(!enterprise.techniques.some((t) => t.id === 'T1086'), 'revoked techniques are not offered');
    const info = await request<{ datasets: Array<{ label: string; source: string }> }>('workspace/executeCommand', { command: 'huntcard.datasetInfo', arguments: [] });
    assert.deepEqual(
      info.datasets.map((d) => [d.label, d.source]),
      [
        ['Enterprise ATT&CK v18.1', 'embedded'],
        ['Mobile ATT&CK v18.1', 'embedded'],
      ],
    );
    await assert.rejects(request('workspace/executeCommand', { command: 'huntcard.nope', arguments: [] }), /Unknown command/);
    await assert.rejects(request('workspace/executeCommand', { command: 'huntcard.scaffold', arguments: [{ id: 'T1086' }] }), /revoked/);
    await assert.rejects(request('huntcard/noSuchMethod', {}), /Unhandled method|not found/i);
  });

  it('re-runs diagnostics with a different dataset when settings change', async () => {
    client.settings = { dataset: BUNDLES.enterprise11 };
    const republished = client.diagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const after = (await republished).diagnostics;
    assert.equal(after.filter((d) => d.code === 'stale-attack-zone').length, 0);
    assert.equal(after.length, 28, 'placeholders and the two dangling references');
    client.settings = {};
  });
});

describe('language server: duplicate cards in the workspace', function () {
  this.timeout(30000);
  it('warns on a card whose technique has another card on disk, links to it, and drops the warning once the other is gone', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'team-b'));
    writeFileSync(path.join(dir, 'T1059.001.md'), filledCard());
    writeFileSync(path.join(dir, 'team-b', 'powershell.md'), filledCard());
    writeFileSync(path.join(dir, 'T1003.md'), filledCard('T1003'));
    const client = await startClient({ workspace: dir });
    try {
      const uri = pathToFileURL(path.join(dir, 'T1059.001.md')).href;
      const other = pathToFileURL(path.join(dir, 'team-b', 'powershell.md')).href;
      // The first run does not wait for the workspace scan; the scan's result republishes.
      let published = await (async () => {
        const first = client.diagnostics(uri);
        await client.open(uri, filledCard());
        return first;
      })();
      for (let i = 0; i < 5 && !published.diagnostics.some((d) => d.code === 'duplicate-card'); i++) published = await client.diagnostics(uri);
      const duplicate = published.diagnostics.find((d) => d.code === 'duplicate-card');
      assert.ok(duplicate, JSON.stringify(published.diagnostics));
      assert.match(String(duplicate.message), /T1059\.001 also has another card in the collection; merge them/);
      assert.equal(duplicate.range.start.line, 0);
      assert.deepEqual(
        duplicate.relatedInformation?.map((r) => r.location.uri),
        [other],
      );
      assert.match(String(duplicate.codeDescription?.href), /duplicate-card\.md$/);

      const t1003 = pathToFileURL(path.join(dir, 'T1003.md')).href;
      const single = client.diagnostics(t1003);
      await client.open(t1003, filledCard('T1003'));
      assert.deepEqual(
        (await single).diagnostics.filter((d) => d.code === 'duplicate-card'),
        [],
        'one card, no warning',
      );

      rmSync(path.join(dir, 'team-b', 'powershell.md'));
      const after = client.diagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: other, type: 3 }] });
      let cleared = await after;
      for (let i = 0; i < 5 && cleared.diagnostics.some((d) => d.code === 'duplicate-card'); i++) cleared = await client.diagnostics(uri);
      assert.ok(!cleared.diagnostics.some((d) => d.code === 'duplicate-card'));
    } finally {
      await client.close();
    }
  });
});

describe('language server: pull diagnostics and robustness', function () {
  this.timeout(30000);
  it('answers textDocument/diagnostic when the client pulls, and pushes nothing', async () => {
    const client = await startClient({ capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } } });
    try {
      const uri = 'file:///tmp/pull/T1589.002.md';
      let pushed = false;
      void client.diagnostics(uri).then(() => (pushed = true));
      await client.open(uri, referenceCard());
      const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
      assert.equal(report.kind, 'full');
      assert.equal(report.items.filter((d) => d.code === 'placeholder').length, 26);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(pushed, false);
    } finally {
      await client.close();
    }
  });

  it('a changed .huntcard.json re-checks cards that are not open, not only open ones (workspace diagnostics)', async () => {
    // Found in review: a config change reached open cards, while closed ones kept their old severities.
    const workspace = tempDir();
    writeFileSync(path.join(workspace, 'T1589.002.md'), referenceCard());
    const closed = pathToFileURL(path.join(workspace, 'T1589.002.md')).href;
    const client = await startClient({ workspace });
    try {
      const codes = (d: { diagnostics: Diagnostic[] }) => new Set(d.diagnostics.map((x) => x.code));
      const first = await client.diagnostics(closed);
      assert.ok(codes(first).has('placeholder'), 'the closed card is checked in the background');
      const config = path.join(workspace, '.huntcard.json');
      writeFileSync(config, JSON.stringify({ rules: { placeholder: 'off' } }));
      const again = client.diagnostics(closed);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 1 }] });
      const after = await again;
      assert.equal(codes(after).has('placeholder'), false, [...codes(after)].join());
      assert.ok(after.diagnostics.length > 0, 'the rest is still reported');
    } finally {
      await client.close();
    }
  });

  it("a folder of cards renamed on disk, told as the folder's own events: the old paths' problems go, the new paths' come", async () => {
    // Found when a Sigma rule written into a new folder never reached the view: a glob watcher
    // sees no folder, and a rename (a checkout, git mv) reports the folder alone.
    const workspace = tempDir();
    mkdirSync(path.join(workspace, 'team'));
    writeFileSync(path.join(workspace, 'team', 'T1589.002.md'), referenceCard());
    const before = pathToFileURL(path.join(workspace, 'team', 'T1589.002.md')).href;
    const after = pathToFileURL(path.join(workspace, 'squad', 'T1589.002.md')).href;
    const client = await startClient({ workspace });
    try {
      assert.ok((await client.diagnostics(before)).diagnostics.length > 0, 'the closed card is checked in the background');
      renameSync(path.join(workspace, 'team'), path.join(workspace, 'squad'));
      const cleared = client.diagnostics(before);
      const moved = client.diagnostics(after);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToFileURL(path.join(workspace, 'team')).href, type: 3 },
          { uri: pathToFileURL(path.join(workspace, 'squad')).href, type: 1 },
        ],
      });
      assert.deepEqual((await cleared).diagnostics, [], 'the old path has no problems left');
      assert.ok(
        (await moved).diagnostics.some((d) => d.code === 'placeholder'),
        'the card is checked where it is now',
      );
    } finally {
      await client.close();
    }
  });

  it("a folder of cards removed, told by the folder's event alone: its cards' problems go", async () => {
    const workspace = tempDir();
    mkdirSync(path.join(workspace, 'old'));
    writeFileSync(path.join(workspace, 'old', 'T1589.002.md'), referenceCard());
    const card = pathToFileURL(path.join(workspace, 'old', 'T1589.002.md')).href;
    const client = await startClient({ workspace });
    try {
      assert.ok((await client.diagnostics(card)).diagnostics.length > 0);
      rmSync(path.join(workspace, 'old'), { recursive: true });
      const cleared = client.diagnostics(card);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(workspace, 'old')).href, type: 3 }] });
      assert.deepEqual((await cleared).diagnostics, []);
    } finally {
      await client.close();
    }
  });

  it('folders swapped on disk (a checkout): the settings of the folder now at a path apply, not those cached for it', async () => {
    // Found in review: the nearest .huntcard.json was cached by folder, and a folder's events never cleared it.
    const workspace = tempDir();
    for (const d of ['team', 'incoming']) {
      mkdirSync(path.join(workspace, d));
      writeFileSync(path.join(workspace, d, 'T1589.002.md'), referenceCard());
    }
    writeFileSync(path.join(workspace, 'team', '.huntcard.json'), JSON.stringify({ rules: { placeholder: 'off' } }));
    const card = pathToFileURL(path.join(workspace, 'team', 'T1589.002.md')).href;
    const placeholders = (d: { diagnostics: Diagnostic[] }) => d.diagnostics.filter((x) => x.code === 'placeholder').length;
    const client = await startClient({ workspace });
    try {
      let first = await client.diagnostics(card);
      for (let i = 0; i < 5 && first.diagnostics.length === 0; i++) first = await client.diagnostics(card);
      assert.equal(placeholders(first), 0, 'team/.huntcard.json turns placeholder off');
      renameSync(path.join(workspace, 'team'), path.join(workspace, 'team-old'));
      renameSync(path.join(workspace, 'incoming'), path.join(workspace, 'team'));
      const after = client.diagnostics(card);
      const uri = (d: string) => pathToFileURL(path.join(workspace, d)).href;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: uri('team'), type: 3 },
          { uri: uri('team-old'), type: 1 },
          { uri: uri('incoming'), type: 3 },
          { uri: uri('team'), type: 1 },
        ],
      });
      let now = await after;
      for (let i = 0; i < 5 && placeholders(now) === 0; i++) now = await client.diagnostics(card);
      assert.equal(placeholders(now), 26, 'the card now at team/ has no settings turning placeholder off');
    } finally {
      await client.close();
    }
  });

  it('asks a pulling client to refresh its diagnostics only when it said it can (workspace.diagnostics.refreshSupport)', async () => {
    for (const refreshSupport of [false, true]) {
      const client = await startClient({ capabilities: { workspace: { configuration: true, diagnostics: { refreshSupport } }, textDocument: { diagnostic: {} } } });
      try {
        let refreshes = 0;
        client.connection.onRequest('workspace/diagnostic/refresh', () => {
          refreshes++;
          return null;
        });
        const uri = 'file:///tmp/pull-refresh/T1589.002.md';
        await client.open(uri, referenceCard());
        await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await new Promise((r) => setTimeout(r, 500));
        if (refreshSupport) assert.ok(refreshes > 0, 'a client that can refresh is asked to');
        else assert.equal(refreshes, 0, 'a client that cannot is not sent a request it would have to refuse');
      } finally {
        await client.close();
      }
    }
  });

  it('loads no data until a card needs it, then tells the client which (huntcard/datasetLoaded)', async () => {
    const client = await startClient();
    try {
      const loaded: Array<{ datasets: Array<{ label: string }> }> = [];
      client.connection.onNotification('huntcard/datasetLoaded', (info: { datasets: Array<{ label: string }> }) => {
        loaded.push(info);
      });
      const notes = 'file:///tmp/lazy/notes.md';
      await client.open(notes, '# Notes\n\nNothing here.\n');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(loaded.length, 0, 'plain Markdown loads no ATT&CK data');
      const uri = 'file:///tmp/lazy/T1589.002.md';
      const published = client.diagnostics(uri);
      await client.open(uri, referenceCard());
      await published;
      assert.deepEqual(
        loaded.map((l) => l.datasets.map((d) => d.label)),
        [['Enterprise ATT&CK v18.1', 'Mobile ATT&CK v18.1']],
      );
    } finally {
      await client.close();
    }
  });

  it('survives hostile documents and keeps answering', async () => {
    const client = await startClient();
    try {
      const uri = 'file:///tmp/hostile/T1059.md';
      const nasty = [
        '# T1059 X\n\n## Metadata\n\n## Technique Description\n\n',
        '|'.repeat(5000),
        '\u0000\u0001\uFFFF\uD800',
        '(Citation: ('.repeat(2000),
        '\n#### Analytic 99999999999999999999\n',
        '> '.repeat(500) + 'x',
      ].join('');
      const published = client.diagnostics(uri);
      await client.open(uri, nasty);
      await published;
      for (const method of ['textDocument/hover', 'textDocument/completion']) {
        await client.connection.sendRequest(method, { textDocument: { uri }, position: { line: 2, character: 3 } });
      }
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } })) as Hover;
      assert.match((hover.contents as { value: string }).value, /T1059 Command and Scripting Interpreter/);
      assert.equal(client.process.exitCode, null);
    } finally {
      await client.close();
    }
  });

  it('refuses to start without a transport flag', async () => {
    const { spawnSync } = await import('node:child_process');
    const { SERVER } = await import('../helpers/lsp-client.js');
    const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /pass --stdio/);
  });
});
