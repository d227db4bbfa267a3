import { ANALYTIC_FIELDS } from '../../card/card-format.js';
import { ANALYTIC_TEMPLATE } from '../../scaffold/render-author-zone.js';
import type { Rule } from '../rule.js';

export const analyticMissingField: Rule = {
  id: 'analytic-missing-field',
  defaultSeverity: 'warning',
  autofix: true,
  summary: 'an analytic lacks one of its five fields (Information, Source, Tool, Notes, Query)',
  run({ card, report }) {
    const eol = card.text.includes('\r\n') ? '\r\n' : '\n';
    for (const analytic of card.analytics) {
      const present = new Set(analytic.fields.map((f) => f.field));
      ANALYTIC_FIELDS.forEach((field, order) => {
        if (present.has(field)) return;
        // Insert before the next field of the format that is present, else after the heading.
        const next = analytic.fields.find((f) => ANALYTIC_FIELDS.indexOf(f.field) > order);
        const line = `  * **${field}:** ${ANALYTIC_TEMPLATE[field]}`;
        const at = next ? card.lines.lineStart(card.lines.position(next.span.start).line) : card.lines.lineEndWithBreak(card.lines.position(analytic.headingSpan.end).line);
        const newText = next ? `${line}${eol}${eol}` : `${eol}${line}${eol}`;
        report({
          span: analytic.headingSpan,
          message: `Analytic ${analytic.number} has no **${field}:** field.`,
          fixes: [{ title: `Add the ${field} field`, preferred: true, edits: [{ span: { start: at, end: at }, newText }] }],
        });
      });
    }
  },
};
