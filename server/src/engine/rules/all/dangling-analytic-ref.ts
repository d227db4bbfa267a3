import { trailingCommaLength } from '../../format/text-edges.js';
import type { AnalyticNumberRef, Located } from '../../card/card-model.js';
import type { Rule, TextEdit } from '../rule.js';

const SECTION_NAMES = { hostAnalytics: 'Host Analytics', networkAnalytics: 'Network Analytics' } as const;

/** Removes one number from a "1, 2, 3" cell together with one separator. */
function dropNumber(cell: Located, ref: AnalyticNumberRef): TextEdit {
  const before = cell.text.slice(0, ref.span.start - cell.span.start);
  const after = cell.text.slice(ref.span.end - cell.span.start);
  // Take the separator before the number (", 3"), or after it for the first one ("1, "),
  // so that dropping several numbers of one cell gives edits that never overlap.
  const leading = trailingCommaLength(before);
  if (leading) return { span: { start: ref.span.start - leading, end: ref.span.end }, newText: '' };
  const trailing = /^\s*,\s*/.exec(after);
  return { span: { start: ref.span.start, end: ref.span.end + (trailing?.[0].length ?? 0) }, newText: '' };
}

export const danglingAnalyticRef: Rule = {
  id: 'dangling-analytic-ref',
  defaultSeverity: 'error',
  autofix: true,
  summary: 'Adversary Examples names an analytic number that does not exist in that section',
  run({ card, report }) {
    for (const key of ['hostAnalytics', 'networkAnalytics'] as const) {
      const numbers = new Set(card.analytics.filter((a) => a.section === key).map((a) => a.number));
      for (const row of card.adversaryExamples) {
        const refs = key === 'hostAnalytics' ? row.host : row.network;
        const cell = key === 'hostAnalytics' ? row.hostCell : row.networkCell;
        for (const ref of refs) {
          if (numbers.has(ref.number)) continue;
          const have = [...numbers].sort((a, b) => a - b);
          report({
            span: ref.span,
            message: `${SECTION_NAMES[key]} has no Analytic ${ref.number}${have.length ? ` (it has ${have.join(', ')})` : ' (it has none)'}.`,
            ...(cell ? { fixes: [{ title: `Remove ${ref.number} from this row`, preferred: true, edits: [dropNumber(cell, ref)] }] } : {}),
          });
        }
      }
    }
  },
};
