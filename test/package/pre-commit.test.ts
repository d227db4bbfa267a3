// Issue 14: the pre-commit hooks (.pre-commit-hooks.yaml), run by the real
// pre-commit (Debian's package, installed once) as a team would use them: a
// repository of cards names this repository's hooks; pre-commit clones it at the
// commit under test, builds the tool (npm install, npm pack; ATT&CK from
// ../shared through HUNTCARD_SHARED_ATTACK, as CI has no other source), and runs
// huntcard on the Markdown files. The hooks run the committed code: HEAD.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { filledCard } from '../helpers/cards.js';
import { ATTACK, REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

describe('package: the pre-commit hooks, run by the real pre-commit', function () {
  this.timeout(900_000);
  const cards = tempDir();
  const env = { ...process.env, PRE_COMMIT_HOME: tempDir(), HUNTCARD_SHARED_ATTACK: ATTACK, HUNTCARD_CACHE_DIR: path.join(cards, '.no-cache') };
  const preCommit = async () => {
    try {
      const { stdout, stderr } = await run('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: cards, env, maxBuffer: 64 * 1024 * 1024 });
      return { code: 0, out: `${stdout}${stderr}` };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: `${e.stdout}${e.stderr}` };
    }
  };

  before(async () => {
    const { ensureDebianPackages } = (await import(path.join(REPO, 'scripts', 'e2e-setup.mjs'))) as { ensureDebianPackages: (packages: string[]) => void };
    ensureDebianPackages(['pre-commit']);
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    execFileSync('git', ['init', '-q'], { cwd: cards });
    writeFileSync(path.join(cards, '.pre-commit-config.yaml'), `repos:\n  - repo: ${REPO}\n    rev: ${rev}\n    hooks:\n      - id: huntcard-check\n`);
    mkdirSync(path.join(cards, 'cards'));
    writeFileSync(path.join(cards, 'cards', 'T1059.001.md'), filledCard());
    writeFileSync(path.join(cards, 'README.md'), '# Our hunts\n');
    execFileSync('git', ['add', '.'], { cwd: cards });
  });

  it('installs from this repository, fails a commit with a card error and passes it once fixed', async () => {
    writeFileSync(path.join(cards, 'cards', 'T1003.md'), filledCard('T1003').replace('| APT29 | 1, 2 | 1, 2 |', '| APT29 | 1, 2, 7 | 1, 2 |'));
    execFileSync('git', ['add', '.'], { cwd: cards });
    const failing = await preCommit();
    assert.equal(failing.code, 1, failing.out);
    assert.match(failing.out, /huntcard check\.+Failed/);
    assert.match(failing.out, /cards\/T1003\.md:\d+:\d+ error dangling-analytic-ref Host Analytics has no Analytic 7/);

    writeFileSync(path.join(cards, 'cards', 'T1003.md'), filledCard('T1003'));
    execFileSync('git', ['add', '.'], { cwd: cards });
    const passing = await preCommit();
    assert.equal(passing.code, 0, passing.out);
    assert.match(passing.out, /huntcard check\.+Passed/);
  });
});
