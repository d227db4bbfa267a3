import type { CollectionRule } from '../rule.js';

export const revokedCard: CollectionRule = {
  id: 'revoked-card',
  defaultSeverity: 'warning',
  summary: "a card's technique was revoked since it was written; the message names the replacement",
  run({ byTechnique, dataset, report }) {
    for (const [id, cards] of byTechnique) {
      const technique = dataset.technique(id);
      if (!technique?.revoked) continue;
      const by = technique.revokedBy;
      for (const card of cards) report({ file: card.file, message: `${id} was revoked in ${dataset.label}${by ? `; it is now ${by}: move the card to ${by}` : ''}.` });
    }
  },
};
