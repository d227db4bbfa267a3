// Benchmark: `huntcard check` over a 2,000+ card corpus, against markdownlint-cli2
// over the same files and a bare parse pass. Each is a whole process, timed
// from spawn to exit, several runs each; medians and ratios are printed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CORPUS } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU time (user + system) of this process's reaped children so far, in ms (Linux: /proc/self/stat, in clock ticks of 10 ms). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function time(label, command, args, okCodes = [0, 1]) {
  const start = process.hrtime.bigint();
  const cpuBefore = childrenCpuMs();
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(r.status)) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  cpu[label] = [...(cpu[label] ?? []), childrenCpuMs() - cpuBefore];
  return ms;
}
const cpu = {};

export function runCheckBench(runs = 5) {
  const count = buildCorpus();
  const tools = {
    'huntcard check': [process.execPath, [path.join(root, 'dist/huntcard.js'), 'check', CORPUS, '--format', 'json']],
    'huntcard check --jobs 1': [process.execPath, [path.join(root, 'dist/huntcard.js'), 'check', CORPUS, '--format', 'json', '--jobs', '1']],
    'markdownlint-cli2': [process.execPath, [path.join(root, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'), `${path.relative(root, CORPUS)}/*.md`]],
    'parse only (remark-parse + remark-gfm)': [process.execPath, [path.join(root, 'bench/parse-only.mjs'), CORPUS]],
    'parse author zones only': [process.execPath, [path.join(root, 'bench/parse-author-zones.mjs'), CORPUS]],
  };
  const results = {};
  for (const [label, [cmd, args]] of Object.entries(tools)) time(label, cmd, args); // warm the file cache
  for (let i = 0; i < runs; i++) {
    for (const [label, [cmd, args]] of Object.entries(tools)) (results[label] ??= []).push(time(label, cmd, args));
  }
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
  const check = m['huntcard check'];
  console.log(`check over ${count} cards, ${runs} runs each (whole processes):`);
  for (const [label, ms] of Object.entries(m)) console.log(`  ${label.padEnd(40)} median ${ms.toFixed(0)} ms`);
  console.log(`  check / markdownlint-cli2               ${(check / m['markdownlint-cli2']).toFixed(2)}  (target <= 1.0)`);
  console.log(`  check / parse only                      ${(check / m['parse only (remark-parse + remark-gfm)']).toFixed(2)}  (target <= 1.5)`);
  const c = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v.slice(1))]));
  console.log(
    `  CPU time (user + system): check --jobs 1 ${c['huntcard check --jobs 1']} ms, markdownlint-cli2 ${c['markdownlint-cli2']} ms; ratio ${(c['huntcard check --jobs 1'] / c['markdownlint-cli2']).toFixed(2)} (target <= 0.25); check (2 threads) ${c['huntcard check']} ms`,
  );
  console.log(
    `  floor of a zone fast path: parsing only the author zones takes ${c['parse author zones only']} ms CPU, ${(c['parse author zones only'] / c['markdownlint-cli2']).toFixed(2)} of markdownlint-cli2 (the whole parse: ${(c['parse only (remark-parse + remark-gfm)'] / c['markdownlint-cli2']).toFixed(2)})`,
  );
  const single = m['huntcard check --jobs 1'];
  console.log(
    `  single-threaded: check --jobs 1 / markdownlint-cli2 ${(single / m['markdownlint-cli2']).toFixed(2)}, / parse only ${(single / m['parse only (remark-parse + remark-gfm)']).toFixed(2)}`,
  );
  return m;
}
