import type { CollectionRule } from '../rule.js';

export const deprecatedCard: CollectionRule = {
  id: 'deprecated-card',
  defaultSeverity: 'warning',
  summary: "a card's technique is deprecated in ATT&CK",
  run({ byTechnique, dataset, report }) {
    for (const [id, cards] of byTechnique) {
      const technique = dataset.technique(id);
      if (!technique || technique.revoked || !technique.deprecated) continue;
      for (const card of cards) report({ file: card.file, message: `${id} is deprecated in ${dataset.label}.` });
    }
  },
};
