import { matchesOutsideCode, TECHNIQUE_TOKEN } from '../../card/scan.js';
import type { Rule } from '../rule.js';

export const revokedTechnique: Rule = {
  id: 'revoked-technique',
  defaultSeverity: 'warning',
  summary: 'the technique was revoked in ATT&CK',
  run({ card, dataset, technique, report }) {
    if (!technique?.revoked) return;
    const replacement = dataset.replacementOf(technique);
    const occurrences = matchesOutsideCode(card, TECHNIQUE_TOKEN).filter((m) => m.text === technique.id);
    report({
      span: card.title!.idSpan,
      tags: ['deprecated'],
      message: `${technique.id} was revoked in ${dataset.label}${replacement ? `; it is now ${replacement.id} ${replacement.name}` : ''}.`,
      ...(replacement
        ? {
            fixes: [
              {
                title: `Replace ${technique.id} with ${replacement.id} everywhere in the card`,
                preferred: true,
                edits: occurrences.map((m) => ({ span: m.span, newText: replacement.id })),
              },
            ],
          }
        : {}),
    });
  },
};
