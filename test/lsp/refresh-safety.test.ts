// Issue 11 in the editor: Refresh ATT&CK Zone goes through the real server over
// stdio and edits only the zone, or refuses; it never sends an edit that would
// overwrite the author zone.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApplyWorkspaceEditParams, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { referenceCard } from '../helpers/cards.js';
import { startClient, type LspClient } from '../helpers/lsp-client.js';
import { tempDir } from '../helpers/tmp.js';

const PULL = '*Last pulled from Mitre on: 23 June 2022*';
const NOTES = '## Overall Hypothesis\n\nMy own note.\n\n*Last pulled from Mitre on: 1 January 2020*\n\nMore notes.\n';

describe('language server: Refresh ATT&CK Zone never overwrites the author zone', function () {
  this.timeout(30000);
  const dir = tempDir();
  let client: LspClient;
  before(async () => {
    client = await startClient({ workspace: dir });
  });
  after(() => client.close());

  async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = pathToFileURL(path.join(dir, name)).href;
    const published = client.diagnostics(uri);
    await client.open(uri, text);
    return { uri, diagnostics: (await published).diagnostics };
  }

  it('refuses a card whose pull-date line is indented, and says why in a diagnostic', async () => {
    const text = referenceCard().replace(PULL, `    ${PULL}`).replace('## Overall Hypothesis\n', NOTES);
    const { uri, diagnostics } = await open('hidden.md', text);
    assert.ok(diagnostics.some((d) => d.code === 'attack-zone-boundary' && d.severity === 1));
    const applied = client.applied.length;
    await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: 'huntcard.refreshAttackZone', arguments: [{ uri }] }), /ambiguous/);
    assert.equal(client.applied.length, applied, 'no edit was sent');
  });

  it('with the pull-date line joined to the Note, the edit ends at that line and the notes below survive', async () => {
    const text = referenceCard().replace(`below*\n\n${PULL}`, `below*\n${PULL}`).replace('## Overall Hypothesis\n', NOTES);
    const { uri } = await open('joined.md', text);
    await client.connection.sendRequest('workspace/executeCommand', { command: 'huntcard.refreshAttackZone', arguments: [{ uri }] });
    const edit = client.applied.at(-1) as ApplyWorkspaceEditParams;
    const edits = edit.edit.changes![uri] as TextEdit[];
    const after = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
    assert.ok(after.endsWith(text.slice(text.indexOf(PULL) + PULL.length + 1)), 'every byte after the pull-date line is kept');
    assert.match(after, /My own note\.\n\n\*Last pulled from Mitre on: 1 January 2020\*\n\nMore notes\./);
  });
});
