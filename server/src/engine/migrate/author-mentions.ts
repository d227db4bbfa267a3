import type { Card } from '../card/card-model.js';
import { inCode, TECHNIQUE_TOKEN } from '../card/scan.js';
import type { Span } from '../card/line-index.js';
import { findMentions, writeAs } from '../mentions/attack-mentions.js';
import type { TextEdit } from '../rules/rule.js';

export interface TechniqueMention {
  span: Span;
  form: 'id' | 'url' | 'tag';
  /** In inline or fenced code (a query, a log line): reported, never rewritten. */
  inCode: boolean;
}

/**
 * Every mention of a technique ID in the card's author zone (from `from` on):
 * bare IDs, attack.mitre.org links and Sigma-style tags (attack.t1574.002) in
 * the prose, and the ID in code, in document order.
 */
export function techniqueMentions(card: Card, id: string, from: number): TechniqueMention[] {
  const prose = findMentions(card.text.slice(from), 'markdown')
    .filter((m) => m.kind === 'technique' && m.id === id)
    .map((m) => ({ span: { start: m.span.start + from, end: m.span.end + from }, form: m.form }))
    .map((m) => ({ ...m, inCode: inCode(card, m.span.start) }));
  const all = new RegExp(TECHNIQUE_TOKEN.source, 'g');
  const code: TechniqueMention[] = [];
  all.lastIndex = from;
  for (let m = all.exec(card.text); m; m = all.exec(card.text)) {
    if (m[0] === id && inCode(card, m.index) && !prose.some((p) => p.span.start === m!.index)) code.push({ span: { start: m.index, end: m.index + id.length }, form: 'id', inCode: true });
  }
  return [...prose, ...code].sort((a, b) => a.span.start - b.span.start);
}

/** The edits that point the mentions outside code at `replacement`, each in its own form (ID or URL path). */
export function rewriteEdits(mentions: readonly TechniqueMention[], replacement: string): TextEdit[] {
  return mentions.filter((m) => !m.inCode).map((m) => ({ span: m.span, newText: writeAs(m.form, replacement) }));
}
