import { authorZoneStart } from '../../card/card-model.js';
import { placeholderSpans } from '../../card/placeholders.js';
import type { Rule } from '../rule.js';

export const placeholder: Rule = {
  id: 'placeholder',
  defaultSeverity: 'warning',
  summary: "the template's filler text is left in the card",
  run({ card, report }) {
    for (const p of placeholderSpans(card.text, authorZoneStart(card))) {
      report({ span: { start: p.start, end: p.end }, message: `Placeholder left: ${p.text}` });
    }
  },
};
