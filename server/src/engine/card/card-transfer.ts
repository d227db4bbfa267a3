import { SECTIONS } from './card-format.js';
import type { Card } from './card-model.js';
import { LineIndex } from './line-index.js';

/** A card's model as plain data, to cross a thread: everything but its text and line index, which the receiver has or rebuilds. */
export type CardData = Omit<Card, 'text' | 'lines'>;

export function cardData(card: Card): CardData {
  const { text: _text, lines: _lines, ...data } = card;
  return data;
}

/** The card again from its data and its text: sections point at the format's own section specs (rules compare them by identity). */
export function reviveCard(data: CardData, text: string): Card {
  const sections = data.sections.map(({ spec, ...section }) => {
    const own = spec && SECTIONS.find((s) => s.key === spec.key);
    return own ? { ...section, spec: own } : section;
  });
  return { ...data, sections, text, lines: new LineIndex(text) };
}
