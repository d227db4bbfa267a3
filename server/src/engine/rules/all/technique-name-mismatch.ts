import type { Rule } from '../rule.js';

export const techniqueNameMismatch: Rule = {
  id: 'technique-name-mismatch',
  defaultSeverity: 'warning',
  autofix: true,
  summary: "the title's name differs from the dataset's name for the ID",
  run({ card, dataset, technique, report }) {
    const title = card.title!;
    if (!technique || technique.revoked || title.name === technique.name) return;
    const span = title.name ? title.nameSpan : { start: title.idSpan.end, end: title.idSpan.end };
    report({
      span,
      message: `${technique.id} is named "${technique.name}" in ${dataset.label}, not "${title.name}".`,
      fixes: [{ title: `Rename to "${technique.name}"`, preferred: true, edits: [{ span, newText: title.name ? technique.name : ` ${technique.name}` }] }],
    });
  },
};
