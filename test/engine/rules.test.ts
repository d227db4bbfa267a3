import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CardSource } from '../../server/src/engine/card/card-model.js';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { MAX_CARD_CHARS, MAX_PIECE_CHARS } from '../../server/src/engine/card/card-format.js';
import { longestPiece } from '../../server/src/engine/card/parse-markdown.js';
import { regenerateAttackZone } from '../../server/src/engine/refresh/attack-zone.js';
import { applyEdits } from '../../server/src/engine/rules/apply-edits.js';
import { checkCard } from '../../server/src/engine/rules/check-card.js';
import { COLLECTION_RULES, RULES } from '../../server/src/engine/rules/registry.js';
import type { Finding, Rule } from '../../server/src/engine/rules/rule.js';
import { catalog11, catalog18, check, filledCard, referenceCard } from '../helpers/cards.js';
import { REPO } from '../helpers/paths.js';

const lineOf = (text: string, f: Finding) => text.slice(0, f.span.start).split(/\r\n|\n/).length;

describe('rules: the reference card', () => {
  it('with Enterprise 11.2 gives only its placeholders and the dangling Network Analytics references 3 and 5', () => {
    const text = referenceCard();
    const findings = check(text, catalog11()).filter((f) => f.severity !== 'info');
    const placeholders = findings.filter((f) => f.rule === 'placeholder');
    const dangling = findings.filter((f) => f.rule === 'dangling-analytic-ref');
    assert.equal(placeholders.length, 26);
    assert.deepEqual(
      dangling.map((f) => [lineOf(text, f), text.slice(f.span.start, f.span.end), f.severity]),
      [
        [88, '3', 'error'],
        [88, '5', 'error'],
      ],
    );
    assert.equal(findings.length, placeholders.length + dangling.length);
    assert.deepEqual(
      check(text, catalog11()).filter((f) => f.severity === 'info'),
      [],
    );
  });

  it('with Enterprise 18.1 also reports a stale ATT&CK zone and says what changed', () => {
    const stale = check(referenceCard()).filter((f) => f.rule === 'stale-attack-zone');
    assert.equal(stale.length, 1);
    assert.match(stale[0]!.message, /Enterprise ATT&CK v18\.1: .*Adversarial usage: \+6 .*−1 \(G0069\).*Mitre References: \+2/);
  });
});

describe('rules: clean cards', () => {
  it('a filled-in scaffold has no findings at all', () => {
    assert.deepEqual(check(filledCard()), []);
  });

  it('a text that starts with a byte order mark (as some editors hand it over) is as clean, and a refresh keeps the mark', () => {
    const text = `\uFEFF${filledCard()}`;
    assert.deepEqual(check(text), []);
    const stale = `\uFEFF${filledCard().replace('  * Windows\n', '  * Windows\n  * Linux\n')}`;
    const [finding] = check(stale).filter((f) => f.rule === 'stale-attack-zone');
    assert.ok(finding, 'the stale zone is still reported');
    const fixed = applyEdits(stale, finding.fixes![0]!.edits);
    assert.ok(fixed.startsWith('\uFEFF# T1059.001'), 'the byte order mark is kept and not doubled');
    assert.deepEqual(
      check(fixed).filter((f) => f.rule === 'stale-attack-zone'),
      [],
    );
  });
});

interface HitCase {
  rule: string;
  /** Turns the clean card into one that breaks the rule. */
  mutate: (text: string) => string;
  message: RegExp;
  /** The fix (by index) that resolves the finding, if the rule offers one. */
  fix?: number;
  /** How the file was stored, for rules about the file rather than the text. */
  source?: (text: string) => CardSource;
}

const CASES: HitCase[] = [
  { rule: 'missing-section', mutate: (t) => t.replace(/## Detection Blindspots\n\n- [^\n]*\n\n/, ''), message: /"## Detection Blindspots" is missing/, fix: 0 },
  { rule: 'duplicate-section', mutate: (t) => t.replace('## Detection Blindspots', '## Detection Blindspots\n\n- x\n\n## Detection Blindspots'), message: /appears again \(first on line/ },
  {
    rule: 'section-order',
    mutate: (t) => t.replace(/(## Overall Hypothesis\n\n- [^\n]*\n\n)([\s\S]*?)(## Analytical References)/, '$2$1$3'),
    message: /"Overall Hypothesis" should come before "Detection Blindspots"/,
  },
  { rule: 'placeholder', mutate: (t) => t.replace('- Encoded PowerShell launched by Office processes.', '- Information Here'), message: /Placeholder left: Information Here/ },
  { rule: 'unknown-technique', mutate: (t) => t.replace('# T1059.001', '# T1059.099'), message: /T1059\.099 is not a technique .* Did you mean T1059\.001/, fix: 0 },
  { rule: 'revoked-technique', mutate: (t) => t.replace('# T1059.001 PowerShell', '# T1086 PowerShell'), message: /T1086 was revoked .*; it is now T1059\.001 PowerShell/, fix: 0 },
  { rule: 'deprecated-technique', mutate: (t) => t.replace('# T1059.001 PowerShell', '# T1064 Scripting'), message: /T1064 Scripting is deprecated/ },
  { rule: 'technique-name-mismatch', mutate: (t) => t.replace('# T1059.001 PowerShell', '# T1059.001 Powershell Abuse'), message: /named "PowerShell" .* not "Powershell Abuse"/, fix: 0 },
  { rule: 'unknown-group', mutate: (t) => t.replace(/groups\/G\d{4}\)/, 'groups/G9999)'), message: /G9999 .* is not a group/ },
  {
    rule: 'group-name-mismatch',
    mutate: (t) => t.replace(/\| ([^|\n]+) \| \[\1\]\((https:\/\/attack\.mitre\.org\/groups\/G\d{4})\)/, '| $1 | [Fancy Name]($2)'),
    message: /says "Fancy Name", but G\d{4} is/,
    fix: 0,
  },
  {
    rule: 'unresolved-citation',
    mutate: (t) => t.replace('- Encoded PowerShell launched by Office processes.', '- Encoded PowerShell.(Citation: Nobody Ever Wrote This 2099)'),
    message: /"Nobody Ever Wrote This 2099" is not in this card/,
  },
  { rule: 'dangling-analytic-ref', mutate: (t) => t.replace('| APT29 | 1, 2 | 1, 2 |', '| APT29 | 1, 2, 7 | 1, 2 |'), message: /Host Analytics has no Analytic 7 \(it has 1, 2\)/, fix: 0 },
  { rule: 'analytic-missing-field', mutate: (t) => t.replace('  * **Tool:** Kibana\n\n', ''), message: /Analytic 1 has no \*\*Tool:\*\* field/, fix: 0 },
  { rule: 'analytic-numbering', mutate: (t) => t.replace('#### Analytic 2', '#### Analytic 3'), message: /Analytic 3 should be Analytic 2/, fix: 0 },
  { rule: 'invalid-date', mutate: (t) => t.replace('**Last Updated  Date:** 12 March 2026', '**Last Updated  Date:** 31 February 2026'), message: /"31 February 2026" is not a real date/, fix: 0 },
  // A readable date another way: rewritten as the same day (found by a new user: --fix set today's date over it).
  { rule: 'invalid-date', mutate: (t) => t.replace('**Last Updated  Date:** 12 March 2026', '**Last Updated  Date:** 2023-03-14'), message: /"2023-03-14" is not written "D Month YYYY"/, fix: 0 },
  { rule: 'invalid-validated', mutate: (t) => t.replace('**Validated:** NO', '**Validated:** maybe'), message: /Validated is "maybe"; write YES or NO/, fix: 0 },
  { rule: 'missing-author', mutate: (t) => t.replace('**Author(s):** R. Analyst', '**Author(s):**'), message: /Author\(s\) is empty/ },
  {
    rule: 'title-zone-mismatch',
    mutate: (t) => t.replace('# T1059.001 PowerShell', '# T1110 Brute Force'),
    message: /The title says T1110, but the ATT&CK zone below it describes T1059\.001 PowerShell/,
    fix: 0,
  },
  {
    rule: 'attack-zone-boundary',
    mutate: (t) => t.replace(/^\*Last pulled from Mitre on: /m, '    *Last pulled from Mitre on: '),
    message: /The pull-date line \(line \d+\) does not start its line .* ambiguous/,
  },
  {
    rule: 'file-encoding',
    mutate: (t) => t.replace('R. Analyst', 'R. M\uFFFDller'),
    source: (t) => ({ encoding: 'utf-8', bom: false, firstInvalid: t.indexOf('\uFFFD') }),
    message: /Line \d+ holds bytes that are not valid UTF-8/,
  },
  {
    rule: 'card-too-large',
    mutate: (t) => `${t}\n${'- a pasted log line\n'.repeat(MAX_CARD_CHARS / 20)}`,
    message: /This card is [\d,]+ characters long, over the 2,097,152 \(2 MiB\) Hunt Card reads/,
  },
  { rule: 'stale-attack-zone', mutate: (t) => t.replace('  * Windows\n', '  * Windows\n  * Linux\n'), message: /differs from Enterprise ATT&CK v18\.1: Platforms: −1 \(Linux\)/, fix: 0 },
];

describe('rules: each rule fires on a card that breaks it, and its fix resolves it', () => {
  it('every rule has a case here', () => {
    assert.deepEqual([...new Set(CASES.map((c) => c.rule))].sort(), RULES.map((r) => r.id).sort());
  });

  for (const c of CASES) {
    it(c.rule, () => {
      const text = c.mutate(filledCard());
      assert.notEqual(text, filledCard(), 'the mutation must change the card');
      const all = c.source ? checkCard(parseCard(text, 'card.md', c.source(text)), catalog18()) : check(text);
      const findings = all.filter((f) => f.rule === c.rule);
      assert.ok(findings.length >= 1, `expected ${c.rule}, got ${JSON.stringify(all.map((f) => f.rule))}`);
      assert.match(findings[0]!.message, c.message);
      assert.equal(findings[0]!.severity, RULES.find((r) => r.id === c.rule)!.defaultSeverity);
      if (c.fix !== undefined) {
        const fix = findings[0]!.fixes?.[c.fix];
        assert.ok(fix, 'expected a fix');
        const fixed = applyEdits(text, fix.edits);
        const remaining = check(fixed).filter((f) => f.rule === c.rule && f.message === findings[0]!.message);
        assert.deepEqual(remaining, [], `after "${fix.title}"`);
      }
    });
  }
});

describe('rules: a card too large to parse', () => {
  const text = `${filledCard()}\n${'- Information Here\n'.repeat(MAX_CARD_CHARS / 19)}`;

  it('gets that one finding and no other, however many placeholders it holds', () => {
    assert.ok(text.length > MAX_CARD_CHARS);
    assert.deepEqual(
      check(text).map((f) => f.rule),
      ['card-too-large'],
    );
    assert.deepEqual(parseCard(text, 'card.md').oversized, { why: 'length' });
  });

  it('nor is a card with more than 256 KiB that no heading divides (parsed in one go, that took a gigabyte)', () => {
    const block = `${filledCard()}\n${'- a pasted log line\n'.repeat(15_000)}`;
    assert.ok(block.length < MAX_CARD_CHARS && block.length > MAX_PIECE_CHARS);
    const found = check(block);
    assert.deepEqual(
      found.map((f) => f.rule),
      ['card-too-large'],
    );
    assert.match(found[0]!.message, /This card has [\d,]+ characters without a heading to divide it, over the 262,144 \(256 KiB\) Hunt Card parses in one piece/);
    // The same length under headings is parsed, in pieces.
    const block2 = `${filledCard()}\n${'#### Notes\n\n- a pasted log line\n\n'.repeat(18_000)}`;
    assert.ok(block2.length > MAX_PIECE_CHARS && longestPiece(block2).chars < 64 * 1024);
  });

  it('a long card with a link reference definition (parsed in one go) says that, not that it has no headings', () => {
    const defined = `${filledCard()}\n${'#### Notes\n\n- a pasted log line\n\n'.repeat(9_000)}\n[guide]: https://example.org/guide\n`;
    const found = check(defined);
    assert.deepEqual(
      found.map((f) => f.rule),
      ['card-too-large'],
    );
    assert.match(found[0]!.message, /holds a link reference definition .*Write its links inline/);
  });

  it('a line like a definition inside fenced code (PowerShell) does not count: the card is parsed in pieces', () => {
    // Found by a new user: [System.Convert]::FromBase64String in a query made a 325 KiB card card-too-large.
    const query = '\n```powershell\n[System.Convert]::FromBase64String($encoded)\n```\n';
    const text = `${filledCard()}\n${'#### Notes\n\n- a pasted log line\n\n'.repeat(9_000)}${query}`;
    assert.ok(text.length > MAX_PIECE_CHARS);
    assert.equal(longestPiece(text).whole, undefined);
    assert.ok(longestPiece(text).chars < 64 * 1024);
    assert.equal(parseCard(text, 'card.md').oversized, undefined);
  });

  it('is not refreshed: refresh says why instead of guessing where the zone ends', () => {
    assert.throws(() => regenerateAttackZone(parseCard(text, 'card.md'), catalog18(), '1 January 2026'), /characters long, over the 2,097,152 \(2 MiB\) Hunt Card reads/);
  });
});

describe('rules: configuration and inline control', () => {
  const text = filledCard().replace('- Encoded PowerShell launched by Office processes.', '- Information Here');

  it('severities can be changed or turned off', () => {
    assert.equal(check(text, catalog18(), { severities: { placeholder: 'error' } })[0]!.severity, 'error');
    assert.deepEqual(check(text, catalog18(), { severities: { placeholder: 'off' } }), []);
  });

  it('<!-- huntcard-disable-next-line rule --> silences one line', () => {
    const silenced = text.replace('- Information Here', '<!-- huntcard-disable-next-line placeholder -->\n- Information Here');
    assert.deepEqual(check(silenced), []);
    const other = text.replace('- Information Here', '<!-- huntcard-disable-next-line invalid-date -->\n- Information Here');
    assert.equal(check(other).length, 1);
  });

  it('<!-- huntcard-disable --> ... <!-- huntcard-enable --> silences a region', () => {
    const region = text
      .replace('## Overall Hypothesis', '<!-- huntcard-disable placeholder -->\n\n## Overall Hypothesis')
      .replace('## Adversary Examples', '<!-- huntcard-enable placeholder -->\n\n## Adversary Examples');
    assert.deepEqual(check(region), []);
    const after = region + '\n- Information Here\n';
    assert.equal(check(after).length, 1);
  });

  it('a rule that throws is skipped and reported; the others still run', () => {
    const broken: Rule = {
      id: 'broken',
      defaultSeverity: 'error',
      summary: 'x',
      run: () => {
        throw new Error('boom');
      },
    };
    const errors: string[] = [];
    const findings = checkCard(parseCard(text), catalog18(), { rules: [broken, ...RULES], onRuleError: (r, e) => errors.push(`${r.id}: ${(e as Error).message}`) });
    assert.deepEqual(errors, ['broken: boom']);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['placeholder'],
    );
  });

  it('CRLF cards give the same findings at the same lines', () => {
    const lf = referenceCard();
    const crlf = lf.replace(/\n/g, '\r\n');
    const summary = (t: string) => check(t, catalog11()).map((f) => [f.rule, lineOf(t, f), f.message]);
    assert.deepEqual(summary(crlf), summary(lf));
  });

  it('Markdown that is not a card gets no findings', () => {
    assert.deepEqual(check('# Notes\n\nInformation Here\n\n(Citation: Nobody)\n'), []);
  });
});

describe('rules: documentation', () => {
  it('docs/rules/README.md is the index the registry renders (npm run rules-index rewrites it), with whole summaries', async () => {
    const { renderRulesIndex } = (await import(pathToFileURL(path.join(REPO, 'scripts', 'rules-index.mjs')).href)) as { renderRulesIndex: () => string };
    assert.equal(readFileSync(path.join(REPO, 'docs', 'rules', 'README.md'), 'utf8'), renderRulesIndex());
    for (const r of RULES) assert.ok(renderRulesIndex().includes(`${r.summary.charAt(0).toUpperCase()}${r.summary.slice(1)}.`), r.id);
  });

  for (const rule of COLLECTION_RULES) {
    it(`collection rule ${rule.id} has its page`, () => {
      const doc = readFileSync(path.join(REPO, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      for (const heading of ['## What', '## Why', '## How to fix', '## Example']) assert.ok(doc.includes(heading), heading);
    });
  }

  for (const rule of RULES) {
    it(`${rule.id} has docs/rules/${rule.id}.md with what, why, how to fix and an example`, () => {
      const file = path.join(REPO, 'docs', 'rules', `${rule.id}.md`);
      assert.ok(existsSync(file));
      const doc = readFileSync(file, 'utf8');
      for (const heading of ['## What', '## Why', '## How to fix', '## Example']) assert.ok(doc.includes(heading), heading);
      assert.ok(doc.includes(`Default severity: **${rule.defaultSeverity}**`));
    });
  }
});
