// Issue 16: hunted versus detected — Sigma rules in the repository as a second series of coverage.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSigmaRules } from '../../server/src/engine/sigma/sigma-rule.js';
import { filledCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const ENCODED_POWERSHELL = `title: Encoded PowerShell Command Line
id: 7c0a9b50-1e7c-4c6b-9d0e-3f3f2b1c9a11
status: test
level: high
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc'
  condition: selection
tags:
  - attack.execution
  - attack.t1059.001
  - attack.g0016
`;

// Two rules in one file (a Sigma "collection"), one of them tagged twice and in capitals.
const COLLECTION = `title: LSASS Access by Unusual Process
logsource: { category: process_access, product: windows }
detection: { selection: { TargetImage|endswith: '\\lsass.exe' }, condition: selection }
tags: [attack.credential-access, attack.t1003.001, ATTACK.T1003.001]
---
title: Scheduled Task Created From Temp
logsource: { category: process_creation, product: windows }
detection: { selection: { Image|endswith: '\\schtasks.exe', CommandLine|contains: '\\Temp\\' }, condition: selection }
tags: [attack.t1053.005, attack.t9999]
`;

describe('cli: Sigma rules as the detected series of coverage', function () {
  this.timeout(60000);
  const dir = tempDir();
  before(() => {
    mkdirSync(path.join(dir, 'cards'));
    mkdirSync(path.join(dir, 'detections', 'windows'), { recursive: true });
    mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    // T1059.001 is hunted (maturity 2) and detected; T1003 has a validated hunt and no rule; T1053.005 is detected only.
    writeFileSync(path.join(dir, 'cards', 'T1059.001.md'), filledCard('T1059.001'));
    writeFileSync(path.join(dir, 'cards', 'T1003.md'), filledCard('T1003').replace('**Validated:** NO', '**Validated:** YES'));
    writeFileSync(path.join(dir, 'detections', 'windows', 'encoded_powershell.yml'), ENCODED_POWERSHELL);
    writeFileSync(path.join(dir, 'detections', 'windows', 'collection.yaml'), COLLECTION);
    // YAML that is not a Sigma rule, broken YAML and an alias bomb are not rules, and not errors.
    writeFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), 'name: ci\non: [push]\njobs: { check: { runs-on: ubuntu-latest, steps: [] } }\n');
    writeFileSync(path.join(dir, 'detections', 'broken.yml'), 'title: [unclosed\ndetection: {\n');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ];
    writeFileSync(path.join(dir, 'detections', 'bomb.yml'), `title: bomb\ndetection: {condition: x}\n${bomb.join('\n')}\n`);
  });

  it('reads the rules of a file, tags to technique IDs, and nothing from YAML that is not Sigma', () => {
    assert.deepEqual(
      readSigmaRules(COLLECTION, 'c.yaml').map((r) => [r.title, r.techniques]),
      [
        ['LSASS Access by Unusual Process', ['T1003.001']],
        ['Scheduled Task Created From Temp', ['T1053.005', 'T9999']],
      ],
    );
    assert.deepEqual(readSigmaRules('name: ci\non: [push]\n', 'ci.yml'), []);
    assert.deepEqual(readSigmaRules('title: [unclosed\n', 'b.yml'), []);
    assert.deepEqual(readSigmaRules(readFileSync(path.join(dir, 'detections', 'bomb.yml'), 'utf8'), 'bomb.yml'), [], 'an alias bomb is refused, not expanded');
  });

  it('json: per technique, hunted (maturity) and detected (the rules); a validated hunt without a rule is the next detection to write', async () => {
    const r = await huntcard(['coverage', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /2 cards cover 2 techniques of Enterprise ATT&CK v18\.1 .*; Sigma rules tag 3 techniques/, 'T9999, which the data does not know, is not counted');
    const json = JSON.parse(r.stdout) as {
      cards: Array<{ technique: string; sigmaRules: number }>;
      techniques: Array<{ technique: string; maturity: number | null; sigmaRules: Array<{ title: string; level: string | null }> }>;
      nextDetections: string[];
    };
    assert.deepEqual(
      json.cards.map((c) => [c.technique, c.sigmaRules]),
      [
        ['T1003', 0],
        ['T1059.001', 1],
      ],
    );
    assert.deepEqual(
      json.techniques.map((t) => [t.technique, t.maturity, t.sigmaRules.map((s) => s.title)]),
      [
        ['T1003', 3, []],
        ['T1003.001', null, ['LSASS Access by Unusual Process']],
        ['T1053.005', null, ['Scheduled Task Created From Temp']],
        ['T1059.001', 2, ['Encoded PowerShell Command Line']],
      ],
    );
    assert.equal(json.techniques.find((t) => t.technique === 'T1059.001')!.sigmaRules[0]!.level, 'high');
    assert.deepEqual(json.nextDetections, ['T1003']);
  });

  it('text, csv, the layer and the heatmap say the same', async () => {
    const text = (await huntcard(['coverage', '.', '--format', 'text'], { cwd: dir })).stdout;
    assert.match(
      text,
      /\nSigma rules tag 3 techniques \(2 without a hunt card: T1003\.001, T1053\.005\)\.\nNot counted: tags naming T9999, not techniques of Enterprise ATT&CK v18\.1 \(newer than the data, or mistyped\)\.\nNext detections to write \(a validated hunt, no Sigma rule\): T1003\.\n/,
    );
    const csv = (await huntcard(['coverage', '.', '--format', 'csv'], { cwd: dir })).stdout.trim().split('\r\n');
    assert.match(csv[0]!, /,sigma_rules$/);
    assert.deepEqual(
      csv.slice(1).map((row) => [row.split(',')[0], row.split(',').at(-1)]),
      [
        ['T1003', '0'],
        ['T1059.001', '1'],
      ],
    );
    await huntcard(['coverage', '.', '-o', 'layer.json'], { cwd: dir });
    const layer = JSON.parse(readFileSync(path.join(dir, 'layer.json'), 'utf8')) as {
      techniques: Array<{ techniqueID: string; score?: number; comment?: string; metadata: Array<{ name: string; value: string }> }>;
    };
    const entry = (id: string) => layer.techniques.find((t) => t.techniqueID === id)!;
    assert.match(entry('T1059.001').comment!, /; detected by 1 Sigma rule$/);
    assert.deepEqual(
      entry('T1059.001').metadata.filter((m) => m.name === 'Sigma rule'),
      [{ name: 'Sigma rule', value: 'Encoded PowerShell Command Line (encoded_powershell.yml)' }],
    );
    assert.match(entry('T1003').comment!, /validated hunt, no detection yet: the next one to write/);
    assert.equal(entry('T1053.005').score, undefined, 'detected only: annotated, not scored');
    assert.equal(entry('T1053.005').comment, 'detected by 1 Sigma rule; no hunt card');
    const html = (await huntcard(['coverage', '.', '--format', 'html'], { cwd: dir })).stdout;
    assert.match(html, /title="T1059\.001 PowerShell — hypothesis and an analytic written \(1 card\) — detected by Encoded PowerShell Command Line"/);
    assert.match(html, /<span class="det next" title="validated hunt, no detection yet">!<\/span>/);
  });

  it('hostile YAML (deep nesting that once exhausted the parser, thousands of keys) is skipped quickly, and coverage still runs', async () => {
    const hostile = path.join(tempDir(), 'hostile');
    mkdirSync(hostile);
    writeFileSync(path.join(hostile, 'T1059.001.md'), filledCard('T1059.001'));
    const head = 'title: x\ndetection: {condition: x}\n';
    writeFileSync(path.join(hostile, 'a.yml'), `${head}${'['.repeat(1000)}`);
    writeFileSync(path.join(hostile, 'b.yml'), `${head}${'- '.repeat(12500)}x`);
    writeFileSync(path.join(hostile, 'c.yml'), `${head}${Array.from({ length: 40000 }, (_, i) => `k${i}: v`).join('\n')}`);
    const r = await huntcard(['coverage', hostile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { techniques: Array<{ sigmaRules: unknown[] }> }).techniques.flatMap((t) => t.sigmaRules),
      [],
    );
  });

  it('tags are read against the data: a revoked technique counts for its replacement, an unknown one not at all', async () => {
    const tagged = path.join(tempDir(), 'tagged');
    mkdirSync(tagged);
    writeFileSync(path.join(tagged, 'T1003.md'), filledCard('T1003'));
    writeFileSync(path.join(tagged, 'r.yml'), 'title: Old PowerShell tag\ndetection: {condition: x}\ntags: [attack.t9999, attack.t1086, attack.T1003]\n');
    writeFileSync(path.join(tagged, 'old.yml'), 'title: Retired rule\nstatus: deprecated\ndetection: {condition: x}\ntags: [attack.t1047]\n');
    const r = await huntcard(['coverage', tagged, '--format', 'json']);
    assert.match(r.stderr, /Sigma rules tag 2 techniques/, 'not the unknown T9999, not the deprecated rule');
    const text = (await huntcard(['coverage', tagged, '--format', 'text'])).stdout;
    assert.match(text, /\nNot counted: tags naming T9999, not techniques of Enterprise ATT&CK v18\.1 \(newer than the data, or mistyped\)\.\n/);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { techniques: Array<{ technique: string; sigmaRules: unknown[] }> }).techniques.map((t) => [t.technique, t.sigmaRules.length]),
      [
        ['T1003', 1],
        ['T1059.001', 1],
      ],
    );
  });

  it('a focus says how many rules detect each technique', async () => {
    const r = await huntcard(['coverage', '.', '--actor', 'APT29', '-o', 'apt29.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(readFileSync(path.join(dir, 'apt29.json'), 'utf8')) as { techniques: Array<{ technique: string; sigmaRules: Array<{ title: string }> }>; nextDetections: string[] };
    assert.deepEqual(json.nextDetections, ['T1003'], 'a validated hunt of the focus with no rule, in the report -o chose by its extension');
    assert.deepEqual(
      json.techniques.find((t) => t.technique === 'T1059.001')!.sigmaRules.map((s) => s.title),
      ['Encoded PowerShell Command Line'],
    );
  });
});
