import { stripClosingSequence } from '../format/text-edges.js';
import { normaliseSectionTitle, SECTIONS } from './card-format.js';
import type { Located } from './card-model.js';
import type { LineIndex, Span } from './line-index.js';

/**
 * Where the ATT&CK zone ends. This decides which bytes refresh may replace, so
 * it is read from the lines of the file, not from its Markdown structure: a
 * small edit (a deleted blank line, an indent, a comment) can move the real
 * pull-date line out of the top level, and a lookalike further down must then
 * never become the boundary.
 *
 * The boundary is the first line in the file that names the pull date, in any
 * block. It is accepted only when nothing contradicts it:
 * - the line starts with `*Last pulled from Mitre on:` (not indented, quoted,
 *   listed or wrapped in other markup);
 * - no heading of the author zone (`## Metadata`, `## Host Analytics`, …)
 *   stands above it, in any block;
 * - between `## Mitre References` and it there are only the lines the
 *   generator writes there (reference items, the Note, blank lines), and only
 *   blank lines between the Note and it.
 * Otherwise the card has a boundary problem: refresh refuses it and `check`
 * reports it, so nothing is ever replaced on a guess.
 */
export interface ZoneBoundary {
  /** Offset just past the pull-date line (and its line break). */
  end: number;
  /** The date written on the line. */
  pullDate: Located;
  /** Zero-based line of the pull-date line. */
  line: number;
}

export interface BoundaryProblem {
  message: string;
  hint: string;
  span: Span;
}

export type BoundaryResult = { boundary: ZoneBoundary } | { problem: BoundaryProblem } | { none: true };

/** Any mention of the pull date: the first line holding one is where the ATT&CK zone ends. */
export const PULL_DATE_MARKER = /last pulled from mitre on[ \t]*:/i;
const MARKER = PULL_DATE_MARKER;
const CLEAN_START = /^\*last pulled from mitre on[ \t]*:[ \t]*/i;

const AUTHOR_HEADINGS = new Set([...SECTIONS.filter((s) => s.zone === 'author').map((s) => normaliseSectionTitle(s.title)), 'hunter notes']);

export const BOUNDARY_HINT = 'Keep "*Last pulled from Mitre on: <date>*" on a line of its own, at the start of the line, between the Note and "## Metadata"; then refresh.';

export function findZoneBoundary(text: string, lines: LineIndex): BoundaryResult {
  const found = MARKER.exec(text);
  if (!found) return { none: true };
  const line = lines.position(found.index).line;
  const lineStart = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const end = lines.lineEndWithBreak(line);
  const lineSpan = { start: lineStart, end: lines.lineEnd(line) };
  const ambiguous = (why: string, hint = BOUNDARY_HINT): BoundaryResult => ({
    problem: { message: `${why}, so where the ATT&CK zone ends is ambiguous.`, hint, span: lineSpan },
  });
  const clean = CLEAN_START.exec(lineText);
  if (!clean) return ambiguous(`The pull-date line (line ${line + 1}) does not start its line ("${preview(lineText)}")`);
  const above = authorHeadingAbove(lines, line);
  if (above) {
    return ambiguous(`"${preview(above.text)}" (line ${above.line + 1}) stands above the pull-date line (line ${line + 1}): the pull-date line is in the wrong place or a second one was written`);
  }
  const stray = strayLineInReferences(lines, line);
  if (stray) {
    return ambiguous(
      `Line ${stray.line + 1} ("${preview(stray.text)}") sits between "## Mitre References" and the pull-date line (line ${line + 1}) but is not part of the generated zone`,
      'Move your text below the pull-date line (the author zone), or delete it if it is not yours; then refresh.',
    );
  }
  const value = dateSpan(lineText, clean[0].length);
  const start = lineStart + value.start;
  return { boundary: { end, line, pullDate: { text: lineText.slice(value.start, value.end), span: { start, end: lineStart + value.end } } } };
}

/** The date written on a pull-date line that starts its line, or undefined for any other line. */
export function pullDateOfLine(line: string): string | undefined {
  const clean = CLEAN_START.exec(line);
  if (!clean) return undefined;
  const value = dateSpan(line, clean[0].length);
  return line.slice(value.start, value.end);
}

/** The date between the prefix and the closing `*`, blanks trimmed. */
function dateSpan(line: string, from: number): Span {
  let end = line.trimEnd().length;
  if (line[end - 1] === '*') end--;
  let start = Math.min(from, end);
  while (start < end && /\s/.test(line[start]!)) start++;
  while (end > start && /\s/.test(line[end - 1]!)) end--;
  return { start, end };
}

/** The first line above `line` that is a heading of the author zone, whatever block holds it. */
function authorHeadingAbove(lines: LineIndex, line: number): { line: number; text: string } | undefined {
  for (let i = 0; i < line; i++) {
    const title = atxHeadingTitle(lines.lineText(i));
    if (title !== undefined && (AUTHOR_HEADINGS.has(title) || /^analytic \d+$/.test(title))) return { line: i, text: lines.lineText(i).trim() };
  }
  return undefined;
}

/**
 * The generated zone ends with reference items, the Note quote and blank lines.
 * Any other line there (a paragraph of notes) means the line taken for the
 * boundary may not be the generated one: say which line.
 */
function strayLineInReferences(lines: LineIndex, line: number): { line: number; text: string } | undefined {
  let references = -1;
  let note = -1;
  for (let i = line - 1; i >= 0 && references < 0; i--) {
    const text = lines.lineText(i);
    if (note < 0 && NOTE_LINE.test(text)) note = i;
    if (atxHeadingTitle(text) === 'mitre references') references = i;
  }
  for (let i = note + 1; note >= 0 && i < line; i++) {
    const text = lines.lineText(i);
    if (!/^[ \t>]*$/.test(text)) return { line: i, text };
  }
  if (references < 0) return undefined;
  for (let i = references + 1; i < line; i++) {
    const text = lines.lineText(i);
    if (!GENERATED_REFERENCE_LINE.test(text)) return { line: i, text };
  }
  return undefined;
}

const NOTE_LINE = /^[ \t]{0,3}>.*Do not edit this cell/i;

// Blank, a list item or its indented continuation, the Note quote, a thematic break, a directive comment.
const GENERATED_REFERENCE_LINE = /^(?:[ \t]*$|[ \t]*[*+-][ \t]|[ \t]*\d{1,9}[.)][ \t]|[ \t]{2}|[ \t]{0,3}>|[ \t]{0,3}(?:-[ \t]*){3}|<!--[ \t]*huntcard-)/;

/**
 * The normalised title of an ATX heading written on this line, looking through
 * indentation, block quote and list markers (so a heading inside a quote or a
 * list counts too); undefined when the line is not a heading. Linear in the line.
 */
export function atxHeadingTitle(line: string): string | undefined {
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t' || line[i] === '>') i++;
    const c = line[i];
    if ((c === '*' || c === '+' || c === '-') && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
      i += 2;
      continue;
    }
    let digits = i;
    while (digits < line.length && digits - i < 9 && line[digits]! >= '0' && line[digits]! <= '9') digits++;
    if (digits > i && (line[digits] === '.' || line[digits] === ')') && (line[digits + 1] === ' ' || line[digits + 1] === '\t')) {
      i = digits + 2;
      continue;
    }
    break;
  }
  let hashes = 0;
  while (line[i + hashes] === '#') hashes++;
  if (hashes < 1 || hashes > 6) return undefined;
  const after = line[i + hashes];
  if (after !== undefined && after !== ' ' && after !== '\t') return undefined;
  return normaliseSectionTitle(stripClosingSequence(line.slice(i + hashes)));
}

function preview(text: string): string {
  const t = text.trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
