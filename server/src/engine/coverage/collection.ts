import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import { type Domain, shortDomain, type Technique } from '../attack/query/model.js';
import { HuntCardError } from '../errors.js';
import { COLLECTION_CHECKS } from '../rules/registry.js';
import type { CollectionFinding, SeveritySetting } from '../rules/rule.js';
import { compareAttackIds } from '../attack/query/attack-ids.js';
import { detectionsByTechnique, isLive, type SigmaRule } from '../sigma/sigma-rule.js';
import type { CardSummary, Maturity } from './card-summary.js';

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
  /** Sigma rules of the collection by the technique they are tagged with: what is detected, beside what is hunted. */
  detections: Map<string, SigmaRule[]>;
  /** Technique IDs tagged by live rules that the dataset does not know (newer than the data, or mistyped). */
  unknownTags: string[];
}

/**
 * Puts card summaries against one dataset: which techniques are covered and how
 * well, and what the collection rules of the registry find (two cards for one
 * technique, a revoked or deprecated technique, an unknown ID, a card of another
 * domain, a card pulled before the dataset's newest change), each at the severity
 * the card's settings give it. The dataset is the one for `domain` when given,
 * else the one holding most of the cards' techniques.
 */
export function buildCoverage(
  all: CardSummary[],
  catalog: Catalog,
  domain?: Domain,
  severities: (file: string) => Record<string, SeveritySetting> = () => ({}),
  sigma: readonly SigmaRule[] = [],
): CoverageReport {
  const dataset = domain ? requireDomain(catalog, domain) : mostUsedDataset(all, catalog);
  const byTechnique = new Map<string, CardSummary[]>();
  for (const card of all) {
    const cards = byTechnique.get(card.id);
    if (cards) cards.push(card);
    else byTechnique.set(card.id, [card]);
  }

  const findings: CollectionFinding[] = [];
  for (const rule of COLLECTION_CHECKS) {
    rule.run({
      byTechnique,
      catalog,
      dataset,
      domainGiven: domain !== undefined,
      report: (f) => {
        const level = severities(f.file)[rule.id] ?? rule.defaultSeverity;
        if (level !== 'off') findings.push({ ...f, rule: rule.id, severity: level });
      },
    });
  }
  const cards = all.filter((c) => dataset.technique(c.id));
  const covered = new Map<string, TechniqueCoverage>();
  for (const [id, group] of byTechnique) {
    const technique = dataset.technique(id);
    if (!technique || technique.revoked) continue;
    covered.set(id, { technique, dataset, cards: group, maturity: Math.max(...group.map((c) => c.maturity)) as Maturity });
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule));
  const resolve = (id: string) => {
    const technique = dataset.technique(id);
    return technique?.revoked ? technique.revokedBy : technique?.id;
  };
  const unknownTags = [...new Set(sigma.filter(isLive).flatMap((r) => r.techniques.filter((id) => !dataset.technique(id))))].sort(compareAttackIds);
  return { dataset, cards, covered, findings, detections: detectionsByTechnique(sigma, resolve), unknownTags };
}

function requireDomain(catalog: Catalog, domain: Domain): Dataset {
  const dataset = catalog.forDomain(domain);
  if (!dataset) {
    throw new HuntCardError(
      `No ${domain} data is loaded (${catalog.datasets.map((d) => d.label).join(', ')}).`,
      `Run \`huntcard data update --domain ${shortDomain(domain)}\` or pass --dataset with a ${domain} bundle.`,
    );
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
