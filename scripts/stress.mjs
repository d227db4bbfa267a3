#!/usr/bin/env node
// npm run stress: the long runs of the reliability properties (npm test runs a slice).
// Prints cases run, crashes and data lost; exits 1 unless both are 0.
//   --cases N      fuzzed cards through the engine and every provider (default 100,000)
//   --refresh N    random author zones through refresh (default 10,000)
//   --boundary N   hidden pull-date lines and lookalikes through refresh (default 10,000)
//   --bytes N      author zones of raw bytes (not UTF-8, BOM, UTF-16) refreshed on disk (default 2,000)
//   --fix N        fuzzed cards with stray bytes, BOM or CRLF fixed on disk by check --fix (default 2,000)
//   --migrate N    raw-byte author zones with a revoked ID's mentions migrated on disk, 11.2 → 18.1 (default 2,000)
//   --edits N      random edits streamed to the language server over stdio (default 5,000)
//   --seed S       reproduce a run
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { loadCatalog } from '../out/server/src/engine/attack/choose/load-catalog.js';
import { Catalog } from '../out/server/src/engine/attack/query/catalog.js';
import { datasetFromBundleFile } from '../out/server/src/engine/attack/stix/bundle-reader.js';
import { filledCard, referenceCard, retitledCard, revokedCard } from '../out/test/helpers/cards.js';
import { BUNDLES } from '../out/test/helpers/paths.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  attackZones,
  authorBytesArbitrary,
  authorZoneArbitrary,
  boundaryCaseArbitrary,
  cardArbitrary,
  checkBoundaryCase,
  checkEverything,
  authorWithMentions,
  checkFixFileKeepsBytes,
  checkMigrateFileKeepsBytes,
  checkRefreshFileKeepsBytes,
  checkRefreshKeepsAuthorZone,
  newTally,
  strayBytesArbitrary,
} from '../out/test/reliability/properties.js';
import { randomEditStream } from '../out/test/reliability/lsp-edit-stream.js';
import { ReleaseReviewer } from '../out/server/src/engine/migrate/release-review.js';
import { DiskWorkspace } from '../out/server/src/engine/workspace/workspace.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    refresh: { type: 'string', default: '10000' },
    boundary: { type: 'string', default: '10000' },
    bytes: { type: 'string', default: '2000' },
    fix: { type: 'string', default: '2000' },
    migrate: { type: 'string', default: '2000' },
    edits: { type: 'string', default: '5000' },
    seed: { type: 'string' },
  },
});
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31;
const tally = newTally();
const failures = [];
const started = Date.now();
console.log(`stress: seed ${seed}`);

/** Runs cases one by one so a failure is counted and reported, and the run goes on. */
function run(name, arbitrary, numRuns, check, { losesData = false } = {}) {
  const t0 = Date.now();
  let caseNo = 0;
  // Batches of 500, each from its own seed: a card is ~30 KB, so 100,000 at once would not fit.
  for (let batch = 0; caseNo < numRuns; batch++) {
    const size = Math.min(500, numRuns - caseNo);
    for (const value of fc.sample(arbitrary, { numRuns: size, seed: seed + name.length * 100003 + batch })) {
      tally.cases++;
      caseNo++;
      try {
        check(value);
      } catch (error) {
        if (losesData) tally.dataLost++;
        else tally.crashes++;
        if (failures.length < 5)
          failures.push(
            `${name} #${caseNo} (batch seed ${seed + name.length * 100003 + batch}): ${error instanceof Error ? error.message.split('\n')[0] : error}\n  input: ${JSON.stringify(value).slice(0, 400)}`,
          );
      }
      if (caseNo % 10000 === 0) console.log(`  ${name}: ${caseNo} cases…`);
    }
  }
  console.log(`  ${name}: ${numRuns} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const catalog = await loadCatalog({ cacheDir: '/nonexistent-huntcard-cache' });
const seeds = [referenceCard(), filledCard(), filledCard('T1589.002'), filledCard('T1003').replace(/\n/g, '\r\n')];
run('cards through engine and providers', fc.tuple(cardArbitrary(seeds), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })), Number(values.cases), ([text, probes]) =>
  checkEverything(text, catalog, probes),
);

const old = new Catalog([datasetFromBundleFile(BUNDLES.enterprise11)]);
const zones = attackZones(catalog, ['T1589.002', 'T1059.001', 'T1003', 'T1566.001', 'T1078', 'T1110.003'], old);
run('refresh keeps the author zone', fc.tuple(fc.constantFrom(...zones), authorZoneArbitrary), Number(values.refresh), ([zone, author]) => checkRefreshKeepsAuthorZone(zone, author, catalog), {
  losesData: true,
});

const outcomes = { refreshed: 0, refused: 0 };
run('hidden pull-date lines and lookalikes', fc.tuple(fc.constantFrom(...zones), boundaryCaseArbitrary), Number(values.boundary), ([zone, c]) => void outcomes[checkBoundaryCase(zone, c, catalog)]++, {
  losesData: true,
});
console.log(`    (${outcomes.refreshed} refreshed, ${outcomes.refused} refused as ambiguous)`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'huntcard-stress-'));
const t2 = Date.now();
const byteCases = fc.sample(fc.tuple(fc.constantFrom(...zones), authorBytesArbitrary, fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom')), { numRuns: Number(values.bytes), seed });
for (const [i, [zone, author, variant]] of byteCases.entries()) {
  tally.cases++;
  try {
    await checkRefreshFileKeepsBytes(zone, author, variant, catalog, dir);
  } catch (error) {
    tally.dataLost++;
    if (failures.length < 5) failures.push(`author bytes on disk #${i + 1} (${variant}, seed ${seed}): ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
}
console.log(`  author bytes on disk: ${byteCases.length} cases in ${((Date.now() - t2) / 1000).toFixed(0)} s`);

const t3 = Date.now();
const fixCases = fc.sample(fc.tuple(cardArbitrary([...seeds, revokedCard(), retitledCard(), ...seeds.map((x) => x.replace(/\r?\n/g, '\r\n'))]), strayBytesArbitrary, fc.boolean()), {
  numRuns: Number(values.fix),
  seed,
});
for (const [i, [text, stray, bom]] of fixCases.entries()) {
  tally.cases++;
  try {
    await checkFixFileKeepsBytes(text, stray, bom, catalog, dir);
  } catch (error) {
    tally.dataLost++;
    if (failures.length < 5) failures.push(`check --fix on disk #${i + 1} (seed ${seed}): ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
}
const t4 = Date.now();
const migrateZones = attackZones(old, ['T1574.002', 'T1589.002', 'T1059.001']);
const reviewer = new ReleaseReviewer(new DiskWorkspace(), { release: async () => catalog, previous: async () => old, date: '28 November 2026' });
const migrateCases = fc.sample(fc.tuple(fc.constantFrom(...migrateZones), authorWithMentions('T1574.002'), fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom')), {
  numRuns: Number(values.migrate),
  seed,
});
for (const [i, [zone, author, variant]] of migrateCases.entries()) {
  tally.cases++;
  try {
    await checkMigrateFileKeepsBytes(zone, author, variant, reviewer, dir);
  } catch (error) {
    tally.dataLost++;
    if (failures.length < 5) failures.push(`migrate on disk #${i + 1} (${variant}, seed ${seed}): ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
}
console.log(`  migrate on disk: ${migrateCases.length} cases in ${((Date.now() - t4) / 1000).toFixed(0)} s`);
rmSync(dir, { recursive: true, force: true });
console.log(`  check --fix on disk: ${fixCases.length} cases in ${((Date.now() - t3) / 1000).toFixed(0)} s`);

const edits = Number(values.edits);
const t1 = Date.now();
for (let done = 0, round = 0; done < edits; round++) {
  const batch = Math.min(1000, edits - done);
  try {
    const r = await randomEditStream(seeds[round % seeds.length], batch, seed + round);
    tally.cases += r.edits;
  } catch (error) {
    tally.cases += batch;
    tally.crashes++;
    failures.push(`language server edit stream, round ${round}: ${error instanceof Error ? error.message : error}`);
  }
  done += batch;
}
console.log(`  language server edit stream: ${edits} edits in ${((Date.now() - t1) / 1000).toFixed(0)} s`);

console.log(`\ncases run: ${tally.cases}\ncrashes:   ${tally.crashes}\ndata lost: ${tally.dataLost}\n(${((Date.now() - started) / 1000).toFixed(0)} s, seed ${seed})`);
for (const f of failures) console.log(`\n${f}`);
process.exit(tally.crashes === 0 && tally.dataLost === 0 ? 0 : 1);
