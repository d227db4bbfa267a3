import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { filledCard, referenceCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { ALL_RULES } from '../../server/src/engine/rules/registry.js';

describe('cli: huntcard check', () => {
  const dir = tempDir();
  const cards = path.join(dir, 'cards');
  before(() => {
    mkdirSync(path.join(cards, 'ignored'), { recursive: true });
    mkdirSync(path.join(cards, 'nested'), { recursive: true });
    writeFileSync(path.join(cards, 'T1589.002.md'), referenceCard());
    writeFileSync(path.join(cards, 'nested', 'T1059.001.md'), filledCard());
    writeFileSync(path.join(cards, 'README.md'), '# Our hunt cards\n\nInformation Here\n');
    writeFileSync(path.join(cards, 'ignored', 'T1086.md'), filledCard().replace('# T1059.001', '# T1086'));
    writeFileSync(path.join(cards, '.gitignore'), 'ignored/\n');
  });

  it('text: file:line:column severity rule message, a summary, exit 1 on errors', async () => {
    const r = await huntcard(['check', 'cards', '--dataset', BUNDLES.enterprise11], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^cards\/T1589\.002\.md:88:40 error dangling-analytic-ref Network Analytics has no Analytic 3 \(it has 1, 2\)\.$/m);
    assert.match(r.stdout, /^cards\/T1589\.002\.md:82:3 warning placeholder Placeholder left: Information Here$/m);
    assert.match(r.stdout, /^2 cards checked, 1 file skipped \(not hunt cards\): \d+ errors, \d+ warnings, \d+ infos?$/m);
    assert.doesNotMatch(r.stdout, /T1086/, '.gitignore is honoured');
  });

  it("a .gitignore above the folder walked applies, as in git: the repository root's rules reach check cards/ and coverage cards/", async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'cards', 'ignored'), { recursive: true });
    writeFileSync(path.join(repo, '.gitignore'), 'cards/ignored/\n');
    writeFileSync(path.join(repo, 'cards', 'T1059.001.md'), filledCard());
    writeFileSync(path.join(repo, 'cards', 'ignored', 'copy.md'), filledCard());
    const check = await huntcard(['check', 'cards'], { cwd: repo });
    assert.match(check.stdout, /^1 card checked, 0 files skipped/m, check.stdout);
    const coverage = await huntcard(['coverage', 'cards', '--format', 'csv'], { cwd: repo });
    assert.equal(coverage.code, 0, coverage.stderr);
    assert.doesNotMatch(coverage.stderr, /duplicate-card/);
    // A folder named explicitly is checked even if the root's rules ignore it (as ripgrep does).
    assert.match((await huntcard(['check', 'cards/ignored'], { cwd: repo })).stdout, /^1 card checked/m);
    // Outside a repository only the walked folder's own .gitignore files apply.
    const plain = tempDir();
    mkdirSync(path.join(plain, 'cards'));
    writeFileSync(path.join(plain, '.gitignore'), 'cards/\n');
    writeFileSync(path.join(plain, 'cards', 'T1059.001.md'), filledCard());
    assert.match((await huntcard(['check', 'cards'], { cwd: plain })).stdout, /^1 card checked/m);
  });

  it('a card of another domain under a configured domain is checked against its own data, and coverage calls it other-domain-card', async () => {
    // Found by a fresh-clone run: `init` writes "domain": "enterprise", and a Mobile card then got unknown-technique errors.
    const repo = tempDir();
    mkdirSync(path.join(repo, 'cards', 'mobile'), { recursive: true });
    writeFileSync(path.join(repo, '.huntcard.json'), '{ "domain": "enterprise" }\n');
    writeFileSync(path.join(repo, 'cards', 'T1059.001.md'), filledCard());
    const mobile = await huntcard(['new', 'T1404', '--domain', 'mobile', '--author', 'R', '-o', 'cards/mobile/T1404.md'], { cwd: repo });
    assert.equal(mobile.code, 0, mobile.stderr);
    for (const flags of [[], ['--domain', 'enterprise']]) {
      const check = await huntcard(['check', 'cards', ...flags], { cwd: repo });
      assert.equal(check.code, 0, check.stdout);
      assert.doesNotMatch(check.stdout, /unknown-technique|unknown-group/);
      const coverage = await huntcard(['coverage', 'cards', '--format', 'csv', ...flags], { cwd: repo });
      assert.equal(coverage.code, 0, coverage.stderr);
      assert.match(coverage.stderr, /T1404\.md: warning other-domain-card: T1404 is a technique of Mobile ATT&CK/);
    }
  });

  it('a file named on the command line is checked as given, a YAML file too (it says it is no card, not silently nothing)', async () => {
    writeFileSync(path.join(dir, 'rule.yml'), 'title: x\ndetection: {condition: x}\n');
    const r = await huntcard(['check', 'rule.yml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^0 cards checked, 1 file skipped \(not hunt cards\)/m);
  });

  it('exit 0 when there are warnings but no errors', async () => {
    const r = await huntcard(['check', path.join(cards, 'nested')], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 card checked, 0 files skipped \(not hunt cards\): 0 errors, 0 warnings, 0 infos/);
  });

  it('json: 1-based positions with every field', async () => {
    const r = await huntcard(['check', 'cards/T1589.002.md', '--format', 'json', '--dataset', BUNDLES.enterprise11], { cwd: dir });
    assert.equal(r.code, 1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Array<Record<string, unknown>> };
    assert.equal(diagnostics.length, 28);
    assert.deepEqual(
      diagnostics.find((d) => d.rule === 'dangling-analytic-ref'),
      {
        file: 'cards/T1589.002.md',
        line: 88,
        column: 40,
        endLine: 88,
        endColumn: 41,
        severity: 'error',
        rule: 'dangling-analytic-ref',
        message: 'Network Analytics has no Analytic 3 (it has 1, 2).',
      },
    );
  });

  it('sarif: 2.1.0 with every rule declared and a help URI', async () => {
    const r = await huntcard(['check', 'cards', '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
      }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0]!;
    assert.equal(run.tool.driver.rules.length, ALL_RULES.length);
    for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, new RegExp(`^https://github\\.com/huntcard/hunt-card/blob/main/docs/rules/${rule.id}\\.md$`));
    const rules = run.tool.driver.rules as unknown as Array<{ id: string; help: { markdown: string } }>;
    for (const rule of rules) assert.match(rule.help.markdown, new RegExp(`^# ${rule.id}\\n`), 'the rule page travels in help.markdown');
    const dangling = run.results.find((x) => x.ruleId === 'dangling-analytic-ref')!;
    assert.equal(dangling.level, 'error');
    assert.equal(run.tool.driver.rules[dangling.ruleIndex]!.id, 'dangling-analytic-ref');
    assert.equal(dangling.locations[0]!.physicalLocation.region.startLine, 88);
    assert.ok(
      run.results.some((x) => x.level === 'note'),
      'info maps to note',
    );
  });

  it('sarif: file URIs are built properly (a folder with a space), and a card outside the working directory is an absolute URI', async () => {
    const spaced = path.join(dir, 'with space');
    mkdirSync(spaced, { recursive: true });
    writeFileSync(path.join(spaced, 'T1589.002.md'), referenceCard());
    const inside = JSON.parse((await huntcard(['check', '.', '--format', 'sarif'], { cwd: spaced })).stdout);
    assert.equal(inside.runs[0].originalUriBaseIds.SRCROOT.uri, `${pathToFileURL(spaced).href}/`);
    assert.ok(new URL(inside.runs[0].originalUriBaseIds.SRCROOT.uri), 'a valid URI');
    assert.equal(inside.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'T1589.002.md');
    const outside = JSON.parse((await huntcard(['check', spaced, '--format', 'sarif'], { cwd: cards })).stdout);
    const location = outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(location, { uri: pathToFileURL(path.join(spaced, 'T1589.002.md')).href });
    const text = await huntcard(['check', spaced], { cwd: cards });
    assert.match(text.stdout, new RegExp(`^${path.join(spaced, 'T1589.002.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:88:40 error`, 'm'), 'text output names it by its absolute path, not ../');
  });

  it('.huntcard.json sets severities and the dataset; errors in it have positions', async () => {
    const project = path.join(dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'T1589.002.md'), referenceCard());
    writeFileSync(path.join(project, '.huntcard.json'), JSON.stringify({ dataset: BUNDLES.enterprise11, rules: { 'dangling-analytic-ref': 'warning', placeholder: 'off' } }, null, 2));
    const ok = await huntcard(['check', project]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /0 errors, 2 warnings, 0 infos/);
    writeFileSync(path.join(project, '.huntcard.json'), '{\n  "rules": {\n    "placeholders": "off",\n    "placeholder": "loud"\n  }\n}\n');
    const bad = await huntcard(['check', project]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.huntcard\.json:3:5: unknown rule "placeholders"/);
    assert.match(bad.stderr, /\.huntcard\.json:4:5: rule "placeholder" has severity "loud"/);
  });

  it('--jobs 2 spreads a large folder over worker threads with the same output as --jobs 1', async () => {
    const many = path.join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 100; i++) writeFileSync(path.join(many, `card-${String(i).padStart(3, '0')}.md`), i % 3 ? filledCard() : referenceCard());
    writeFileSync(path.join(many, 'notes.md'), '# not a card\n');
    const one = await huntcard(['check', 'many', '--format', 'json', '--jobs', '1'], { cwd: dir });
    const two = await huntcard(['check', 'many', '--format', 'json', '--jobs', '2'], { cwd: dir });
    assert.equal(two.code, one.code);
    assert.equal(two.stdout, one.stdout);
    assert.equal((JSON.parse(two.stdout) as { diagnostics: unknown[] }).diagnostics.length, 34 * 26 + 34 * 2 + 34);
    const text = await huntcard(['check', 'many', '--jobs', '2'], { cwd: dir });
    assert.match(text.stdout, /100 cards checked, 1 file skipped/);
    assert.equal((await huntcard(['check', 'many', '--jobs', '0'], { cwd: dir })).code, 2);
  });

  it('exit 2 naming a missing path or dataset', async () => {
    const missing = await huntcard(['check', 'no-such-folder'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No such file or folder: no-such-folder/);
    const dataset = await huntcard(['check', 'cards', '--dataset', 'nope.json'], { cwd: dir });
    assert.equal(dataset.code, 2);
    assert.match(dataset.stderr, /Dataset file not found: nope\.json/);
  });
});

describe('cli: huntcard refresh', () => {
  const dir = tempDir();
  const authorZone = (text: string) => text.slice(text.search(/\*Last pulled from Mitre on: [^*]*\*\r?\n/)).replace(/^[^\n]*\n/, '');

  it('--check reports stale cards with exit 1; refresh rewrites only the ATT&CK zone', async () => {
    const lf = path.join(dir, 'T1589.002.md');
    const crlf = path.join(dir, 'crlf', 'T1589.002.md');
    mkdirSync(path.dirname(crlf));
    const odd = referenceCard() + '\n<div>raw html</div>\n\n```kql\n# not a heading\n```\n\n| a |\n|---|\n\u00a0trailing\u00a0space \t\n';
    writeFileSync(lf, odd);
    writeFileSync(crlf, odd.replace(/\n/g, '\r\n'));
    const check = await huntcard(['refresh', '--check', dir]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /T1589\.002\.md: stale ATT&CK zone \(Enterprise ATT&CK v18\.1\): .*Adversarial usage/);
    assert.match(check.stdout, /2 cards, 2 stale/);

    const refreshed = await huntcard(['refresh', dir, '--date', '24 November 2026']);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    for (const [file, original] of [
      [lf, odd],
      [crlf, odd.replace(/\n/g, '\r\n')],
    ] as const) {
      const now = readFileSync(file, 'utf8');
      assert.equal(authorZone(now), authorZone(original), `author zone of ${file} must be byte-identical`);
      assert.match(now, /\*Last pulled from Mitre on: 24 November 2026\*/);
      assert.match(now, /\| Moonstone Sleet \|/);
    }
    assert.ok(readFileSync(crlf, 'utf8').slice(0, 200).includes('\r\n'), 'CRLF card keeps CRLF in its new zone');
    assert.equal((await huntcard(['refresh', '--check', dir])).code, 0);
  });

  it('refuses a card without a pull-date line and leaves it untouched', async () => {
    const file = path.join(dir, 'nozone', 'T1059.001.md');
    mkdirSync(path.dirname(file));
    const text = filledCard().replace(/\*Last pulled from Mitre on: [^\n]*\n/, '');
    writeFileSync(file, text);
    const r = await huntcard(['refresh', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no "\*Last pulled from Mitre on: …\*" line/);
    assert.equal(readFileSync(file, 'utf8'), text);
  });
});
