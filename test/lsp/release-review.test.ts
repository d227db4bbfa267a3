// Issue 17 in the editor: the release review and a card's migration through the real
// server over stdio, with URIs (a folder with a space and an accent), open buffers,
// and the copy of the data an update kept as the release before.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildIndex } from '../../server/src/engine/attack/stix/build-index.js';
import { writeIndexDir } from '../../server/src/engine/attack/store/index-store.js';
import type { CommandResult, ReleaseReview } from '../../server/src/protocol.js';
import { huntcard } from '../helpers/cli.js';
import { startClient, type LspClient } from '../helpers/lsp-client.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('language server: huntcard.reviewRelease and huntcard.migrateCard', function () {
  this.timeout(120000);
  const dir = tempDir();
  const cards = path.join(dir, 'hunt cards é');
  const cacheDir = path.join(dir, 'cache');
  const uri = (name: string) => pathToFileURL(path.join(cards, name)).href;
  let client: LspClient;
  const run = <T>(command: string, params: object) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: [params] }) as Promise<T>;

  before(async () => {
    mkdirSync(cards);
    const made = await huntcard(['new', 'T1574.002', 'T1589.002', '--dataset', BUNDLES.enterprise11, '--date', '23 June 2022', '--author', 'Hunter', '--out-dir', cards]);
    assert.equal(made.code, 0, made.stderr);
    const revoked = path.join(cards, 'T1574.002.md');
    writeFileSync(revoked, readFileSync(revoked, 'utf8').replace('## Overall Hypothesis\n\n- Information Here', '## Overall Hypothesis\n\n- Side-loading, T1574.002.'));
    // What Update ATT&CK Data leaves: the newest release, and the copy it replaced.
    for (const [name, file] of [
      ['enterprise-attack', BUNDLES.enterprise18],
      ['enterprise-attack.previous', BUNDLES.enterprise11],
    ] as const) {
      await writeIndexDir(path.join(cacheDir, name), buildIndex(JSON.parse(readFileSync(file, 'utf8')), file));
    }
    client = await startClient({ workspace: cards, initializationOptions: { cacheDir } });
  });
  after(() => client.close());

  it('reviews the workspace against the data in use, from the copy the last update kept; cards are named by URI', async () => {
    const review = await run<ReleaseReview>('huntcard.reviewRelease', {});
    assert.equal(review.release, 'Enterprise ATT&CK v18.1');
    assert.equal(review.previous, 'Enterprise ATT&CK v11.2');
    assert.deepEqual(
      review.cards.map((c) => c.file),
      [uri('T1574.002.md'), uri('T1589.002.md')],
    );
    assert.deepEqual(review.cards[0]!.steps, { refresh: true, renameTo: 'T1574.001.md', rewrites: 1 });
  });

  it("a card's migration as edits of its text (an unsaved buffer's), and the URI it moves to; nothing is written", async () => {
    const file = path.join(cards, 'T1574.002.md');
    const onDisk = readFileSync(file, 'utf8');
    const unsaved = onDisk.replace('- Side-loading, T1574.002.', '- Side-loading, T1574.002, seen in the lab.');
    await client.open(uri('T1574.002.md'), unsaved);
    const result = await run<CommandResult<'huntcard.migrateCard'>>('huntcard.migrateCard', { uri: uri('T1574.002.md') });
    assert.equal(result.moveTo, uri('T1574.001.md'));
    assert.equal(TextDocument.applyEdits(TextDocument.create(uri('T1574.002.md'), 'markdown', 1, unsaved), result.edits), result.text, 'the edits make the text');
    assert.ok(result.edits.length > 3, 'the zone is edited line by line (a preview shows what changed), not replaced whole');
    assert.ok(
      result.edits.some((e) => e.range.start.line === 0 && e.newText === '# T1574.001 DLL\n'),
      'the title line is one edit',
    );
    assert.match(result.text, /^# T1574\.001 DLL\n/);
    assert.ok(result.text.endsWith(unsaved.slice(unsaved.indexOf('*Last pulled')).split('\n').slice(1).join('\n').replace('T1574.002, seen', 'T1574.001, seen')));
    assert.equal(readFileSync(file, 'utf8'), onDisk, 'the server writes nothing');
  });

  it('a URI that is not a card, and bad arguments, are clear errors', async () => {
    writeFileSync(path.join(cards, 'notes.md'), '# Notes\n');
    await assert.rejects(run('huntcard.migrateCard', { uri: uri('notes.md') }), /is not a hunt card/);
    await assert.rejects(run('huntcard.migrateCard', {}), /uri/);
    // Data named for a review must load: a fallback to the data in use would review against the wrong release.
    await assert.rejects(run('huntcard.reviewRelease', { release: path.join(dir, 'missing.json') }), /missing\.json/);
    await assert.rejects(run('huntcard.reviewRelease', { previous: path.join(dir, 'missing.json') }), /missing\.json/);
  });
});
