import type { CollectionRule } from '../rule.js';
import { unknownTechnique } from '../all/unknown-technique.js';

/**
 * unknown-technique, seen from the collection: a card whose ID no loaded dataset
 * knows is left out of coverage and named. Same rule, same page and setting as the
 * card rule; this is where the collection reports it.
 */
export const unknownCard: CollectionRule = {
  id: unknownTechnique.id,
  defaultSeverity: unknownTechnique.defaultSeverity,
  summary: unknownTechnique.summary,
  run({ byTechnique, catalog, report }) {
    for (const [id, cards] of byTechnique) {
      if (catalog.datasetFor(id)) continue;
      for (const card of cards) report({ file: card.file, message: `${id} is not a technique in ${catalog.datasets.map((d) => d.label).join(' or ')}.` });
    }
  },
};
