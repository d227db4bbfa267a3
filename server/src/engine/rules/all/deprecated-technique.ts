import type { Rule } from '../rule.js';

export const deprecatedTechnique: Rule = {
  id: 'deprecated-technique',
  defaultSeverity: 'warning',
  summary: 'the technique is deprecated in ATT&CK',
  run({ card, dataset, technique, report }) {
    if (!technique?.deprecated || technique.revoked) return;
    report({
      span: card.title!.idSpan,
      tags: ['deprecated'],
      message: `${technique.id} ${technique.name} is deprecated in ${dataset.label}; MITRE no longer maintains it.`,
    });
  },
};
