import { formatCardDate, parseCardDate, readLooseDate } from '../../format/card-date.js';
import type { Located } from '../../card/card-model.js';
import type { Rule } from '../rule.js';

function problem(value: Located): string | undefined {
  const parsed = parseCardDate(value.text);
  if (!('problem' in parsed)) return undefined;
  return parsed.problem === 'format' ? 'is not written "D Month YYYY" (e.g. 8 July 2021)' : 'is not a real date';
}

export const invalidDate: Rule = {
  id: 'invalid-date',
  defaultSeverity: 'warning',
  autofix: true,
  summary: 'a date is not "D Month YYYY" or not a real date',
  run({ card, report }) {
    const updated = card.metadata.find((m) => m.key === 'Last Updated Date');
    if (updated) {
      const why = problem(updated.value);
      const span = updated.value.span;
      if (why) {
        // A date written another way is rewritten as the same day (safe unattended); any other text is the author's
        // to correct: setting today is offered, never applied by --fix or Fix All.
        const same = readLooseDate(updated.value.text);
        const today = formatCardDate(new Date());
        report({
          span,
          message: `Last Updated Date "${updated.value.text}" ${why}.`,
          fixes: same
            ? [{ title: `Write it as ${formatCardDate(same)}`, preferred: true, edits: [{ span, newText: formatCardDate(same) }] }]
            : [{ title: `Set Last Updated to today (${today})`, edits: [{ span, newText: today }] }],
        });
      }
    }
    if (card.pullDate) {
      const why = problem(card.pullDate);
      if (why) report({ span: card.pullDate.span, message: `The pull date "${card.pullDate.text}" ${why}; refresh the ATT&CK zone to rewrite it.` });
    }
  },
};
