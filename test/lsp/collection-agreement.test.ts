// Issue 13: whether a file is a card is decided once, so check, coverage, the
// editor's diagnostics, workspace symbols and duplicate-card agree on the same
// three files; and a .huntcard.json edited while the server runs applies at once.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { filledCard, referenceCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { startClient } from '../helpers/lsp-client.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('one recogniser: a lower-case title, an indented title and the reference card are cards everywhere', function () {
  this.timeout(60000);
  const dir = tempDir();
  const files = {
    'lower.md': referenceCard().replace('# T1589.002 Email Addresses', '# t1589.002 Email Addresses'),
    'indented.md': filledCard().replace('# T1059.001 PowerShell', '  # T1059.001 PowerShell'),
    'reference.md': referenceCard(),
  };
  before(() => {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  });

  it('huntcard check and huntcard coverage count all three', async () => {
    const check = await huntcard(['check', '.', '--dataset', BUNDLES.enterprise11], { cwd: dir });
    assert.match(check.stdout, /3 cards checked, 0 files skipped/);
    const csv = (await huntcard(['coverage', '.', '--format', 'csv', '--dataset', BUNDLES.enterprise11], { cwd: dir })).stdout.trim().split('\r\n').slice(1);
    assert.deepEqual(
      csv.map((r) => `${r.split(',')[0]} ${path.basename(r.split(',')[2]!)}`),
      ['T1059.001 indented.md', 'T1589.002 lower.md', 'T1589.002 reference.md'],
    );
  });

  it('the editor: diagnostics for each, both T1589.002 cards flagged duplicate-card, all three in workspace symbols', async () => {
    const client = await startClient({ workspace: dir, settings: { dataset: BUNDLES.enterprise11 } });
    try {
      const symbols = (await client.connection.sendRequest('workspace/symbol', { query: '' })) as Array<{ name: string }>;
      assert.deepEqual(symbols.map((s) => s.name).sort(), ['T1059.001 PowerShell', 'T1589.002 Email Addresses', 'T1589.002 Email Addresses']);
      for (const [name, text] of Object.entries(files)) {
        const uri = pathToFileURL(path.join(dir, name)).href;
        const published = client.diagnostics(uri);
        await client.open(uri, text);
        let diagnostics: Diagnostic[] = (await published).diagnostics;
        // The collection is read in the background; its findings may come in a second publication.
        for (let i = 0; i < 5 && name !== 'indented.md' && !diagnostics.some((d) => d.code === 'duplicate-card'); i++) diagnostics = (await client.diagnostics(uri)).diagnostics;
        assert.ok(diagnostics.length > 0, `${name} is checked as a card`);
        assert.equal(
          diagnostics.some((d) => d.code === 'duplicate-card'),
          name !== 'indented.md',
          name,
        );
      }
    } finally {
      await client.close();
    }
  });
});

describe('language server: a .huntcard.json changed while it runs applies without a restart', function () {
  this.timeout(60000);
  it('turning a rule on in the config on disk brings its diagnostics back', async () => {
    const dir = tempDir();
    const config = path.join(dir, '.huntcard.json');
    writeFileSync(config, JSON.stringify({ rules: { placeholder: 'off' } }));
    writeFileSync(path.join(dir, 'T1589.002.md'), referenceCard());
    const client = await startClient({ workspace: dir });
    try {
      const uri = pathToFileURL(path.join(dir, 'T1589.002.md')).href;
      const first = client.diagnostics(uri);
      await client.open(uri, referenceCard());
      assert.equal((await first).diagnostics.filter((d) => d.code === 'placeholder').length, 0, 'off in the config');
      writeFileSync(config, JSON.stringify({ rules: { placeholder: 'error' } }));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
      // Publications of the first check may still arrive (the collection is read in the background): wait for the new settings.
      let placeholders: Diagnostic[] = [];
      for (let i = 0; i < 5 && placeholders.length === 0; i++) placeholders = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'placeholder');
      assert.equal(placeholders.length, 26);
      assert.ok(
        placeholders.every((d) => d.severity === 1),
        'at the severity the config now gives',
      );
    } finally {
      await client.close();
    }
  });
});
