import type { Rule } from '../rule.js';

export const invalidValidated: Rule = {
  id: 'invalid-validated',
  defaultSeverity: 'warning',
  autofix: true,
  summary: 'Validated is not YES or NO',
  run({ card, report }) {
    const field = card.metadata.find((m) => m.key === 'Validated');
    if (!field || field.value.text === 'YES' || field.value.text === 'NO') return;
    const guess = /^(y|yes|true)$/i.test(field.value.text) ? 'YES' : /^(n|no|false)$/i.test(field.value.text) ? 'NO' : undefined;
    report({
      span: field.value.span,
      message: `Validated is "${field.value.text}"; write YES or NO.`,
      fixes: (['YES', 'NO'] as const).map((v) => ({ title: `Set Validated to ${v}`, preferred: v === guess, edits: [{ span: field.value.span, newText: v }] })),
    });
  },
};
