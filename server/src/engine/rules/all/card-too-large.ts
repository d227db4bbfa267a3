import { MAX_CARD_CHARS } from '../../card/card-format.js';
import type { Rule } from '../rule.js';

export const cardTooLarge: Rule = {
  id: 'card-too-large',
  defaultSeverity: 'warning',
  summary: `the card is longer than ${MAX_CARD_CHARS / (1024 * 1024)} MiB, so it is not parsed or checked`,
  run({ card, report }) {
    if (!card.oversized) return;
    const mib = (card.text.length / (1024 * 1024)).toFixed(1);
    report({
      span: card.title?.span ?? { start: 0, end: 0 },
      message: `This card is ${mib} MiB long, over the ${MAX_CARD_CHARS / (1024 * 1024)} MiB Hunt Card reads: it is not checked, and refresh leaves it alone. Move long material (query libraries, logs) into files of its own and link them from the card.`,
    });
  },
};
