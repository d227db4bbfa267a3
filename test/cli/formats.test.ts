// Issue 14: outputs CI reads natively. --format github writes workflow commands
// (annotations on the pull request), --format junit a test report whose failures
// are exactly the errors; `huntcard rules` lists the rules a team can configure.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { filledCard, referenceCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { ALL_RULES, COLLECTION_RULES } from '../../server/src/engine/rules/registry.js';

describe('cli: check --format github and junit, and huntcard rules', () => {
  const dir = tempDir();
  // A name with the characters workflow commands and XML must escape.
  const odd = 'odd, name: 100%.md';
  before(() => {
    writeFileSync(path.join(dir, 'T1589.002.md'), referenceCard());
    writeFileSync(path.join(dir, 'clean.md'), filledCard());
    writeFileSync(path.join(dir, odd), filledCard('T1059.003').replace('**Validated:** NO', '**Validated:** maybe <&>'));
    writeFileSync(path.join(dir, 'notes.md'), '# Notes\n');
  });

  it('github: one workflow command per finding, severities mapped, properties and messages escaped', async () => {
    const json = JSON.parse((await huntcard(['check', '.', '--format', 'json', '--dataset', BUNDLES.enterprise11], { cwd: dir })).stdout) as {
      diagnostics: Array<{ file: string; line: number; column: number; severity: string; rule: string; message: string }>;
    };
    const r = await huntcard(['check', '.', '--format', 'github', '--dataset', BUNDLES.enterprise11], { cwd: dir });
    assert.equal(r.code, 1, 'errors still fail the step');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, json.diagnostics.length, 'one line per finding, nothing else on stdout');
    for (const line of lines) assert.match(line, /^::(error|warning|notice) file=[^,]+,line=\d+,endLine=\d+,col=\d+,(endColumn=\d+,)?title=huntcard [a-z-]+::.+$/);
    assert.ok(lines.includes('::error file=T1589.002.md,line=88,endLine=88,col=40,endColumn=41,title=huntcard dangling-analytic-ref::Network Analytics has no Analytic 3 (it has 1, 2).'));
    const oddLine = lines.find((l) => l.includes('invalid-validated'));
    assert.ok(oddLine?.startsWith('::warning file=odd%2C name%3A 100%25.md,'), oddLine);
    const infos = json.diagnostics.filter((d) => d.severity === 'info').length;
    assert.equal(lines.filter((l) => l.startsWith('::notice ')).length, infos, 'info is a notice');
  });

  it('junit: well-formed XML, a suite per card, failures exactly the errors', async () => {
    // The default dataset: the filled card is clean with it, the reference card (pulled from 11.2) is not.
    const json = JSON.parse((await huntcard(['check', '.', '--format', 'json'], { cwd: dir })).stdout) as { diagnostics: Array<{ file: string; severity: string }> };
    const r = await huntcard(['check', '.', '--format', 'junit'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(XMLValidator.validate(r.stdout), true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(r.stdout) as {
      testsuites: { '@_tests': string; '@_failures': string; testsuite: Array<{ '@_name': string; '@_failures': string; testcase: Array<{ failure?: { '@_type': string } }> }> };
    };
    const errors = json.diagnostics.filter((d) => d.severity === 'error').length;
    assert.equal(Number(doc.testsuites['@_failures']), errors);
    assert.deepEqual(doc.testsuites.testsuite.map((s) => s['@_name']).sort(), ['T1589.002.md', 'clean.md', odd].sort(), 'every card, and no file that is not one');
    const clean = doc.testsuites.testsuite.find((s) => s['@_name'] === 'clean.md')!;
    assert.equal(clean.testcase.length, 1, 'a clean card is one passing case');
    assert.equal(clean.testcase[0]!.failure, undefined);
    const reference = doc.testsuites.testsuite.find((s) => s['@_name'] === 'T1589.002.md')!;
    assert.equal(reference.testcase.length, json.diagnostics.filter((d) => d.file === 'T1589.002.md').length);
    assert.ok(reference.testcase.some((c) => c.failure?.['@_type'] === 'dangling-analytic-ref'));
    assert.equal(
      Number(doc.testsuites['@_tests']),
      doc.testsuites.testsuite.reduce((n, s) => n + s.testcase.length, 0),
    );
  });

  it('junit: a card without errors passes; control characters in a message stay well-formed', async () => {
    const sub = tempDir();
    writeFileSync(path.join(sub, 'T1059.001.md'), filledCard().replace('**Validated:** NO', '**Validated:** \u001b[31mno\u0007'));
    const r = await huntcard(['check', '.', '--format', 'junit'], { cwd: sub });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(XMLValidator.validate(r.stdout), true, r.stdout);
    assert.match(r.stdout, /failures="0"/);
    assert.match(r.stdout, /\\x1b\[31mno\\x07/);
  });

  it('rules: every rule with its severity, kind and page; the nearest .huntcard.json applies', async () => {
    const plain = await huntcard(['rules'], { cwd: tempDir() });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^rule +severity +default +kind +fix +what$/m);
    for (const rule of ALL_RULES) assert.match(plain.stdout, new RegExp(`^${rule.id} +${rule.defaultSeverity} +${rule.defaultSeverity} +(card|collection) +(--fix)? +\\S`, 'm'));
    assert.match(plain.stdout, /\/docs\/rules\/placeholder\.md$/m);
    assert.match(plain.stdout, /severities from the defaults/);

    const configured = tempDir();
    writeFileSync(path.join(configured, '.huntcard.json'), JSON.stringify({ rules: { placeholder: 'off', 'duplicate-card': 'warning' } }));
    const r = await huntcard(['rules', '--format', 'json'], { cwd: configured });
    assert.equal(r.code, 0, r.stderr);
    // In text, a severity the config changed sits in its column, the default beside it.
    const text = await huntcard(['rules'], { cwd: configured });
    assert.match(text.stdout, /^placeholder +off +warning +card +\S/m);
    const out = JSON.parse(r.stdout) as { config: string; rules: Array<{ id: string; severity: string; defaultSeverity: string; kind: string; url: string }> };
    assert.equal(path.basename(out.config), '.huntcard.json');
    assert.equal(out.rules.length, ALL_RULES.length);
    assert.equal(out.rules.find((x) => x.id === 'placeholder')!.severity, 'off');
    assert.deepEqual(
      out.rules.filter((x) => x.kind === 'collection').map((x) => x.id),
      COLLECTION_RULES.map((x) => x.id),
    );
    assert.equal(out.rules.find((x) => x.id === 'duplicate-card')!.severity, 'warning');
    assert.ok(out.rules.every((x) => x.url.startsWith('https://')));
  });
});
