// Benchmark: `huntcard check --cache` on unchanged files, against markdownlint-cli2
// over the same files and against the same check without the cache; whole
// processes, medians. The cache is filled by one run first (not timed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CORPUS } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(label, command, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return { ms, stderr: r.stderr };
}

export function runCheckCacheBench(runs = 3) {
  const count = buildCorpus();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huntcard-cache-bench-'));
  const cacheFile = path.join(dir, 'cache.json');
  const cli = path.join(root, 'dist/huntcard.js');
  const tools = {
    'huntcard check --cache (unchanged files)': [process.execPath, [cli, 'check', CORPUS, '--format', 'json', '--cache-location', cacheFile]],
    'peer: huntcard check (no cache)': [process.execPath, [cli, 'check', CORPUS, '--format', 'json']],
    'peer: markdownlint-cli2': [process.execPath, [path.join(root, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'), `${path.relative(root, CORPUS)}/*.md`]],
  };
  const fill = time('fill', ...tools['huntcard check --cache (unchanged files)']);
  const results = {};
  let hits = '';
  for (let i = 0; i < runs; i++) {
    for (const [label, [cmd, args]] of Object.entries(tools)) {
      const r = time(label, cmd, args);
      (results[label] ??= []).push(r.ms);
      if (label.includes('--cache')) hits = /\d+ files? of \d+ from the cache/.exec(r.stderr)?.[0] ?? '';
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
  const cached = m['huntcard check --cache (unchanged files)'];
  console.log(`check --cache over ${count} cards, ${runs} runs each (whole processes; filling the cache took ${fill.ms.toFixed(0)} ms):`);
  for (const [label, ms] of Object.entries(m)) console.log(`  ${label.padEnd(42)} median ${ms.toFixed(0)} ms`);
  console.log(`  (${hits})`);
  console.log(`  cached / markdownlint-cli2                 ${(cached / m['peer: markdownlint-cli2']).toFixed(3)}  (target <= 0.05)`);
  console.log(`  cached / check without the cache           ${(cached / m['peer: huntcard check (no cache)']).toFixed(3)}`);
  return m;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runCheckCacheBench();
