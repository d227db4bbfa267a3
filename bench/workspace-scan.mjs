// Benchmark: workspace diagnostics over the 2,073-card corpus (bench/corpus.mjs)
// through the real language server over stdio. Three peers, each in this script:
// - scan time against `huntcard check --jobs 1` on the same folder (the same
//   read, parse and rules per card, in one thread, as a whole process);
// - hover latency in an open card while the scan runs against the same hover
//   once it is done (does the scan make the editor sluggish?);
// - server memory after the scan against a server that only has one card open.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { buildCorpus, CORPUS } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = path.join(root, 'dist/huntcard-language-server.js');
const CLI = path.join(root, 'dist/huntcard.js');
const GC_PROBE = path.join(root, 'bench/gc-probe.cjs');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const median = (xs) => pct(xs, 50);
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function startServer(scope) {
  const child = spawn(process.execPath, ['--expose-gc', '-r', GC_PROBE, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.heapAfterGc = async () => {
    const before = stderr.length;
    child.kill('SIGUSR2');
    while (!/HEAP (\{.*\})\n/.test(stderr.slice(before))) await new Promise((r) => setTimeout(r, 20));
    return JSON.parse(/HEAP (\{.*\})\n/.exec(stderr.slice(before))[1]).heapUsed / 1024 / 1024;
  };
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ diagnosticsScope: scope })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', () => {});
  connection.onNotification('window/logMessage', () => {});
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(CORPUS).href,
    workspaceFolders: [{ uri: pathToFileURL(CORPUS).href, name: 'corpus' }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, diagnostics: { refreshSupport: false } }, textDocument: { diagnostic: {} } },
  });
  await connection.sendNotification('initialized', {});
  return { child, connection };
}

async function openCard(connection) {
  const uri = pathToFileURL(path.join(CORPUS, 'T1059.001-filled.md')).href;
  const text = readFileSync(path.join(CORPUS, 'T1059.001-filled.md'), 'utf8');
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }); // the dataset is loaded
  return async () => {
    const t = now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
    return now() - t;
  };
}

async function scanOnce() {
  const { child, connection } = await startServer('workspace');
  const hover = await openCard(connection);
  const t0 = now();
  let done;
  const scan = connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }).then((r) => {
    done = now();
    return r;
  });
  const during = [];
  while (done === undefined) {
    during.push(await hover());
    await new Promise((r) => setTimeout(r, 20));
  }
  const report = await scan;
  const after = [];
  for (let i = 0; i < 200; i++) after.push(await hover());
  const rss = rssMb(child.pid);
  const heap = await child.heapAfterGc();
  child.kill();
  return { heap, ms: done - t0, reports: report.items.length, problems: report.items.reduce((n, r) => n + r.items.length, 0), during, after, rss };
}

async function openOnlyRss() {
  const { child, connection } = await startServer('openFiles');
  const hover = await openCard(connection);
  for (let i = 0; i < 200; i++) await hover();
  const rss = rssMb(child.pid);
  const heap = await child.heapAfterGc();
  child.kill();
  return { rss, heap };
}

function checkOnce() {
  const t = now();
  const r = spawnSync(process.execPath, [CLI, 'check', '--jobs', '1', '--format', 'json', CORPUS], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent' },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`huntcard check failed: ${r.stderr}`);
  return now() - t;
}

export async function runWorkspaceScanBench(runs = 3) {
  const cards = buildCorpus();
  const scans = [];
  const checks = [];
  for (let i = 0; i < runs; i++) {
    scans.push(await scanOnce());
    checks.push(checkOnce());
  }
  const scanMs = median(scans.map((s) => s.ms));
  const checkMs = median(checks);
  const during = scans.flatMap((s) => s.during);
  const after = scans.flatMap((s) => s.after);
  const rss = median(scans.map((s) => s.rss));
  const heap = median(scans.map((s) => s.heap));
  const peer = await openOnlyRss();
  console.log(`workspace diagnostics over ${cards} cards (language server over stdio, Enterprise 18.1 embedded), median of ${runs}:`);
  console.log(
    `  scan to the full workspace/diagnostic report   ${(scanMs / 1000).toFixed(1)} s (${scans[0].reports} closed cards, ${scans[0].problems} problems; the open card is reported on its own)`,
  );
  console.log(`  peer: huntcard check --jobs 1 on the folder    ${(checkMs / 1000).toFixed(1)} s  → ratio ${(scanMs / checkMs).toFixed(2)}`);
  console.log(`  hover in an open card during the scan          p50 ${median(during).toFixed(2)} ms  p95 ${pct(during, 95).toFixed(2)} ms  (${during.length} hovers)`);
  console.log(`  peer: the same hover after the scan            p50 ${median(after).toFixed(2)} ms  p95 ${pct(after, 95).toFixed(2)} ms  → p95 ratio ${(pct(during, 95) / pct(after, 95)).toFixed(1)}`);
  console.log(`  server after the scan                         RSS ${rss.toFixed(0)} MB, live heap after GC ${heap.toFixed(0)} MB`);
  console.log(`  peer: server with one card open (openFiles)    RSS ${peer.rss.toFixed(0)} MB, live heap after GC ${peer.heap.toFixed(0)} MB  → heap ratio ${(heap / peer.heap).toFixed(2)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runWorkspaceScanBench();
