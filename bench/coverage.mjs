// Coverage of the 2,000+ card corpus, whole process, against a named peer: a
// process that only walks the folder and reads every file (the I/O floor), and
// `huntcard check` on the same cards for scale. Target: under 2 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CORPUS } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(label, args, okCodes = [0, 1]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(r.status)) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return ms;
}

export function runCoverageBench(runs = 5) {
  const count = buildCorpus();
  const out = mkdtempSync(path.join(os.tmpdir(), 'huntcard-bench-'));
  const readOnly = `import { readdirSync, readFileSync } from 'node:fs'; let n = 0; for (const f of readdirSync(${JSON.stringify(CORPUS)})) n += readFileSync(${JSON.stringify(CORPUS)} + '/' + f, 'utf8').length; console.log(n);`;
  const tools = {
    'huntcard coverage -o layer.json': [path.join(root, 'dist/huntcard.js'), 'coverage', CORPUS, '-o', path.join(out, 'layer.json')],
    'huntcard coverage --format csv': [path.join(root, 'dist/huntcard.js'), 'coverage', CORPUS, '--format', 'csv', '-o', path.join(out, 'c.csv')],
    'peer: node reading every file': ['--input-type=module', '-e', readOnly],
    // Issue 16: a focus on five well-known groups (their techniques against 2,000 cards), as a table.
    'huntcard coverage --actor x5 (text)': [
      path.join(root, 'dist/huntcard.js'),
      'coverage',
      CORPUS,
      ...['APT29', 'APT28', 'Lazarus Group', 'Sandworm Team', 'FIN7'].flatMap((a) => ['--actor', a]),
      '-o',
      path.join(out, 'gaps.txt'),
    ],
  };
  const results = {};
  try {
    for (const [label, args] of Object.entries(tools)) time(label, args);
    for (let i = 0; i < runs; i++) for (const [label, args] of Object.entries(tools)) (results[label] ??= []).push(time(label, args));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
  const layer = m['huntcard coverage -o layer.json'];
  console.log(`coverage of ${count} cards, ${runs} runs each (whole processes):`);
  for (const [label, ms] of Object.entries(m)) console.log(`  ${label.padEnd(40)} median ${ms.toFixed(0)} ms`);
  console.log(`  coverage / reading every file           ${(layer / m['peer: node reading every file']).toFixed(2)}  (target: coverage under 2000 ms: ${layer < 2000 ? 'met' : 'NOT met'})`);
  const focus = m['huntcard coverage --actor x5 (text)'];
  console.log(
    `  actor focus adds ${(focus - layer).toFixed(0)} ms to the plain coverage run (${(focus / layer).toFixed(2)} of it; target: selecting the actors' techniques well under 1000 ms: ${focus - layer < 1000 ? 'met' : 'NOT met'})`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) runCoverageBench();
