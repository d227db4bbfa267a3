// Property-based checks over the card model, every rule, the editor providers,
// the scaffold, refresh and quick fixes. Shared by the quick slice in `npm test`
// and the long runs of `npm run stress` (scripts/stress.mjs).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Position, Range } from 'vscode-languageserver/node';
import type { Catalog } from '../../server/src/engine/attack/query/catalog.js';
import type { Card } from '../../server/src/engine/card/card-model.js';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import type { Span } from '../../server/src/engine/card/line-index.js';
import { applyEdits } from '../../server/src/engine/rules/apply-edits.js';
import { checkCard } from '../../server/src/engine/rules/check-card.js';
import type { Finding } from '../../server/src/engine/rules/rule.js';
import { refreshCardText } from '../../server/src/engine/refresh/attack-zone.js';
import { HuntCardError } from '../../server/src/engine/errors.js';
import type { ReleaseReviewer } from '../../server/src/engine/migrate/release-review.js';
import { renderAuthorZone } from '../../server/src/engine/scaffold/render-author-zone.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { codeActions } from '../../server/src/lsp/code-actions.js';
import { completeAt } from '../../server/src/lsp/completion.js';
import { hoverAt } from '../../server/src/lsp/hover.js';
import { documentLinks, documentSymbols, foldingRanges } from '../../server/src/lsp/structure.js';

/** Longest any single engine call may take on a fuzzed card of ordinary size. */
export const CALL_BOUND_MS = 2000;

export interface Tally {
  cases: number;
  crashes: number;
  dataLost: number;
}

export const newTally = (): Tally => ({ cases: 0, crashes: 0, dataLost: 0 });

/** Fragments that stress the parser and the rules: structure, IDs, control bytes, regex metacharacters. */
const FRAGMENTS = [
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u001b[31m',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '\u2028',
  '\t',
  '# ',
  '## ',
  '### ',
  '#### Analytic ',
  // Section headings written loosely: the readers must agree on them (a review found `Metadata :` split them).
  '\n## Metadata :\n',
  '\n### Tactics :\n',
  '\n##   Overall   Hypothesis  \n',
  '\n## METADATA\n',
  '#### Analytic 999999999999',
  '## Metadata',
  '## Host Analytics',
  '## Technique Description',
  '```',
  '```kql\n',
  '~~~',
  '`',
  '|',
  '| --- |',
  '| a | 1, 2 | 3 |',
  '> ',
  '- ',
  '  * ',
  '1. ',
  '<!-- huntcard-disable -->',
  '<!--',
  '-->',
  '(Citation: ',
  '(Citation: .*+?^${}()|[]\\)',
  ')',
  '[',
  '](',
  'https://attack.mitre.org/techniques/T1059/001',
  '[APT29](https://attack.mitre.org/groups/G0016)',
  'T1059.001',
  'T1589.002',
  'T1086',
  'T9999',
  'G0016',
  'G9999',
  'S0002',
  'TA0043',
  'T',
  '.',
  '**Query:** ',
  '**Validated:** ',
  'YES',
  'NO',
  '*Last pulled from Mitre on: 1 January 2020*',
  '    *Last pulled from Mitre on: 2 May 2021*',
  '> *Last pulled from Mitre on: 3 March 2023*',
  '<!--\n*Last pulled from Mitre on: 4 April 2024*\n-->',
  '**Last Updated  Date:** 31 February 2026',
  'Information Here',
  "'Comments'",
  'Input your query here',
  '\\',
  '*',
  '_',
  '&amp;',
  '<script>',
  '${',
  '%s',
  '\u202e',
  'é',
  '𝔘',
  '👍🏽',
];

export const fragment = fc.constantFrom(...FRAGMENTS);

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'eol'; style: 'lf' | 'crlf' | 'cr' | 'mixed' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(
        fragment,
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.array(fragment, { maxLength: 6 }).map((a) => a.join('')),
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 600 }), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), style: fc.constantFrom('lf' as const, 'crlf' as const, 'cr' as const, 'mixed' as const) }) },
);

function mutate(text: string, m: Mutation): string {
  const at = text.length ? (m.kind !== 'eol' ? (m as { at: number }).at % (text.length + 1) : 0) : 0;
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': {
      const piece = text.slice(at, at + m.length);
      const to = text.length ? m.to % (text.length + 1) : 0;
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'truncate':
      return text.slice(0, at);
    case 'eol': {
      const lf = text.replace(/\r\n?/g, '\n');
      if (m.style === 'lf') return lf;
      if (m.style === 'crlf') return lf.replace(/\n/g, '\r\n');
      if (m.style === 'cr') return lf.replace(/\n/g, '\r');
      let i = 0;
      return lf.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]!);
    }
  }
}

/** A fuzzed card: a real card (scaffolded, filled or the reference) under random mutations, or pure noise. */
export function cardArbitrary(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([seed, ms]) => ms.reduce(mutate, seed)) },
    { weight: 1, arbitrary: fc.array(fragment, { maxLength: 200 }).map((a) => a.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => `# T1059.001 PowerShell\n\n## Metadata\n\n## Host Analytics\n${s}`) },
  );
}

function timer(boundMs: number) {
  return <T>(what: string, run: () => T): T => {
    const started = performance.now();
    const result = run();
    const took = performance.now() - started;
    assert.ok(took < boundMs, `${what} took ${took.toFixed(0)} ms (bound ${boundMs} ms)`);
    return result;
  };
}

function spanInside(span: Span, length: number, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= length, `${what}: span ${span.start}-${span.end} outside 0-${length}`);
}

function positionInside(card: Card, p: Position, what: string): void {
  const lastLine = card.lines.position(card.text.length).line;
  assert.ok(p.line >= 0 && p.line <= lastLine && p.character >= 0, `${what}: position ${p.line}:${p.character} outside the document`);
  const offset = card.lines.offset(p);
  assert.ok(offset >= 0 && offset <= card.text.length, `${what}: offset ${offset} outside the document`);
}

const rangeInside = (card: Card, r: Range, what: string) => {
  positionInside(card, r.start, what);
  positionInside(card, r.end, what);
};

/**
 * The whole engine and every provider on one text: nothing throws, every
 * reported range lies inside the document, every call ends within the bound.
 */
export function checkEverything(text: string, catalog: Catalog, probeOffsets: number[], boundMs = CALL_BOUND_MS): void {
  const timed = timer(boundMs);
  const card = timed('parseCard', () => parseCard(text, 'file:///fuzz/card.md'));
  assert.equal(card.text, text);
  let ruleErrors = 0;
  const findings: Finding[] = timed('checkCard', () => checkCard(card, catalog, { onRuleError: () => ruleErrors++ }));
  assert.equal(ruleErrors, 0, 'no rule threw');
  let fixesApplied = 0;
  for (const f of findings) {
    spanInside(f.span, text.length, `${f.rule} finding`);
    // Applying is O(document); a few hundred fixes cover every kind without going quadratic.
    for (const fix of fixesApplied++ < 300 ? (f.fixes ?? []) : []) {
      for (const e of fix.edits) spanInside(e.span, text.length, `${f.rule} fix "${fix.title}"`);
      const fixed = applyEdits(text, fix.edits); // throws on overlapping edits
      assertOnlyEditedRangesChanged(text, fixed, fix.edits);
    }
  }
  const analysis = { card, catalog, findings };
  const diagnostics = findings.map((f) => ({ range: { start: card.lines.position(f.span.start), end: card.lines.position(f.span.end) }, message: f.message, code: f.rule, source: 'huntcard' }));
  for (const d of diagnostics) rangeInside(card, d.range, 'diagnostic');
  for (const offset of probeOffsets) {
    const at = text.length ? offset % (text.length + 1) : 0;
    const position = card.lines.position(at);
    const hover = timed('hover', () => (card.isCard ? hoverAt(card, catalog, at) : null));
    if (hover?.range) rangeInside(card, hover.range, 'hover');
    const completion = timed('completion', () => (card.isCard ? completeAt(card, catalog, position) : { items: [] }));
    for (const item of completion.items) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) rangeInside(card, edit.range, 'completion edit');
    }
    // As an editor does: the diagnostics under the cursor.
    const here = diagnostics.filter((d) => card.lines.offset(d.range.start) <= at && at <= card.lines.offset(d.range.end));
    const actions = timed('code actions', () => codeActions(analysis, { textDocument: { uri: card.uri }, range: { start: position, end: position }, context: { diagnostics: here } }));
    for (const action of actions) for (const edits of Object.values(action.edit?.changes ?? {})) for (const e of edits) rangeInside(card, e.range, `code action "${action.title}"`);
  }
  timed('symbols', () => documentSymbols(card)).forEach((s) => rangeInside(card, s.range, 'symbol'));
  timed('folding', () => foldingRanges(card)).forEach((r) => assert.ok(r.startLine <= r.endLine, 'folding range order'));
  timed('links', () => documentLinks(card)).forEach((l) => rangeInside(card, l.range, 'link'));
}

/** Applying edits changes the text inside their spans and nowhere else. */
function assertOnlyEditedRangesChanged(before: string, after: string, edits: readonly { span: Span; newText: string }[]): void {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  let i = 0;
  let j = 0;
  for (const e of sorted) {
    assert.equal(after.slice(j, j + (e.span.start - i)), before.slice(i, e.span.start), 'text before an edit is unchanged');
    j += e.span.start - i + e.newText.length;
    i = e.span.end;
  }
  assert.equal(after.slice(j), before.slice(i), 'text after the last edit is unchanged');
}

/** A random author zone: any Markdown, any line endings, including text that looks like the ATT&CK zone. */
export const authorZoneArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(renderAuthorZone({ date: '1 May 2026', author: 'A' }), '\n\n\n', ''),
    fc.array(fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 60 }),
    fc.constantFrom('lf', 'crlf', 'cr', 'mixed', 'as-is'),
  )
  .map(([base, pieces, eol]) => {
    const text = base + pieces.join('');
    if (eol === 'as-is') return text;
    return mutate(text, { kind: 'eol', style: eol as 'lf' });
  });

/**
 * What may stand above a card's title (the recogniser allows blank lines and one-line
 * HTML comments, such as markdownlint's directives): the author's, kept as it is.
 * Found by a review: refresh and migrate replaced it with the zone.
 */
export const preambleArbitrary: fc.Arbitrary<string> = fc
  .array(fc.constantFrom('\n', '\r\n', '  \n', '<!-- markdownlint-disable MD013 -->\n', '<!-- huntcard-disable placeholder -->\r\n', '<!-- Owner: Team Blue -->\n'), { maxLength: 4 })
  .map((lines) => lines.join(''));

/**
 * Refresh never changes a byte of the author zone: for a card made of a (possibly
 * stale) generated ATT&CK zone plus any author zone, the refreshed card ends with
 * exactly that author zone.
 */
export function checkRefreshKeepsAuthorZone(attackZone: string, authorZone: string, catalog: Catalog, preamble = ''): void {
  const text = preamble + attackZone + authorZone;
  const card = parseCard(text, 'file:///fuzz/refresh.md');
  assert.equal(card.attackZoneEnd, preamble.length + attackZone.length, 'the ATT&CK zone ends at the pull-date line');
  const refreshed = refreshCardText(card, catalog, '27 November 2026').text;
  assert.ok(refreshed.startsWith(preamble), 'what is above the title is byte-identical after refresh');
  assert.ok(refreshed.endsWith(authorZone), 'the author zone is byte-identical after refresh');
  const again = refreshCardText(parseCard(refreshed, 'file:///fuzz/refresh.md'), catalog, '27 November 2026');
  assert.equal(again.changed, false, 'refresh is idempotent');
}

/** The ATT&CK zones refresh is tested from: current, and generated from older data. */
export function attackZones(catalog: Catalog, ids: string[], old?: Catalog): string[] {
  const zones: string[] = [];
  for (const id of ids) {
    for (const c of old ? [catalog, old] : [catalog]) {
      const dataset = c.datasetFor(id) ?? c.primary;
      if (!dataset.technique(id) || dataset.technique(id)!.revoked || dataset.technique(id)!.deprecated) continue;
      const card = scaffoldCard(dataset, id, { date: '1 May 2020', author: 'x' });
      const end = card.indexOf('\n', card.indexOf('*Last pulled from Mitre on:')) + 1;
      zones.push(card.slice(0, end));
    }
  }
  return zones;
}

/** Runs a property, counting cases and crashes; rethrows the first failure with its counterexample. */
export function runProperty<T>(tally: Tally, arbitrary: fc.Arbitrary<T>, check: (value: T) => void, options: { numRuns: number; seed?: number; failureLosesData?: boolean }): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      tally.cases++;
      try {
        check(value);
      } catch (error) {
        if (options.failureLosesData) tally.dataLost++;
        else tally.crashes++;
        throw error;
      }
    }),
    { numRuns: options.numRuns, ...(options.seed !== undefined ? { seed: options.seed } : {}), endOnFailure: true },
  );
}

/** Edits that take the real pull-date line out of sight, as a hunter's slip or a merge might. */
export const BOUNDARY_SHAPES = ['as-generated', 'join-note', 'lazy-reference', 'indent', 'comment', 'quote', 'list-item', 'lowercase', 'trailing-blanks', 'deleted'] as const;
export type BoundaryShape = (typeof BOUNDARY_SHAPES)[number];

const LOOKALIKES = [
  '*Last pulled from Mitre on: 1 January 2020*',
  '*last pulled from mitre on: 2 May 2021*',
  '  * *Last pulled from Mitre on: 1 January 2020*',
  '> *Last pulled from Mitre on: 3 March 2023*',
  '    *Last pulled from Mitre on: 4 April 2024*',
  '<!-- *Last pulled from Mitre on: 5 May 2025* -->',
  '*Last pulled from Mitre on:*',
  'Last pulled from Mitre on: 6 June 2026',
];

export interface BoundaryCase {
  shape: BoundaryShape;
  author: string;
  /** Lookalike lines inserted into the author zone, at line positions. */
  lookalikes: Array<{ at: number; text: string }>;
}

export const boundaryCaseArbitrary: fc.Arbitrary<BoundaryCase> = fc.record({
  shape: fc.constantFrom(...BOUNDARY_SHAPES),
  author: authorZoneArbitrary,
  lookalikes: fc.array(fc.record({ at: fc.nat(), text: fc.constantFrom(...LOOKALIKES) }), { maxLength: 3 }),
});

/**
 * A card whose real pull-date line is hidden (or not) and whose author zone holds
 * lookalikes: `protected` is every byte the author owns (all that follows the real
 * line, or its place). Refresh must either refuse with a HuntCardError or end with
 * exactly those bytes; shapes that hide nothing must refresh.
 */
export function boundaryCard(zone: string, c: BoundaryCase): { text: string; protected: string; mustRefresh: boolean } {
  const lineStart = zone.lastIndexOf('*Last pulled from Mitre on:');
  let head = zone.slice(0, lineStart);
  let real = zone.slice(lineStart).replace(/\r?\n$|\r$/, '');
  const eol = zone.slice(lineStart + real.length);
  const authorLines = c.author.split(/(?<=\n)/);
  for (const l of c.lookalikes) authorLines.splice(l.at % (authorLines.length + 1), 0, `${l.text}\n`);
  let author = authorLines.join('');
  let after = '';
  switch (c.shape) {
    case 'join-note':
      head = head.replace(/(\r?\n|\r)(\r?\n|\r)$/, '$1');
      break;
    case 'lazy-reference':
      head = head.replace(/(\r?\n|\r)> \*Note:[^\r\n]*(\r?\n|\r)(\r?\n|\r)$/, '');
      break;
    case 'indent':
      real = `    ${real}`;
      break;
    case 'comment':
      head = `${head}<!--${eol}`;
      after = `-->${eol}`;
      break;
    case 'quote':
      real = `> ${real}`;
      break;
    case 'list-item':
      real = `  * ${real}`;
      break;
    case 'lowercase':
      real = real.toLowerCase();
      break;
    case 'trailing-blanks':
      real = `${real} \t `;
      break;
    case 'deleted':
      real = '';
      break;
  }
  const kept = c.shape === 'deleted' ? '' : real + eol;
  author = after + author;
  const mustRefresh = ['as-generated', 'join-note', 'lazy-reference', 'lowercase', 'trailing-blanks'].includes(c.shape);
  return { text: head + kept + author, protected: author, mustRefresh };
}

export function checkBoundaryCase(zone: string, c: BoundaryCase, catalog: Catalog): 'refreshed' | 'refused' {
  const { text, protected: mine, mustRefresh } = boundaryCard(zone, c);
  let refreshed: string;
  try {
    refreshed = refreshCardText(parseCard(text, 'file:///fuzz/boundary.md'), catalog, '27 November 2026').text;
  } catch (error) {
    if (!(error instanceof HuntCardError)) throw error;
    assert.ok(!mustRefresh, `refresh refused a card whose pull-date line is only ${c.shape}: ${error.message}`);
    return 'refused';
  }
  // Blank lines where the pull-date line was may join the zone; every line with text is the author's and stays, byte for byte.
  let authored = mine.replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, '');
  // A lookalike standing exactly where the deleted line stood is, for every reader, that line.
  if (c.shape === 'deleted' && /^\*last pulled from mitre on:/i.test(authored)) authored = authored.replace(/^[^\r\n]*(?:\r\n|\r|\n)?/, '').replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, '');
  assert.ok(refreshed.endsWith(authored), `refresh of a card with the pull-date line ${c.shape} kept the author zone byte for byte`);
  return 'refreshed';
}

/** An author zone as raw bytes: text in UTF-8, with stretches of Windows-1252 / Latin-1 bytes and invalid sequences. */
export const authorBytesArbitrary: fc.Arbitrary<Buffer> = fc
  .tuple(
    authorZoneArbitrary,
    fc.array(
      fc.record({
        at: fc.nat(),
        bytes: fc.oneof(
          fc.constantFrom([0xfc], [0xe9, 0x20], [0x93, 0x94], [0xc3], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0x80]),
          fc.uint8Array({ minLength: 1, maxLength: 6 }).map((a) => [...a]),
        ),
      }),
      { maxLength: 5 },
    ),
  )
  .map(([text, inserts]) => {
    let bytes = [...Buffer.from(text, 'utf8')];
    for (const i of inserts) {
      const at = i.at % (bytes.length + 1);
      bytes = [...bytes.slice(0, at), ...i.bytes, ...bytes.slice(at)];
    }
    return Buffer.from(bytes);
  });

export type FileVariant = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom';

/**
 * Refresh on disk keeps every author byte: a card file made of a generated zone
 * and raw author bytes (invalid UTF-8 included; or a UTF-16 card) is refreshed
 * through `refreshCardFile`, and the file then ends with exactly those bytes,
 * keeping its byte-order mark and encoding.
 */
export async function checkRefreshFileKeepsBytes(card: string, author: Buffer, variant: FileVariant, catalog: Catalog, dir: string, preamble = ''): Promise<void> {
  const zone = preamble + card;
  const { writeFileSync, readFileSync } = await import('node:fs');
  const { refreshCardFile } = await import('../../server/src/engine/refresh/refresh-file.js');
  const path = await import('node:path');
  const file = path.join(dir, `card-${Math.random().toString(36).slice(2)}.md`);
  let head: Buffer;
  let tail = author;
  switch (variant) {
    case 'utf-8':
      head = Buffer.from(zone, 'utf8');
      break;
    case 'utf-8-bom':
      head = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zone, 'utf8')]);
      break;
    default: {
      // UTF-16 cards hold text, not stray bytes: the author zone is the bytes' Latin-1 reading.
      const le = (s: string) => Buffer.from(s, 'utf16le');
      const be = (s: string) => Buffer.from(s, 'utf16le').swap16();
      const enc = variant === 'utf-16le-bom' ? le : be;
      head = Buffer.concat([Buffer.from(variant === 'utf-16le-bom' ? [0xff, 0xfe] : [0xfe, 0xff]), enc(zone)]);
      tail = enc(author.toString('latin1'));
    }
  }
  writeFileSync(file, Buffer.concat([head, tail]));
  const outcome = await refreshCardFile(file, { display: file, root: dir, catalog: async () => catalog, date: '27 November 2026' });
  const after = readFileSync(file);
  assert.ok(after.subarray(after.length - tail.length).equals(tail), `refresh on disk (${variant}, ${outcome.status}) kept the author bytes`);
  assert.ok(after.subarray(0, 2).equals(head.subarray(0, 2)), `the ${variant} byte-order mark / first bytes are kept`);
  // The preamble is ASCII: one byte a character in UTF-8, two in UTF-16.
  const kept = { 'utf-8': 0, 'utf-8-bom': 3, 'utf-16le-bom': 2, 'utf-16be-bom': 2 }[variant] + (variant.startsWith('utf-16') ? 2 : 1) * preamble.length;
  assert.ok(after.subarray(0, kept).equals(head.subarray(0, kept)), `what is above the title is kept (${variant})`);
}

/** Stray bytes put into a fuzzed card: Latin-1 letters, invalid and truncated sequences. */
export const strayBytesArbitrary: fc.Arbitrary<Array<{ at: number; bytes: number[] }>> = fc.array(
  fc.record({ at: fc.nat(), bytes: fc.constantFrom([0xfc], [0xe9, 0x20], [0x93, 0x94], [0xc3], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0x80]) }),
  { maxLength: 3 },
);

/**
 * `check --fix` on disk: a fuzzed card (CRLF or not, a BOM or not, stray bytes
 * that are not UTF-8 anywhere) is fixed through `fixCardFile`. Either the fix is
 * refused and the file is byte-identical, or: the file decodes to exactly the
 * fixed text, every line holding invalid bytes is still there byte for byte, the
 * BOM is kept, and fixing again changes nothing.
 */
export async function checkFixFileKeepsBytes(text: string, stray: Array<{ at: number; bytes: number[] }>, bom: boolean, catalog: Catalog, dir: string): Promise<'refused' | 'unchanged' | 'fixed'> {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const path = await import('node:path');
  const { fixCardFile } = await import('../../server/src/engine/fix/fix-file.js');
  const { decodeText } = await import('../../server/src/engine/fs/text-encoding.js');
  let bytes = [...Buffer.from(text, 'utf8')];
  for (const s of stray) {
    const at = s.at % (bytes.length + 1);
    bytes = [...bytes.slice(0, at), ...s.bytes, ...bytes.slice(at)];
  }
  const original = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(bytes)]);
  const file = path.join(dir, `fix-${Math.random().toString(36).slice(2)}.md`);
  writeFileSync(file, original);
  const options = { display: file, root: dir, findings: async (card: Card) => checkCard(card, catalog) };
  let outcome: Awaited<ReturnType<typeof fixCardFile>>;
  try {
    outcome = await fixCardFile(file, options);
  } catch (error) {
    if (!(error instanceof HuntCardError)) throw error;
    assert.ok(readFileSync(file).equals(original), `a refused fix leaves the file as it was (${error.message})`);
    return 'refused';
  }
  const after = readFileSync(file);
  if (outcome.status !== 'fixed') {
    assert.ok(after.equals(original), `${outcome.status}: not rewritten`);
    return 'unchanged';
  }
  assert.equal(decodeText(after).text, outcome.after, 'the file holds exactly the fixed text');
  if (bom) assert.ok(after.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'the BOM is kept');
  const lines = (b: Buffer) => b.toString('latin1').split(/(?<=\r\n|\r(?!\n)|\n)/);
  const kept = new Set(lines(after));
  const { isUtf8 } = await import('node:buffer');
  for (const line of lines(original)) {
    // A literal U+FFFD is valid UTF-8 and may be fixed like any text; only invalid bytes must survive.
    if (isUtf8(Buffer.from(line, 'latin1'))) continue;
    assert.ok(kept.has(line), `a line holding bytes that are not UTF-8 is kept byte for byte: ${JSON.stringify(line)}`);
  }
  const again = await fixCardFile(file, options);
  assert.equal(again.status, 'clean', `fixing again changes nothing (it applied ${again.status === 'fixed' ? JSON.stringify(again.applied) : ''})`);
  return 'fixed';
}

/** Ways a hunter writes a technique ID in the author zone: prose, a link, inline code, a query. */
export const mentionForms = (id: string): string[] => [
  ` (${id}) `,
  `\n- see ${id}.\n`,
  ` [page](https://attack.mitre.org/techniques/${id.replace('.', '/')})`,
  ` \`${id}\` `,
  `\n\`\`\`kql\nwhere Tag == "${id}"\n\`\`\`\n`,
  // Not references of their own (found in review): reported, never rewritten; and a line of inline code that opens like a fence.
  ` https://www.google.com/search?q=${id}+x `,
  ` [wiki](https://wiki.example.lan/${id.replace('.', '/')}) `,
  ` ${id}-legacy `,
  ` ${id.toLowerCase()} `,
  `\n\`\`\`index=main ${id}\`\`\`\n`,
];

/** An author zone as bytes with mentions of `id` put in at random places. */
export const authorWithMentions = (id: string): fc.Arbitrary<Buffer> =>
  fc.tuple(authorBytesArbitrary, fc.array(fc.record({ at: fc.nat(), form: fc.constantFrom(...mentionForms(id)) }), { maxLength: 6 })).map(([bytes, mentions]) => {
    let out = bytes;
    for (const m of mentions) {
      const at = m.at % (out.length + 1);
      out = Buffer.concat([out.subarray(0, at), Buffer.from(m.form), out.subarray(at)]);
    }
    return out;
  });

/**
 * Migrating a card file on disk keeps every author byte but the rewrites it
 * reports: a card of a generated (older) zone and raw author bytes (any encoding
 * variant) is migrated; the file it ends in (its own, or the replacement's for a
 * revoked technique) holds the author bytes with exactly `steps.rewrites` of the
 * old ID's mentions pointed at the replacement, and nothing else changed; a
 * refusal (a line of invalid bytes the rewrite would touch) leaves the file as it was.
 */
export async function checkMigrateFileKeepsBytes(
  zone: string,
  author: Buffer,
  variant: FileVariant,
  reviewer: ReleaseReviewer,
  dir: string,
  preamble = '',
): Promise<'migrated' | 'refused' | 'untouched'> {
  const { mkdirSync, readFileSync, readdirSync, writeFileSync } = await import('node:fs');
  const { migrateCardFile } = await import('../../server/src/engine/migrate/migrate-file.js');
  const path = await import('node:path');
  const id = /^# (T\d{4}(?:\.\d{3})?) /.exec(zone)![1]!;
  const folder = path.join(dir, `case-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder);
  const file = path.join(folder, `${id}.md`);
  const utf16 = variant === 'utf-16le-bom' || variant === 'utf-16be-bom';
  const enc = (s: string) => (variant === 'utf-16be-bom' ? Buffer.from(s, 'utf16le').swap16() : utf16 ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'utf8'));
  const bom = { 'utf-8': [], 'utf-8-bom': [0xef, 0xbb, 0xbf], 'utf-16le-bom': [0xff, 0xfe], 'utf-16be-bom': [0xfe, 0xff] }[variant];
  const tail = utf16 ? enc(author.toString('latin1')) : author;
  const head = Buffer.concat([Buffer.from(bom), enc(preamble + zone)]);
  const before = Buffer.concat([head, tail]);
  writeFileSync(file, before);
  let outcome;
  try {
    outcome = await migrateCardFile(file, { display: file, root: folder, reviewer });
  } catch (error) {
    if (!(error instanceof HuntCardError)) throw error;
    assert.deepEqual(readdirSync(folder), [`${id}.md`], `a refused migration (${error.message}) writes no other file`);
    assert.ok(readFileSync(file).equals(before), `a refused migration (${error.message}) leaves the card as it was`);
    return 'refused';
  }
  if (outcome.status !== 'migrated') {
    assert.ok(readFileSync(file).equals(before), `an ${outcome.status} card is not written`);
    return 'untouched';
  }
  const files = readdirSync(folder);
  assert.equal(files.length, 1, `one card, no leftovers: ${files.join(', ')}`);
  const after = readFileSync(path.join(folder, files[0]!));
  const above = Buffer.concat([Buffer.from(bom), enc(preamble)]);
  assert.ok(after.subarray(0, above.length).equals(above), `the ${variant} byte-order mark and what is above the title are kept`);
  const replacement = outcome.review.changes.find((c) => c.kind === 'revoked')?.kind === 'revoked' ? outcome.review.steps?.renameTo?.replace(/\.md$/, '') : undefined;
  if (!replacement) {
    assert.ok(after.subarray(after.length - tail.length).equals(tail), `migration (${variant}) kept the author bytes`);
    return 'migrated';
  }
  // The author bytes, read back the same way, with the replacement's mentions pointed at the old ID again, are the bytes written.
  const decode = (b: Buffer) => (variant === 'utf-16be-bom' ? Buffer.from(b).swap16().toString('utf16le') : utf16 ? b.toString('utf16le') : b.toString('latin1'));
  const pulled = /\*Last pulled from Mitre on: [^*]*\*(?:\r\n|\r|\n)/;
  const text = decode(after.subarray(bom.length));
  const written = text.slice(pulled.exec(text)!.index + pulled.exec(text)![0].length);
  const original = decode(tail);
  const back = (s: string) => s.split(replacement).join(id).split(replacement.replace('.', '/')).join(id.replace('.', '/'));
  assert.equal(back(written), original, 'only mentions of the old ID changed in the author zone');
  // Forms that are no reference of their own, where the generator left them whole: written as they were.
  const whole = (text: string, form: string) => text.split(form).length - 1;
  for (const form of [
    ` https://www.google.com/search?q=${id}+x `,
    `[wiki](https://wiki.example.lan/${id.replace('.', '/')})`,
    ` ${id}-legacy `,
    ` ${id.toLowerCase()} `,
    `\`\`\`index=main ${id}\`\`\``,
  ]) {
    assert.equal(whole(written, form), whole(original, form), `not a reference of its own, never rewritten: ${form}`);
  }
  const count = (s: string) => s.split(id).length - 1 + (s.split(id.replace('.', '/')).length - 1);
  assert.equal(count(original) - count(written), outcome.review.steps!.rewrites, 'as many mentions changed as were reported');
  return 'migrated';
}
