import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIndex } from '../../server/src/engine/attack/stix/build-index.js';
import { writeIndexDir } from '../../server/src/engine/attack/store/index-store.js';
import { loadCatalog } from '../../server/src/engine/attack/choose/load-catalog.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('which dataset is used', () => {
  const cache = tempDir();

  it('the embedded snapshot when the cache is empty', async () => {
    const catalog = await loadCatalog({ cacheDir: path.join(cache, 'empty') });
    assert.deepEqual(
      catalog.datasets.map((d) => [d.meta.domain, d.meta.source]),
      [
        ['enterprise-attack', 'embedded'],
        ['mobile-attack', 'embedded'],
      ],
    );
    assert.equal(catalog.technique('T1404')?.dataset.meta.domain, 'mobile-attack');
  });

  it('a good download in the cache before the embedded snapshot', async () => {
    const built = buildIndex(JSON.parse(readFileSync(BUNDLES.enterprise11, 'utf8')), 'https://example.test/enterprise-attack-11.2.json');
    await writeIndexDir(path.join(cache, 'enterprise-attack'), built);
    const catalog = await loadCatalog({ cacheDir: cache });
    assert.equal(catalog.forDomain('enterprise-attack')?.meta.version, '11.2');
    assert.equal(catalog.forDomain('mobile-attack')?.meta.source, 'embedded');
    assert.deepEqual(catalog.notes, []);
  });

  it('a corrupt cache entry is skipped with a note, falling back to the previous download or the snapshot', async () => {
    writeFileSync(path.join(cache, 'enterprise-attack', 'index.json'), '{"format": "huntcard-attack-index", "formatVer');
    let catalog = await loadCatalog({ cacheDir: cache });
    assert.equal(catalog.forDomain('enterprise-attack')?.meta.source, 'embedded');
    assert.match(catalog.notes[0] ?? '', /Skipped the cached enterprise-attack data .* corrupt/);

    const built = buildIndex(JSON.parse(readFileSync(BUNDLES.enterprise11, 'utf8')), 'enterprise-attack-11.2.json');
    await writeIndexDir(path.join(cache, 'enterprise-attack.previous'), built);
    catalog = await loadCatalog({ cacheDir: cache });
    assert.equal(catalog.forDomain('enterprise-attack')?.meta.version, '11.2');
  });

  it('--domain puts that domain first (the primary), keeps the others for cards of theirs, and says so when that domain has no data', async () => {
    const catalog = await loadCatalog({ cacheDir: path.join(cache, 'empty'), domain: 'mobile-attack' });
    assert.deepEqual(
      catalog.datasets.map((d) => d.meta.domain),
      ['mobile-attack', 'enterprise-attack'],
    );
    assert.equal(catalog.primary.meta.domain, 'mobile-attack');
    mkdirSync(path.join(cache, 'empty2'));
    await assert.rejects(loadCatalog({ cacheDir: path.join(cache, 'empty2'), domain: 'ics-attack' }), /No ATT&CK data for ics-attack/);
  });
});
