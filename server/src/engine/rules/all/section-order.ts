import { SECTIONS } from '../../card/card-format.js';
import type { Rule } from '../rule.js';

export const sectionOrder: Rule = {
  id: 'section-order',
  defaultSeverity: 'warning',
  summary: "sections are out of the format's order",
  run({ card, report }) {
    let furthest: { index: number; title: string } | undefined;
    for (const section of card.sections) {
      if (!section.spec) continue;
      const index = SECTIONS.indexOf(section.spec);
      if (furthest && index < furthest.index) {
        report({
          span: section.headingSpan,
          message: `"${section.spec.title}" should come before "${furthest.title}".`,
        });
        continue;
      }
      furthest = { index, title: section.spec.title };
    }
  },
};
