import { shortDomain } from '../../attack/query/model.js';
import type { CollectionRule } from '../rule.js';

export const otherDomainCard: CollectionRule = {
  id: 'other-domain-card',
  defaultSeverity: 'warning',
  summary: 'a card is for a technique of another ATT&CK domain than the report',
  run({ byTechnique, catalog, dataset, domainGiven, report }) {
    for (const [id, cards] of byTechnique) {
      if (dataset.technique(id)) continue;
      const elsewhere = catalog.datasetFor(id);
      if (!elsewhere) continue; // unknown-technique says so
      const flag = elsewhere.meta.domain === 'unknown' ? '' : ` (--domain ${shortDomain(elsewhere.meta.domain)})`;
      for (const card of cards) {
        report({
          file: card.file,
          message: `${id} is a technique of ${elsewhere.label}; this report covers ${dataset.label}${domainGiven ? '' : ', where most cards are'}. Report that domain on its own${flag}.`,
        });
      }
    }
  },
};
