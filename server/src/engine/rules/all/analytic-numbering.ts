import type { Rule, TextEdit } from '../rule.js';

export const analyticNumbering: Rule = {
  id: 'analytic-numbering',
  defaultSeverity: 'warning',
  summary: 'analytics are not numbered 1..n in order',
  run({ card, report }) {
    for (const key of ['hostAnalytics', 'networkAnalytics'] as const) {
      const analytics = card.analytics.filter((a) => a.section === key);
      const wrong = analytics.findIndex((a, i) => a.number !== i + 1);
      if (wrong < 0) continue;
      const edits: TextEdit[] = analytics.flatMap((a, i) => {
        const heading = card.text.slice(a.headingSpan.start, a.headingSpan.end);
        const m = /\d+/.exec(heading.replace(/^#+/, (h) => ' '.repeat(h.length)));
        if (!m || a.number === i + 1) return [];
        const start = a.headingSpan.start + m.index;
        return [{ span: { start, end: start + m[0].length }, newText: String(i + 1) }];
      });
      report({
        span: analytics[wrong]!.headingSpan,
        message: `Analytic ${analytics[wrong]!.number} should be Analytic ${wrong + 1}: analytics are numbered 1 to ${analytics.length} in order.`,
        fixes: [{ title: 'Renumber the analytics of this section', edits }],
      });
    }
  },
};
