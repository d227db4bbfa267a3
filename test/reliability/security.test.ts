import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Catalog } from '../../server/src/engine/attack/query/catalog.js';
import { datasetFromBundleText } from '../../server/src/engine/attack/stix/bundle-reader.js';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { cardFilePath } from '../../server/src/engine/scaffold/card-file-name.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { completeAt, resolveCompletion } from '../../server/src/lsp/completion.js';
import { hoverAt } from '../../server/src/lsp/hover.js';
import { icsBundle } from '../fixtures/ics-bundle.js';
import { huntcard } from '../helpers/cli.js';
import { filledCard } from '../helpers/cards.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[run me](command:workbench.action.terminal.new)',
  '[secrets](file:///etc/passwd)',
  '[js](javascript:alert(1))',
  '![tracker](http://evil.example/pixel.png)',
  '<a href="command:workbench.action.openSettings">settings</a>',
  '[ok](https://attack.mitre.org/techniques/T0800)',
].join(' ');

/** The ICS fixture with every description, name and reference poisoned. */
function hostileCatalog(): Catalog {
  const bundle = icsBundle() as { objects: Array<Record<string, unknown>> };
  for (const o of bundle.objects) {
    if (typeof o.description === 'string') o.description = `${o.description} ${HOSTILE}`;
    for (const r of (o.external_references as Array<Record<string, unknown>> | undefined) ?? []) {
      if (r.description) r.description = `${String(r.description)} ${HOSTILE}`;
    }
    if (o.type === 'intrusion-set') o.aliases = ['<b>bold</b>', '[alias](command:x)'];
  }
  return new Catalog([datasetFromBundleText(JSON.stringify(bundle), 'hostile-ics-attack.json')]);
}

function assertSafe(markdown: string, where: string): void {
  assert.doesNotMatch(markdown, /<(img|script|a|b)\b/i, `${where}: raw HTML survived`);
  assert.doesNotMatch(markdown, /\]\((command|file|javascript|vscode|data):/i, `${where}: a non-http link target survived`);
  assert.doesNotMatch(markdown, /(^|[^\u200b])\b(command|javascript):[a-z]/i, `${where}: a command: or javascript: URI survived`);
  assert.doesNotMatch(markdown, /!\[[^\]]*\]\(/, `${where}: an image survived`);
}

describe('reliability: security', () => {
  it('hovers and completion docs built from a hostile dataset carry no HTML, images or command links', () => {
    const catalog = hostileCatalog();
    const text = scaffoldCard(catalog.primary, 'T0800', { date: '1 May 2026', author: 'x' }).replace(
      '| Example APT/Threat actor |',
      '| [Sandworm Team](https://attack.mitre.org/groups/G0034) G0034 |',
    );
    const card = parseCard(text, 'file:///h/T0800.md');
    let hovers = 0;
    for (const needle of ['T0800', 'G0034', 'Sandworm Team', '(Citation: ']) {
      let from = 0;
      for (let at = text.indexOf(needle, from); at >= 0 && from < text.length; at = text.indexOf(needle, from)) {
        const hover = hoverAt(card, catalog, at + 2);
        if (hover) {
          hovers++;
          assertSafe((hover.contents as { value: string }).value, `hover on ${needle} at ${at}`);
        }
        from = at + needle.length;
      }
    }
    assert.ok(hovers >= 4, `hovers seen: ${hovers}`);
    const line = card.lines.position(text.indexOf('## Overall Hypothesis'));
    const list = completeAt(parseCard(text.replace('## Overall Hypothesis', 'T08\n## Overall Hypothesis'), card.uri), catalog, { line: line.line, character: 3 });
    assert.ok(list.items.length > 0);
    for (const item of list.items) {
      const doc = resolveCompletion(item, catalog).documentation as { value: string } | undefined;
      if (doc) assertSafe(doc.value, `completion ${item.label}`);
    }
  });

  it('file names from technique IDs or patterns cannot leave the target folder', () => {
    const dir = tempDir();
    assert.equal(cardFilePath(dir, 'T1059.001'), path.join(dir, 'T1059.001.md'));
    for (const id of ['../T1059', '/etc/passwd', 'T1059/../../x', 'CON', 'T1059.001\u0000', '..', 'T1059.001 ']) {
      assert.throws(() => cardFilePath(dir, id), /not a technique ID/, id);
    }
    for (const pattern of ['../{id}.md', '/tmp/{id}.md', '{id}/../../x.md', 'a/<{id}>.md', '']) {
      assert.throws(() => cardFilePath(dir, 'T1059.001', pattern), /outside|not a technique/, pattern);
    }
  });

  it('refresh never writes through a symbolic link out of the folder it was given', async () => {
    const root = tempDir();
    const workspace = path.join(root, 'workspace');
    const outside = path.join(root, 'outside');
    mkdirSync(workspace);
    mkdirSync(outside);
    const stale = filledCard().replace(/^(### Tactics:)/m, '$1\n\n  * Stale Tactic');
    writeFileSync(path.join(outside, 'T1059.001.md'), stale);
    symlinkSync(path.join(outside, 'T1059.001.md'), path.join(workspace, 'T1059.001.md'));
    const r = await huntcard(['refresh', workspace]);
    // Folder walks do not follow links at all; named, the link is refused.
    const named = await huntcard(['refresh', path.join(workspace, 'T1059.001.md'), '--date', '1 May 2026']);
    assert.equal(readFileSync(path.join(outside, 'T1059.001.md'), 'utf8'), stale, `${r.stdout}${named.stdout}${named.stderr}: the card outside is untouched`);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /symbolic link to .*outside.*not writing there/);

    // A link to a card inside the same folder is followed, and stays a link.
    writeFileSync(path.join(workspace, 'real.md'), stale);
    symlinkSync(path.join(workspace, 'real.md'), path.join(workspace, 'alias.md'));
    const inside = await huntcard(['refresh', path.join(workspace, 'alias.md'), '--date', '1 May 2026']);
    assert.equal(inside.code, 0, inside.stderr);
    assert.ok(lstatSync(path.join(workspace, 'alias.md')).isSymbolicLink());
    assert.equal(readlinkSync(path.join(workspace, 'alias.md')), path.join(workspace, 'real.md'));
    assert.doesNotMatch(readFileSync(path.join(workspace, 'real.md'), 'utf8'), /Stale Tactic/);
  });

  it('in an untrusted workspace the download URL and dataset path are restricted and updates are off', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual([...trust.restrictedConfigurations].sort(), ['huntcard.dataset', 'huntcard.downloadUrl']);
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['huntcard.dataset'].scope, 'machine-overridable');
    assert.equal(props['huntcard.downloadUrl'].scope, 'machine-overridable');
    const update = manifest.contributes.commands.find((c: { command: string }) => c.command === 'huntcard.updateData');
    assert.equal(update.enablement, 'isWorkspaceTrusted');
    const client = readFileSync(path.join(REPO, 'client', 'src', 'commands', 'update-data.ts'), 'utf8');
    assert.match(client, /if \(!vscode\.workspace\.isTrusted\)/, 'the command itself refuses too, whoever calls it');
    const check = readFileSync(path.join(REPO, 'client', 'src', 'update-check.ts'), 'utf8');
    assert.match(check, /!vscode\.workspace\.isTrusted\) return/, 'no background release check either');
  });
});
