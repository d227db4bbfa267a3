import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIndex } from '../../server/src/engine/attack/stix/build-index.js';
import { Dataset } from '../../server/src/engine/attack/query/dataset.js';
import { indexFileSchema } from '../../server/src/engine/attack/store/index-file.js';
import { datasetFromBundleFile } from '../../server/src/engine/attack/stix/bundle-reader.js';
import { loadIndexDir, writeIndexDir } from '../../server/src/engine/attack/store/index-store.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { icsBundle } from '../fixtures/ics-bundle.js';
import { bundle } from '../helpers/datasets.js';
import { BUNDLES, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('dataset: reading real ATT&CK bundles', () => {
  it('records domain, version and spec of each bundle', () => {
    assert.deepEqual(
      (['enterprise18', 'enterprise11', 'mobile18'] as const).map((n) => {
        const m = bundle(n).meta;
        return [m.domain, m.version, m.specVersion];
      }),
      [
        ['enterprise-attack', '18.1', '2.0'],
        ['enterprise-attack', '11.2', '2.0'],
        ['mobile-attack', '18.1', '2.0'],
      ],
    );
  });

  it('indexes techniques with tactics, platforms, parent and references', () => {
    const t = bundle('enterprise18').technique('T1589.002')!;
    assert.equal(t.name, 'Email Addresses');
    assert.deepEqual(t.tactics, ['reconnaissance']);
    assert.deepEqual(t.platforms, ['PRE']);
    assert.equal(t.parentId, 'T1589');
    assert.equal(t.isSubtechnique, true);
    assert.equal(t.url, 'https://attack.mitre.org/techniques/T1589/002');
    assert.equal(t.references[0]!.sourceName, 'mitre-attack');
    assert.ok(t.references.some((r) => r.sourceName === 'CNET Leaks' && r.description?.startsWith('Ng, A.')));
  });

  it('maps revoked techniques to their replacement via revoked-by', () => {
    const t = bundle('enterprise18').technique('T1086')!;
    assert.equal(t.revoked, true);
    assert.equal(t.revokedBy, 'T1059.001');
  });

  it('indexes groups with aliases and the techniques they use', () => {
    const d = bundle('enterprise18');
    const lazarus = d.actor('G0032')!;
    assert.equal(lazarus.name, 'Lazarus Group');
    assert.ok(lazarus.aliases.includes('HIDDEN COBRA'));
    assert.deepEqual(
      d.actorsCalled('hidden cobra').aliased.map((a) => a.id),
      ['G0032'],
    );
    // A name apart from an alias; revoked and deprecated actors only when asked for.
    assert.deepEqual([d.actorsCalled('Thrip').named.map((a) => a.id), d.actorsCalled('Thrip').aliased.map((a) => a.id)], [['G0076'], ['G0030']]);
    assert.deepEqual(
      d.actorsCalled('Taidoor').named.map((a) => a.id),
      ['S0011'],
    );
    assert.ok(d.actorsCalled('Taidoor', false).named.some((a) => a.id === 'G0015' && a.deprecated));
    assert.ok(d.usedBy('G0032').some((u) => u.targetId === 'T1589.002'));
    assert.ok(d.actors('campaign').length >= 50);
    assert.ok(d.actors('software').some((s) => s.id === 'S0002' && s.name === 'Mimikatz'));
  });

  it('resolves citations case-insensitively across the whole bundle', () => {
    const d = bundle('enterprise11');
    assert.equal(d.citation('cnet leaks')?.url, 'https://www.cnet.com/news/massive-breach-leaks-773-million-emails-21-million-passwords/');
    // Only on a relationship, never on the technique: still resolvable.
    assert.match(d.citation('Unit 42 TA551 Jan 2021')?.description ?? '', /TA551/);
    assert.equal(d.citation('No Such Citation 1999'), undefined);
  });

  it('reads v18 detection strategies, analytics and data components', () => {
    const [strategy] = bundle('enterprise18').detectionStrategies('T1589.002');
    assert.equal(strategy!.id, 'DET0814');
    assert.equal(strategy!.analytics[0]!.id, 'AN1946');
    assert.equal(strategy!.analytics[0]!.logSources[0]!.componentName, 'Network Traffic Content');
    assert.ok(bundle('enterprise18').dataComponents().length > 100);
  });

  it('keeps v11 data sources as written on the technique', () => {
    assert.deepEqual(bundle('enterprise11').technique('T1589.002')!.dataSources, ['Network Traffic: Network Traffic Content']);
  });
});

describe('dataset: STIX 2.1 bundles (attack-stix-data)', () => {
  const dir = tempDir();
  it('takes the version from the x-mitre-collection object and accepts spec_version on objects', () => {
    const raw = JSON.parse(readFileSync(BUNDLES.mobile18, 'utf8')) as { spec_version?: string; objects: Array<Record<string, unknown>> };
    delete raw.spec_version;
    for (const o of raw.objects) o.spec_version = '2.1';
    raw.objects.unshift({
      type: 'x-mitre-collection',
      id: 'x-mitre-collection--dac0d2d7-8653-445c-9bff-82f934c1e858',
      spec_version: '2.1',
      name: 'Mobile ATT&CK',
      x_mitre_version: '18.1',
      created: '2018-01-17T12:56:55.080Z',
      modified: '2025-11-13T00:00:00.000Z',
      x_mitre_contents: [],
    });
    const file = path.join(dir, 'mobile-attack.json');
    writeFileSync(file, JSON.stringify(raw));
    const d = datasetFromBundleFile(file);
    assert.equal(d.meta.version, '18.1');
    assert.equal(d.meta.specVersion, '2.1');
    assert.equal(d.meta.domain, 'mobile-attack');
    assert.equal(d.currentTechniqueIds().length, 124);
  });
});

describe('dataset: ICS', () => {
  it('reads T08xx techniques, ICS tactics and older mitre-ics-attack IDs', () => {
    const built = buildIndex(icsBundle(), 'ics-test.json');
    const d = new Dataset(built.index, built.texts);
    assert.equal(d.meta.domain, 'ics-attack');
    assert.equal(d.meta.version, 'unknown');
    assert.deepEqual(d.currentTechniqueIds(), ['T0800', 'T0801', 'T0803']);
    assert.equal(d.technique('T0802')!.revokedBy, 'T0801');
    const card = scaffoldCard(d, 'T0803', { date: '2 March 2024' });
    assert.match(card, /### Tactics:\n\n {2}\* {3}Initial Access\n {2}\* {3}Impact\n/);
    assert.match(scaffoldCard(d, 'T0800', { date: '2 March 2024' }), /\| Sandworm Team \| \[Sandworm Team\]/);
  });
});

describe('dataset: built index on disk', () => {
  const dir = tempDir();
  it('round-trips through index.json + texts.bin and matches the index schema', async () => {
    const built = buildIndex(JSON.parse(readFileSync(BUNDLES.mobile18, 'utf8')), BUNDLES.mobile18);
    await writeIndexDir(dir, built);
    const onDisk = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object;
    const parsed = indexFileSchema.safeParse({ ...onDisk('index.json'), ...onDisk('relations.json') });
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    const loaded = loadIndexDir(dir);
    const fresh = new Dataset(built.index, built.texts);
    for (const id of fresh.currentTechniqueIds()) {
      assert.equal(scaffoldCard(loaded, id, { date: '1 May 2025' }), scaffoldCard(fresh, id, { date: '1 May 2025' }));
    }
  });

  it('the embedded snapshot holds Enterprise and Mobile 18.1 and a MITRE notice', () => {
    for (const [domain, count] of [
      ['enterprise-attack', 691],
      ['mobile-attack', 124],
    ] as const) {
      const d = loadIndexDir(path.join(REPO, 'data', 'attack', domain));
      assert.equal(d.meta.version, '18.1');
      assert.equal(d.currentTechniqueIds().length, count);
    }
    assert.match(readFileSync(path.join(REPO, 'data', 'attack', 'NOTICE.md'), 'utf8'), /© The MITRE Corporation/);
  });
});
