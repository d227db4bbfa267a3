import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Catalog } from '../../server/src/engine/attack/query/catalog.js';
import { loadCatalog } from '../../server/src/engine/attack/choose/load-catalog.js';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { recogniseCard } from '../../server/src/engine/card/recognise.js';
import { checkCard } from '../../server/src/engine/rules/check-card.js';
import { summarizeCard } from '../../server/src/engine/coverage/card-summary.js';
import { catalog11, filledCard, referenceCard, retitledCard, revokedCard } from '../helpers/cards.js';
import { tempDir } from '../helpers/tmp.js';
import { ReleaseReviewer } from '../../server/src/engine/migrate/release-review.js';
import { DiskWorkspace } from '../../server/src/engine/workspace/workspace.js';
import {
  attackZones,
  authorBytesArbitrary,
  authorZoneArbitrary,
  checkFixFileKeepsBytes,
  checkRefreshFileKeepsBytes,
  checkMigrateFileKeepsBytes,
  authorWithMentions,
  type FileVariant,
  boundaryCaseArbitrary,
  cardArbitrary,
  checkBoundaryCase,
  checkEverything,
  checkRefreshKeepsAuthorZone,
  preambleArbitrary,
  newTally,
  runProperty,
  strayBytesArbitrary,
} from './properties.js';

/** The quick slice of `npm run stress`: the same properties, fewer cases. */
describe('reliability: fuzzed cards through the engine and every provider', function () {
  this.timeout(120000);
  let catalog: Catalog;
  let seeds: string[];
  before(async () => {
    catalog = await loadCatalog({ cacheDir: '/nonexistent-huntcard-cache' });
    seeds = [referenceCard(), filledCard(), filledCard('T1589.002'), filledCard().replace(/\n/g, '\r\n')];
  });

  it('random and mutated cards: no exception, every range inside the document, every call bounded', () => {
    const tally = newTally();
    runProperty(tally, fc.tuple(cardArbitrary(seeds), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })), ([text, probes]) => checkEverything(text, catalog, probes), { numRuns: 150 });
    assert.equal(tally.cases, 150);
    assert.equal(tally.crashes, 0);
  });

  it('the light readers agree with the card model on fuzzed cards: the recogniser and the coverage scanner name the same card, or none', () => {
    const tally = newTally();
    runProperty(
      tally,
      cardArbitrary(seeds),
      (text) => {
        const card = parseCard(text, 'fuzz.md');
        const expected = card.isCard ? card.title!.id : undefined;
        assert.equal(recogniseCard(text)?.id, expected, 'recogniseCard');
        assert.equal(summarizeCard(text, 'fuzz.md')?.id, expected, 'summarizeCard (coverage)');
      },
      { numRuns: 300 },
    );
    assert.equal(tally.crashes, 0);
  });

  it('a leading byte order mark (as some editors hand text over) changes no finding, only moves each one a character on', () => {
    const tally = newTally();
    const findings = (text: string, shift: number) =>
      checkCard(parseCard(text, 'fuzz.md'), catalog).map((f) => `${f.rule} ${f.span.start === 0 ? 0 : f.span.start - shift}-${f.span.end === 0 ? 0 : f.span.end - shift} ${f.message}`);
    runProperty(
      tally,
      cardArbitrary(seeds.concat(filledCard('T1003'))),
      (text) => {
        if (text.startsWith('\uFEFF')) return;
        assert.deepEqual(findings(`\uFEFF${text}`, 1), findings(text, 0));
      },
      { numRuns: 150 },
    );
    assert.equal(tally.crashes, 0);
  });

  it('refresh keeps every author zone, and what is above the title, byte-identical (any Markdown, any line endings)', () => {
    const tally = newTally();
    const zones = attackZones(catalog, ['T1589.002', 'T1059.001', 'T1003', 'T1566.001'], catalog11());
    runProperty(tally, fc.tuple(fc.constantFrom(...zones), authorZoneArbitrary, preambleArbitrary), ([zone, author, preamble]) => checkRefreshKeepsAuthorZone(zone, author, catalog, preamble), {
      numRuns: 150,
      failureLosesData: true,
    });
    assert.equal(tally.dataLost, 0);
  });

  it('refresh never overwrites author text when the real pull-date line is hidden and lookalikes sit in the author zone', () => {
    const tally = newTally();
    const zones = attackZones(catalog, ['T1589.002', 'T1059.001', 'T1003'], catalog11());
    const outcomes = { refreshed: 0, refused: 0 };
    runProperty(
      tally,
      fc.tuple(fc.constantFrom(...zones), boundaryCaseArbitrary),
      ([zone, c]) => {
        outcomes[checkBoundaryCase(zone, c, catalog)]++;
      },
      { numRuns: 300, failureLosesData: true },
    );
    assert.equal(tally.dataLost, 0);
    // Both outcomes happen: the property is not vacuous.
    assert.ok(outcomes.refreshed > 50 && outcomes.refused > 20, JSON.stringify(outcomes));
  });

  it('refresh on disk keeps author bytes that are not UTF-8, a BOM, and UTF-16 cards as they are', async () => {
    const tally = newTally();
    const zones = attackZones(catalog, ['T1589.002', 'T1003'], catalog11());
    const dir = tempDir();
    const samples = fc.sample(fc.tuple(fc.constantFrom(...zones), authorBytesArbitrary, fc.constantFrom<FileVariant>('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom'), preambleArbitrary), {
      numRuns: 60,
      seed: 20261128,
    });
    for (const [zone, author, variant, preamble] of samples) {
      tally.cases++;
      try {
        await checkRefreshFileKeepsBytes(zone, author, variant, catalog, dir, preamble);
      } catch (error) {
        tally.dataLost++;
        throw error;
      }
    }
    assert.equal(tally.dataLost, 0);
  });

  it('migrate --apply on disk keeps every author byte but the reported rewrites of a revoked ID (mentions in prose, links and code; BOM, UTF-16, bytes that are not UTF-8)', async () => {
    const tally = newTally();
    // Zones pulled from 11.2: T1574.002 was revoked into T1574.001 by 18.1, the others only changed.
    const zones = attackZones(catalog11(), ['T1574.002', 'T1589.002', 'T1059.001']);
    const reviewer = new ReleaseReviewer(new DiskWorkspace(), { release: async () => catalog, previous: async () => catalog11(), date: '28 November 2026' });
    const dir = tempDir();
    const outcomes = { migrated: 0, refused: 0, untouched: 0, moved: 0 };
    const samples = fc.sample(
      fc.tuple(fc.constantFrom(...zones), authorWithMentions('T1574.002'), fc.constantFrom<FileVariant>('utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom'), preambleArbitrary),
      { numRuns: 60, seed: 20261128 },
    );
    for (const [zone, author, variant, preamble] of samples) {
      tally.cases++;
      try {
        const outcome = await checkMigrateFileKeepsBytes(zone, author, variant, reviewer, dir, preamble);
        outcomes[outcome]++;
        if (outcome === 'migrated' && zone.startsWith('# T1574.002 ')) outcomes.moved++;
      } catch (error) {
        tally.dataLost++;
        throw error;
      }
    }
    assert.equal(tally.dataLost, 0);
    assert.ok(outcomes.migrated > 30 && outcomes.moved > 5, JSON.stringify(outcomes));
  });

  it('check --fix keeps every byte it does not fix (BOM, CRLF, bytes that are not UTF-8) and a second run changes nothing', async () => {
    const tally = newTally();
    const dir = tempDir();
    // Cards whose quick fixes are judgement calls (a revoked technique, a retitled card) must come through unchanged by them.
    const fixSeeds = [...seeds, revokedCard(), retitledCard()];
    const crlfSeeds = [...fixSeeds, ...fixSeeds.map((s) => s.replace(/\r?\n/g, '\r\n'))];
    const samples = fc.sample(fc.tuple(cardArbitrary(crlfSeeds), strayBytesArbitrary, fc.boolean()), { numRuns: 80, seed: 20261128 });
    const outcomes = { refused: 0, unchanged: 0, fixed: 0 };
    for (const [text, stray, bom] of samples) {
      tally.cases++;
      try {
        outcomes[await checkFixFileKeepsBytes(text, stray, bom, catalog, dir)]++;
      } catch (error) {
        tally.dataLost++;
        throw error;
      }
    }
    assert.equal(tally.dataLost, 0);
    // The property only means something if fixes happen, and refusals too.
    assert.ok(outcomes.fixed >= 15 && outcomes.refused >= 1, JSON.stringify(outcomes));
  });

  describe('extreme cards, each within a time bound', () => {
    const row = '| APT29 | 1, 2 | 1 |\n';
    const extremes: Array<[string, () => string, number]> = [
      ['a 10,000-row Adversary Examples table', () => filledCard().replace('| APT29 | 1, 2 | 1, 2 |\n', row.repeat(10000)), 20000],
      ['1,000-deep nested block quotes and lists', () => `${filledCard()}\n${'> '.repeat(1000)}deep\n${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}\n`, 20000],
      ['a 5 MB single line', () => filledCard().replace('- Encoded PowerShell', `- ${'T1059.001 (Citation: x) '.repeat(210000)}`), 30000],
      ['headings inside code fences', () => filledCard().replace('## Metadata', '```\n## Metadata\n# T1003 Fake\n```\n\n## Metadata'), 5000],
      ['citations full of regex metacharacters', () => filledCard().replace('- Encoded', '- (Citation: .*+?^${}()|[]\\\\) (Citation: (a+)+$) (Citation: ' + 'a'.repeat(5000) + '!) Encoded'), 5000],
      ['a BOM, NUL and control bytes and lone surrogates', () => `\uFEFF${filledCard()}\u0000\u0001\u0002\uD800\uDFFF\u001b[0m`, 5000],
    ];
    for (const [name, make, boundMs] of extremes) {
      it(name, () => {
        const text = make();
        const started = performance.now();
        checkEverything(text, catalog, [0, Math.floor(text.length / 2), text.length], boundMs);
        const took = performance.now() - started;
        assert.ok(took < boundMs * 2, `${name}: ${took.toFixed(0)} ms in all`);
      });
    }
  });
});

describe('reliability: the language server under a stream of random edits', function () {
  this.timeout(120000);
  it('stays alive, answers every request and publishes for the last version', async () => {
    const { randomEditStream } = await import('./lsp-edit-stream.js');
    const result = await randomEditStream(filledCard(), 300, 42);
    assert.equal(result.edits, 300);
    assert.ok(result.requests > 50);
  });
});

describe('reliability: what stress runs found, kept as cases', () => {
  it('author text right below the pull date never joins the ATT&CK zone, whatever Markdown it makes of that line', async () => {
    const catalog = await loadCatalog({ cacheDir: '/nonexistent-huntcard-cache' });
    const [zone] = attackZones(catalog, ['T1589.002']);
    // Plain text continues the paragraph; "-" and "===" make it a setext heading; "| --- |" a table.
    for (const author of ['plain text', '- ', '-', '===', '---\n', '| --- |\n', '\r\n- x', '    code']) {
      checkRefreshKeepsAuthorZone(zone!, author, catalog);
    }
  });

  it('what stands above the title (markdownlint and huntcard directives, comments, blank lines) is kept by refresh and migrate, and is no stale zone', async () => {
    // Found in review: the zone was replaced from the file's first byte, so these lines went with every refresh.
    const catalog = await loadCatalog({ cacheDir: '/nonexistent-huntcard-cache' });
    const [zone] = attackZones(catalog, ['T1589.002']);
    const preamble = '<!-- markdownlint-disable MD013 -->\n<!-- Owner: Team Blue -->\n\n';
    const card = parseCard(preamble + zone! + 'author', 'file:///fuzz/above.md');
    assert.deepEqual(
      checkCard(card, catalog).filter((f) => f.rule === 'stale-attack-zone'),
      [],
    );
    checkRefreshKeepsAuthorZone(zone!, 'author', catalog, preamble);
    const reviewer = new ReleaseReviewer(new DiskWorkspace(), { release: async () => catalog, previous: async () => catalog11(), date: '28 November 2026' });
    const [old] = attackZones(catalog11(), ['T1574.002']);
    assert.equal(await checkMigrateFileKeepsBytes(old!, Buffer.from('See T1574.002.\n'), 'utf-8', reviewer, tempDir(), preamble), 'migrated');
  });
});
