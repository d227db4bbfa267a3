import type { Rule } from '../rule.js';

export const duplicateSection: Rule = {
  id: 'duplicate-section',
  defaultSeverity: 'error',
  summary: 'a section appears more than once',
  run({ card, report }) {
    const seen = new Map<string, number>();
    for (const section of card.sections) {
      if (!section.spec) continue;
      const first = seen.get(section.spec.key);
      if (first === undefined) {
        seen.set(section.spec.key, section.headingSpan.start);
        continue;
      }
      report({
        span: section.headingSpan,
        message: `The section "${section.spec.title}" appears again (first on line ${card.lines.position(first).line + 1}); merge the two.`,
      });
    }
  },
};
