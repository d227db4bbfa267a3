import { MAX_CARD_CHARS, MAX_PIECE_CHARS } from '../../card/card-format.js';
import { tooLargeReason } from '../../card/parse-card.js';
import type { Rule } from '../rule.js';

export const cardTooLarge: Rule = {
  id: 'card-too-large',
  defaultSeverity: 'warning',
  summary: `the card is longer than ${MAX_CARD_CHARS / (1024 * 1024)} MiB, or has more than ${MAX_PIECE_CHARS / 1024} KiB without a heading, so it is not parsed or checked`,
  run({ card, report }) {
    if (!card.oversized) return;
    report({
      span: card.title?.span ?? { start: 0, end: 0 },
      message: `${tooLargeReason(card)}: it is not checked, and refresh leaves it alone. Move long material (query libraries, logs) into files of its own and link them from the card.`,
    });
  },
};
