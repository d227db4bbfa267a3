import { SECTIONS, type SectionSpec } from '../../card/card-format.js';
import type { Card } from '../../card/card-model.js';
import { authorSectionBody } from '../../scaffold/render-author-zone.js';
import type { Rule } from '../rule.js';

/** What a freshly inserted section holds: the scaffold's template for it, with one analytic. */
function sectionTemplate(spec: SectionSpec, eol: string): string {
  const body = authorSectionBody(spec.key, { date: '', author: '', analytics: 1 }) ?? '';
  return `${'#'.repeat(spec.depth)} ${spec.title}\n\n${body}${body ? '\n\n' : ''}`.replace(/\n/g, eol);
}

/** Where a missing section goes: before the next section of the format that is present. */
export function insertionOffset(card: Card, spec: SectionSpec): number {
  const order = SECTIONS.indexOf(spec);
  const next = card.sections.find((s) => s.spec && SECTIONS.indexOf(s.spec) > order);
  return next ? next.headingSpan.start : card.text.length;
}

export const missingSection: Rule = {
  id: 'missing-section',
  defaultSeverity: 'error',
  autofix: true,
  summary: 'a section of the hunt-card format is absent',
  run({ card, report }) {
    const present = new Set(card.sections.map((s) => s.spec?.key));
    const eol = card.text.includes('\r\n') ? '\r\n' : '\n';
    for (const spec of SECTIONS) {
      if (present.has(spec.key)) continue;
      const at = insertionOffset(card, spec);
      const prefix = at === card.text.length && !/\n$/.test(card.text) ? eol + eol : '';
      report({
        span: card.title!.span,
        message: `The section "${'#'.repeat(spec.depth)} ${spec.title}" is missing${spec.zone === 'attack' ? ' (refresh the ATT&CK zone to restore it)' : ''}.`,
        // A missing author section gets its template; a zone section is refresh's to restore.
        fixes: [{ title: `Insert "${spec.title}"`, ...(spec.zone === 'author' ? { preferred: true } : {}), edits: [{ span: { start: at, end: at }, newText: prefix + sectionTemplate(spec, eol) }] }],
      });
    }
  },
};
