// Issue 14: `huntcard init` sets a repository up in one command, and a team that
// runs markdownlint keeps it: after init, markdownlint-cli2 is quiet on a fresh
// scaffold of every Enterprise technique and on the reference card, and still
// reports a real mistake in an ordinary README of the same repository.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { parse } from 'jsonc-parser';
import { referenceCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const MARKDOWNLINT = path.join(REPO, 'node_modules', '.bin', 'markdownlint-cli2');

/** markdownlint-cli2's findings as "file MDxxx" pairs. */
async function markdownlint(cwd: string): Promise<string[]> {
  const r = await promisify(execFile)(MARKDOWNLINT, ['**/*.md'], { cwd, maxBuffer: 256 * 1024 * 1024 }).then(
    (x) => x,
    (e: { stdout: string; stderr: string }) => e,
  );
  return [...`${r.stdout}\n${r.stderr}`.matchAll(/^(\S+?):\d+(?::\d+)? (?:error )?(MD\d+)\//gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('cli: huntcard init', function () {
  this.timeout(300_000);

  it('writes .huntcard.json and the card folder settings, and a second run keeps both', async () => {
    const repo = tempDir();
    const first = await huntcard(['init'], { cwd: repo });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^created {2}\.huntcard\.json$/m);
    assert.match(first.stdout, /^created {2}cards\/\.markdownlint\.jsonc$/m);
    const config = JSON.parse(readFileSync(path.join(repo, '.huntcard.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(config, { $schema: 'https://unpkg.com/huntcard@0.1.0/dist/schemas/huntcard.schema.json', domain: 'enterprise', rules: {} });
    const settings = readFileSync(path.join(repo, 'cards', '.markdownlint.jsonc'), 'utf8');
    assert.equal((parse(settings) as Record<string, unknown>).MD013, false);

    const again = await huntcard(['init'], { cwd: repo });
    assert.match(again.stdout, /^kept {5}\.huntcard\.json: already there/m);
    assert.match(again.stdout, /^kept {5}cards\/\.markdownlint\.jsonc/m);
    assert.equal(readFileSync(path.join(repo, 'cards', '.markdownlint.jsonc'), 'utf8'), settings);
    // And the config it wrote is one check accepts.
    writeFileSync(path.join(repo, 'cards', 'T1589.002.md'), referenceCard());
    assert.notEqual((await huntcard(['check', 'cards'], { cwd: repo })).code, 2);
  });

  it("markdownlint-cli2 after init: no finding on every Enterprise scaffold and the reference card, the README's mistakes still reported", async () => {
    const repo = tempDir();
    writeFileSync(path.join(repo, '.markdownlint.jsonc'), '{ "default": true, "MD041": true }\n');
    writeFileSync(path.join(repo, 'README.md'), '# Hunts\n\n#Setup\n\nRun it.   \n');
    const made = await huntcard(['new', '--all', '--out-dir', 'cards', '--author', 'R. Analyst', '--date', '12 March 2026'], { cwd: repo });
    assert.equal(made.code, 0, made.stderr);
    writeFileSync(path.join(repo, 'cards', 'T1589.002.md'), referenceCard());
    const before = await markdownlint(repo);
    assert.ok(before.filter((f) => f.startsWith('cards/')).length > 1000, 'the card format trips markdownlint without init');

    const r = await huntcard(['init'], { cwd: repo });
    assert.match(r.stdout, /^created {2}cards\/\.markdownlint\.jsonc: extends \.\.\/\.markdownlint\.jsonc/m);
    const after = await markdownlint(repo);
    assert.deepEqual(
      after.filter((f) => f.startsWith('cards/')),
      [],
    );
    assert.deepEqual([...new Set(after)].sort(), ['README.md MD009', 'README.md MD018'], 'the README keeps the team rules');
  });

  it('merges into a card folder config it can edit (comments kept), says what to add to one it cannot, and flags other Markdown among the cards', async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, 'cards'));
    mkdirSync(path.join(repo, 'mobile'));
    writeFileSync(path.join(repo, 'cards', 'T1589.002.md'), referenceCard());
    writeFileSync(path.join(repo, 'cards', 'notes.md'), '# Notes\n');
    writeFileSync(path.join(repo, 'cards', '.markdownlint.jsonc'), '// our settings\n{\n  "MD013": { "line_length": 120 }, // long lines\n  "MD041": false\n}\n');
    writeFileSync(path.join(repo, 'mobile', 'T1398.md'), (await huntcard(['new', 'T1398', '--domain', 'mobile', '--author', 'R'], { cwd: repo })).stdout);
    writeFileSync(path.join(repo, 'mobile', '.markdownlint.yaml'), 'MD013: false\n');
    const r = await huntcard(['init'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^updated {2}cards\/\.markdownlint\.jsonc: set MD004, .*MD013/m);
    const merged = readFileSync(path.join(repo, 'cards', '.markdownlint.jsonc'), 'utf8');
    assert.match(merged, /^\/\/ our settings$/m);
    const values = parse(merged) as Record<string, unknown>;
    assert.equal(values.MD013, false);
    assert.equal(values.MD041, false, 'the team setting stays');
    assert.deepEqual(values.MD024, { siblings_only: true });
    assert.match(r.stdout, /^by hand {2}mobile\/\.markdownlint\.yaml: add these settings .*"MD013":false/m);
    assert.equal(readFileSync(path.join(repo, 'mobile', '.markdownlint.yaml'), 'utf8'), 'MD013: false\n');
    assert.match(r.stdout, /^by hand {2}cards\/notes\.md: is not a hunt card, but sits with the cards/m);
  });

  it('--ci github writes a workflow that runs the action on the card folders, and never overwrites one', async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, 'hunts', 'enterprise'), { recursive: true });
    writeFileSync(path.join(repo, 'hunts', 'enterprise', 'T1589.002.md'), referenceCard());
    const r = await huntcard(['init', '--ci', 'github'], { cwd: repo });
    assert.match(r.stdout, /^created {2}\.github\/workflows\/huntcard\.yml$/m);
    const workflow = yaml.load(readFileSync(path.join(repo, '.github', 'workflows', 'huntcard.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: { huntcard: { steps: Array<{ uses: string; with?: Record<string, string> }> } };
    };
    assert.equal(workflow.permissions['security-events'], 'write');
    const step = workflow.jobs.huntcard.steps.find((s) => s.uses.startsWith('huntcard/hunt-card@'))!;
    assert.equal(step.uses, 'huntcard/hunt-card@v0.1.0');
    assert.equal(step.with?.paths, 'hunts/enterprise');
    writeFileSync(path.join(repo, '.github', 'workflows', 'huntcard.yml'), 'ours\n');
    const again = await huntcard(['init', '--ci', 'github'], { cwd: repo });
    assert.match(again.stdout, /^kept {5}\.github\/workflows\/huntcard\.yml/m);
    assert.equal(readFileSync(path.join(repo, '.github', 'workflows', 'huntcard.yml'), 'utf8'), 'ours\n');
  });
});
