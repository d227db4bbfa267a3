import { citations } from '../../card/scan.js';
import type { Rule } from '../rule.js';

export const unresolvedCitation: Rule = {
  id: 'unresolved-citation',
  defaultSeverity: 'warning',
  summary: "a (Citation: X) matches neither the card's references nor the dataset",
  run({ card, catalog, report }) {
    const own = new Set(card.references.map((r) => r.title.text.toLowerCase()));
    for (const m of citations(card)) {
      const name = m.name;
      if (own.has(name.toLowerCase())) continue;
      if (catalog.datasets.some((d) => d.citation(name))) continue;
      report({ span: m.span, message: `The citation "${name}" is not in this card's Mitre References nor in ${catalog.primary.label}.` });
    }
  },
};
