import { PLACEHOLDERS } from '../../card/card-format.js';
import { authorZoneStart } from '../../card/card-model.js';
import type { Rule } from '../rule.js';

export const placeholder: Rule = {
  id: 'placeholder',
  defaultSeverity: 'warning',
  summary: "the template's filler text is left in the card",
  run({ card, report }) {
    const from = authorZoneStart(card);
    const found: Array<{ start: number; end: number; text: string }> = [];
    for (const text of PLACEHOLDERS) {
      for (let at = card.text.indexOf(text, from); at >= 0; at = card.text.indexOf(text, at + text.length)) {
        found.push({ start: at, end: at + text.length, text });
      }
    }
    found.sort((a, b) => a.start - b.start);
    for (const p of found) {
      report({ span: { start: p.start, end: p.end }, message: `Placeholder left: ${p.text}` });
    }
  },
};
