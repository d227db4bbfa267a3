// Issue 14: `huntcard check --fix` applies what the editor's Fix All applies, only
// that, atomically, byte-exactly elsewhere, and a second run changes nothing;
// `--fix-dry-run` prints the same change as a patch and writes nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { filledCard, retitledCard, revokedCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** A filled card with five problems that have one right fix each, and one (a guess) that has none. */
function brokenCard(): string {
  return filledCard()
    .replace('# T1059.001 PowerShell\n', '# T1059.001 Powershell things\n') // technique-name-mismatch
    .replace('**Validated:** NO', '**Validated:** yes') // invalid-validated, YES preferred
    .replace(/## Detection Blindspots\n\n[^\n]*\n\n/, '') // missing-section (author zone)
    .replace(/(#### Analytic 2\n\n {2}\* \*\*Information:\*\*[^\n]*\n\n) {2}\* \*\*Source:\*\*[^\n]*\n\n/, '$1') // analytic-missing-field
    .replace('| APT29 | 1, 2 | 1, 2 |', '| APT29 | 1, 2, 3 | 1, 2 |') // dangling-analytic-ref
    .replace('**Last Updated  Date:** 12 March 2026', '**Last Updated  Date:** 2023-03-14'); // invalid-date: the same day, written the card's way
}

const rulesIn = (stdout: string) => [...stdout.matchAll(/^\S+:\d+:\d+ \w+ ([a-z-]+) /gm)].map((m) => m[1]);

describe('cli: huntcard check --fix and --fix-dry-run', () => {
  it('applies every preferred fix, reports what is left, and a second run changes nothing', async () => {
    const dir = tempDir();
    const card = path.join(dir, 'T1059.001.md');
    writeFileSync(card, brokenCard());
    const before = await huntcard(['check', 'T1059.001.md'], { cwd: dir });
    assert.deepEqual(rulesIn(before.stdout).sort(), [
      'analytic-missing-field',
      'dangling-analytic-ref',
      'invalid-date',
      'invalid-validated',
      'missing-section',
      'stale-attack-zone',
      'technique-name-mismatch',
    ]);

    const fixed = await huntcard(['check', '--fix', 'T1059.001.md'], { cwd: dir });
    assert.match(fixed.stderr, /T1059\.001\.md: fixed 6 problems \(/);
    const text = readFileSync(card, 'utf8');
    assert.match(text, /^# T1059\.001 PowerShell$/m);
    assert.match(text, /\*\*Validated:\*\* YES/);
    assert.match(text, /## Detection Blindspots\n\n- Information Here\n\n## Analytical References/, 'the section template sits where the format puts it');
    assert.match(text, /\| APT29 \| 1, 2 \| 1, 2 \|/);
    assert.match(text, /\*\*Last Updated {2}Date:\*\* 14 March 2023$/m, 'the date the author wrote, not today');
    // What is left: the placeholders the inserted template and field bring, nothing else.
    assert.deepEqual([...new Set(rulesIn(fixed.stdout))], ['placeholder']);
    assert.equal(fixed.code, 0, 'warnings only remain');

    const again = await huntcard(['check', '--fix', 'T1059.001.md'], { cwd: dir });
    assert.equal(again.stderr, '', 'nothing left to fix');
    assert.equal(readFileSync(card, 'utf8'), text);
  });

  it('a Last Updated Date that reads as no date is left for its author: --fix never sets today over it', async () => {
    const dir = tempDir();
    const card = path.join(dir, 'T1059.001.md');
    const text = filledCard().replace('**Last Updated  Date:** 12 March 2026', '**Last Updated  Date:** 03/04/2023');
    writeFileSync(card, text);
    const r = await huntcard(['check', '--fix', 'T1059.001.md'], { cwd: dir });
    assert.equal(readFileSync(card, 'utf8'), text, 'day-month or month-day: a guess either way');
    assert.deepEqual(rulesIn(r.stdout), ['invalid-date']);
  });

  it('--fix-dry-run prints a patch that git applies to give what --fix writes, and writes nothing', async () => {
    const dir = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const card = path.join(dir, 'T1059.001.md');
    writeFileSync(card, brokenCard());
    const dry = await huntcard(['check', '--fix-dry-run', '.'], { cwd: dir });
    assert.equal(dry.code, 1, 'a card would change');
    assert.equal(readFileSync(card, 'utf8'), brokenCard(), 'nothing written');
    assert.match(dry.stdout, /^--- a\/T1059\.001\.md\n\+\+\+ b\/T1059\.001\.md$/m);
    assert.match(dry.stderr, /would fix 6 problems/);
    writeFileSync(path.join(dir, 'fix.patch'), dry.stdout);
    execFileSync('git', ['apply', 'fix.patch'], { cwd: dir });
    const patched = readFileSync(card, 'utf8');
    writeFileSync(card, brokenCard());
    await huntcard(['check', '--fix', 'T1059.001.md'], { cwd: dir });
    assert.equal(patched, readFileSync(card, 'utf8'));

    const clean = await huntcard(['check', '--fix-dry-run', 'T1059.001.md'], { cwd: dir });
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '');
  });

  it('keeps every byte of the lines it does not fix: BOM, CRLF, bytes that are not UTF-8, mode', async () => {
    const dir = tempDir();
    const card = path.join(dir, 'card.md');
    const latin1Note = Buffer.from('- Caf\xe9 r\xe9sum\xe9 from the old wiki\r\n', 'latin1'); // invalid UTF-8
    const text = brokenCard().replace(/\n/g, '\r\n');
    const at = text.indexOf('## Overall Hypothesis\r\n\r\n') + '## Overall Hypothesis\r\n\r\n'.length;
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.slice(0, at)), latin1Note, Buffer.from(text.slice(at))]);
    writeFileSync(card, bytes);
    chmodSync(card, 0o640);
    const r = await huntcard(['check', '--fix', 'card.md'], { cwd: dir });
    assert.match(r.stderr, /fixed 6 problems/, r.stderr);
    const after = readFileSync(card);
    assert.ok(after.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'BOM kept');
    assert.ok(after.includes(latin1Note), 'the Latin-1 line is byte-identical');
    assert.equal(after.toString('latin1').replace(/\r\n/g, '').includes('\n'), false, 'every line still ends in CRLF, the inserted ones too');
    // Every line of the original that no fix names is still there, byte for byte.
    const lines = (b: Buffer) => b.toString('latin1').split('\r\n');
    const kept = new Set(lines(after));
    const fixedLines = lines(bytes).filter((l) => !kept.has(l));
    assert.ok(fixedLines.length <= 6, `only the fixed lines changed: ${JSON.stringify(fixedLines)}`);
    assert.equal((await import('node:fs')).statSync(card).mode & 0o777, 0o640);
  });

  it('refuses to rewrite a line whose bytes are not UTF-8, and leaves the card as it was', async () => {
    const dir = tempDir();
    const card = path.join(dir, 'card.md');
    const bytes = Buffer.from(brokenCard().replace('| APT29 | 1, 2, 3 |', '| APT29 \xff | 1, 2, 3 |'), 'latin1');
    writeFileSync(card, bytes);
    const r = await huntcard(['check', '--fix', 'card.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /card\.md: line \d+ holds bytes that are not valid UTF-8, and a fix would rewrite it; nothing was changed/);
    assert.ok(readFileSync(card).equals(bytes));
  });

  it('does not fix what the configuration turns off or a directive disables; a read-only card is refused', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.huntcard.json'), JSON.stringify({ rules: { 'technique-name-mismatch': 'off' } }));
    const card = path.join(dir, 'card.md');
    writeFileSync(card, brokenCard().replace('  * **Validated:** yes', '<!-- huntcard-disable-next-line invalid-validated -->\n  * **Validated:** yes'));
    await huntcard(['check', '--fix', 'card.md'], { cwd: dir });
    const text = readFileSync(card, 'utf8');
    assert.match(text, /^# T1059\.001 Powershell things$/m);
    assert.match(text, /\*\*Validated:\*\* yes/);
    assert.match(text, /\| APT29 \| 1, 2 \| 1, 2 \|/, 'the rest was fixed');

    const locked = path.join(dir, 'locked.md');
    writeFileSync(locked, brokenCard());
    chmodSync(locked, 0o444);
    const r = await huntcard(['check', '--fix', 'locked.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /locked\.md is read-only; not fixing it/);
    assert.equal(readFileSync(locked, 'utf8'), brokenCard());
  });

  it('leaves judgement calls to a person: a revoked technique and a retitled card keep their IDs', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'T1574.002.md'), revokedCard());
    writeFileSync(path.join(dir, 'T1003.md'), retitledCard());
    const r = await huntcard(['check', '--fix', '.'], { cwd: dir });
    assert.match(r.stdout, /T1574\.002\.md:\d+:\d+ warning revoked-technique /);
    assert.match(r.stdout, /T1003\.md:\d+:\d+ error title-zone-mismatch /);
    assert.match(readFileSync(path.join(dir, 'T1574.002.md'), 'utf8'), /^# T1574\.002 /);
    assert.match(readFileSync(path.join(dir, 'T1003.md'), 'utf8'), /^# T1003 OS Credential Dumping$/m);
  });

  it('--fix and --fix-dry-run cannot be combined', async () => {
    const r = await huntcard(['check', '--fix', '--fix-dry-run', '.'], { cwd: tempDir() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot be used with/);
  });
});
