import assert from 'node:assert/strict';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { MAX_CARD_CHARS } from '../../server/src/engine/card/card-format.js';
import { LineIndex } from '../../server/src/engine/card/line-index.js';
import { check, referenceCard } from '../helpers/cards.js';
import { startClient } from '../helpers/lsp-client.js';

const PULL = { workspace: { configuration: true }, textDocument: { diagnostic: {} } };

/** The reference card grown past `size` by more analytics (each a heading, so an edit touches one piece). */
function longCard(size: number): string {
  const text = referenceCard();
  const block = text.slice(text.indexOf('#### Analytic 1'), text.indexOf('#### Analytic 2'));
  let extra = '';
  for (let n = 3; text.length + extra.length < size; n++) extra += block.replace('Analytic 1', `Analytic ${n}`);
  return `${text}\n${extra}`;
}

type Report = { items: Diagnostic[] };
const summary = (items: Diagnostic[]) => items.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.message)}`);

describe('language server: long documents', function () {
  this.timeout(180_000);

  it('parses a long card off the request path: another card is answered while the long one is still being parsed', async () => {
    const client = await startClient();
    try {
      const small = 'file:///tmp/long/T1589.002.md';
      const smallPublished = client.diagnostics(small);
      await client.open(small, referenceCard());
      await smallPublished;
      // One list of 12,000 lines (just under the 256 KiB parsed in one piece) cannot be cut: seconds of parsing, in one go.
      const long = 'file:///tmp/long/T1059.md';
      let longDone = false;
      const longPublished = client.diagnostics(long).then((p) => {
        longDone = true;
        return p;
      });
      await client.open(long, `${referenceCard().replace('# T1589.002 Email Addresses', '# T1059 Command and Scripting Interpreter')}\n${'- a pasted log line\n'.repeat(12_000)}`);
      for (let i = 0; i < 5; i++) {
        const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 4 } })) as Hover;
        assert.match((hover.contents as { value: string }).value, /T1589\.002/);
      }
      assert.equal(longDone, false, 'the small card was answered while the long one was still being parsed');
      const published = await longPublished;
      assert.ok(published, 'and the long card is checked in the end');
    } finally {
      await client.close();
    }
  });

  it("a long card closed and reopened (at version 1 again) never gets the old text's diagnostics (push)", async () => {
    // Found by a new user: the old 1 MB text's findings, finished later, replaced the reopened card's.
    const client = await startClient();
    try {
      const uri = 'file:///tmp/reopen/T1589.002.md';
      const other = 'file:///tmp/reopen/T1003.md';
      const seen: Array<{ version?: number; codes: string[] }> = [];
      let otherChecked!: () => void;
      const otherDone = new Promise<void>((r) => (otherChecked = r));
      // This handler replaces the helper's: it records the card's publications and notices the other card's.
      client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        if (p.uri === uri) seen.push({ ...(p.version !== undefined ? { version: p.version } : {}), codes: p.diagnostics.map((d) => String(d.code)) });
        if (p.uri === other) otherChecked();
      });
      await client.open(uri, longCard(1024 * 1024));
      await new Promise((r) => setTimeout(r, 500));
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await client.open(uri, referenceCard().replace('# T1589.002 Email Addresses', '# T1589.002 Email Adresses'));
      // Another long card queued behind the old parse: once it is checked, the old parse is over.
      await client.open(other, longCard(100 * 1024).replace('# T1589.002 Email Addresses', '# T1003 OS Credential Dumping'));
      await otherDone;
      await new Promise((r) => setTimeout(r, 500));
      const last = seen.at(-1);
      assert.ok(last?.codes.includes('technique-name-mismatch'), `the reopened card's findings stay: ${JSON.stringify(seen.map((x) => x.codes.length))}`);
    } finally {
      await client.close();
    }
  });

  it('after edits of a long card, gives the findings of the engine run on the same text in one go (no memo)', async () => {
    const client = await startClient({ capabilities: PULL });
    try {
      const uri = 'file:///tmp/long-edit/T1589.002.md';
      // Repeated identical blocks too: the same piece text comes back in one document.
      let text = `${longCard(200 * 1024)}\n${`#### Notes\n\n${'- Information Here\n'.repeat(250)}\n`.repeat(12)}`;
      await client.open(uri, text);
      const pull = async () => ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as Report).items;
      const expected = (t: string) => {
        const lines = new LineIndex(t);
        return check(t).map((f) => {
          const [a, b] = [lines.position(f.span.start), lines.position(f.span.end)];
          return `${f.rule}@${a.line}:${a.character}-${b.line}:${b.character} ${f.message}`;
        });
      };
      assert.deepEqual(summary(await pull()), expected(text));
      const edits: Array<(t: string) => string> = [
        // Fill a placeholder in the middle, add lines near the start, remove an analytic near the end.
        (t) => t.replace(/('Various notes to assist with hunting\.')/, "'Filled in by a hunter.'"),
        (t) => t.replace('## Overall Hypothesis\n', '## Overall Hypothesis\n\n- A new first line.\n- And a second.\n'),
        (t) => {
          const at = t.lastIndexOf('#### Analytic');
          return t.slice(0, t.lastIndexOf('#### Analytic', at - 1)) + t.slice(at);
        },
      ];
      let version = 1;
      for (const edit of edits) {
        text = edit(text);
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
        assert.deepEqual(summary(await pull()), expected(text));
      }
    } finally {
      await client.close();
    }
  });

  it('a card the parser thread runs out of memory on gets card-too-large, and the next long card is parsed by a fresh thread', async () => {
    const client = await startClient({ capabilities: PULL, env: { HUNTCARD_PARSER_HEAP_MB: '32' } });
    try {
      const pull = async (u: string) => ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as Report).items;
      const heavy = 'file:///tmp/oom/T1589.002.md';
      await client.open(heavy, longCard(1024 * 1024));
      const items = await pull(heavy);
      assert.deepEqual(
        items.map((d) => d.code),
        ['card-too-large'],
      );
      assert.match(String(items[0]!.message), /Parsing this card needed more than the 32 MB/);
      const next = 'file:///tmp/oom/T1003.md';
      await client.open(next, longCard(40 * 1024).replace('# T1589.002 Email Addresses', '# T1003 OS Credential Dumping'));
      assert.ok(
        (await pull(next)).some((d) => d.code === 'placeholder'),
        'a fresh parser thread checks the next long card',
      );
    } finally {
      await client.close();
    }
  });

  it(`a card over ${MAX_CARD_CHARS / 1024 / 1024} MiB gets one card-too-large diagnostic instead of a parse`, async () => {
    const client = await startClient({ capabilities: PULL });
    try {
      const uri = 'file:///tmp/huge/T1589.002.md';
      await client.open(uri, `${referenceCard()}\n${'- Information Here\n'.repeat(Math.ceil(MAX_CARD_CHARS / 19))}`);
      const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as Report;
      assert.deepEqual(
        report.items.map((d) => d.code),
        ['card-too-large'],
      );
    } finally {
      await client.close();
    }
  });
});
