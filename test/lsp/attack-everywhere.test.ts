// Issue 16: ATT&CK knowledge in every file of a hunting repository — Sigma rules, notes — and the rest of the vocabulary in cards.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionList, Diagnostic, DocumentLink, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { filledCard } from '../helpers/cards.js';
import { type LspClient, startClient } from '../helpers/lsp-client.js';
import { tempDir } from '../helpers/tmp.js';

const SIGMA = `title: Encoded PowerShell
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    CommandLine|contains: ' -enc'
    ParentCommandLine|contains: 'T1086' # a value to match, not a reference; attack.t1086 in a comment neither
  condition: selection
tags:
  - attack.execution
  - attack.t1086
  - attack.t9999
  - attack.g0016
  - attack.g9999
  - attack.t1003.001
`;

const at = (text: string, needle: string, delta = 1) => {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
};

describe('lsp: ATT&CK in Sigma rules, notes and the rest of the vocabulary', function () {
  this.timeout(60000);
  const dir = tempDir();
  let client: LspClient;
  const open = (uri: string, text: string, languageId: string) => client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const hover = async (uri: string, text: string, needle: string, delta = 1) =>
    ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(text, needle, delta) })) as Hover | null)?.contents as MarkupContent | undefined;

  before(async () => {
    mkdirSync(path.join(dir, 'rules'), { recursive: true });
    mkdirSync(path.join(dir, 'notes'), { recursive: true });
    client = await startClient({ workspace: dir, settings: { attackAwareFiles: ['notes/*.md'] } });
  });
  after(() => client.close());

  it('a Sigma rule: revoked, unknown and unknown-group tags are flagged, and the revoked one has its replacement as a fix written as a tag', async () => {
    const uri = pathToFileURL(path.join(dir, 'rules', 'encoded.yml')).href;
    writeFileSync(new URL(uri), SIGMA);
    const published = client.diagnostics(uri);
    await open(uri, SIGMA, 'yaml');
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, SIGMA.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]),
      [
        ['revoked-technique', 't1086'],
        ['unknown-technique', 't9999'],
        ['unknown-group', 'g9999'],
      ],
    );
    assert.match(String(diagnostics[0]!.message), /^T1086 was revoked in Enterprise ATT&CK v18\.1; it is now T1059\.001 PowerShell\.$/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics: [diagnostics[0] as Diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false, a.edit?.changes?.[uri]?.[0]?.newText]),
      [['Replace with T1059.001 PowerShell', true, 't1059.001']],
      'the fix keeps the tag form, and no HTML comment directive is offered in YAML',
    );
  });

  it('a Sigma rule: completion of attack.t10 gives technique tags in lower case, attack.exe the tactic; hover on a group tag shows the group with its citations as links', async () => {
    const uri = pathToFileURL(path.join(dir, 'rules', 'typing.yml')).href;
    const text = `${SIGMA}  - attack.t100\n  - attack.exe\n`;
    await open(uri, text, 'yaml');
    const techniques = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: at(text, 'attack.t100\n', 'attack.t100'.length) })) as CompletionList;
    const edits = techniques.items.map((i) => (i.textEdit as { newText: string }).newText);
    assert.ok(edits.includes('t1003') && edits.includes('t1003.001'), edits.join());
    assert.ok(edits.every((e) => e.startsWith('t100')));
    const tactics = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: at(text, 'attack.exe\n', 'attack.exe'.length) })) as CompletionList;
    assert.deepEqual(
      tactics.items.map((i) => [i.label, (i.textEdit as { newText: string }).newText]),
      [['attack.execution', 'execution']],
    );
    const group = await hover(uri, text, 'g0016');
    assert.match(group!.value, /^\*\*APT29\*\* \(G0016, group\)/);
    assert.doesNotMatch(group!.value, /\(Citation:/, 'citations are shown as references, not raw markers');
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as DocumentLink[];
    assert.ok(links.some((l) => l.target === 'https://attack.mitre.org/groups/G0016'));
  });

  it('a notes page the settings name is checked too (with the closest IDs as fixes); one they do not name is left alone', async () => {
    const named = pathToFileURL(path.join(dir, 'notes', 'week-48.md')).href;
    const text = 'Hunted T1086 again, and T1059.01 on the jump hosts.\n\n```\nT9999 in a query is not a reference\n```\n';
    const published = client.diagnostics(named);
    await open(named, text, 'markdown');
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['revoked-technique', 'unknown-technique'],
    );
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: named },
      range: diagnostics[1]!.range,
      context: { diagnostics: [diagnostics[1] as Diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
    assert.ok(
      actions.some((a) => a.edit?.changes?.[named]?.[0]?.newText === 'T1059.001'),
      actions.map((a) => a.title).join(),
    );

    const other = pathToFileURL(path.join(dir, 'README.md')).href;
    const quiet = client.diagnostics(other);
    await open(other, text, 'markdown');
    assert.deepEqual((await quiet).diagnostics, []);
    assert.equal(await hover(other, text, 'T1086'), undefined);
  });

  it('a v18 card: hovers on an analytic (AN), a detection strategy (DET), a tactic ID, a campaign, a mitigation and a log source say what ATT&CK says of them', async () => {
    const uri = pathToFileURL(path.join(dir, 'T1059.001.md')).href;
    const text = filledCard('T1059.001').replace(
      '- Encoded PowerShell launched by Office processes.',
      '- Encoded PowerShell launched by Office processes (TA0002; seen in C0024; M1040 would stop it).',
    );
    await open(uri, text, 'markdown');
    const analytic = await hover(uri, text, 'AN1252]');
    assert.match(analytic!.value, /^\*\*AN1252 Analytic 1252\*\* \(analytic\)/);
    assert.match(analytic!.value, /\*Detection strategy:\* DET0455/);
    assert.match(analytic!.value, /\*Detects:\* T1059\.001 PowerShell/);
    const strategy = await hover(uri, text, 'DET0455]');
    assert.match(strategy!.value, /^\*\*DET0455 Abuse of PowerShell for Arbitrary Execution\*\* \(detection strategy\)/);
    assert.match(strategy!.value, /\*Analytics:\* AN1252/);
    assert.match((await hover(uri, text, 'TA0002'))!.value, /^\*\*Execution\*\* \(TA0002, tactic\)/);
    assert.match((await hover(uri, text, 'C0024'))!.value, /\(C0024, campaign\)/);
    const mitigation = (await hover(uri, text, 'M1040'))!.value;
    assert.match(mitigation, /^\*\*M1040 Behavior Prevention on Endpoint\*\* \(mitigation\)/);
    assert.match(mitigation, /\*Mitigates:\* T1003 OS Credential Dumping, T1003\.001 LSASS Memory, .*, … \(\d+ in all\)/, 'in ID order, the first dozen');
    const logSource = (await hover(uri, text, '**WinEventLog:Sysmon:** Process Creation', 4))!.value;
    assert.match(logSource, /^\*\*WinEventLog:Sysmon\*\* \(log source\) · \*\*Process Creation\*\* \(DC0032, data component\)/);
    assert.match(logSource, /\*Channel:\* EventCode=1/);
    assert.match(logSource, /\*Read by:\* AN1252 \(T1059\.001\)/);
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as DocumentLink[];
    assert.ok(links.some((l) => l.target === 'https://attack.mitre.org/tactics/TA0002'));
    assert.ok(links.some((l) => l.target === 'https://attack.mitre.org/campaigns/C0024'));
  });

  it('a card: the rest of the IDs complete by prefix once a digit is typed (DET, AN, TA, G)', async () => {
    const uri = pathToFileURL(path.join(dir, 'T1003.md')).href;
    const base = filledCard('T1003');
    const text = `${base}\nDET045\nTA000\nG001\n`;
    await open(uri, text, 'markdown');
    const complete = async (needle: string) =>
      ((await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: at(text, `\n${needle}\n`, needle.length + 1) })) as CompletionList).items.map((i) => i.label);
    assert.ok((await complete('DET045')).includes('DET0455 Abuse of PowerShell for Arbitrary Execution'));
    const tactics = await complete('TA000');
    assert.ok(tactics.includes('TA0002 Execution') && tactics.every((l) => l.startsWith('TA000')), tactics.join());
    assert.ok((await complete('G001')).includes('G0016 APT29'));
  });
});
