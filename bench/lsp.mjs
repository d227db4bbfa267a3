// Benchmark: the language server over real stdio JSON-RPC on the embedded
// Enterprise 18.1 index. Latencies are p50/p95 of many requests; the peer is a
// no-op round trip (hover on a Markdown file that is not a card), so the ratio
// shows what the engine adds on top of JSON-RPC itself.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = path.join(root, 'dist/huntcard-language-server.js');
const REFERENCE = path.resolve(root, '..', 'shared', 'cards', 'T1589.002.md');

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function start(pull, node = process.execPath) {
  const t0 = now();
  const child = spawn(node, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent' } });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => published.push({ at: now(), p }));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true }, ...(pull ? { textDocument: { diagnostic: {} } } : {}) } });
  await connection.sendNotification('initialized', {});
  return { child, connection, published, t0 };
}

async function timeMany(n, fn) {
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    await fn(i);
    xs.push(now() - t);
  }
  return { p50: pct(xs, 50), p95: pct(xs, 95) };
}

function bigCard(text) {
  const block = text.slice(text.indexOf('#### Analytic 1'), text.indexOf('#### Analytic 2'));
  let extra = '';
  for (let n = 3; text.length + extra.length < 1024 * 1024; n++) extra += block.replace('Analytic 1', `Analytic ${n}`);
  return `${text}\n${extra}`;
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** A card of one list just under the 256 KiB parsed in one piece: no heading to cut it at, so seconds of parsing in one go. */
function bigListCard(text) {
  let extra = '';
  while (text.length + extra.length < 250 * 1024) extra += '- a pasted log line of a hunt that went long\n';
  return `${text}\n${extra}`;
}

/** Process spawn to the first published diagnostics of an opened card (median of 5); the peer is spawn to the first answered no-op request (Node, the bundle and JSON-RPC, no engine work). */
async function measureStartup(reference, node) {
  const startups = [];
  const noops = [];
  for (let i = 0; i < 5; i++) {
    const s = await start(false, node);
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench/notes.md', languageId: 'markdown', version: 1, text: '# Notes\n' } });
    await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///bench/notes.md' }, position: { line: 0, character: 2 } });
    noops.push(now() - s.t0);
    s.child.kill();
    const t = await start(false, node);
    await t.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench/T1589.002.md', languageId: 'markdown', version: 1, text: reference } });
    while (t.published.length === 0) await new Promise((r) => setTimeout(r, 1));
    startups.push(t.published[0].at - t.t0);
    t.child.kill();
  }
  return { first: pct(startups, 50), noop: pct(noops, 50), version: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() };
}

export async function runLspBench() {
  const reference = readFileSync(REFERENCE, 'utf8');
  const startup = await measureStartup(reference, process.execPath);
  // Node 22.1+ keeps compiled code between starts (the bins enable it); the editor's Node decides which applies.
  const node24 = path.join(root, '.cache', 'e2e', 'node24', 'node_modules', '.bin', 'node');
  const startup24 = existsSync(node24) ? await measureStartup(reference, node24) : undefined;

  const s = await start(true);
  const c = s.connection;
  const card = 'file:///bench/T1589.002.md';
  const other = 'file:///bench/README.md';
  const big = 'file:///bench/big.md';
  const bigText = bigCard(reference);
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: card, languageId: 'markdown', version: 1, text: reference } });
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'markdown', version: 1, text: '# Notes\n\nT1059 here.\n' } });
  await c.sendRequest('textDocument/diagnostic', { textDocument: { uri: card } }); // warm: dataset loaded
  const rssOneCard = rssMb(s.child.pid);

  const lines = reference.split('\n');
  const usageLine = lines.findIndex((l) => l.startsWith('| HAFNIUM |'));
  const N = 300;
  const hoverOther = () => c.sendRequest('textDocument/hover', { textDocument: { uri: other }, position: { line: 2, character: 2 } });
  const hoverCard = () => c.sendRequest('textDocument/hover', { textDocument: { uri: card }, position: { line: 0, character: 4 } });
  const peer = await timeMany(N, hoverOther);
  const hoverTechnique = await timeMany(N, hoverCard);
  const hoverGroup = await timeMany(N, () => c.sendRequest('textDocument/hover', { textDocument: { uri: card }, position: { line: usageLine, character: 15 } }));
  const hyp = lines.findIndex((l) => l === '- Information Here');
  let version = 1;
  const complete = async (typed) => {
    version++;
    const edited = lines.map((l, i) => (i === hyp ? `- ${typed}` : l)).join('\n');
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: card, version }, contentChanges: [{ text: edited }] });
    await c.sendRequest('textDocument/diagnostic', { textDocument: { uri: card } });
    return timeMany(N, () => c.sendRequest('textDocument/completion', { textDocument: { uri: card }, position: { line: hyp, character: typed.length + 2 } }));
  };
  const completeId = await complete('T15');
  const completeName = await complete('email');
  const diag = async (uri, text, runs) =>
    timeMany(runs, async (i) => {
      version++;
      await c.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: text + (i % 2 ? '\n' : '') }] });
      await c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    });
  const diagReference = await diag(card, reference, 50);

  // A long card: its first check (every piece parsed) is the peer of a check after an edit.
  const firstAt = now();
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: big, languageId: 'markdown', version: 1, text: bigText } });
  await c.sendRequest('textDocument/diagnostic', { textDocument: { uri: big } });
  const bigFirst = now() - firstAt;
  const diagBig = await diag(big, bigText, 10);
  const rssBig = rssMb(s.child.pid);

  // Hovers on another card while a 1 MB card of one list is parsed, against the same hovers idle.
  const list = 'file:///bench/list.md';
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: list, languageId: 'markdown', version: 1, text: bigListCard(reference) } });
  let listDone = false;
  const listChecked = c.sendRequest('textDocument/diagnostic', { textDocument: { uri: list } }).then(() => (listDone = true));
  const during = [];
  while (!listDone) {
    const t = now();
    await hoverCard();
    during.push(now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  await listChecked;
  s.child.kill();

  const row = (label, r, target) =>
    console.log(`  ${label.padEnd(44)} p50 ${r.p50.toFixed(2).padStart(7)} ms  p95 ${r.p95.toFixed(2).padStart(7)} ms  (${(r.p50 / peer.p50).toFixed(1)}x peer)${target ? `  target ${target}` : ''}`);
  console.log(`language server over stdio (Enterprise 18.1 embedded), ${N} requests each:`);
  row('peer: no-op hover round trip (non-card file)', peer);
  row('hover on a technique ID', hoverTechnique, 'p50 <= 2 ms');
  row('hover on a group link', hoverGroup, 'p50 <= 2 ms');
  row('completion "T15"', completeId, 'p95 <= 10 ms');
  row('completion "email"', completeName, 'p95 <= 10 ms');
  row('diagnostics, reference card (edit + pull)', diagReference);
  for (const st of [startup, startup24].filter(Boolean)) {
    console.log(
      `  start-up to first diagnostics of the reference card (Node ${st.version})  median ${st.first.toFixed(0)} ms; peer: start-up to a no-op round trip ${st.noop.toFixed(0)} ms; ratio ${(st.first / st.noop).toFixed(2)}, the engine's part ${(st.first - st.noop).toFixed(0)} ms (target: first diagnostics <= 250 ms)`,
    );
  }
  const mb = (bigText.length / 1024 / 1024).toFixed(1);
  console.log(
    `  ${mb} MB card, diagnostics after an edit (edit + pull)  p50 ${diagBig.p50.toFixed(0)} ms, p95 ${diagBig.p95.toFixed(0)} ms; peer: its first check ${bigFirst.toFixed(0)} ms; ratio ${(diagBig.p50 / bigFirst).toFixed(3)} (target <= 500 ms)`,
  );
  console.log(
    `  server RSS with the ${mb} MB card open          ${rssBig.toFixed(0)} MB; peer: with the reference card only ${rssOneCard.toFixed(0)} MB; ratio ${(rssBig / rssOneCard).toFixed(2)} (target <= 200 MB)`,
  );
  const d = { p50: pct(during, 50), p95: pct(during, 95) };
  console.log(
    `  hover on a card while a 0.25 MB one-list card is parsed  p50 ${d.p50.toFixed(2)} ms, p95 ${d.p95.toFixed(2)} ms over ${during.length} hovers; peer: the same hover idle p95 ${hoverTechnique.p95.toFixed(2)} ms; ratio ${(d.p95 / hoverTechnique.p95).toFixed(1)} (target p95 <= 50 ms)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runLspBench();
