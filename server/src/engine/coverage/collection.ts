import type { Catalog } from '../attack/catalog.js';
import type { Dataset } from '../attack/dataset.js';
import type { Technique } from '../attack/model.js';
import { parseCardDate } from '../format/card-date.js';
import type { CardSummary, Maturity } from './card-summary.js';

export type CollectionRule = 'duplicate-card' | 'revoked-card' | 'deprecated-card' | 'unknown-technique' | 'outdated-card';

/** A finding about the collection as a whole, not about one card's text. */
export interface CollectionFinding {
  rule: CollectionRule;
  severity: 'error' | 'warning';
  file: string;
  message: string;
}

export interface TechniqueCoverage {
  technique: Technique;
  dataset: Dataset;
  cards: CardSummary[];
  /** The most mature card's level. */
  maturity: Maturity;
}

export interface CoverageReport {
  cards: CardSummary[];
  /** Covered techniques, by ID. */
  covered: Map<string, TechniqueCoverage>;
  findings: CollectionFinding[];
}

/**
 * Puts card summaries against the dataset: which techniques are covered and how
 * well, plus the collection rules: two cards for one technique, a card whose
 * technique was revoked (naming the replacement) or deprecated since, an ID the
 * dataset does not know, and cards pulled before the dataset's newest change.
 */
export function buildCoverage(cards: CardSummary[], catalog: Catalog): CoverageReport {
  const covered = new Map<string, TechniqueCoverage>();
  const findings: CollectionFinding[] = [];
  const byId = new Map<string, CardSummary[]>();
  for (const card of cards) byId.set(card.id, [...(byId.get(card.id) ?? []), card]);

  for (const [id, group] of byId) {
    const found = catalog.technique(id);
    if (group.length > 1) {
      for (const card of group.slice(1)) {
        findings.push({ rule: 'duplicate-card', severity: 'error', file: card.file, message: `${id} already has a card: ${group[0]!.file}. Merge the two so the team works from one.` });
      }
    }
    if (!found) {
      for (const card of group) findings.push({ rule: 'unknown-technique', severity: 'error', file: card.file, message: `${id} is not a technique in ${catalog.datasets.map((d) => d.label).join(' or ')}.` });
      continue;
    }
    const { technique, dataset } = found;
    if (technique.revoked) {
      const by = technique.revokedBy;
      for (const card of group) findings.push({ rule: 'revoked-card', severity: 'warning', file: card.file, message: `${id} was revoked in ${dataset.label}${by ? `; it is now ${by}: move the card to ${by}` : ''}.` });
      continue;
    }
    if (technique.deprecated) {
      for (const card of group) findings.push({ rule: 'deprecated-card', severity: 'warning', file: card.file, message: `${id} is deprecated in ${dataset.label}.` });
    }
    const changed = dataset.meta.modified.slice(0, 10);
    for (const card of group) {
      const pulled = card.pullDate ? parseCardDate(card.pullDate) : undefined;
      if (pulled && 'date' in pulled && isoDay(pulled.date) < changed) {
        findings.push({ rule: 'outdated-card', severity: 'warning', file: card.file, message: `pulled from ATT&CK on ${card.pullDate}; ${dataset.label} has changes up to ${changed}. Run huntcard refresh.` });
      }
    }
    covered.set(id, { technique, dataset, cards: group, maturity: Math.max(...group.map((c) => c.maturity)) as Maturity });
  }
  return { cards, covered, findings };
}

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
