// Benchmark: load the embedded Enterprise index vs JSON.parse of the raw MITRE
// bundle it was built from. Each run is a fresh child process so both start
// cold and their memory can be read apart. Prints medians, the ratio and RSS.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const RAW = path.resolve(root, '..', 'shared', 'attack', 'enterprise-attack-18.1.json');
const INDEX = path.join(root, 'data', 'attack', 'enterprise-attack');

async function child(mode) {
  const { loadIndexDir } = await import('../out/server/src/engine/attack/store/index-store.js');
  globalThis.gc?.();
  const before = process.memoryUsage();
  const start = process.hrtime.bigint();
  let kept;
  if (mode === 'index' || mode === 'full') {
    kept = loadIndexDir(INDEX);
    kept.technique('T1059.001'); // a first query, as any real use makes
    if (mode === 'full') kept.usesOf('T1059.001'); // parses the lazily loaded relations too
  } else {
    kept = JSON.parse(readFileSync(RAW, 'utf8'));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  globalThis.gc?.();
  const after = process.memoryUsage();
  process.stdout.write(JSON.stringify({ ms, rss: after.rss - before.rss, heap: after.heapUsed - before.heapUsed + after.external - before.external, keep: !!kept }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function runIndexLoadBench(runs = 7) {
  const measure = (mode) =>
    Array.from({ length: runs }, () => {
      const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', mode], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`bench child ${mode} failed: ${r.stderr}`);
      return JSON.parse(r.stdout);
    });
  const index = measure('index');
  const full = measure('full');
  const raw = measure('raw');
  const res = {
    indexMs: median(index.map((r) => r.ms)),
    rawMs: median(raw.map((r) => r.ms)),
    indexMem: median(index.map((r) => r.heap)),
    rawMem: median(raw.map((r) => r.heap)),
    fullMs: median(full.map((r) => r.ms)),
    fullMem: median(full.map((r) => r.heap)),
    indexRss: median(index.map((r) => r.rss)),
    rawRss: median(raw.map((r) => r.rss)),
  };
  console.log(`index load (Enterprise 18.1), ${runs} cold runs each:`);
  console.log(`  embedded index load      median ${res.indexMs.toFixed(1)} ms, holds ${mb(res.indexMem)} (RSS +${mb(res.indexRss)})`);
  console.log(`  ... plus relations (uses) median ${res.fullMs.toFixed(1)} ms, holds ${mb(res.fullMem)}  (ratio ${(res.fullMs / res.rawMs).toFixed(3)})`);
  console.log(`  JSON.parse raw bundle    median ${res.rawMs.toFixed(1)} ms, holds ${mb(res.rawMem)} (RSS +${mb(res.rawRss)})`);
  console.log(`  time ratio index/raw     ${(res.indexMs / res.rawMs).toFixed(3)}  (1/${(res.rawMs / res.indexMs).toFixed(1)}; target <= 1/7)`);
  console.log(`  memory ratio index/raw   ${(res.indexMem / res.rawMem).toFixed(3)}  (target <= 0.5)`);
  return res;
}

if (process.argv[2] === '--child') await child(process.argv[3]);
