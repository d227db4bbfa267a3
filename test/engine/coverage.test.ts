import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { placeholder } from '../../server/src/engine/rules/all/placeholder.js';
import { checkCard } from '../../server/src/engine/rules/check-card.js';
import { summarizeCard } from '../../server/src/engine/coverage/card-summary.js';
import { buildCoverage } from '../../server/src/engine/coverage/collection.js';
import { navigatorLayer } from '../../server/src/engine/coverage/navigator-layer.js';
import { coverageCsv } from '../../server/src/engine/coverage/summary-formats.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { catalog18, filledCard, referenceCard } from '../helpers/cards.js';
import { huntcard } from '../helpers/cli.js';
import { bundle } from '../helpers/datasets.js';
import { tempDir } from '../helpers/tmp.js';

const validated = (text: string) => text.replace('**Validated:** NO', '**Validated:** YES');

/** The rules of the ATT&CK Navigator layer format 4.5 that a layer file must follow. */
const hex = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/);
const metadata = z.array(z.union([z.object({ name: z.string().min(1), value: z.string() }).strict(), z.object({ divider: z.boolean() }).strict()]));
const links = z.array(z.union([z.object({ label: z.string().min(1), url: z.string().url() }).strict(), z.object({ divider: z.boolean() }).strict()]));
const layer45 = z
  .object({
    name: z.string().min(1),
    versions: z.object({ attack: z.string().regex(/^\d+$/).optional(), navigator: z.string().regex(/^\d+\.\d+\.\d+$/), layer: z.literal('4.5') }).strict(),
    domain: z.enum(['enterprise-attack', 'mobile-attack', 'ics-attack']),
    description: z.string().optional(),
    filters: z.object({ platforms: z.array(z.string()) }).optional(),
    sorting: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    layout: z
      .object({
        layout: z.enum(['side', 'flat', 'mini']),
        aggregateFunction: z.enum(['average', 'min', 'max', 'sum']),
        showID: z.boolean(),
        showName: z.boolean(),
        showAggregateScores: z.boolean(),
        countUnscored: z.boolean(),
        expandedSubtechniques: z.enum(['none', 'annotated', 'all']),
      })
      .strict()
      .optional(),
    hideDisabled: z.boolean().optional(),
    techniques: z.array(
      z
        .object({
          techniqueID: z.string().regex(/^T\d{4}(\.\d{3})?$/),
          tactic: z
            .string()
            .regex(/^[a-z-]+$/)
            .optional(),
          score: z.number().optional(),
          color: z.union([z.literal(''), hex]).optional(),
          comment: z.string().optional(),
          enabled: z.boolean().optional(),
          metadata: metadata.optional(),
          links: links.optional(),
          showSubtechniques: z.boolean().optional(),
        })
        .strict(),
    ),
    gradient: z
      .object({ colors: z.array(hex).min(2), minValue: z.number(), maxValue: z.number() })
      .strict()
      .optional(),
    legendItems: z.array(z.object({ label: z.string(), color: hex }).strict()).optional(),
    metadata: metadata.optional(),
    links: links.optional(),
    showTacticRowBackground: z.boolean().optional(),
    tacticRowBackground: hex.optional(),
    selectTechniquesAcrossTactics: z.boolean().optional(),
    selectSubtechniquesWithParent: z.boolean().optional(),
    selectVisibleTechniques: z.boolean().optional(),
  })
  .strict();

describe('coverage: card maturity, collection rules, Navigator layer', () => {
  const enterprise = bundle('enterprise18');

  it('reads maturity from the author zone: 1 scaffold, 2 hypothesis and an analytic, 3 all filled and validated', () => {
    const scaffold = scaffoldCard(enterprise, 'T1059.001', { date: '1 May 2026', author: 'x' });
    const cases: Array<[string, string, number]> = [
      ['a fresh scaffold', scaffold, 1],
      ['the reference card', referenceCard(), 1],
      ['every analytic filled, not validated', filledCard(), 2],
      ['every analytic filled and validated', validated(filledCard()), 3],
      ['validated with one analytic left', validated(filledCard()).replace('`process.name:powershell.exe and process.args:-enc`', '```Input your query here```'), 2],
      ['analytics written but no hypothesis', filledCard().replace('## Overall Hypothesis\n\n- Encoded PowerShell launched by Office processes.', '## Overall Hypothesis\n\n- Information Here'), 1],
      ['CRLF line endings', validated(filledCard()).replace(/\n/g, '\r\n'), 3],
      ['a query in a fenced block', validated(filledCard()).replace(/ {2}\* \*\*Query:\*\* `[^`]*`/g, '  * **Query:**\n\n    ```kql\n    DeviceProcessEvents | take 1\n    ```'), 3],
    ];
    for (const [name, text, maturity] of cases) {
      const summary = summarizeCard(text, `${name}.md`);
      assert.ok(summary, name);
      assert.equal(summary.maturity, maturity, name);
      // The line scanner and the card model agree on what is left to do.
      const model = parseCard(text, 'x.md');
      assert.equal(summary.placeholders, checkCard(model, catalog18(), { rules: [placeholder] }).length, `${name}: placeholders`);
      assert.equal(summary.analytics, model.analytics.length, `${name}: analytics`);
      assert.equal(summary.id, model.title!.id);
    }
    assert.equal(summarizeCard('# Notes\n\nJust notes.\n', 'notes.md'), undefined);
    assert.equal(summarizeCard('# T1059 X\n\nNo sections.\n', 'x.md'), undefined);
  });

  it('reports duplicate, revoked, unknown and outdated cards', () => {
    const cards = [
      summarizeCard(filledCard(), 'a/T1059.001.md')!,
      summarizeCard(filledCard(), 'b/T1059.001.md')!,
      summarizeCard(scaffoldCard(bundle('enterprise11'), 'T1589.002', { date: '23 June 2022', author: 'x' }), 'T1589.002.md')!,
      summarizeCard(filledCard().replace('# T1059.001 PowerShell', '# T1086 PowerShell'), 'T1086.md')!,
      summarizeCard(filledCard().replace('# T1059.001 PowerShell', '# T9999 Nothing'), 'T9999.md')!,
    ];
    const report = buildCoverage(cards, catalog18());
    const rules = report.findings.map((f) => `${f.file} ${f.rule}`).sort();
    assert.deepEqual(rules, ['T1086.md revoked-card', 'T1589.002.md outdated-card', 'T9999.md unknown-technique', 'a/T1059.001.md duplicate-card', 'b/T1059.001.md duplicate-card']);
    assert.match(report.findings.find((f) => f.rule === 'revoked-card')!.message, /now T1059\.001/);
    assert.equal(report.covered.get('T1059.001')!.cards.length, 2);
    assert.ok(!report.covered.has('T1086'));
  });

  it('writes a layer that follows the Navigator 4.5 format, one entry per technique and tactic', () => {
    const cards = [
      summarizeCard(validated(filledCard()), '/cards/T1059.001.md')!,
      summarizeCard(filledCard('T1003'), '/cards/T1003.md')!,
      summarizeCard(scaffoldCard(enterprise, 'T1566.001', { date: '1 May 2026', author: 'x' }), '/cards/T1566.001.md')!,
    ];
    const layer = navigatorLayer(buildCoverage(cards, catalog18()), { generator: 'test' });
    const parsed = layer45.parse(layer);
    assert.equal(parsed.versions.attack, '18');
    const tactics = new Set(enterprise.tactics().map((t) => t.shortname));
    for (const t of parsed.techniques) assert.ok(!t.tactic || tactics.has(t.tactic), `${t.tactic} is a tactic of the dataset`);
    const scored = parsed.techniques.filter((t) => t.score !== undefined);
    assert.deepEqual([...new Set(scored.map((t) => `${t.techniqueID}=${t.score}`))].sort(), ['T1003=2', 'T1059.001=3', 'T1566.001=1']);
    assert.ok(
      parsed.techniques.some((t) => t.techniqueID === 'T1059' && t.showSubtechniques === true),
      'the parent shows its covered sub-technique',
    );
    assert.equal((scored.find((t) => t.techniqueID === 'T1059.001')!.links![0] as { url: string }).url, 'file:///cards/T1059.001.md');
    assert.deepEqual(parsed.gradient, { colors: ['#e74c3c', '#f5b041', '#58d68d'], minValue: 1, maxValue: 3 });
    assert.equal(parsed.legendItems!.length, 3);
  });

  it('CSV quotes fields and defuses spreadsheet formulas', () => {
    const card = summarizeCard(filledCard().replace('# T1059.001 PowerShell', '# T1059.001 =HYPERLINK("x", "y"), PowerShell'), '/c/a,b.md')!;
    const csv = coverageCsv(buildCoverage([card], catalog18()));
    assert.equal(csv.split('\r\n')[1], `T1059.001,"'=HYPERLINK(""x"", ""y""), PowerShell","/c/a,b.md",2,0,12 March 2026,no,0`);
  });

  it('huntcard coverage: -o layer.json, --format csv|json, exit 1 on duplicate cards', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'cards', 'team-b'), { recursive: true });
    writeFileSync(path.join(dir, 'cards', 'T1059.001.md'), validated(filledCard()));
    writeFileSync(path.join(dir, 'cards', 'T1003.md'), filledCard('T1003'));
    writeFileSync(path.join(dir, 'cards', 'notes.md'), '# Notes\n');
    const out = path.join(dir, 'layer.json');
    const r = await huntcard(['coverage', path.join(dir, 'cards'), '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /2 cards cover 2 techniques of Enterprise ATT&CK v18\.1 \(maturity 1: 0, 2: 1, 3: 1\)/);
    layer45.parse(JSON.parse(readFileSync(out, 'utf8')));
    const csv = await huntcard(['coverage', path.join(dir, 'cards'), '--format', 'csv']);
    assert.equal(csv.stdout.split('\r\n')[0], 'technique,name,card,maturity,placeholders,last_updated,validated,sigma_rules');
    const json = JSON.parse((await huntcard(['coverage', path.join(dir, 'cards'), '--format', 'json'])).stdout);
    assert.deepEqual(
      json.cards.map((c: { technique: string; maturity: number }) => [c.technique, c.maturity]),
      [
        ['T1003', 2],
        ['T1059.001', 3],
      ],
    );
    const html = (await huntcard(['coverage', path.join(dir, 'cards'), '--format', 'html'])).stdout;
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.doesNotMatch(html, /<script|src=|<link/, 'self-contained: no scripts, no external resources');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length === 2 && hrefs.every((h) => !/^[a-z]+:/i.test(h!) && h!.endsWith('.md')), `covered cells link to their cards by relative path: ${hrefs.join(', ')}`);
    assert.equal((html.match(/class="t[^"]* covered"/g) ?? []).length, 2, 'T1059.001 under Execution and T1003 under Credential Access');
    writeFileSync(path.join(dir, 'cards', 'team-b', 'T1059.001.md'), filledCard());
    const dup = await huntcard(['coverage', path.join(dir, 'cards'), '--format', 'json']);
    assert.equal(dup.code, 1);
    assert.match(
      dup.stderr,
      /team-b\/T1059\.001\.md: error duplicate-card: T1059\.001 also has another card in the collection; merge them so the team works from one\. \(see .*cards\/T1059\.001\.md\)/,
    );
  });
});
