import type { Catalog } from '../attack/catalog.js';
import type { Dataset } from '../attack/dataset.js';
import { type Domain, shortDomain, type Technique } from '../attack/model.js';
import { HuntCardError } from '../errors.js';
import { parseCardDate } from '../format/card-date.js';
import type { CardSummary, Maturity } from './card-summary.js';

/** Rules about the collection as a whole, with their documented default severities. */
export const COLLECTION_RULES = [
  { id: 'duplicate-card', defaultSeverity: 'error', summary: 'two or more cards in the collection are for the same technique' },
  { id: 'revoked-card', defaultSeverity: 'warning', summary: "a card's technique was revoked since it was written; the message names the replacement" },
  { id: 'deprecated-card', defaultSeverity: 'warning', summary: "a card's technique is deprecated in ATT&CK" },
  { id: 'unknown-technique', defaultSeverity: 'error', summary: "a card's technique ID is not in the ATT&CK data in use" },
  { id: 'outdated-card', defaultSeverity: 'warning', summary: "a card was pulled from ATT&CK before the dataset's newest change" },
  { id: 'other-domain-card', defaultSeverity: 'warning', summary: 'a card is for a technique of another ATT&CK domain than the report' },
] as const;
export const COLLECTION_RULE_IDS = COLLECTION_RULES.map((r) => r.id);
export type CollectionRule = (typeof COLLECTION_RULES)[number]['id'];

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
  /** The one dataset (domain) the report is drawn for. */
  dataset: Dataset;
  /** The cards of that domain: what every output counts. Cards of other domains or unknown techniques are findings only. */
  cards: CardSummary[];
  /** Covered techniques, by ID. */
  covered: Map<string, TechniqueCoverage>;
  findings: CollectionFinding[];
}

/**
 * Puts card summaries against one dataset: which techniques are covered and how
 * well, plus the collection rules: two cards for one technique, a card whose
 * technique was revoked (naming the replacement) or deprecated since, an ID the
 * data does not know, a card of another domain, and cards pulled before the
 * dataset's newest change. The dataset is the one for `domain` when given, else
 * the one holding most of the cards' techniques.
 */
export function buildCoverage(all: CardSummary[], catalog: Catalog, domain?: Domain): CoverageReport {
  const dataset = domain ? requireDomain(catalog, domain) : mostUsedDataset(all, catalog);
  const covered = new Map<string, TechniqueCoverage>();
  const findings: CollectionFinding[] = [];
  const cards: CardSummary[] = [];
  const byId = new Map<string, CardSummary[]>();
  for (const card of all) byId.set(card.id, [...(byId.get(card.id) ?? []), card]);

  for (const [id, group] of byId) {
    const technique = dataset.technique(id);
    if (!technique) {
      const elsewhere = catalog.datasetFor(id);
      for (const card of group) {
        findings.push(
          elsewhere
            ? { rule: 'other-domain-card', severity: 'warning', file: card.file, message: `${id} is a technique of ${elsewhere.label}; this report covers ${dataset.label}${domain ? '' : `, where most cards are`}. Report that domain on its own (--domain ${elsewhere.meta.domain === 'unknown' ? 'enterprise' : shortDomain(elsewhere.meta.domain)}).` }
            : { rule: 'unknown-technique', severity: 'error', file: card.file, message: `${id} is not a technique in ${catalog.datasets.map((d) => d.label).join(' or ')}.` },
        );
      }
      continue;
    }
    cards.push(...group);
    if (group.length > 1) {
      for (const card of group.slice(1)) {
        findings.push({ rule: 'duplicate-card', severity: 'error', file: card.file, message: `${id} already has a card: ${group[0]!.file}. Merge the two so the team works from one.` });
      }
    }
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
  return { dataset, cards, covered, findings };
}

function requireDomain(catalog: Catalog, domain: Domain): Dataset {
  const dataset = catalog.forDomain(domain);
  if (!dataset) {
    throw new HuntCardError(`No ${domain} data is loaded (${catalog.datasets.map((d) => d.label).join(', ')}).`, `Run \`huntcard data update --domain ${shortDomain(domain)}\` or pass --dataset with a ${domain} bundle.`);
  }
  return dataset;
}

/** The dataset that knows most of the cards' techniques (the first on a tie). */
function mostUsedDataset(cards: CardSummary[], catalog: Catalog): Dataset {
  const counts = new Map<Dataset, number>();
  for (const card of cards) {
    const holder = catalog.datasetFor(card.id);
    if (holder) counts.set(holder, (counts.get(holder) ?? 0) + 1);
  }
  let best = catalog.primary;
  for (const d of catalog.datasets) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
