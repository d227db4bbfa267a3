import { sectionOf } from '../../card/card-model.js';
import { METADATA_FIELDS } from '../../card/card-format.js';
import type { Rule } from '../rule.js';

export const missingAuthor: Rule = {
  id: 'missing-author',
  defaultSeverity: 'warning',
  summary: 'the Metadata section names no author (Author(s) is empty or absent)',
  run({ card, report }) {
    const metadata = sectionOf(card, 'metadata');
    if (!metadata) return; // missing-section reports the whole section
    const field = card.metadata.find((m) => m.key.toLowerCase() === METADATA_FIELDS.authors.toLowerCase());
    if (field && field.value.text.trim() !== '') return;
    report({
      span: field ? field.span : metadata.headingSpan,
      message: field ? 'Author(s) is empty: write who hunts with this card, so the team knows whom to ask.' : 'Metadata has no **Author(s):** field: add one naming who hunts with this card.',
    });
  },
};
