import type { Card } from './card-model.js';
import type { Span } from './line-index.js';

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
  // codeSpans are in document order and do not overlap: binary search.
  const spans = card.codeSpans;
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** `(Citation: X)` markers outside code; group 1 is the citation's name. */
export const CITATION = /\(Citation:[ \t]*([^)\r\n]+?)[ \t]*\)/g;
/** Bare technique IDs (T1059, T1059.001), not part of a longer word or URL path. */
export const TECHNIQUE_TOKEN = /(?<![\w/.])T\d{4}(?:\.\d{3})?(?!\w|\.\d)/g;
export const GROUP_TOKEN = /(?<![\w/])G\d{4}(?!\w)/g;
export const SOFTWARE_TOKEN = /(?<![\w/])S\d{4}(?!\w)/g;
