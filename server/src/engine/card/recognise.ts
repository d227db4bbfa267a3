import { stripClosingSequence } from '../format/text-edges.js';
import type { Span } from './line-index.js';
import { normaliseSectionTitle, SECTIONS } from './card-format.js';

/** What makes a Markdown file a hunt card, and which technique it is for. */
export interface CardIdentity {
  /** The technique ID, upper-cased (`t1589.002` is read as T1589.002). */
  id: string;
  /** The name after the ID, trimmed. */
  name: string;
  /** Zero-based line of the title. */
  line: number;
  /** The title line, without its line break. */
  span: Span;
  idSpan: Span;
  nameSpan: Span;
}

const SECTION_TITLES = new Set(SECTIONS.map((s) => normaliseSectionTitle(s.title)));
const TITLE = /^( {0,3}#[ \t]+)([Tt]\d{4}(?:\.\d{3})?)(?=[ \t]|$)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The one place that decides whether a text is a hunt card: the card model,
 * `check`, coverage, the editor's workspace scan and its duplicate-card rule all
 * ask here. A card opens with a title, `# <technique ID> <name>` (up to three
 * spaces of indent; blank lines and one-line HTML comments may come first), and
 * has at least two headings, outside fenced code, that name sections of the
 * format. One pass over the lines, no Markdown parse.
 */
export function recogniseCard(text: string): CardIdentity | undefined {
  let identity: CardIdentity | undefined;
  let sections = 0;
  let fence: string | undefined;
  let line = 0;
  for (let start = text.charCodeAt(0) === 0xfeff ? 1 : 0; start <= text.length; line++) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const content = text.slice(start, end);
    const next = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    if (!identity) {
      const trimmed = content.trim();
      if (trimmed === '' || (trimmed.startsWith('<!--') && trimmed.endsWith('-->'))) {
        start = next;
        continue;
      }
      const title = TITLE.exec(content);
      if (!title) return undefined;
      const idStart = start + title[1]!.length;
      const idEnd = idStart + title[2]!.length;
      const rest = content.slice(title[0].length);
      const name = stripClosingSequence(rest).trim();
      const nameStart = name ? idEnd + rest.indexOf(name) : idEnd;
      identity = { id: title[2]!.toUpperCase(), name, line, span: { start, end }, idSpan: { start: idStart, end: idEnd }, nameSpan: { start: nameStart, end: nameStart + name.length } };
    } else {
      const opening = FENCE.exec(content);
      if (fence) {
        if (opening && opening[1]![0] === fence[0] && opening[1]!.length >= fence.length && content.trim() === opening[1]) fence = undefined;
      } else if (opening && !(opening[1]![0] === '`' && content.slice(opening[0].length).includes('`'))) {
        fence = opening[1];
      } else {
        const heading = HEADING.exec(content);
        if (heading && SECTION_TITLES.has(normaliseSectionTitle(stripClosingSequence(content.slice(heading[0].length))))) sections++;
        if (sections >= 2) return identity;
      }
    }
    if (end >= text.length) break;
    start = next;
  }
  return undefined;
}

/**
 * Whether a card's title line (`# T1059.001 …`) stands anywhere in the text: not a card
 * by itself, but Markdown a report must not be written over (a card under a multi-line
 * comment, which the recogniser does not take).
 */
export function hasCardTitleLine(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => TITLE.test(line));
}
