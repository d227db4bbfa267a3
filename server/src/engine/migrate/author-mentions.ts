import type { Card } from '../card/card-model.js';
import { inCode } from '../card/scan.js';
import type { Span } from '../card/line-index.js';
import { findMentions, writeAs } from '../mentions/attack-mentions.js';
import type { TextEdit } from '../rules/rule.js';

export interface TechniqueMention {
  span: Span;
  form: 'id' | 'url' | 'tag';
  /** In inline or fenced code (a query, a log line): reported, never rewritten. */
  inCode: boolean;
  /** Reported, never rewritten: in code, or the ID inside something else (another site's link, a name such as T1574.002-legacy, lower case in prose). */
  kept: boolean;
}

/**
 * Every mention of a technique ID in the card's author zone (from `from` on):
 * bare IDs, attack.mitre.org links and Sigma-style tags (attack.t1574.002) in
 * the prose, to rewrite; and every other occurrence of the ID (in code, in
 * another site's link, in a longer name, in lower case), to report. In document order.
 */
export function techniqueMentions(card: Card, id: string, from: number): TechniqueMention[] {
  const prose = findMentions(card.text.slice(from), 'markdown')
    .filter((m) => m.kind === 'technique' && m.id === id)
    .map((m) => ({ span: { start: m.span.start + from, end: m.span.end + from }, form: m.form }))
    .map((m) => {
      const code = inCode(card, m.span.start);
      return { ...m, inCode: code, kept: code || (m.form === 'id' && !standsAlone(card.text, m.span)) };
    });
  const others: TechniqueMention[] = [];
  for (const start of occurrences(card.text, id, from)) {
    if (prose.some((p) => start >= p.span.start && start < p.span.end)) continue;
    const code = inCode(card, start);
    others.push({ span: { start, end: start + id.length }, form: 'id', inCode: code, kept: true });
  }
  return [...prose, ...others].sort((a, b) => a.span.start - b.span.start);
}

/** A bare ID that is a reference of its own: not the start of a longer name (T1574.002-legacy), not inside another site's link. */
function standsAlone(text: string, span: Span): boolean {
  if (text[span.end] === '-' && /[A-Za-z0-9]/.test(text[span.end + 1] ?? '')) return false;
  // The run of text the ID is in, back to a blank or a bracket (bounded: a URL is not that long).
  let start = span.start;
  while (start > 0 && span.start - start < 2048 && !/[\s<([]/.test(text[start - 1]!)) start--;
  return !text.slice(start, span.start).includes('://');
}

/** Where the ID (or its URL form, T1574/002) is written, in any case, not inside a longer ID or number. */
function occurrences(text: string, id: string, from: number): number[] {
  const lower = text.toLowerCase();
  const found = new Set<number>();
  const alnum = (c: string | undefined) => c !== undefined && /[a-z0-9]/i.test(c);
  const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (const form of new Set([id.toLowerCase(), id.replace('.', '/').toLowerCase()])) {
    for (let at = lower.indexOf(form, from); at >= 0; at = lower.indexOf(form, at + 1)) {
      const next = text[at + form.length];
      const sub = (next === '.' || next === '/') && digit(text[at + form.length + 1]);
      if (!alnum(text[at - 1]) && !digit(next) && !sub) found.add(at);
    }
  }
  return [...found];
}

/** The edits that point the mentions outside code at `replacement`, each in its own form (ID or URL path). */
export function rewriteEdits(mentions: readonly TechniqueMention[], replacement: string): TextEdit[] {
  return mentions.filter((m) => !m.kept).map((m) => ({ span: m.span, newText: writeAs(m.form, replacement) }));
}
