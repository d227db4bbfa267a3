// Issue 12: completion of technique names is fuzzy, and an item is documented from
// the data its own document uses. The real server over stdio.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { referenceCard } from '../helpers/cards.js';
import { startClient, type LspClient } from '../helpers/lsp-client.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('language server: completion', function () {
  this.timeout(60000);
  const dir = tempDir();
  const uri = pathToFileURL(path.join(dir, 'T1589.002.md')).href;
  let client: LspClient;
  let text: string;
  before(async () => {
    // This workspace checks its cards against Enterprise 11.2, not the default 18.1.
    writeFileSync(path.join(dir, '.huntcard.json'), JSON.stringify({ dataset: BUNDLES.enterprise11 }));
    text = referenceCard().replace('## Overall Hypothesis\n\n- Information Here', '## Overall Hypothesis\n\n- Information Here\n- ');
    writeFileSync(path.join(dir, 'T1589.002.md'), text);
    client = await startClient({ workspace: dir });
    const published = client.diagnostics(uri);
    await client.open(uri, text);
    await published;
  });
  after(() => client.close());

  async function complete(typed: string): Promise<CompletionItem[]> {
    const line = text.slice(0, text.indexOf('- Information Here\n- ') + '- Information Here\n- '.length).split('\n').length - 1;
    const version = Math.floor(Math.random() * 1e6) + 2;
    const edited = text.replace('- Information Here\n- ', `- Information Here\n- ${typed}`);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: edited }] });
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 2 + typed.length } })) as CompletionList;
    return list.items;
  }

  for (const typed of ['pwsh', 'powrshell', 'PowerSh', 'cmd']) {
    it(`"${typed}" offers the technique it means`, async () => {
      const labels = (await complete(typed)).map((i) => i.label);
      const expected = typed === 'cmd' ? 'T1059.003 Windows Command Shell' : 'T1059.001 PowerShell';
      assert.ok(labels.slice(0, 3).includes(expected), `${typed}: ${labels.slice(0, 5).join(' | ')}`);
    });
  }

  it('documents an item from the data its document uses (11.2 here), not the default data', async () => {
    const item = (await complete('email addr')).find((i) => i.label === 'T1589.002 Email Addresses');
    assert.ok(item);
    const resolved = (await client.connection.sendRequest('completionItem/resolve', item)) as CompletionItem;
    const doc = typeof resolved.documentation === 'string' ? resolved.documentation : resolved.documentation!.value;
    assert.match(doc, /Enterprise ATT&CK v11\.2/);
  });
});
