// Issue 17: ATT&CK releases without fear — `huntcard migrate` reviews a collection against a
// new release and --apply migrates it, on real data (Enterprise 11.2 → 18.1) and on a
// synthetic next release derived from 18.1 at test time (test/fixtures/next-release.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CardReview, ReleaseChange, ReleaseReview } from '../../server/src/protocol.js';
import { type NextReleaseChanges, writeNextRelease } from '../fixtures/next-release.js';
import { huntcard } from '../helpers/cli.js';
import { bundle } from '../helpers/datasets.js';
import { BUNDLES, CLI } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const PULL_LINE = /\*Last pulled from Mitre on: [^*]*\*\r?\n/;

/** Everything after the pull-date line: the author zone, as bytes. */
function authorZone(file: string): Buffer {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  const m = PULL_LINE.exec(text);
  assert.ok(m, `${file} has a pull-date line`);
  return bytes.subarray(m.index + m[0].length);
}

function edit(file: string, replacements: Array<[string, string]>): void {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of replacements) {
    assert.ok(text.includes(from), `${path.basename(file)} holds ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
}

const reviewOf = (review: ReleaseReview, file: string): CardReview => {
  const found = review.cards.find((c) => c.file === file);
  assert.ok(found, `the review has ${file}: ${review.cards.map((c) => c.file).join(', ')}`);
  return found;
};
const changesOf = <K extends ReleaseChange['kind']>(card: CardReview, kind: K) => card.changes.filter((c): c is Extract<ReleaseChange, { kind: K }> => c.kind === kind);

const TEMPLATE_ROW = '| Example APT/Threat actor | 1, 2 | 1, 2 |';

describe('cli: huntcard migrate, Enterprise 11.2 → 18.1 on a filled collection', function () {
  this.timeout(300000);
  const dir = tempDir();
  const cards = path.join(dir, 'cards');
  const migrate = (args: string[]) => huntcard(['migrate', 'cards', '--dataset', BUNDLES.enterprise18, '--from', BUNDLES.enterprise11, ...args], { cwd: dir });
  let review: ReleaseReview;
  const originals = new Map<string, Buffer>();

  before(async () => {
    mkdirSync(cards);
    const made = await huntcard(['new', 'T1059.001', 'T1589.002', 'T1003.001', 'T1574.002', '--dataset', BUNDLES.enterprise11, '--date', '1 June 2022', '--author', 'Hunter', '--out-dir', 'cards'], {
      cwd: dir,
    });
    assert.equal(made.code, 0, made.stderr);
    // A card that skipped releases: pulled before 11.2 came out.
    edit(path.join(cards, 'T1059.001.md'), [['*Last pulled from Mitre on: 1 June 2022*', '*Last pulled from Mitre on: 3 March 2021*']]);
    // DLL Side-Loading, revoked into T1574.001 by 18.1: the old ID as an ID, a link, inline code and in a query.
    edit(path.join(cards, 'T1574.002.md'), [
      [
        '## Overall Hypothesis\n\n- Information Here',
        '## Overall Hypothesis\n\n- Side-loading (T1574.002), see [ATT&CK](https://attack.mitre.org/techniques/T1574/002); tag `T1574.002`; Sigma: attack.t1574.002.',
      ],
      ['  * **Query:** ```Input your query here```', '  * **Query:**\n\n```kql\nDeviceEvents | where Tag == "T1574.002"\n```'],
    ]);
    // MuddyWater used T1589.002 in 11.2 and no longer does in 18.1; Operation Wocao is no longer a group in 18.1.
    edit(path.join(cards, 'T1589.002.md'), [[TEMPLATE_ROW, '| MuddyWater | 1 | 2 |\n| [APT32](https://attack.mitre.org/groups/G0050) | 1 | |']]);
    edit(path.join(cards, 'T1003.001.md'), [[TEMPLATE_ROW, '| [Operation Wocao](https://attack.mitre.org/groups/G0116) | 1 | |']]);
    // Charming Kitten: an alias of Magic Hound (live, uses PowerShell) and the name of a group revoked into it.
    edit(path.join(cards, 'T1059.001.md'), [[TEMPLATE_ROW, '| Charming Kitten | 1 | |']]);
    // CRLF line ends and a byte order mark: the author zone's bytes must survive as they are.
    const crlf = path.join(cards, 'T1003.001.md');
    writeFileSync(crlf, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(readFileSync(crlf, 'utf8').replace(/\n/g, '\r\n'))]));
    writeFileSync(path.join(cards, 'README.md'), '# Our cards\n\nNot a card; mentions T1574.002.\n');
    for (const name of readdirSync(cards)) originals.set(name, readFileSync(path.join(cards, name)));
    const r = await migrate(['--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    review = JSON.parse(r.stdout) as ReleaseReview;
  });

  it('counts every card and each kind of entry', () => {
    assert.equal(review.release, 'Enterprise ATT&CK v18.1');
    assert.equal(review.previous, 'Enterprise ATT&CK v11.2');
    assert.deepEqual(review.tactics, [], 'Enterprise kept its fourteen tactics from 11.2 to 18.1');
    assert.deepEqual(review.counts, { cards: 4, unchanged: 0, zone: 4, revoked: 1, deprecated: 0, unknown: 0, tactics: 0, groupRows: 5, oldPulls: 1, blocked: 0 });
    assert.deepEqual(
      review.cards.map((c) => c.file),
      ['cards/T1003.001.md', 'cards/T1059.001.md', 'cards/T1574.002.md', 'cards/T1589.002.md'],
    );
  });

  it('summarises zone changes, groups by ID and name, as the two bundles differ', () => {
    const [zone] = changesOf(reviewOf(review, 'cards/T1589.002.md'), 'zone');
    const before = new Set(
      bundle('enterprise11')
        .groupUsesOf('T1589.002')
        .map((u) => u.group.id),
    );
    const after = bundle('enterprise18').groupUsesOf('T1589.002');
    assert.deepEqual(
      zone!.zone.groups.added,
      after.filter((u) => !before.has(u.group.id)).map((u) => ({ id: u.group.id, name: u.group.name })),
    );
    assert.deepEqual(zone!.zone.groups.removed, [{ id: 'G0069', name: 'MuddyWater' }]);
    assert.ok(zone!.zone.description);
    assert.ok(zone!.zone.detection.changed);
    assert.ok(
      zone!.zone.detection.added.some((id) => id.startsWith('DET')),
      'v18 detection strategies are named',
    );
    const [powershell] = changesOf(reviewOf(review, 'cards/T1059.001.md'), 'zone');
    assert.ok(powershell!.zone.dataSources.added.includes('WinEventLog:PowerShell: Command Execution'), powershell!.zone.dataSources.added.join(', '));
  });

  it('a revoked card: its replacement, its new file, every mention of the old ID in the author zone', () => {
    const card = reviewOf(review, 'cards/T1574.002.md');
    const [revoked] = changesOf(card, 'revoked');
    assert.deepEqual(revoked!.replacement, { id: 'T1574.001', name: 'DLL' });
    assert.equal(revoked!.newFile, 'T1574.001.md');
    assert.deepEqual(
      revoked!.mentions.map((m) => m.rewritten),
      [true, true, false, true, false],
      'the ID, the link and the tag are rewritten; inline code and the query are the author’s to judge',
    );
    assert.deepEqual(card.steps, { refresh: true, renameTo: 'T1574.001.md', rewrites: 3 });
  });

  it('Adversary Examples: a group that stopped using the technique, one that is gone, and groups new to it', () => {
    const [stopped] = changesOf(reviewOf(review, 'cards/T1589.002.md'), 'stale-group-row');
    assert.deepEqual({ group: stopped!.group, why: stopped!.why }, { group: { id: 'G0069', name: 'MuddyWater' }, why: 'stopped' });
    assert.match(stopped!.where.text, /^\| MuddyWater \|/);
    const [gone] = changesOf(reviewOf(review, 'cards/T1003.001.md'), 'stale-group-row');
    assert.deepEqual({ id: gone!.group.id, why: gone!.why }, { id: 'G0116', why: 'gone' });
    assert.deepEqual(gone!.now, { id: 'C0014', name: 'Operation Wocao' }, 'a group ATT&CK turned into a campaign is named as that campaign');
    const [added] = changesOf(reviewOf(review, 'cards/T1589.002.md'), 'new-groups');
    assert.deepEqual(
      added!.groups.map((g) => g.id),
      ['G1036', 'G1031', 'G1017', 'G1011', 'G1004', 'G1001'],
    );
    assert.equal(changesOf(reviewOf(review, 'cards/T1574.002.md'), 'new-groups').length, 0, 'a card whose rows name no ATT&CK group is not asked for rows');
    assert.equal(changesOf(reviewOf(review, 'cards/T1059.001.md'), 'stale-group-row').length, 0, 'Charming Kitten is read as the live Magic Hound, which uses PowerShell');
  });

  it('a card pulled before the release before this one', () => {
    const [old] = changesOf(reviewOf(review, 'cards/T1059.001.md'), 'old-pull');
    assert.deepEqual(old, { kind: 'old-pull', pulled: '3 March 2021', previous: 'Enterprise ATT&CK v11.2', released: '2022-05-24' });
  });

  it('the Markdown report is fit for a pull request, and the dry run wrote nothing', async () => {
    const r = await migrate([]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# ATT&CK release review: Enterprise ATT&CK v11\.2 → Enterprise ATT&CK v18\.1\n\n4 cards reviewed: 4 with ATT&CK zone changes, 1 revoked,/);
    assert.match(r.stdout, /### `cards\/T1574\.002\.md`: T1574\.002 DLL Side-Loading\n\n- \*\(mechanical\)\* \*\*Revoked\*\*: T1574\.002 is now T1574\.001 DLL; the card moves to `T1574\.001\.md`\./);
    assert.match(r.stdout, /- \[ \] Adversary Examples, line \d+: MuddyWater \(G0069\) no longer uses T1589\.002 in this release/);
    assert.match(r.stdout, /Operation Wocao \(G0116\) is no longer a group in this release \(now the campaign Operation Wocao \(C0014\)\)/);
    for (const [name, bytes] of originals) assert.ok(readFileSync(path.join(cards, name)).equals(bytes), `${name} untouched by a dry run`);
  });

  it('a release of another domain, data that does not load, a missing folder: clear errors, exit 2, nothing written', async () => {
    const mobile = await migrate(['--dataset', BUNDLES.mobile18]);
    assert.equal(mobile.code, 2);
    assert.match(mobile.stderr, /None of the 4 cards is a card of Mobile ATT&CK v18\.1's domain \(they are of Enterprise ATT&CK v11\.2\)/);
    const from = await huntcard(['migrate', 'cards', '--dataset', BUNDLES.enterprise18, '--from', 'nope.json'], { cwd: dir });
    assert.equal(from.code, 2);
    assert.match(from.stderr, /nope\.json/);
    assert.doesNotMatch(from.stderr, /\n\s+at /, 'no stack trace');
    const folder = await migrate(['--apply', 'no-such-folder']);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /No such file or folder: no-such-folder/);
    for (const [name, bytes] of originals) assert.ok(readFileSync(path.join(cards, name)).equals(bytes), `${name} untouched`);
  });

  it('a release older than the data before it is refused; a card of another domain is left alone, in the notes; -o x.json is JSON; a file name carrying the technique name follows it', async () => {
    const back = await huntcard(['migrate', 'cards', '--dataset', BUNDLES.enterprise11, '--from', BUNDLES.enterprise18], { cwd: dir });
    assert.equal(back.code, 2);
    assert.match(back.stderr, /Enterprise ATT&CK v11\.2 is older than the data the cards use now \(Enterprise ATT&CK v18\.1\): migrating would take them back\./);

    const mixed = path.join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(path.join(mixed, 'T1574.002 DLL Side-Loading.md'), originals.get('T1574.002.md')!);
    assert.equal((await huntcard(['new', 'T1406', '--dataset', BUNDLES.mobile18, '--out-dir', 'mixed', '--author', 'Hunter'], { cwd: dir })).code, 0);
    const mobile = readFileSync(path.join(mixed, 'T1406.md'));
    const r = await huntcard(['migrate', 'mixed', '--dataset', BUNDLES.enterprise18, '--from', BUNDLES.enterprise11, '-o', 'mixed-review.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const written = JSON.parse(readFileSync(path.join(dir, 'mixed-review.json'), 'utf8')) as ReleaseReview;
    assert.equal(written.counts.cards, 1);
    assert.deepEqual(written.notes, ["mixed/T1406.md: a card of Mobile ATT&CK v18.1, not of this release's domain; not reviewed."]);
    assert.equal(written.cards[0]!.steps?.renameTo, 'T1574.001 DLL.md');
    const applied = await huntcard(['migrate', 'mixed', '--dataset', BUNDLES.enterprise18, '--from', BUNDLES.enterprise11, '--apply'], { cwd: dir });
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(readdirSync(mixed).sort(), ['T1406.md', 'T1574.001 DLL.md']);
    assert.ok(readFileSync(path.join(mixed, 'T1406.md')).equals(mobile), 'the Mobile card is not touched');
  });

  it('--apply, then check with 18.1: no stale zone, revoked technique or name mismatch; author zones byte-identical but for the reported rewrites', async () => {
    const r = await migrate(['--apply', '--date', '28 November 2026']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^cards\/T1574\.002\.md: moved to cards\/T1574\.001\.md \(T1574\.001 DLL\); ATT&CK zone refreshed; 3 mentions of T1574\.002 in the author zone rewritten$/m);
    assert.match(r.stderr, /^4 cards migrated\.$/m);
    assert.match(r.stdout, /- \*\(applied\)\* ATT&CK zone refreshed: /);
    // The review after --apply names the cards as they are now: the moved card by its new name, lines where they moved to.
    assert.match(r.stdout, /### `cards\/T1574\.001\.md`: T1574\.002 DLL Side-Loading/);
    const muddy = Number(/Adversary Examples, line (\d+): MuddyWater/.exec(r.stdout)![1]);
    assert.match(readFileSync(path.join(cards, 'T1589.002.md'), 'utf8').split(/\r?\n/)[muddy - 1]!, /^\| MuddyWater \|/);
    assert.deepEqual(readdirSync(cards).sort(), ['README.md', 'T1003.001.md', 'T1059.001.md', 'T1574.001.md', 'T1589.002.md']);

    const check = await huntcard(['check', 'cards', '--dataset', BUNDLES.enterprise18, '--format', 'json'], { cwd: dir });
    const rules = new Set((JSON.parse(check.stdout) as { diagnostics: Array<{ rule: string }> }).diagnostics.map((d) => d.rule));
    assert.ok(rules.has('placeholder'), 'check ran over the migrated cards');
    for (const rule of ['stale-attack-zone', 'revoked-technique', 'technique-name-mismatch']) assert.ok(!rules.has(rule), `${rule} after migrate --apply: ${[...rules].join(', ')}`);

    for (const name of ['T1059.001.md', 'T1589.002.md', 'T1003.001.md']) {
      const before = path.join(dir, 'before', name);
      mkdirSync(path.dirname(before), { recursive: true });
      writeFileSync(before, originals.get(name)!);
      assert.ok(authorZone(path.join(cards, name)).equals(authorZone(before)), `${name}: author zone byte-identical`);
    }
    assert.ok(
      readFileSync(path.join(cards, 'T1003.001.md'))
        .subarray(0, 3)
        .equals(Buffer.from([0xef, 0xbb, 0xbf])),
      'the byte order mark stays',
    );
    const moved = authorZone(path.join(cards, 'T1574.001.md')).toString('utf8');
    const was = originals.get('T1574.002.md')!.toString('utf8');
    const expected = was
      .slice(PULL_LINE.exec(was)!.index + PULL_LINE.exec(was)![0].length)
      .replace('(T1574.002)', '(T1574.001)')
      .replace('techniques/T1574/002', 'techniques/T1574/001')
      .replace('attack.t1574.002', 'attack.t1574.001');
    assert.equal(moved, expected, 'only the three reported mentions changed');
    assert.match(moved, /tag `T1574\.002`/);
    assert.match(moved, /Tag == "T1574\.002"/);
    assert.ok(readFileSync(path.join(cards, 'README.md')).equals(originals.get('README.md')!), 'a file that is not a card is not touched');
  });

  it('a second --apply has nothing left to do; what is for a person stays in the review', async () => {
    const r = await migrate(['--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^0 cards migrated\./m);
    assert.match(r.stdout, /^4 cards reviewed: 2 Adversary Examples entries to check; 2 unchanged\.$/m);
  });
});

describe('cli: huntcard migrate to a synthetic next release (each kind of change)', function () {
  this.timeout(300000);
  const dir = tempDir();
  const release = path.join(dir, 'next', 'enterprise-attack.json');
  let next: NextReleaseChanges;
  let review: ReleaseReview;
  const migrate = (folder: string, args: string[] = []) => huntcard(['migrate', folder, '--dataset', release, '--format', 'json', ...args], { cwd: dir });

  before(async () => {
    next = writeNextRelease(release);
    const cards = path.join(dir, 'cards');
    mkdirSync(cards);
    const ids = [next.revoked.id, next.deprecated.id, 'T1562.001', 'T1005', next.groupLoses.technique, next.groupGains.technique, next.analyticChanged.technique];
    const made = await huntcard(['new', ...ids, '--date', '1 December 2025', '--author', 'Hunter', '--out-dir', 'cards'], { cwd: dir });
    assert.equal(made.code, 0, made.stderr);
    edit(path.join(cards, 'T1562.001.md'), [
      ['## Overall Hypothesis\n\n- Information Here', '## Overall Hypothesis\n\n- Defense Evasion by tampering with EDR.\n- `Defense Evasion` in a query is not prose.'],
    ]);
    edit(path.join(cards, 'T1005.md'), [
      [
        '## Detection Blindspots\n\n- Information Here',
        '## Detection Blindspots\n\n- Collection from local disks is invisible without EDR.\n- Email Collection and Data Collection are other angles; log collection too.',
      ],
    ]);
    edit(path.join(cards, `${next.groupLoses.technique}.md`), [[TEMPLATE_ROW, `| ${next.groupLoses.groupName} | 1 | |`]]);
    edit(path.join(cards, `${next.groupGains.technique}.md`), [[TEMPLATE_ROW, '| [FIN7](https://attack.mitre.org/groups/G0046) | 1 | |']]);
    const r = await migrate('cards');
    assert.equal(r.code, 0, r.stderr);
    review = JSON.parse(r.stdout) as ReleaseReview;
  });

  it('reads the release as 19.0 and the cards’ own data (the embedded 18.1) as the one before', () => {
    assert.equal(review.release, 'Enterprise ATT&CK v19.0');
    assert.equal(review.previous, 'Enterprise ATT&CK v18.1');
  });

  it('a tactic renamed and another split in two', () => {
    assert.deepEqual(review.tactics, [
      { kind: 'split', tactic: { id: next.splitTactic.id, name: next.splitTactic.name }, now: next.splitTactic.into.map((t) => ({ id: t.id, name: t.name })) },
      { kind: 'renamed', tactic: { id: next.renamedTactic.id, name: next.renamedTactic.from }, now: [{ id: next.renamedTactic.id, name: next.renamedTactic.to }] },
    ]);
  });

  it('author-zone text naming a retired tactic, not in code; the zone moves the card to the new tactic', () => {
    const card = reviewOf(review, 'cards/T1562.001.md');
    const retired = changesOf(card, 'retired-tactic');
    assert.deepEqual(
      retired.map((r) => ({ tactic: r.tactic, now: r.now, text: r.where.text })),
      [{ tactic: 'Defense Evasion', now: ['Stealth', 'Defense Impairment'], text: '- Defense Evasion by tampering with EDR.' }],
    );
    assert.deepEqual(changesOf(card, 'zone')[0]!.zone.tactics, { added: ['Defense Impairment'], removed: ['Defense Evasion'] });
    const renamed = changesOf(reviewOf(review, 'cards/T1005.md'), 'retired-tactic');
    assert.deepEqual(
      renamed.map((r) => [r.tactic, r.now]),
      [['Collection', ['Data Collection']]],
    );
  });

  it('a technique revoked by another, and one deprecated with ATT&CK’s note', () => {
    const [revoked] = changesOf(reviewOf(review, `cards/${next.revoked.id}.md`), 'revoked');
    assert.deepEqual(revoked!.replacement, { id: next.revoked.by, name: next.revoked.byName });
    assert.equal(revoked!.newFile, `${next.revoked.by}.md`);
    const [deprecated] = changesOf(reviewOf(review, `cards/${next.deprecated.id}.md`), 'deprecated');
    assert.match(deprecated!.note, /This technique has been deprecated/);
  });

  it('a group losing a technique flags its row; one gaining a technique is listed where rows name groups', () => {
    const [stopped] = changesOf(reviewOf(review, `cards/${next.groupLoses.technique}.md`), 'stale-group-row');
    assert.deepEqual(stopped!.group, { id: next.groupLoses.group, name: next.groupLoses.groupName });
    assert.equal(stopped!.why, 'stopped');
    const [added] = changesOf(reviewOf(review, `cards/${next.groupGains.technique}.md`), 'new-groups');
    assert.ok(
      added!.groups.some((g) => g.id === next.groupGains.group),
      JSON.stringify(added),
    );
  });

  it('an analytic changed: the zone’s detection changed', () => {
    const [zone] = changesOf(reviewOf(review, `cards/${next.analyticChanged.technique}.md`), 'zone');
    assert.ok(zone!.zone.detection.changed);
  });

  it('a move onto an existing card is refused, as a finding (exit 1): the revoked card is not touched at all', async () => {
    const blocked = path.join(dir, 'blocked');
    mkdirSync(blocked);
    cpSync(path.join(dir, 'cards', `${next.revoked.id}.md`), path.join(blocked, `${next.revoked.id}.md`));
    edit(path.join(blocked, `${next.revoked.id}.md`), [['## Overall Hypothesis\n\n- Information Here', `## Overall Hypothesis\n\n- Seen as ${next.revoked.id} in 2025.`]]);
    assert.equal((await huntcard(['new', next.revoked.by, '--out-dir', 'blocked', '--author', 'Someone else'], { cwd: dir })).code, 0);
    // Found in review: a refused move's review still said its mentions were rewritten.
    const dry = await huntcard(['migrate', 'blocked', '--dataset', release], { cwd: dir });
    assert.match(dry.stdout, /line \d+ \(1 to change by hand\)/);
    assert.doesNotMatch(dry.stdout, /rewritten to/);
    const existing = authorZone(path.join(blocked, `${next.revoked.by}.md`));
    const revokedBefore = readFileSync(path.join(blocked, `${next.revoked.id}.md`));
    const r = await migrate('blocked', ['--apply']);
    assert.equal(r.code, 1, r.stderr);
    const result = JSON.parse(r.stdout) as ReleaseReview & { applied: string[] };
    const card = reviewOf(result, `blocked/${next.revoked.id}.md`);
    assert.match(changesOf(card, 'revoked')[0]!.blocked ?? '', new RegExp(`^${next.revoked.by}\\.md already exists`));
    assert.equal(card.steps, undefined, 'nothing is applied to it');
    assert.deepEqual(
      changesOf(card, 'revoked')[0]!.mentions.map((m) => m.rewritten),
      [false],
    );
    assert.deepEqual(result.applied, [`blocked/${next.revoked.by}.md`], 'only the existing card (its zone) was migrated');
    assert.ok(readFileSync(path.join(blocked, `${next.revoked.id}.md`)).equals(revokedBefore), 'the revoked card is byte for byte as it was');
    assert.ok(authorZone(path.join(blocked, `${next.revoked.by}.md`)).equals(existing), "the existing card's author zone is untouched");
  });

  it('a card already under its replacement’s name is migrated in place, never removed; two cards moving to one file both stay; a linked card is not moved', async () => {
    const odd = path.join(dir, 'odd');
    mkdirSync(odd);
    const source = readFileSync(path.join(dir, 'cards', `${next.revoked.id}.md`), 'utf8');
    // Renamed by hand before the release: the file already has the replacement's name.
    writeFileSync(path.join(odd, `${next.revoked.by}.md`), source);
    const r = await migrate('odd', ['--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(odd), [`${next.revoked.by}.md`]);
    assert.match(readFileSync(path.join(odd, `${next.revoked.by}.md`), 'utf8'), new RegExp(`^# ${next.revoked.by.replace('.', '\\.')} `));

    const two = path.join(dir, 'two');
    mkdirSync(two);
    writeFileSync(path.join(two, `${next.revoked.id}.md`), source);
    writeFileSync(path.join(two, 'second.md'), source.replace('## Overall Hypothesis\n', '## Overall Hypothesis\n\n- A second card of the same technique.\n'));
    const both = await migrate('two', ['--apply']);
    assert.equal(both.code, 1, both.stderr);
    const reviewed = JSON.parse(both.stdout) as ReleaseReview;
    for (const c of reviewed.cards) assert.match(changesOf(c, 'revoked')[0]!.blocked ?? '', /is where 2 cards would move: merge them by hand/);
    assert.deepEqual(readdirSync(two).sort(), [`${next.revoked.id}.md`, 'second.md']);
    assert.equal(readFileSync(path.join(two, `${next.revoked.id}.md`), 'utf8'), source);

    const linked = path.join(dir, 'linked');
    mkdirSync(path.join(linked, 'real'), { recursive: true });
    writeFileSync(path.join(linked, 'real', `${next.revoked.id}.md`), source);
    symlinkSync(path.join('real', `${next.revoked.id}.md`), path.join(linked, `${next.revoked.id}.md`));
    const link = await huntcard(['migrate', `linked/${next.revoked.id}.md`, '--dataset', release, '--format', 'json', '--apply'], { cwd: dir });
    assert.equal(link.code, 1, link.stderr);
    assert.match(changesOf((JSON.parse(link.stdout) as ReleaseReview).cards[0]!, 'revoked')[0]!.blocked ?? '', /is a symbolic link/);
    assert.ok(lstatSync(path.join(linked, `${next.revoked.id}.md`)).isSymbolicLink());
    assert.equal(readFileSync(path.join(linked, 'real', `${next.revoked.id}.md`), 'utf8'), source);
  });

  it('a .huntcard.json that names the old data is named in the review: check would read migrated cards against it', async () => {
    // Found by a new user: after --apply, check against the pinned 11.2 gave errors and --fix would undo the migration.
    const pinned = path.join(dir, 'pinned');
    mkdirSync(pinned);
    writeFileSync(path.join(pinned, '.huntcard.json'), JSON.stringify({ dataset: BUNDLES.enterprise11 }));
    assert.equal((await huntcard(['new', 'T1574.002', '--out-dir', 'pinned', '--author', 'A', '--date', '1 May 2022'], { cwd: dir })).code, 0);
    const r = await huntcard(['migrate', 'pinned', '--dataset', release], { cwd: dir });
    assert.match(r.stdout, /pinned\/\.huntcard\.json sets "dataset" to Enterprise ATT&CK v11\.2: once the cards are migrated, point it at Enterprise ATT&CK v19\.0/);
  });

  it('a card --apply would refuse (read-only) is blocked in the dry run already, not promised as mechanical', async () => {
    // Found by a new user: the dry run listed it as (mechanical) and exited 0; --apply then refused it.
    const ro = path.join(dir, 'read-only');
    mkdirSync(ro);
    const card = path.join(ro, `${next.deprecated.id}.md`);
    cpSync(path.join(dir, 'cards', `${next.deprecated.id}.md`), card);
    chmodSync(card, 0o444);
    const r = await migrate('read-only');
    assert.equal(r.code, 1, r.stderr);
    const reviewed = reviewOf(JSON.parse(r.stdout) as ReleaseReview, `read-only/${next.deprecated.id}.md`);
    assert.equal(reviewed.steps, undefined, 'nothing planned');
    assert.match(changesOf(reviewed, 'blocked')[0]!.message, /is read-only; not migrating it/);
  });

  it('a move stopped after writing the new file is finished by the next run: the old file goes, nothing is lost', async () => {
    const done = path.join(dir, 'done');
    const stopped = path.join(dir, 'stopped');
    for (const d of [done, stopped]) {
      mkdirSync(d);
      cpSync(path.join(dir, 'cards', `${next.revoked.id}.md`), path.join(d, `${next.revoked.id}.md`));
    }
    assert.equal((await migrate('done', ['--apply', '--date', '2 May 2026'])).code, 0);
    // The state a kill between the two steps leaves: the moved card written, the old one still there.
    cpSync(path.join(done, `${next.revoked.by}.md`), path.join(stopped, `${next.revoked.by}.md`));
    const r = await huntcard(['migrate', 'stopped', '--dataset', release, '--apply'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`finished moving to stopped/${next.revoked.by.replace('.', '\\.')}\\.md`));
    assert.deepEqual(readdirSync(stopped), [`${next.revoked.by}.md`]);
    assert.ok(readFileSync(path.join(stopped, `${next.revoked.by}.md`)).equals(readFileSync(path.join(done, `${next.revoked.by}.md`))));
  });

  it('an --apply killed mid-run finishes on the second run, with every card whole', async () => {
    const many = path.join(dir, 'many');
    mkdirSync(many);
    const ids = bundle('enterprise18')
      .techniqueSummaries()
      .filter((t) => !t.revoked && !t.deprecated && t.tactics.includes('defense-evasion') && t.id !== next.revoked.id)
      .map((t) => t.id)
      .slice(0, 60);
    assert.equal((await huntcard(['new', ...ids, '--date', '1 December 2025', '--author', 'Hunter', '--out-dir', 'many'], { cwd: dir })).code, 0);
    const tails = new Map(ids.map((id) => [id, authorZone(path.join(many, `${id}.md`))]));
    // Stopped as soon as the first card is reported migrated: by Ctrl-C (it finishes the card it is writing), then by a kill.
    const stopped = (signal: NodeJS.Signals) =>
      new Promise<{ out: string; code: number | null }>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, 'migrate', 'many', '--dataset', release, '--apply'], { cwd: dir, env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache' } });
        let out = '';
        let sent = false;
        child.stderr.on('data', (d: Buffer) => {
          out += d.toString();
          if (!sent && out.includes(': ATT&CK zone refreshed')) sent = child.kill(signal);
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ out, code }));
      });
    const interrupted = await stopped('SIGINT');
    assert.equal(interrupted.code, 130, interrupted.out);
    assert.match(interrupted.out, /Interrupted: \d+ cards? of \d+ migrated, each whole; run the command again to finish\./);
    assert.deepEqual(
      readdirSync(many).filter((f) => !f.endsWith('.md')),
      [],
      'Ctrl-C leaves no temporary file',
    );
    const killed = (await stopped('SIGKILL')).out;
    const first = killed.split('\n').filter((l) => l.includes(': ATT&CK zone refreshed')).length;
    assert.ok(first >= 1 && first < ids.length, `the killed run was stopped part way (${first} of ${ids.length} cards)`);
    const r = await huntcard(['migrate', 'many', '--dataset', release, '--apply'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const again = await migrate('many');
    const left = JSON.parse(again.stdout) as ReleaseReview;
    assert.equal(left.counts.zone, 0, 'every zone is current after the second run');
    const files = readdirSync(many);
    // A kill inside a write can leave its hidden temporary file beside the card; never a half-written card.
    assert.ok(
      files.every((f) => f.endsWith('.md') || /^\..+\.tmp$/.test(f)),
      files.join(', '),
    );
    for (const id of ids) {
      const file = path.join(many, `${id}.md`);
      assert.ok(existsSync(file), `${id}.md is there`);
      assert.ok(authorZone(file).equals(tails.get(id)!), `${id}.md: author zone intact`);
    }
  });
});
