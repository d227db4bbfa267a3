// Issue 12: the server follows the LSP lifecycle, checks command arguments at the
// door, and stops quietly when the editor goes away. The real server over stdio.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { SERVER, startClient } from '../helpers/lsp-client.js';

describe('language server: protocol errors', function () {
  this.timeout(30000);

  it('answers a request before initialize with ServerNotInitialized, and after shutdown with InvalidRequest', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache' } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      await assert.rejects(connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.md' }, position: { line: 0, character: 0 } }), (e: { code: number }) => e.code === -32002);
      await assert.rejects(connection.sendRequest('workspace/executeCommand', { command: 'huntcard.datasetInfo', arguments: [] }), (e: { code: number }) => e.code === -32002);
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      assert.equal(await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.md' }, position: { line: 0, character: 0 } }), null);
      await connection.sendRequest('shutdown');
      await assert.rejects(connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///x.md' }, position: { line: 0, character: 0 } }), (e: { code: number }) => e.code === -32600);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('wrong-typed command arguments and impossible dates are InvalidParams naming the field', async () => {
    const client = await startClient();
    try {
      const run = (command: string, arg: unknown) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: [arg] });
      await assert.rejects(run('huntcard.scaffold', { id: 42 }), (e: { code: number; message: string }) => e.code === -32602 && /huntcard\.scaffold: id: /.test(e.message));
      await assert.rejects(
        run('huntcard.scaffold', { id: 'T1059.001', date: '31 February 2022' }),
        (e: { code: number; message: string }) => e.code === -32602 && /date: must be a real date/.test(e.message),
      );
      await assert.rejects(run('huntcard.refreshAttackZone', 'file:///x.md'), (e: { code: number }) => e.code === -32602);
      await assert.rejects(run('huntcard.techniques', { domain: ['enterprise'] }), (e: { code: number; message: string }) => e.code === -32602 && /domain/.test(e.message));
      const ok = (await run('huntcard.scaffold', { id: 'T1059.001', date: '29 February 2024', author: 'A' })) as { text: string };
      assert.match(ok.text, /\*Last pulled from Mitre on: 29 February 2024\*/);
      assert.doesNotMatch(client.stderr(), /\n\s+at /, 'no stack trace on stderr');
    } finally {
      await client.close();
    }
  });

  it('stops quietly when the editor closes its end of the connection', async () => {
    const client = await startClient();
    const exited = new Promise<number | null>((resolve) => client.process.on('exit', (code) => resolve(code)));
    // The editor stops reading; the server's next answer meets a closed pipe.
    client.process.stdout!.destroy();
    void client.connection.sendRequest('workspace/executeCommand', { command: 'huntcard.datasetInfo', arguments: [] }).catch(() => undefined);
    const code = await exited;
    // 0 for the closed pipe; LSP's 1 if the end of input is noticed first (no shutdown was sent).
    assert.ok(code === 0 || code === 1, String(code));
    assert.doesNotMatch(client.stderr(), /EPIPE|Unhandled|\n\s+at /);
  });
});
