// Issue 12: what the CLI says is right and readable: findings a new user's run
// missed, counts in words, help that says each thing once.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { icsBundle } from '../fixtures/ics-bundle.js';
import { referenceCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('cli: findings and messages', function () {
  this.timeout(60000);
  const dir = tempDir();

  it('a title that names another real technique over the zone of T1589.002 is an error', async () => {
    writeFileSync(path.join(dir, 'renamed.md'), referenceCard().replace('# T1589.002 Email Addresses', '# T1110 Brute Force'));
    const r = await huntcard(['check', 'renamed.md', '--dataset', BUNDLES.enterprise11], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^renamed\.md:1:3 error title-zone-mismatch The title says T1110, but the ATT&CK zone below it describes T1589\.002 Email Addresses/m);
  });

  it('refresh --check lists a revoked card as a finding naming its replacement (exit 1) and still checks the others', async () => {
    mkdirSync(path.join(dir, 'mixed'));
    await huntcard(['new', 'T1574.002', '--dataset', BUNDLES.enterprise11, '--author', 'x', '--date', '1 May 2022', '-o', 'mixed/T1574.002.md'], { cwd: dir });
    await huntcard(['new', 'T1589.002', '--dataset', BUNDLES.enterprise11, '--author', 'x', '--date', '1 May 2022', '-o', 'mixed/T1589.002.md'], { cwd: dir });
    const r = await huntcard(['refresh', '--check', 'mixed'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /mixed\/T1574\.002\.md: T1574\.002 was revoked in Enterprise ATT&CK v18\.1; it is now T1574\.001 /);
    // It names the command that moves the card (a new user found it pointing at a quick fix check does not have).
    assert.match(r.stdout, /huntcard migrate --apply, with this data as --dataset, moves the card to T1574\.001 and refreshes it; not refreshed/);
    assert.match(r.stdout, /mixed\/T1589\.002\.md: stale ATT&CK zone/);
    assert.match(r.stdout, /^2 cards, 1 stale, 1 revoked, deprecated or unknown$/m);
  });

  it('no author anywhere: new warns, and check reports the empty Author(s)', async () => {
    const env = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
    const made = await huntcard(['new', 'T1059.001', '-o', 'anonymous.md'], { cwd: dir, env });
    assert.equal(made.code, 0);
    assert.match(made.stderr, /no author for the card: pass --author <name> or set git's user\.name/);
    assert.match(readFileSync(path.join(dir, 'anonymous.md'), 'utf8'), /\*\*Author\(s\):\*\*\n/);
    const check = await huntcard(['check', 'anonymous.md'], { cwd: dir });
    assert.match(check.stdout, /anonymous\.md:\d+:\d+ warning missing-author Author\(s\) is empty/);
  });

  it('refresh on a file that is not a card says it was skipped; counts read "1 card", not "1 cards"', async () => {
    writeFileSync(path.join(dir, 'notes.md'), '# Notes\n');
    const skipped = await huntcard(['refresh', 'notes.md'], { cwd: dir });
    assert.equal(skipped.code, 0);
    assert.match(skipped.stdout, /^0 cards, 0 refreshed, 0 already up to date, 1 file skipped \(not hunt cards\)$/m);
    const one = await huntcard(['refresh', 'anonymous.md'], { cwd: dir });
    assert.match(one.stdout, /^1 card, 0 refreshed, 1 already up to date$/m);
    const coverage = await huntcard(['coverage', 'anonymous.md'], { cwd: dir });
    assert.match(coverage.stderr, /^1 card covers 1 technique of Enterprise ATT&CK v18\.1/m);
  });

  it("help says each thing once: --jobs's default, and the top level names the HTML heatmap", async () => {
    const check = await huntcard(['check', '--help']);
    const jobs = check.stdout.slice(check.stdout.indexOf('--jobs'));
    assert.equal(jobs.slice(0, jobs.indexOf('\n  -')).match(/default/g)?.length, 1, jobs);
    assert.match((await huntcard(['--help'])).stdout, /HTML heatmap/);
  });

  it('ICS data is called "ICS ATT&CK"', async () => {
    writeFileSync(path.join(dir, 'ics.json'), JSON.stringify(icsBundle()));
    const r = await huntcard(['data', 'info', '--dataset', 'ics.json'], { cwd: dir });
    assert.match(r.stdout, /^ICS ATT&CK v/m);
    assert.doesNotMatch(r.stdout, /Ics ATT&CK/);
  });

  it('a card that is a symbolic link in a folder walk is said, by check, refresh, coverage and migrate, not silently left out', async () => {
    // Found by a new user: the linked card dropped out of every report without a word.
    const links = path.join(dir, 'links');
    mkdirSync(path.join(links, 'real'), { recursive: true });
    writeFileSync(path.join(links, 'real', 'T1589.002.md'), referenceCard());
    symlinkSync(path.join('real', 'T1589.002.md'), path.join(links, 'linked.md'));
    const note = /Not read: a symbolic link named like a card \(a folder walk never follows links; name a card to read it\): links\/linked\.md/;
    for (const args of [
      ['check', 'links'],
      ['refresh', '--check', 'links'],
      ['coverage', 'links', '--format', 'csv'],
    ]) {
      const r = await huntcard(args, { cwd: dir });
      assert.match(r.stderr, note, args.join(' '));
    }
    const review = await huntcard(['migrate', 'links', '--dataset', BUNDLES.enterprise18], { cwd: dir });
    assert.match(review.stdout, note);
  });
});
