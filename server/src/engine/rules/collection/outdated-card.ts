import { parseCardDate } from '../../format/card-date.js';
import type { CollectionRule } from '../rule.js';

export const outdatedCard: CollectionRule = {
  id: 'outdated-card',
  defaultSeverity: 'warning',
  summary: "a card was pulled from ATT&CK before the dataset's newest change",
  run({ byTechnique, dataset, report }) {
    const changed = dataset.meta.modified.slice(0, 10);
    for (const [id, cards] of byTechnique) {
      const technique = dataset.technique(id);
      if (!technique || technique.revoked) continue;
      for (const card of cards) {
        const pulled = card.pullDate ? parseCardDate(card.pullDate) : undefined;
        if (pulled && 'date' in pulled && isoDay(pulled.date) < changed) {
          report({ file: card.file, message: `pulled from ATT&CK on ${card.pullDate}; ${dataset.label} has changes up to ${changed}. Run huntcard refresh.` });
        }
      }
    }
  },
};

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
