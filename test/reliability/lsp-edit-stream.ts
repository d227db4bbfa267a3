import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startClient } from '../helpers/lsp-client.js';
import { fragment } from './properties.js';

/**
 * Feeds the real server over stdio a stream of random incremental edits (some with
 * ranges past the end, control bytes, CRLF) interleaved with hover, completion, code
 * action and symbol requests. The server must answer every request and, at the end,
 * publish diagnostics for the final version. Returns the number of edits sent.
 */
export async function randomEditStream(startText: string, edits: number, seed: number): Promise<{ edits: number; requests: number }> {
  const client = await startClient();
  const uri = 'file:///tmp/stream/T1059.001.md';
  let mirror = TextDocument.create(uri, 'markdown', 1, startText);
  let requests = 0;
  try {
    await client.open(uri, startText, 1);
    const rng = fc.sample(fc.tuple(fc.nat(), fc.nat({ max: 300 }), fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 30 })), fc.nat({ max: 9 })), { numRuns: edits, seed });
    for (const [at, length, text, action] of rng) {
      const size = mirror.getText().length;
      const start = mirror.positionAt(size ? at % (size + 1) : 0);
      // One edit in ten reaches past the end of the document: the server must clamp, not crash.
      const end = action === 0 ? { line: start.line + 1000, character: 5 } : mirror.positionAt(mirror.offsetAt(start) + length);
      const version = mirror.version + 1;
      mirror = TextDocument.update(mirror, [{ range: { start, end }, text }], version);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start, end }, text }] });
      if (action >= 7) {
        const position = mirror.positionAt(at % (mirror.getText().length + 1));
        const method = ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction'][action - 7]!;
        const params = method === 'textDocument/codeAction' ? { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } } : { textDocument: { uri }, position };
        await client.connection.sendRequest(method, params);
        requests++;
      }
    }
    const final = client.diagnostics(uri, mirror.version);
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    requests++;
    await final;
    assert.equal(client.process.exitCode, null, 'the server is alive');
    assert.doesNotMatch(client.stderr(), /uncaught|unhandled/i);
    return { edits: rng.length, requests };
  } finally {
    await client.close();
  }
}
