import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { migrateCardFile } from '../../server/src/engine/migrate/migrate-file.js';
import { ReleaseReviewer } from '../../server/src/engine/migrate/release-review.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { DiskWorkspace } from '../../server/src/engine/workspace/workspace.js';
import { catalog11, catalog18 } from '../helpers/cards.js';
import { tempDir } from '../helpers/tmp.js';

describe('migrate on disk: a move is finished only onto this very card', function () {
  this.timeout(60000);
  const [old, release] = [catalog11(), catalog18()];
  const reviewer = new ReleaseReviewer(new DiskWorkspace(), { release: async () => release, previous: async () => old, date: '28 November 2026' });
  const card = () => {
    const text = scaffoldCard(old.primary, 'T1574.002', { date: '1 May 2022', author: 'A' });
    return text.replace('## Overall Hypothesis\n', '## Overall Hypothesis\n\nUNIQUE-MARKER-42: side-loading through T1574.002.\n');
  };

  it('the file under the new name changed between the review and the apply: the old card is kept, and the run says so', async () => {
    // Found in review: finishing a stopped move removed the old card on the review's word, read a minute before.
    const dir = tempDir();
    const stopped = path.join(dir, 'stopped');
    const done = path.join(dir, 'done');
    for (const d of [stopped, done]) {
      mkdirSync(d);
      writeFileSync(path.join(d, 'T1574.002.md'), card());
    }
    const moved = await migrateCardFile(path.join(done, 'T1574.002.md'), { display: 'T1574.002.md', root: done, reviewer });
    assert.equal(moved.status, 'migrated');
    // A run stopped between writing the new file and removing the old one.
    writeFileSync(path.join(stopped, 'T1574.001.md'), readFileSync(path.join(done, 'T1574.001.md')));
    const file = path.join(stopped, 'T1574.002.md');
    const planned = await reviewer.review(parseCard(readFileSync(file, 'utf8'), file), file, 'T1574.002.md');
    assert.ok('plan' in planned && planned.plan?.finishMove, 'the review sees a move to finish');

    // Meanwhile a checkout puts other text under the new name.
    writeFileSync(path.join(stopped, 'T1574.001.md'), scaffoldCard(release.primary, 'T1574.001', { date: '2 May 2026', author: 'B' }));
    const outcome = await migrateCardFile(file, { display: 'T1574.002.md', root: stopped, reviewer, planned });
    assert.equal(outcome.status, 'untouched');
    assert.ok(existsSync(file), 'the old card is kept');
    assert.match(readFileSync(file, 'utf8'), /UNIQUE-MARKER-42/);
    const revoked = outcome.status === 'untouched' ? outcome.review.changes.find((c) => c.kind === 'revoked') : undefined;
    assert.match(revoked?.kind === 'revoked' ? (revoked.blocked ?? '') : '', /T1574\.001\.md already exists/);
  });

  it('a stopped move whose old card has lines above its title that the new file lacks is not finished: the old card is kept', async () => {
    // Found by a new user: only the author zones were compared, and an owner comment above the title went with the old file.
    const dir = tempDir();
    const copy = path.join(dir, 'copy');
    mkdirSync(copy);
    writeFileSync(path.join(copy, 'T1574.002.md'), card());
    await migrateCardFile(path.join(copy, 'T1574.002.md'), { display: 'T1574.002.md', root: copy, reviewer });
    writeFileSync(path.join(dir, 'T1574.001.md'), readFileSync(path.join(copy, 'T1574.001.md')));
    const old = path.join(dir, 'T1574.002.md');
    writeFileSync(old, `<!-- Owner: Team Red -->\n${card()}`);
    const outcome = await migrateCardFile(old, { display: 'T1574.002.md', root: dir, reviewer });
    assert.equal(outcome.status, 'untouched', 'the move is refused, not finished');
    assert.match(readFileSync(old, 'utf8'), /^<!-- Owner: Team Red -->/);
  });

  it('unchanged, the stopped move is finished: the old file goes and the new one holds the author zone', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'T1574.002.md'), card());
    const copy = path.join(dir, 'copy');
    mkdirSync(copy);
    writeFileSync(path.join(copy, 'T1574.002.md'), card());
    await migrateCardFile(path.join(copy, 'T1574.002.md'), { display: 'T1574.002.md', root: copy, reviewer });
    writeFileSync(path.join(dir, 'T1574.001.md'), readFileSync(path.join(copy, 'T1574.001.md')));
    const outcome = await migrateCardFile(path.join(dir, 'T1574.002.md'), { display: 'T1574.002.md', root: dir, reviewer });
    assert.equal(outcome.status === 'migrated' && outcome.finishedMove, true);
    assert.equal(existsSync(path.join(dir, 'T1574.002.md')), false);
    assert.match(readFileSync(path.join(dir, 'T1574.001.md'), 'utf8'), /UNIQUE-MARKER-42: side-loading through T1574\.001\./);
  });

  it('mentions that are not a reference of their own are reported, never rewritten; a line of inline code hides none after it', async () => {
    // Found in review and by a new user: another site's link and a longer name were rewritten; lower case and
    // the prose after a ```query``` line were neither rewritten nor reported.
    const dir = tempDir();
    const file = path.join(dir, 'T1574.002.md');
    const lines = [
      '```index=main T1574.002```',
      'Plain T1574.002 in prose.',
      'https://www.google.com/search?q=T1574.002+sideloading',
      '[wiki](https://wiki.example.lan/hunts/T1574.002)',
      'Our T1574.002-legacy detection.',
      'lower case t1574.002 here.',
    ];
    writeFileSync(file, card().replace('UNIQUE-MARKER-42: side-loading through T1574.002.', lines.join('\n\n')));
    const outcome = await migrateCardFile(file, { display: 'T1574.002.md', root: dir, reviewer });
    assert.equal(outcome.status, 'migrated');
    const text = readFileSync(path.join(dir, 'T1574.001.md'), 'utf8');
    for (const kept of lines.filter((l) => !l.startsWith('Plain'))) assert.ok(text.includes(kept), `kept as written: ${kept}`);
    assert.ok(text.includes('Plain T1574.001 in prose.'));
    const revoked = outcome.status === 'migrated' ? outcome.review.changes.find((c) => c.kind === 'revoked') : undefined;
    const mentions = revoked?.kind === 'revoked' ? revoked.mentions : [];
    assert.deepEqual(
      mentions.map((m) => [m.text, m.rewritten]),
      lines.map((l) => [l, l.startsWith('Plain')]),
    );
  });
});
