import type { Span } from './line-index.js';
import { PLACEHOLDERS } from './card-format.js';

/** The template's filler text in `text[from, to)`, in document order: one search for the rule, coverage and the scaffold cursor. */
export function placeholderSpans(text: string, from = 0, to = text.length): Array<Span & { text: string }> {
  const found: Array<Span & { text: string }> = [];
  for (const p of PLACEHOLDERS) {
    for (let at = text.indexOf(p, from); at >= 0 && at + p.length <= to; at = text.indexOf(p, at + p.length)) {
      found.push({ start: at, end: at + p.length, text: p });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
