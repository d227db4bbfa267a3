import { closestTechniques } from '../../attack/query/technique-lookup.js';
import type { Rule } from '../rule.js';

export const unknownTechnique: Rule = {
  id: 'unknown-technique',
  defaultSeverity: 'error',
  summary: "the title's technique ID is not in the ATT&CK dataset",
  run({ card, catalog, dataset, report }) {
    const title = card.title!;
    if (catalog.datasetFor(title.id)) return;
    // A title whose name is right but whose ID is mistyped: offer the technique of that name first.
    const byName = dataset.techniqueSummaries().filter((t) => !t.revoked && !t.deprecated && t.name.toLowerCase() === title.name.toLowerCase());
    const close = [...byName, ...closestTechniques(dataset, title.id, 3).filter((t) => !byName.some((b) => b.id === t.id))].slice(0, 3);
    report({
      span: title.idSpan,
      message: `${title.id} is not a technique in ${catalog.datasets.map((d) => d.label).join(' or ')}.${close.length ? ` Did you mean ${close.map((t) => `${t.id} (${t.name})`).join(', ')}?` : ''}`,
      fixes: close.map((t) => ({ title: `Change to ${t.id} ${t.name}`, edits: [{ span: title.idSpan, newText: t.id }] })),
    });
  },
};
