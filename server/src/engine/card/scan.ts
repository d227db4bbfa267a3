import type { Card } from './card-model.js';
import { inSortedSpans, type Span } from './line-index.js';

export interface Match {
  text: string;
  groups: string[];
  span: Span;
}

/** Matches of a global regular expression in the card's text, outside code. */
export function matchesOutsideCode(card: Card, pattern: RegExp, from = 0, to = card.text.length): Match[] {
  const out: Match[] = [];
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  re.lastIndex = from;
  for (let m = re.exec(card.text); m && m.index < to; m = re.exec(card.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const span = { start: m.index, end: m.index + m[0].length };
    if (!inCode(card, span.start)) out.push({ text: m[0], groups: m.slice(1).map((g) => g ?? ''), span });
  }
  return out;
}

export function inCode(card: Card, offset: number): boolean {
  // codeSpans are in document order and do not overlap.
  return inSortedSpans(card.codeSpans, offset);
}

/**
 * `(Citation: X)` markers; group 1 is the name with its blanks (see `citations`).
 * No parenthesis or line break inside, which keeps a scan of a long line of
 * unclosed markers linear.
 */
export const CITATION = /\(Citation:([^()\r\n]*)\)/g;

export interface CitationMatch {
  /** The cited name, trimmed. */
  name: string;
  span: Span;
}

/** `(Citation: X)` markers outside code with a non-empty name, in document order. */
export function citations(card: Card, from = 0, to = card.text.length): CitationMatch[] {
  return matchesOutsideCode(card, CITATION, from, to).flatMap((m) => {
    const name = m.groups[0]!.trim();
    return name ? [{ name, span: m.span }] : [];
  });
}
/** Bare technique IDs (T1059, T1059.001), not part of a longer word or URL path. */
export const TECHNIQUE_TOKEN = /(?<![\w/.])T\d{4}(?:\.\d{3})?(?!\w|\.\d)/g;
export const GROUP_TOKEN = /(?<![\w/])G\d{4}(?!\w)/g;
export const SOFTWARE_TOKEN = /(?<![\w/])S\d{4}(?!\w)/g;
