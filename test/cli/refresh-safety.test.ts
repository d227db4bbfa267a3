// Issue 11: a hunter's text is never lost. Every case runs the real `huntcard`
// binary on real files and compares bytes.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const PULL = '*Last pulled from Mitre on: 23 June 2022*';
const isRoot = process.getuid?.() === 0;

describe('cli: refresh never loses what a hunter wrote', function () {
  this.timeout(60000);
  const dir = tempDir();
  let card11: string;

  before(async () => {
    const r = await huntcard(['new', 'T1589.002', '--dataset', BUNDLES.enterprise11, '--date', '23 June 2022', '--author', 'J. Smith', '-o', 'base.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    card11 = readFileSync(path.join(dir, 'base.md'), 'utf8');
  });

  /** Writes a card (text or bytes), runs refresh on it, returns the result and the bytes after. */
  async function refresh(name: string, content: string | Buffer, extra: string[] = []) {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    const r = await huntcard(['refresh', name, ...extra], { cwd: dir });
    return { ...r, after: readFileSync(file) };
  }

  const withNotes = (text: string) => text.replace('## Overall Hypothesis\n', `## Overall Hypothesis\n\nMy own note.\n\n*Last pulled from Mitre on: 1 January 2020*\n\nMore notes.\n`);

  it('the pull-date line joined to the Note (blank line deleted) and a lookalike in the notes: only the zone changes', async () => {
    const text = withNotes(card11.replace(`below*\n\n${PULL}`, `below*\n${PULL}`));
    const { code, stdout, after } = await refresh('joined.md', text);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /joined\.md: refreshed/);
    const author = text.slice(text.indexOf(PULL) + PULL.length + 1);
    assert.ok(after.toString('utf8').endsWith(author), 'every byte after the pull-date line is kept');
    assert.match(after.toString('utf8'), /My own note\.\n\n\*Last pulled from Mitre on: 1 January 2020\*\n\nMore notes\./);
  });

  for (const [shape, hide] of [
    ['indented 4 spaces', (t: string) => t.replace(PULL, `    ${PULL}`)],
    ['inside a block quote', (t: string) => t.replace(PULL, `> ${PULL}`)],
    ['wrapped in an HTML comment', (t: string) => t.replace(PULL, `<!--\n${PULL}\n-->`)],
    ['deleted', (t: string) => t.replace(`${PULL}\n`, '')],
  ] as const) {
    it(`the real pull-date line ${shape}, a lookalike in the notes: refused, file untouched, check says why`, async () => {
      const text = withNotes(hide(card11));
      const name = `hidden-${shape.replace(/\W+/g, '-')}.md`;
      const { code, stderr, after } = await refresh(name, text);
      assert.equal(code, 2, stderr);
      assert.equal(after.toString('utf8'), text, 'not a byte changed');
      assert.match(stderr, /ambiguous/);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      const check = await huntcard(['check', name], { cwd: dir });
      assert.equal(check.code, 1);
      assert.match(check.stdout, new RegExp(`^${name}:\\d+:1 error attack-zone-boundary `, 'm'));
    });
  }

  it('bytes that are not UTF-8 in the author zone (a Windows-1252 card) are kept exactly, and check reports them', async () => {
    const [zone, author] = [card11.slice(0, card11.indexOf(PULL) + PULL.length + 1), card11.slice(card11.indexOf(PULL) + PULL.length + 1)];
    // Windows-1252: ü is the single byte 0xFC, curly quotes are 0x93 and 0x94.
    const author1252 = Buffer.concat([Buffer.from(author.replace('J. Smith', 'J. M\u00fcller'), 'latin1'), Buffer.from([0x93, 0x71, 0x94, 0x0a])]);
    const content = Buffer.concat([Buffer.from(zone, 'utf8'), author1252]);
    const { code, after } = await refresh('cp1252.md', content);
    assert.equal(code, 0);
    assert.ok(after.subarray(after.length - author1252.length).equals(author1252), 'the author bytes, 0xFC included, are unchanged');
    assert.ok(after.includes(Buffer.from([0x4d, 0xfc, 0x6c])), 'M\\xFCller is still one byte 0xFC');
    const check = await huntcard(['check', 'cp1252.md'], { cwd: dir });
    assert.match(check.stdout, /cp1252\.md:\d+:\d+ warning file-encoding Line \d+ holds bytes that are not valid UTF-8/);
  });

  it('a UTF-8 byte-order mark survives refresh', async () => {
    const { code, after } = await refresh('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(card11, 'utf8')]));
    assert.equal(code, 0);
    assert.deepEqual([...after.subarray(0, 5)], [0xef, 0xbb, 0xbf, 0x23, 0x20], 'BOM, then "# "');
    assert.ok(after.toString('utf8').endsWith(card11.slice(card11.indexOf(PULL) + PULL.length + 1)));
  });

  it('a UTF-16 card is checked and refreshed as UTF-16, not skipped', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(card11, 'utf16le')]);
    writeFileSync(path.join(dir, 'utf16.md'), utf16);
    const check = await huntcard(['check', 'utf16.md', '--dataset', BUNDLES.enterprise11], { cwd: dir });
    assert.match(check.stdout, /1 card checked, 0 files skipped/);
    assert.match(check.stdout, /^utf16\.md:82:3 warning placeholder /m);
    const { code, after } = await refresh('utf16.md', utf16);
    assert.equal(code, 0);
    assert.deepEqual([...after.subarray(0, 2)], [0xff, 0xfe]);
    const text = new TextDecoder('utf-16le').decode(after.subarray(2));
    assert.match(text, /^# T1589\.002 Email Addresses\n/);
    assert.ok(text.endsWith(card11.slice(card11.indexOf(PULL) + PULL.length + 1)));
  });

  it('CR-only line endings stay CR-only in the refreshed zone', async () => {
    const cr = card11.replace(/\n/g, '\r');
    const { code, after } = await refresh('cr.md', cr);
    assert.equal(code, 0);
    assert.ok(!after.includes(0x0a), 'no LF was written');
  });

  it('a save that lands while refresh works is never overwritten: refresh reads the card again', async () => {
    const file = path.join(dir, 'racing.md');
    writeFileSync(file, card11);
    const r = await huntcard(['refresh', 'racing.md'], {
      cwd: dir,
      nodeArgs: ['--import', path.join(REPO, 'test', 'fixtures', 'save-during-write.mjs')],
      env: { HUNTCARD_TEST_SAVE_DURING_WRITE: file },
    });
    assert.equal(r.code, 0, r.stderr);
    const after = readFileSync(file, 'utf8');
    assert.ok(after.endsWith('\nSaved while refresh ran.\n'), 'the line the "editor" appended is there');
    assert.match(after, /\*Last pulled from Mitre on: \d+ \w+ 20\d\d\*/);
    assert.doesNotMatch(after, /23 June 2022\*/, 'and the zone was refreshed on the second read');
  });

  it('keeps the mode of the card (0600 stays 0600)', async () => {
    const file = path.join(dir, 'private.md');
    writeFileSync(file, card11);
    chmodSync(file, 0o600);
    const r = await huntcard(['refresh', 'private.md'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('refuses a read-only card with a message and leaves it read-only and unchanged', async () => {
    const file = path.join(dir, 'readonly.md');
    writeFileSync(file, card11);
    chmodSync(file, 0o444);
    const r = await huntcard(['refresh', 'readonly.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /readonly\.md is read-only; not refreshing it/);
    assert.equal(statSync(file).mode & 0o777, 0o444);
    assert.equal(readFileSync(file, 'utf8'), card11);
  });

  it('refuses a hard-linked card rather than splitting the link', async () => {
    const file = path.join(dir, 'linked.md');
    writeFileSync(file, card11);
    linkSync(file, path.join(dir, 'linked-too.txt'));
    const r = await huntcard(['refresh', 'linked.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /has 2 hard links/);
    assert.equal(statSync(file).nlink, 2);
    assert.equal(readFileSync(file, 'utf8'), card11);
  });

  it('keeps the owner and group of the card', async () => {
    const file = path.join(dir, 'owned.md');
    writeFileSync(file, card11);
    // Root (as in CI) can give the card to another user and group; anyone else keeps their own.
    const [uid, gid] = isRoot ? [1234, 5678] : [statSync(file).uid, statSync(file).gid];
    if (isRoot) chownSync(file, uid, gid);
    const r = await huntcard(['refresh', 'owned.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const stat = statSync(file);
    assert.deepEqual([stat.uid, stat.gid], [uid, gid]);
    assert.match(readFileSync(file, 'utf8'), /Last pulled from Mitre on: \d+ \w+ 20\d\d\*/);
  });
});
