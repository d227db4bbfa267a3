import { SECTIONS, type SectionSpec } from '../../card/card-format.js';
import type { Card } from '../../card/card-model.js';
import { renderAnalyticsSection } from '../../scaffold/render-author-zone.js';
import type { Rule } from '../rule.js';

/** What a freshly inserted section holds: its template content. */
function sectionTemplate(spec: SectionSpec, eol: string): string {
  const hashes = '#'.repeat(spec.depth);
  const body =
    spec.key === 'hostAnalytics' || spec.key === 'networkAnalytics'
      ? renderAnalyticsSection(spec.title, 1).replace(/^## [^\n]*\n\n/, '')
      : spec.key === 'metadata'
        ? '  * **Last Updated  Date:** \n\n  * **Author(s):** \n\n  * **Validated:** NO\n'
        : spec.key === 'adversaryExamples'
          ? '| Adversary Specific Examples | Host Analytics | Network Analytics |\n|-----------------------------|----------------|-------------------|\n| Example APT/Threat actor | 1 | 1 |\n'
          : spec.zone === 'author'
            ? '- Information Here\n'
            : '';
  return `${hashes} ${spec.title}\n\n${body}${body ? '\n' : ''}`.replace(/\n/g, eol);
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
        fixes: [{ title: `Insert "${spec.title}"`, edits: [{ span: { start: at, end: at }, newText: prefix + sectionTemplate(spec, eol) }] }],
      });
    }
  },
};
