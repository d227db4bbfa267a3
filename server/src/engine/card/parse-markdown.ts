import { stripLineBreak } from '../format/text-edges.js';
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { walkTree } from './walk-tree.js';

const processor = unified().use(remarkParse).use(remarkGfm);

/** A link reference definition at a line start (not the `m` flag: it would also start lines at U+2028). */
const LINK_DEFINITION = /(?:^|[\r\n]) {0,3}\[[^\]\r\n]+\]:/;

/** Above this size a document is parsed section by section (micromark slows down superlinearly on long inputs). */
export const CHUNKED_ABOVE = 64 * 1024;

/**
 * Parses Markdown (CommonMark + GFM) into mdast with exact offsets. Long
 * documents are cut before ATX headings at the start of a line, which close
 * every open block in CommonMark, and the pieces' positions are shifted back;
 * the tree is the same as one parse would give. Cuts are never made inside
 * fenced code or multi-line HTML blocks, and a document with link reference
 * definitions (which resolve across the whole document) is parsed whole.
 */
export function parseMarkdown(source: string, memo?: PieceMemo, plan: PiecePlan = planPieces(source)): Root {
  const { text, cuts } = plan;
  if (cuts.length === 0) {
    memo?.replace(new Map());
    return processor.parse(text) as Root;
  }
  const children: RootContent[] = [];
  let line = 0;
  let from = 0;
  // Pieces come only from the previous parse: a piece repeated in this document is parsed again, never shared.
  const next = new Map<string, ParsedPiece>();
  for (const to of [...cuts, text.length]) {
    const piece = text.slice(from, to);
    const parsed = (!next.has(piece) && memo?.previous(piece)) || { tree: processor.parse(piece) as Root, line: 0, offset: 0 };
    shift(parsed.tree, line - parsed.line, from - parsed.offset);
    if (!next.has(piece)) next.set(piece, { tree: parsed.tree, line, offset: from });
    children.push(...parsed.tree.children);
    line += countLines(piece);
    from = to;
  }
  memo?.replace(next);
  const end = endPoint(text);
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end } };
}

/** How parseMarkdown reads a document: the text it hands the parser, and where it cuts it (none: in one go). */
export interface PiecePlan {
  text: string;
  cuts: number[];
  /** Why it is parsed in one go although long: link reference definitions resolve across the whole document. */
  whole?: 'definitions';
}

export function planPieces(source: string): PiecePlan {
  // micromark drops a leading BOM and counts offsets without it; a space keeps every offset true.
  const text = tameDeepIndentation(source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source);
  if (text.length <= CHUNKED_ABOVE || !LINK_DEFINITION.test(text)) return { text, cuts: text.length <= CHUNKED_ABOVE ? [] : safeCuts(text).cuts };
  // A line like a definition may sit in fenced code (PowerShell's [System.Convert]::...): only one outside counts.
  const { cuts, definitions } = safeCuts(text);
  return definitions ? { text, cuts: [], whole: 'definitions' } : { text, cuts };
}

/**
 * The longest stretch of a document that is parsed in one go (between the cuts
 * parseMarkdown makes): what parsing it costs in memory and time grows with
 * this, not with the document's length.
 */
export function longestPiece(source: string | PiecePlan): { chars: number; whole?: 'definitions' } {
  const { text, cuts, whole } = typeof source === 'string' ? planPieces(source) : source;
  let chars = 0;
  let from = 0;
  for (const to of [...cuts, text.length]) {
    chars = Math.max(chars, to - from);
    from = to;
  }
  return { chars, ...(whole ? { whole } : {}) };
}

function shift(tree: Root, lineDelta: number, offsetDelta: number): void {
  if (lineDelta === 0 && offsetDelta === 0) return;
  walkTree(tree, (node) => {
    if (node.type === 'root' || !node.position) return;
    node.position.start.line += lineDelta;
    node.position.end.line += lineDelta;
    if (node.position.start.offset !== undefined) node.position.start.offset += offsetDelta;
    if (node.position.end.offset !== undefined) node.position.end.offset += offsetDelta;
  });
}

interface ParsedPiece {
  tree: Root;
  /** Where the piece stood when its tree's positions were last set. */
  line: number;
  offset: number;
}

/**
 * The pieces of one long document parsed last time, by their text: after an
 * edit only the pieces it touched are parsed again; the others' trees are
 * moved to where they now stand. One memo serves one document (its trees are
 * shifted in place, so they belong to the latest parse only).
 */
export class PieceMemo {
  private pieces = new Map<string, ParsedPiece>();

  /** A piece of the previous parse with this text (each is handed out once). */
  previous(piece: string): ParsedPiece | undefined {
    const found = this.pieces.get(piece);
    this.pieces.delete(piece);
    return found;
  }

  /** The pieces of the parse just made, for the next. */
  replace(pieces: Map<string, ParsedPiece>): void {
    this.pieces = pieces;
  }
}

/** Offsets of line starts where a new piece may begin, and whether a line outside code and HTML looks like a link reference definition. */
function safeCuts(text: string): { cuts: number[]; definitions: boolean } {
  const cuts: number[] = [];
  let definitions = false;
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let previousBlank = true;
  let lastCut = 0;
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  for (let m = lineRe.exec(text); m && m[0].length > 0; m = lineRe.exec(text)) {
    const line = stripLineBreak(m[0]);
    const at = m.index;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else {
      const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (open && !(open[1]![0] === '`' && line.slice(open[0].length).includes('`'))) {
        fence = { char: open[1]![0]!, length: open[1]!.length };
      } else {
        const html = line.includes('<') ? htmlBlockEnd(line) : undefined;
        if (html && !html.test(line)) htmlEnd = html;
        else if (!definitions && LINK_DEFINITION_LINE.test(line)) definitions = true;
        else if (previousBlank && /^#{1,6}(?:[ \t]|$)/.test(line) && at - lastCut > 4096) {
          cuts.push(at);
          lastCut = at;
        }
      }
    }
    previousBlank = line.trim() === '';
  }
  return { cuts, definitions };
}

const LINK_DEFINITION_LINE = /^ {0,3}\[[^\]\r\n]+\]:/;

/** For HTML blocks that may contain blank lines (CommonMark types 1-5): what ends them. */
function htmlBlockEnd(line: string): RegExp | undefined {
  const start = line.replace(/^ {0,3}/, '');
  if (/^<(script|pre|style|textarea)(?:\s|>|$)/i.test(start)) return /<\/(script|pre|style|textarea)>/i;
  if (start.startsWith('<!--')) return /-->/;
  if (start.startsWith('<?')) return /\?>/;
  if (start.startsWith('<![CDATA[')) return /\]\]>/;
  if (/^<![A-Za-z]/.test(start)) return />/;
  return undefined;
}

function countLines(piece: string): number {
  return (piece.match(/\r\n|\r|\n/g) ?? []).length;
}

function endPoint(text: string): { line: number; column: number; offset: number } {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1, offset: text.length };
}

/** Indentation past this many columns is not nesting any card needs. */
export const MAX_INDENT = 128;

/**
 * micromark's cost grows steeply with list nesting (1,000 levels took 35 s), so
 * leading whitespace past MAX_INDENT columns is handed to the parser as no-break
 * spaces: such a line becomes text of the innermost list item at that depth.
 * Every offset stays the same, so ranges still point into the real document.
 */
export function tameDeepIndentation(text: string): string {
  if (!DEEP_INDENT.test(text)) return text;
  return text.replace(DEEP_INDENT_ALL, (indent: string) => indent.slice(0, MAX_INDENT) + '\u00a0'.repeat(indent.length - MAX_INDENT));
}

export const DEEP_INDENT = new RegExp(`^[ \\t]{${MAX_INDENT + 1}}`, 'm');
export const DEEP_INDENT_ALL = new RegExp(`^[ \\t]{${MAX_INDENT + 1},}`, 'gm');
