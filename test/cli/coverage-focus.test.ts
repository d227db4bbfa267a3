// Issue 16: what to hunt next — coverage focused on threat actors or a Navigator layer.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES } from '../helpers/paths.js';
import { techniquesUsedInBundle } from '../helpers/stix-uses.js';
import { tempDir } from '../helpers/tmp.js';

interface FocusJson {
  dataset: string;
  focus: { kind: string; label: string; actors?: Array<{ id: string; asked: string }>; notes: string[] };
  counts: { techniques: number; gaps: number; byMaturity: Record<string, number>; parents: number };
  techniques: Array<{
    rank: number;
    technique: string;
    usedBy?: string[];
    direct?: boolean;
    via: string[];
    status: string;
    maturity: number | null;
    score?: number | null;
    comment?: string | null;
    cards: Array<{ card: string }>;
  }>;
}

describe('cli: huntcard coverage --actor and --overlay (what to hunt next)', function () {
  this.timeout(120000);
  const dir = tempDir();
  const focus = async (args: string[]) => {
    const r = await huntcard(['coverage', 'cards', '--format', 'json', ...args], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as FocusJson;
  };
  before(async () => {
    mkdirSync(path.join(dir, 'cards'));
    assert.equal((await huntcard(['new', 'T1059.001', 'T1566.001', 'T1078', 'T1003', '--out-dir', 'cards', '--author', 'x'], { cwd: dir })).code, 0);
  });

  it('G0016, "Midnight Blizzard" and APT29 (any case) are one group and give the same selection', async () => {
    const [byId, byAlias, byName] = await Promise.all([focus(['--actor', 'G0016']), focus(['--actor', 'Midnight Blizzard']), focus(['--actor', 'apt29'])]);
    assert.equal(byId.focus.label, 'APT29 (G0016)');
    assert.deepEqual(byAlias.techniques, byId.techniques);
    assert.deepEqual(byName.techniques, byId.techniques);
    assert.deepEqual(
      byAlias.focus.actors?.map((a) => a.asked),
      ['Midnight Blizzard'],
    );
  });

  it("APT29's techniques are those its uses relationships in the bundle name, with each used sub-technique's parent rolled up and saying through which", async () => {
    const inBundle = techniquesUsedInBundle(BUNDLES.enterprise18, 'G0016');
    const report = await focus(['--actor', 'G0016']);
    const direct = report.techniques.filter((t) => t.direct).map((t) => t.technique);
    assert.deepEqual(new Set(direct), inBundle);
    assert.equal(inBundle.size, 66, 'APT29 uses 66 live techniques in Enterprise 18.1 (hand-counted from the bundle)');
    const parents = new Set([...inBundle].filter((id) => id.includes('.')).map((id) => id.split('.')[0]!));
    const rolledUp = report.techniques.filter((t) => !t.direct);
    assert.deepEqual(new Set(rolledUp.map((t) => t.technique)), new Set([...parents].filter((p) => !inBundle.has(p))));
    for (const t of report.techniques) {
      assert.deepEqual(t.via, [...inBundle].filter((id) => id.startsWith(`${t.technique}.`)).sort(), `${t.technique} names the sub-techniques it is counted through`);
    }
    // What APT29 uses is counted; a parent listed through its sub-techniques is not (nor a gap).
    assert.equal(report.counts.techniques, inBundle.size);
    assert.equal(report.counts.parents, rolledUp.length);
    const carded = ['T1003', 'T1059.001', 'T1078', 'T1566.001'].filter((id) => inBundle.has(id));
    assert.equal(report.counts.gaps, inBundle.size - carded.length);
    for (const t of report.techniques) assert.equal(t.status, t.maturity !== null ? `maturity ${t.maturity}` : t.direct ? 'gap' : 'parent', t.technique);
    // At the same number of actors, what APT29 uses ranks before the parents listed through it.
    const lastDirect = report.techniques.map((t) => t.direct).lastIndexOf(true);
    assert.ok(report.techniques.findIndex((t) => !t.direct) > lastDirect);
  });

  it('several actors: a technique more of them use ranks first, then tactic order; each says who uses it', async () => {
    const report = await focus(['--actor', 'APT29', '--actor', 'Sandworm Team', '--actor', 'S0154']);
    assert.deepEqual(
      report.focus.actors?.map((a) => a.id),
      ['G0016', 'G0034', 'S0154'],
    );
    const counts = report.techniques.map((t) => t.usedBy!.length);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    assert.equal(report.techniques[0]!.usedBy!.length, 3);
    assert.deepEqual(
      report.techniques.map((t) => t.rank),
      report.techniques.map((_, i) => i + 1),
    );
  });

  it('a name beats an alias, revoked and deprecated actors do not count, and a name two actors share is refused with both', async () => {
    const label = async (actor: string) => (await focus(['--actor', actor])).focus.label;
    assert.equal(await label('Thrip'), 'Thrip (G0076)', 'named Thrip, though also an alias of Lotus Blossom (G0030)');
    assert.equal(await label('ngrok'), 'ngrok (S0508)', 'not the revoked S9000');
    assert.equal(await label('Taidoor'), 'Taidoor (S0011)', 'not the deprecated group G0015');
    assert.equal(await label('Charming Kitten'), 'Magic Hound (G0059)');
    const shared = await huntcard(['coverage', 'cards', '--actor', 'UAC-0056'], { cwd: dir });
    assert.equal(shared.code, 2);
    assert.match(shared.stderr, /"UAC-0056" is an alias of 2 actors in Enterprise ATT&CK v18\.1: Saint Bear \(G1031, group\), Ember Bear \(G1003, group\)\.\nGive the ID of the one you mean/);
    const deprecated = await huntcard(['coverage', 'cards', '--actor', 'G0015'], { cwd: dir });
    assert.match(deprecated.stderr, /G0015 \(Taidoor\) is deprecated in Enterprise ATT&CK v18\.1\.\nDid you mean "Taidoor" \(S0011\)/);
  });

  it('an unknown actor is a clear error that names the closest ones, and --actor with --overlay is refused', async () => {
    const r = await huntcard(['coverage', 'cards', '--actor', 'APT-29'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /No group, campaign or software in Enterprise ATT&CK v18\.1 is named "APT-29"\.\nDid you mean "APT29" \(G0016\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const both = await huntcard(['coverage', 'cards', '--actor', 'APT29', '--overlay', 'x.json'], { cwd: dir });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /Give --actor or --overlay, not both/);
  });

  it('the text table (the default with a focus) heads with the counts and lists gaps with "no card"', async () => {
    const r = await huntcard(['coverage', 'cards', '--actor', 'Cozy Bear'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Focus: APT29 \(G0016\), against Enterprise ATT&CK v18\.1 \("Cozy Bear" is APT29 \(G0016\)\)\.\n66 techniques used: 3 with a card \(maturity 1: 3, 2: 0, 3: 0\), 63 without \(gaps\); 30 parent techniques listed through their sub-techniques\./,
    );
    assert.match(r.stdout, /\n\s+\d+ {2}T1059\.001 {2}PowerShell\s+APT29\s+Execution\s+0\s+1: cards\/T1059\.001\.md\n/);
    assert.match(r.stdout, /T1003 .*no card \(gap\)|T1047 .*no card \(gap\)/);
    assert.match(r.stdout, /Phishing \(via T1566\.001, T1566\.002/);
  });

  it('the layer colours gaps apart from the maturity colours, with a legend; csv and html carry the same selection', async () => {
    const json = await focus(['--actor', 'APT29']);
    const layerRun = await huntcard(['coverage', 'cards', '--actor', 'APT29', '--format', 'layer', '-o', 'gaps.json'], { cwd: dir });
    assert.equal(layerRun.code, 0, layerRun.stderr);
    const layer = JSON.parse(readFileSync(path.join(dir, 'gaps.json'), 'utf8')) as {
      domain: string;
      legendItems: Array<{ label: string; color: string }>;
      techniques: Array<{ techniqueID: string; color: string; comment: string; score: number }>;
    };
    assert.equal(layer.domain, 'enterprise-attack');
    const gapColor = layer.legendItems.find((l) => /^gap/.test(l.label))!.color;
    assert.deepEqual(new Set(layer.techniques.map((t) => t.techniqueID)), new Set(json.techniques.map((t) => t.technique)));
    const colors = new Map(layer.techniques.map((t) => [t.techniqueID, t.color]));
    for (const t of json.techniques) assert.equal(colors.get(t.technique) === gapColor, t.status === 'gap', t.technique);
    assert.match(layer.techniques.find((t) => t.techniqueID === 'T1566')!.comment, /^parent of used sub-techniques, no card; used by: APT29; via T1566\.001/);
    assert.match(layer.techniques.find((t) => t.techniqueID === 'T1566.002')!.comment, /^gap: no card; used by: APT29$/);
    const csv = (await huntcard(['coverage', 'cards', '--actor', 'APT29', '--format', 'csv'], { cwd: dir })).stdout.trim().split('\r\n');
    assert.equal(csv[0], 'rank,technique,name,tactics,used_by,direct,via,status,maturity,card,sigma_rules');
    assert.deepEqual(
      csv.slice(1).map((r) => r.split(',')[1]),
      json.techniques.map((t) => t.technique),
    );
    const html = (await huntcard(['coverage', 'cards', '--actor', 'APT29', '--format', 'html'], { cwd: dir })).stdout;
    assert.match(html, /Focus: APT29 \(G0016\), against Enterprise ATT&#38;CK v18\.1\.<br>/);
    // A technique of several tactics is a cell in each column.
    const gapCells = new Set([...html.matchAll(/class="t[^"]* gap"[^>]* title="(T[\d.]+) /g)].map((m) => m[1]));
    assert.deepEqual(gapCells, new Set(json.techniques.filter((t) => t.status === 'gap').map((t) => t.technique)));
  });

  it('--overlay: the layer this tool exports focuses on the techniques it covers', async () => {
    assert.equal((await huntcard(['coverage', 'cards', '-o', 'coverage-layer.json'], { cwd: dir })).code, 0);
    const report = await focus(['--overlay', 'coverage-layer.json']);
    assert.equal(report.focus.kind, 'layer');
    // The covered techniques, and T1566 (only a bare entry in the layer) through T1566.001.
    assert.deepEqual(
      report.techniques
        .filter((t) => t.direct)
        .map((t) => t.technique)
        .sort(),
      ['T1003', 'T1059.001', 'T1078', 'T1566.001'],
    );
    assert.deepEqual(
      report.techniques
        .filter((t) => !t.direct)
        .map((t) => t.technique)
        .sort(),
      ['T1059', 'T1566'],
    );
    assert.equal(report.counts.gaps, 0, 'the parents listed through covered sub-techniques are no gaps');
    assert.equal(report.counts.parents, 2);
  });

  it('--overlay: a hand-written layer (old format, revoked, disabled and unannotated entries) gives what it means, and says what it changed', async () => {
    writeFileSync(
      path.join(dir, 'red-team.json'),
      JSON.stringify({
        name: 'Red team plan Q3',
        domain: 'mitre-enterprise',
        version: '3.0',
        techniques: [
          { techniqueID: 'T1086', score: 3, comment: 'old PowerShell ID' },
          { techniqueID: 'T1003.001', color: '#ff0000' },
          { techniqueID: 'T1021.001', score: 5, comment: 'RDP lateral movement' },
          { techniqueID: 'T1047', score: 9, enabled: false },
          { techniqueID: 'T1105', showSubtechniques: true },
          { techniqueID: 'T9999', score: 1 },
          { techniqueID: 'T1098', score: 0, comment: 'scored 0 on purpose' },
          { techniqueID: 'T1098.001', score: 4 },
          { techniqueID: 'T1110', score: '2' },
          { techniqueID: 'T1016', score: '' },
        ],
      }),
    );
    const report = await focus(['--overlay', 'red-team.json']);
    assert.equal(report.focus.label, 'layer "Red team plan Q3"');
    // By score (a parent the layer does not score takes its best sub-technique's), what the layer annotates before the parents listed through it, then tactic order, then ID.
    assert.deepEqual(
      report.techniques.map((t) => [t.technique, t.score ?? null]),
      [
        ['T1021.001', 5],
        ['T1021', 5],
        ['T1098.001', 4],
        ['T1059.001', 3],
        ['T1059', 3],
        ['T1110', 2],
        ['T1098', 0],
        ['T1003.001', null],
        ['T1003', null],
      ],
    );
    assert.deepEqual(report.focus.notes, ['T1086 is revoked in Enterprise ATT&CK v18.1: counted as T1059.001.', 'T9999 is not a technique in Enterprise ATT&CK v18.1: left out.']);
  });

  it('--overlay: a layer of another domain, a file that is not JSON, not a layer or not there is a clear error', async () => {
    writeFileSync(path.join(dir, 'mobile.json'), JSON.stringify({ name: 'm', domain: 'mobile-attack', techniques: [] }));
    writeFileSync(path.join(dir, 'broken.json'), '{"name": "x", "techniques": [');
    writeFileSync(path.join(dir, 'not-layer.json'), JSON.stringify({ name: 'x', domain: 'enterprise-attack', techniques: 'T1003' }));
    const cases: Array<[string, RegExp]> = [
      ['mobile.json', /mobile\.json is a layer of Mobile ATT&CK, but the cards are read against Enterprise ATT&CK v18\.1\.\nPass --domain mobile/],
      ['broken.json', /broken\.json is not a Navigator layer: it is not JSON/],
      ['not-layer.json', /not-layer\.json is not a Navigator layer: "techniques" expected array/],
      ['absent.json', /No such file or folder: .*absent\.json/],
    ];
    for (const [file, message] of cases) {
      const r = await huntcard(['coverage', 'cards', '--overlay', file], { cwd: dir });
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('data actors lists groups, campaigns and software with their aliases and technique counts, filtered by a query', async () => {
    const r = await huntcard(['data', 'actors', 'cozy'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^2 actors of Enterprise ATT&CK v18\.1:\nID {5}Kind {6}Name {5}Techniques {2}Aliases\nG0016 {2}group {5}APT29 {12}66 {2}.*Cozy Bear.*\nS0046 {2}software {2}CozyCar {10}14 {2}CozyDuke, CozyBear/,
    );
    const json = JSON.parse((await huntcard(['data', 'actors', '--kind', 'campaign', '--json'], { cwd: dir })).stdout) as { actors: Array<{ kind: string }> };
    assert.ok(json.actors.length > 10 && json.actors.every((a) => a.kind === 'campaign'));
  });
});
