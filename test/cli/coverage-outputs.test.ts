// Issue 12: coverage outputs agree with each other and with Navigator's loader.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { huntcard } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('cli: huntcard coverage outputs', function () {
  this.timeout(60000);
  const dir = tempDir();
  before(async () => {
    mkdirSync(path.join(dir, 'cards'));
    assert.equal((await huntcard(['new', 'T1003', 'T1003.001', 'T1059.001', '--out-dir', 'cards', '--author', 'x'], { cwd: dir })).code, 0);
    assert.equal((await huntcard(['new', 'T1404', '--domain', 'mobile', '-o', 'cards/T1404.md', '--author', 'x'], { cwd: dir })).code, 0);
  });

  it('a card of another domain is a finding, and every output counts the same cards', async () => {
    const layer = await huntcard(['coverage', 'cards', '-o', 'layer.json'], { cwd: dir });
    assert.equal(layer.code, 0, layer.stderr);
    assert.match(layer.stderr, /cards\/T1404\.md: warning other-domain-card: T1404 is a technique of Mobile ATT&CK v18\.1; this report covers Enterprise ATT&CK v18\.1/);
    assert.match(layer.stderr, /^3 cards cover 3 techniques of Enterprise ATT&CK v18\.1 /m);
    const csv = (await huntcard(['coverage', 'cards', '--format', 'csv'], { cwd: dir })).stdout.trim().split('\r\n');
    assert.deepEqual(
      csv.slice(1).map((r) => r.split(',')[0]),
      ['T1003', 'T1003.001', 'T1059.001'],
    );
    const json = JSON.parse((await huntcard(['coverage', 'cards', '--format', 'json'], { cwd: dir })).stdout) as { cards: unknown[] };
    assert.equal(json.cards.length, 3);
    const text = (await huntcard(['coverage', 'cards', '--format', 'text'], { cwd: dir })).stdout.split('\n');
    assert.equal(text[0], '3 cards cover 3 of 691 techniques of Enterprise ATT&CK v18.1 (maturity 1: 3, 2: 0, 3: 0).');
    assert.deepEqual(
      text.slice(3, 6).map((l) => l.split(/\s+/)[0]),
      ['T1003', 'T1003.001', 'T1059.001'],
    );
    const html = (await huntcard(['coverage', 'cards', '--format', 'html'], { cwd: dir })).stdout;
    assert.match(html, /3 of 691 techniques have a card/);
    const description = JSON.parse(readFileSync(path.join(dir, 'layer.json'), 'utf8')).description as string;
    assert.match(description, /Coverage of 3 techniques by 3 hunt cards/);
    const mobile = await huntcard(['coverage', 'cards', '--domain', 'mobile', '--format', 'csv'], { cwd: dir });
    assert.deepEqual(
      mobile.stdout
        .trim()
        .split('\r\n')
        .slice(1)
        .map((r) => r.split(',')[0]),
      ['T1404'],
    );
  });

  it('the Navigator layer has one entry per technique and tactic: a covered parent keeps its score and shows its sub-techniques', async () => {
    await huntcard(['coverage', 'cards', '-o', 'layer.json'], { cwd: dir });
    const { techniques } = JSON.parse(readFileSync(path.join(dir, 'layer.json'), 'utf8')) as {
      techniques: Array<{ techniqueID: string; tactic: string; score?: number; showSubtechniques: boolean; links: unknown[] }>;
    };
    const keys = techniques.map((t) => `${t.techniqueID}/${t.tactic}`);
    assert.equal(new Set(keys).size, keys.length, `duplicate entries: ${keys.join(' ')}`);
    const parent = techniques.filter((t) => t.techniqueID === 'T1003');
    assert.deepEqual(
      parent.map((t) => [t.tactic, t.score, t.showSubtechniques, t.links.length]),
      [['credential-access', 1, true, 1]],
    );
  });

  it('the HTML heatmap links each covered cell to its card: relative to the page, or under --link-base', async () => {
    const r = await huntcard(['coverage', 'cards', '--format', 'html', '-o', 'reports/heatmap.html'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(path.join(dir, 'reports', 'heatmap.html'), 'utf8');
    assert.match(html, /<a class="t covered"[^>]*href="\.\.\/cards\/T1003\.md"/);
    assert.match(html, /<a class="t sub covered"[^>]*href="\.\.\/cards\/T1003\.001\.md"/);
    const based = (await huntcard(['coverage', 'cards', '--format', 'html', '--link-base', 'https://git.example/hunts/blob/main/cards'], { cwd: dir })).stdout;
    assert.match(based, /href="https:\/\/git\.example\/hunts\/blob\/main\/cards\/T1059\.001\.md"/);
    assert.doesNotMatch(based, /<div class="t[^"]*covered"/, 'no covered cell without its link');
    // In a git repository, --link-base is its web view: a card's link is its path from the repository's root.
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    try {
      const repo = (await huntcard(['coverage', 'cards', '--format', 'html', '--link-base', 'https://git.example/hunts/blob/main'], { cwd: dir })).stdout;
      assert.match(repo, /href="https:\/\/git\.example\/hunts\/blob\/main\/cards\/T1059\.001\.md"/);
    } finally {
      rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    }
  });

  it('honours the nearest .huntcard.json: a malformed one is an error, its collection rule severities apply', async () => {
    writeFileSync(path.join(dir, 'cards', '.huntcard.json'), '{"rules": {"other-domain-card": "off"}}');
    const quiet = await huntcard(['coverage', 'cards', '--format', 'csv'], { cwd: dir });
    assert.equal(quiet.code, 0);
    assert.doesNotMatch(quiet.stderr, /other-domain-card/);
    writeFileSync(path.join(dir, 'cards', '.huntcard.json'), '{"rules": {"placeholder": "nope"}');
    const broken = await huntcard(['coverage', 'cards'], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /\.huntcard\.json:1:\d+: the config is not valid JSON/);
  });
});
