import type { CollectionRule } from '../rule.js';

export const duplicateCard: CollectionRule = {
  id: 'duplicate-card',
  defaultSeverity: 'error',
  summary: 'two or more cards in the collection are for the same technique',
  run({ byTechnique, dataset, report }) {
    for (const [id, cards] of byTechnique) {
      if (cards.length < 2 || !dataset.technique(id)) continue;
      for (const card of cards) {
        const others = cards.filter((c) => c !== card).map((c) => c.file);
        report({
          file: card.file,
          related: others,
          message: `${id} also has ${others.length === 1 ? 'another card' : `${others.length} other cards`} in the collection; merge them so the team works from one.`,
        });
      }
    }
  },
};
