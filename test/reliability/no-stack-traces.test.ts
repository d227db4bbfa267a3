// Issue 12: no input ends a command with a stack trace. Every command gets the
// worst inputs the reliability suite knows; stderr must name the problem in a
// line or two (never an "    at " frame), the exit code must be 2 (bad input),
// never 1 (which CI reads as findings), and a closed stdout ends quietly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { filledCard, referenceCard } from '../helpers/cards.js';
import { type CliResult, huntcard } from '../helpers/cli.js';
import { CLI, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

describe('reliability: no command shows a stack trace', function () {
  this.timeout(120000);
  const dir = tempDir();
  const at = (...p: string[]) => path.join(dir, ...p);

  before(() => {
    chmodSync(dir, 0o755); // an ordinary user (see asNobody) must reach into it
    mkdirSync(at('cards'));
    writeFileSync(at('cards', 'T1589.002.md'), referenceCard());
    writeFileSync(at('cards', 'T1059.001.md'), filledCard());
    mkdirSync(at('locked'));
    writeFileSync(at('locked', 'T1003.md'), filledCard().replace('# T1059.001', '# T1003'));
    chmodSync(at('locked'), 0o000);
    writeFileSync(at('unreadable.md'), referenceCard());
    chmodSync(at('unreadable.md'), 0o000);
    mkdirSync(at('readonly-folder'));
    writeFileSync(at('readonly-folder', 'T1589.002.md'), referenceCard());
    chmodSync(at('readonly-folder'), 0o555);
    symlinkSync('loop.md', at('loop.md'));
    writeFileSync(at('deep.json'), `{"rules": ${'['.repeat(100000)}${']'.repeat(100000)}}`);
    writeFileSync(at('bom.json'), '\uFEFF{"rules": {"placeholder": "off"}}');
  });

  const cases: Array<[string, string[], { nobody?: boolean; message: RegExp; exit?: number }]> = [
    ['an unreadable card (check)', ['check', 'unreadable.md'], { nobody: true, message: /Cannot read .*unreadable\.md: permission denied/ }],
    ['an unreadable card (refresh)', ['refresh', 'unreadable.md'], { nobody: true, message: /Cannot read .*unreadable\.md: permission denied/ }],
    ['an unreadable card (coverage)', ['coverage', 'unreadable.md'], { nobody: true, message: /Cannot read .*unreadable\.md: permission denied/ }],
    ['an unreadable folder in a walk: reported, the rest checked', ['check', '.'], { nobody: true, message: /Cannot list .*locked: permission denied/ }],
    ['a folder refresh cannot write in', ['refresh', 'readonly-folder'], { nobody: true, message: /readonly-folder\/T1589\.002\.md is read-only|Cannot write .*readonly-folder.*permission denied/ }],
    [
      'new -o in a folder the user cannot write',
      ['new', 'T1059', '--author', 'x', '-o', 'readonly-folder/new.md'],
      { nobody: true, message: /Cannot write .*readonly-folder\/new\.md: permission denied/ },
    ],
    ['new --out-dir /dev/null', ['new', 'T1059', 'T1003', '--author', 'x', '--out-dir', '/dev/null'], { message: /Cannot create \/dev\/null: something is already there/ }],
    ['new --out-dir /proc', ['new', 'T1059', 'T1003', '--author', 'x', '--out-dir', '/proc'], { message: /Cannot write \/proc\/T\d+\.md: its folder does not take new files|permission denied/ }],
    ['coverage -o a folder', ['coverage', 'cards', '-o', 'cards'], { message: /Cannot write .*cards: it is a folder/ }],
    ['a path longer than the system allows', ['check', `${'x'.repeat(5000)}.md`], { message: /the path is longer than the system allows/ }],
    ['a symbolic link loop', ['check', 'loop.md'], { message: /loop\.md.*symbolic links form a loop/ }],
    ['a .huntcard.json nested 100,000 deep', ['check', 'cards', '--config', 'deep.json'], { message: /nested 33\+ levels deep/ }],
    ['--proxy notaurl', ['data', 'update', '--proxy', 'notaurl'], { message: /give the proxy as a URL/ }],
    ['--retries 1e9', ['data', 'update', '--retries', '1e9'], { message: /--retries needs a whole number/ }],
    ['an unknown command', ['frobnicate'], { message: /unknown command 'frobnicate'/ }],
    ['a bad date', ['new', 'T1059', '--date', '31 February 2022'], { message: /is not a date in the card format/ }],
    ['an unknown technique', ['new', 'T9999'], { message: /Unknown technique "T9999"/ }],
    ['a missing dataset', ['check', 'cards', '--dataset', 'nope.json'], { message: /Dataset file not found: nope\.json/ }],
  ];
  for (const [name, args, expect] of cases) {
    it(`${name}: ${expect.message.source.slice(0, 60)}`, async () => {
      const r = await huntcard(args, { cwd: dir, asNobody: expect.nobody === true });
      assertNoStack(r);
      assert.match(r.stderr, expect.message);
      assert.equal(r.code, expect.exit ?? 2, `exit code, stderr: ${r.stderr}`);
    });
  }

  it('a .huntcard.json with a UTF-8 byte-order mark is read', async () => {
    const r = await huntcard(['check', 'cards', '--config', 'bom.json'], { cwd: dir });
    assertNoStack(r);
    assert.doesNotMatch(r.stderr, /not valid JSON/);
    assert.doesNotMatch(r.stdout, /placeholder/, 'and its settings apply');
  });

  it('a full disk while writing a card (new -o, refresh): a message, the old file kept', async () => {
    mkdirSync(at('full'));
    writeFileSync(at('full', 'T1589.002.md'), referenceCard());
    const options = { cwd: dir, nodeArgs: ['--import', path.join(REPO, 'test', 'fixtures', 'enospc.mjs')], env: { HUNTCARD_TEST_ENOSPC_UNDER: at('full') } };
    for (const args of [
      ['new', 'T1059', '--author', 'x', '-o', 'full/new.md'],
      ['refresh', 'full'],
    ]) {
      const r = await huntcard(args, options);
      assertNoStack(r);
      assert.match(r.stderr, /the disk is full/);
      assert.equal(r.code, 2);
    }
  });

  for (const args of [
    ['check', 'cards'],
    ['check', 'cards', '--format', 'json'],
    ['check', 'cards', '--format', 'sarif'],
    ['coverage', 'cards'],
    ['coverage', 'cards', '--format', 'html'],
    ['new', 'T1059'],
  ]) {
    it(`\`huntcard ${args.join(' ')} | head -c 1\`: a closed stdout ends it quietly`, async () => {
      const r = await closedStdout(args, dir);
      assertNoStack(r);
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled 'error' event/);
      // 141 when the pipe closed under it; 0 or 1 (findings) when it had written everything first.
      assert.ok([0, 1, 141].includes(r.code ?? -1), String(r.code));
    });
  }
});

function assertNoStack(r: CliResult): void {
  assert.doesNotMatch(r.stderr, STACK, `a stack trace: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
}

/** Runs huntcard with stdout read for one byte, then closed (like `| head -c 1`). */
function closedStdout(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}
