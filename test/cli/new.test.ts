import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { icsBundle } from '../fixtures/ics-bundle.js';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('cli: huntcard new', () => {
  const dir = tempDir();

  it('prints a card from the embedded snapshot to stdout', async () => {
    const r = await huntcard(['new', 't1059.001', '--date', '3 March 2026', '--author', 'Ana']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith('# T1059.001 PowerShell\n'));
    assert.match(r.stdout, /\*Last pulled from Mitre on: 3 March 2026\*/);
    assert.match(r.stdout, / {2}\* \*\*Author\(s\):\*\* Ana\n/);
  });

  it('reproduces the reference card with --dataset 11.2', async () => {
    const r = await huntcard(['new', 'T1589.002', '--dataset', BUNDLES.enterprise11, '--date', '23 June 2022']);
    assert.equal(r.code, 0, r.stderr);
    const reference = readFileSync(path.join(BUNDLES.enterprise11, '..', '..', 'cards', 'T1589.002.md'), 'utf8');
    assert.equal(r.stdout.split('\n').slice(0, 64).join('\n'), reference.split('\n').slice(0, 64).join('\n'));
  });

  it('writes -o and never overwrites without --force', async () => {
    const file = path.join(dir, 'card.md');
    writeFileSync(file, 'my own notes\n');
    const refused = await huntcard(['new', 'T1059.001', '-o', file]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /already exists; not overwriting/);
    assert.match(refused.stderr, /--force/);
    assert.equal(readFileSync(file, 'utf8'), 'my own notes\n');
    const forced = await huntcard(['new', 'T1059.001', '-o', file, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(readFileSync(file, 'utf8').startsWith('# T1059.001 PowerShell'));
  });

  it('a folder that cannot be made is an error at once, never a hang: -o, --out-dir and coverage -o under /proc', async function () {
    // Found by a fresh-clone run: Node's recursive mkdir loops forever on /proc/nope.
    this.timeout(20_000);
    const runs = [
      ['new', 'T1003', '--author', 'R', '-o', '/proc/nope/T1003.md'],
      ['new', 'T1003', '--author', 'R', '--out-dir', '/proc/nope/cards'],
      ['coverage', dir, '-o', '/proc/nope/layer.json'],
    ];
    for (const args of runs) {
      const r = await huntcard(args, { cwd: dir });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /\/proc\/nope/, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('exits 2 and suggests close IDs for an unknown technique', async () => {
    const r = await huntcard(['new', 'T1589.02']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown technique "T1589\.02"/);
    assert.match(r.stderr, /Did you mean: T1589\.002 Email Addresses/);
    assert.equal(r.stdout, '');
  });

  it('exits 2 and names the replacement of a revoked technique', async () => {
    const r = await huntcard(['new', 'T1086']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /T1086 PowerShell was revoked .* replaced by T1059\.001 PowerShell/);
  });

  it('exits 2 on a bad date, conflicting options or a missing dataset', async () => {
    const date = await huntcard(['new', 'T1059', '--date', '2022-06-23']);
    assert.equal(date.code, 2);
    assert.match(date.stderr, /"D Month YYYY"/);
    assert.equal((await huntcard(['new', 'T1059', 'T1003'])).code, 2);
    assert.equal((await huntcard(['new'])).code, 2);
    const missing = await huntcard(['new', 'T1059', '--dataset', path.join(dir, 'missing.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Dataset file not found: .*missing\.json/);
    const domain = await huntcard(['new', 'T1059', '--domain', 'marine']);
    assert.equal(domain.code, 2);
    assert.match(domain.stderr, /unknown domain "marine"/);
  });

  it('--all --out-dir writes a card for each current technique of Enterprise and Mobile 18.1', async () => {
    for (const [domain, count] of [
      ['enterprise', 691],
      ['mobile', 124],
    ] as const) {
      const out = path.join(dir, domain);
      const r = await huntcard(['new', '--all', '--domain', domain, '--out-dir', out, '--date', '1 June 2026']);
      assert.equal(r.code, 0, r.stderr);
      const files = readdirSync(out);
      assert.equal(files.length, count);
      assert.ok(files.every((f) => /^T\d{4}(\.\d{3})?\.md$/.test(f)));
    }
  });

  it('--all over an ICS bundle writes a card per T08xx technique; existing files are kept', async () => {
    const bundleFile = path.join(dir, 'ics-attack.json');
    writeFileSync(bundleFile, JSON.stringify(icsBundle()));
    const out = path.join(dir, 'ics');
    const first = await huntcard(['new', '--all', '--dataset', bundleFile, '--out-dir', out]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['T0800.md', 'T0801.md', 'T0803.md']);
    writeFileSync(path.join(out, 'T0800.md'), 'hunter text\n');
    const again = await huntcard(['new', '--all', '--dataset', bundleFile, '--out-dir', out]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /kept 3 existing files/);
    assert.equal(readFileSync(path.join(out, 'T0800.md'), 'utf8'), 'hunter text\n');
  });

  it('has --help for every command', async () => {
    for (const args of [['--help'], ['new', '--help'], ['data', '--help'], ['data', 'info', '--help']]) {
      const r = await huntcard(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /Usage: huntcard/);
    }
  });
});

describe('cli: huntcard data info', () => {
  it('prints the embedded datasets', async () => {
    const r = await huntcard(['data', 'info']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Enterprise ATT&CK v18\.1\n {2}domain: {3}enterprise-attack\n {2}version: {2}18\.1\n {2}source: {3}embedded/);
    assert.match(r.stdout, /Mobile ATT&CK v18\.1/);
  });

  it('prints an explicit dataset as JSON', async () => {
    const r = await huntcard(['data', 'info', '--json', '--dataset', BUNDLES.enterprise11]);
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout) as { datasets: Array<{ version: string; domain: string }> };
    assert.deepEqual(
      info.datasets.map((d) => [d.domain, d.version]),
      [['enterprise-attack', '11.2']],
    );
    assert.ok(!existsSync('/nonexistent-huntcard-cache'));
  });
});
