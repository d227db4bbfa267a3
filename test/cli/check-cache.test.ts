// Issue 15: `huntcard check --cache` gives exactly what a full check gives, on a
// corpus of real and fuzzed cards, after edits, config and dataset changes, a
// rebuilt tool, and whatever is found at the cache's location.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { filledCard, referenceCard, retitledCard, revokedCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { cardArbitrary } from '../reliability/properties.js';

describe('cli: huntcard check --cache', function () {
  this.timeout(300_000);
  const dir = tempDir();
  const cards = path.join(dir, 'cards');
  const seeds = [referenceCard(), filledCard(), filledCard('T1589.002'), revokedCard(), retitledCard(), filledCard().replace(/\n/g, '\r\n')];
  before(() => {
    mkdirSync(cards);
    // Enough files for the worker threads to be used (40 a worker), real and fuzzed.
    fc.sample(cardArbitrary(seeds), { numRuns: 90, seed: 15 }).forEach((text, i) => writeFileSync(path.join(cards, `card-${i}.md`), text));
    seeds.forEach((text, i) => writeFileSync(path.join(cards, `seed-${i}.md`), text));
    writeFileSync(path.join(cards, 'README.md'), '# Not a card\n');
  });

  /** A run's verdict: exit code and every finding, for comparison; and how many files came from the cache. */
  const check = async (args: string[], cli = huntcard) => {
    const r = await cli(['check', 'cards', '--format', 'json', ...args], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const hits = /(\d+) files? of (\d+) from the cache/.exec(r.stderr);
    return {
      verdict: { code: r.code, findings: (JSON.parse(r.stdout) as { diagnostics: unknown[] }).diagnostics },
      hits: hits ? Number(hits[1]) : undefined,
      total: hits ? Number(hits[2]) : undefined,
      stderr: r.stderr,
    };
  };
  const files = () => readdirSync(cards).length;

  it('cold, warm and after edits: the same findings and exit code as a full check, and only changed cards are checked again', async () => {
    const full = await check([]);
    const cold = await check(['--cache']);
    assert.deepEqual(cold.verdict, full.verdict);
    assert.equal(cold.hits, 0);
    const warm = await check(['--cache']);
    assert.deepEqual(warm.verdict, full.verdict);
    assert.equal(warm.hits, files());
    // Edit three cards (one becomes clean, one gains an error, one is no longer a card).
    writeFileSync(path.join(cards, 'seed-0.md'), filledCard('T1003'));
    writeFileSync(path.join(cards, 'seed-1.md'), filledCard().replace('| APT29 | 1, 2 | 1, 2 |', '| APT29 | 1, 9 | 1, 2 |'));
    writeFileSync(path.join(cards, 'seed-2.md'), '# Notes\n');
    const edited = await check(['--cache']);
    assert.deepEqual(edited.verdict, (await check([])).verdict);
    assert.equal(edited.hits, files() - 3);
  });

  it('a changed config or dataset misses every card it touches', async () => {
    await check(['--cache']);
    writeFileSync(path.join(dir, '.huntcard.json'), JSON.stringify({ rules: { placeholder: 'off', 'unresolved-citation': 'error' } }));
    const configured = await check(['--cache']);
    assert.deepEqual(configured.verdict, (await check([])).verdict);
    assert.equal(configured.hits, 0);
    const old = await check(['--cache', '--dataset', BUNDLES.enterprise11]);
    assert.deepEqual(old.verdict, (await check(['--dataset', BUNDLES.enterprise11])).verdict);
    assert.equal(old.hits, 0);
    writeFileSync(path.join(dir, '.huntcard.json'), '{}');
  });

  it('a corrupt, truncated, foreign or special cache file is ignored (said once) and rebuilt, never a wrong result', async () => {
    const full = (await check([])).verdict;
    const location = path.join(dir, 'cache.json');
    await check(['--cache-location', location]);
    const good = readFileSync(location, 'utf8');
    const foreign = JSON.parse(good) as { entries: Record<string, { key: string; findings: unknown[] }> };
    for (const entry of Object.values(foreign.entries)) entry.findings = [];
    const variants: Array<[string, string | Buffer]> = [
      ['garbage', Buffer.from([0xff, 0x00, 0x13, 0x37])],
      ['truncated', good.slice(0, good.length / 2)],
      ['another shape', '[1, 2, 3]'],
      ['another format', JSON.stringify({ ...JSON.parse(good), format: 99 })],
      ['entries of the wrong shape', JSON.stringify({ ...JSON.parse(good), entries: { [path.join(cards, 'seed-3.md')]: { key: 1, findings: 'no' } } })],
      // Right shape, right tool, but made-up keys: every key misses.
      ['made-up keys', JSON.stringify({ ...foreign, entries: Object.fromEntries(Object.entries(foreign.entries).map(([k, v]) => [k, { ...v, key: '0'.repeat(64) }])) })],
    ];
    for (const [name, content] of variants) {
      writeFileSync(location, content);
      const run = await check(['--cache-location', location]);
      assert.deepEqual(run.verdict, full, name);
      assert.equal(run.hits, 0, name);
      assert.doesNotThrow(() => JSON.parse(readFileSync(location, 'utf8')), `${name}: rebuilt`);
      assert.equal((await check(['--cache-location', location])).hits, files(), `${name}: usable again`);
    }
    // A pipe at the location: never read or written (either could block); the check runs in full.
    const pipe = path.join(dir, 'pipe-cache');
    execFileSync('mkfifo', [pipe]);
    const piped = await check(['--cache-location', pipe]);
    assert.deepEqual(piped.verdict, full);
    assert.match(piped.stderr, /ignoring the check cache .*pipe-cache .*not a regular file/);
  });

  it('a rebuilt tool does not trust its old results', async () => {
    const copy = path.join(tempDir(), 'dist');
    cpSync(path.join(REPO, 'dist'), copy, { recursive: true });
    const cli = (args: string[], options: { cwd?: string } = {}) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(copy, 'huntcard.js'), ...args], {
          cwd: options.cwd,
          env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache', HUNTCARD_EMBEDDED_DIR: path.join(REPO, 'data', 'attack') },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    await check(['--cache'], cli);
    assert.equal((await check(['--cache'], cli)).hits, files());
    // A rebuild changes the entry (it imports chunks by their content-hashed names).
    appendFileSync(path.join(copy, 'huntcard.js'), '\n// rebuilt\n');
    assert.equal((await check(['--cache'], cli)).hits, 0);
  });
});
