import type { Dataset } from '../attack/query/dataset.js';
import { requireTechnique } from '../attack/query/technique-lookup.js';
import { formatCardDate } from '../format/card-date.js';
import { renderAttackZone } from './render-attack-zone.js';
import { renderAuthorZone } from './render-author-zone.js';

export interface ScaffoldOptions {
  /** "D Month YYYY" for both the pull date and Last Updated; today when absent. */
  date?: string;
  author?: string;
}

/** A complete new card for a current technique; throws for unknown, revoked or deprecated IDs. */
export function scaffoldCard(dataset: Dataset, techniqueId: string, options: ScaffoldOptions = {}): string {
  const technique = requireTechnique(dataset, techniqueId, 'scaffold');
  const date = options.date ?? formatCardDate(new Date());
  return renderAttackZone(dataset, technique, date) + renderAuthorZone({ date, author: options.author ?? '' });
}
