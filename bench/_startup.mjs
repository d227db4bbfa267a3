// spawn server, open reference card, time to first diagnostics, with optional --cpu-prof
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
const SERVER = '/work/main/dist/huntcard-language-server.js';
const ref = readFileSync('/work/shared/cards/T1589.002.md', 'utf8');
const extra = process.argv.slice(2);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...extra, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent' } });
  const c = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let got; const p = new Promise((r) => (got = r));
  c.onNotification('textDocument/publishDiagnostics', () => got(performance.now()));
  c.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  c.onRequest('client/registerCapability', () => null);
  c.listen();
  await c.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  const ti = performance.now();
  await c.sendNotification('initialized', {});
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench/T1589.002.md', languageId: 'markdown', version: 1, text: ref } });
  const t1 = await p;
  console.log(`initialize ${(ti - t0).toFixed(0)} ms, first diagnostics ${(t1 - t0).toFixed(0)} ms`);
  await c.sendRequest('shutdown'); c.sendNotification('exit');
  await new Promise((r) => child.on('exit', r));
}
