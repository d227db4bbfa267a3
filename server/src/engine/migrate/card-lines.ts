import type { Card } from '../card/card-model.js';
import type { CardLine } from '../../protocol.js';

/** The card's line holding `offset`, 1-based, with its text (trimmed, at most 160 characters). */
export function cardLine(card: Card, offset: number): CardLine {
  const { line } = card.lines.position(offset);
  const text = card.text.slice(card.lines.lineStart(line), card.lines.lineEnd(line)).trim();
  return { line: line + 1, text: text.length > 160 ? `${text.slice(0, 159)}…` : text };
}
