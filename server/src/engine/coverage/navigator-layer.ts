import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Maturity, MATURITY_LABELS } from './card-summary.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { CoverageReport } from './collection.js';
import { detectedOnly, detectionNote, detectionsOf, sigmaMetadata } from './detections.js';

/** Colours of maturity 1, 2 and 3 (red, amber, green), as the Navigator gradient runs. */
export const MATURITY_COLORS: Record<Maturity, string> = { 1: '#e74c3c', 2: '#f5b041', 3: '#58d68d' };

export interface LayerOptions {
  name?: string;
  /** Links to cards are file:// URLs unless a base URL (e.g. the repository's web view) is given. */
  linkBase?: string;
  /** Folder links are made relative to, with linkBase. */
  root?: string;
  generator?: string;
}

/**
 * An ATT&CK Navigator layer (format 4.5) of a card collection: one entry per
 * covered technique and tactic, scored by the best card's maturity (1 scaffold
 * only, 2 hypothesis and an analytic written, 3 all analytics filled and
 * validated), with the card linked and summarised.
 */
export function navigatorLayer(report: CoverageReport, options: LayerOptions = {}): Record<string, unknown> {
  const { dataset } = report;
  // One entry per technique and tactic: Navigator applies entries in order, so a
  // second, bare entry for a covered parent would erase its score and links.
  const entries = new Map<string, Record<string, unknown>>();
  const covered = [...report.covered.values()].sort((a, b) => a.technique.id.localeCompare(b.technique.id));
  for (const c of covered) {
    const best = [...c.cards].sort((a, b) => b.maturity - a.maturity)[0]!;
    for (const tactic of c.technique.tactics) {
      entries.set(`${c.technique.id}/${tactic}`, {
        techniqueID: c.technique.id,
        tactic,
        score: c.maturity,
        color: '',
        comment: `${MATURITY_LABELS[c.maturity]}${best.placeholders ? `; ${best.placeholders} placeholders left` : ''}${best.validated && c.maturity < 3 ? '; validated' : ''}; ${detectionNote(report, c.technique.id)}`,
        enabled: true,
        metadata: [
          { name: 'card', value: best.file },
          ...(best.lastUpdated ? [{ name: 'last updated', value: best.lastUpdated }] : []),
          { name: 'analytics', value: `${best.filledAnalytics} of ${best.analytics} filled` },
          ...(c.cards.length > 1 ? [{ name: 'cards', value: String(c.cards.length) }] : []),
          ...sigmaMetadata(detectionsOf(report, c.technique.id)),
        ],
        links: c.cards.map((card) => ({ label: path.basename(card.file), url: cardLink(card.file, options) })),
        showSubtechniques: false,
      });
    }
  }
  // Detected, not hunted: annotated (comment and rules) but not scored, so the maturity colours stay the hunts'.
  for (const id of detectedOnly(report)) {
    for (const tactic of dataset.technique(id)!.tactics) {
      entries.set(`${id}/${tactic}`, {
        techniqueID: id,
        tactic,
        color: '',
        comment: `${detectionNote(report, id)}; no hunt card`,
        enabled: true,
        metadata: sigmaMetadata(detectionsOf(report, id)),
        links: [],
        showSubtechniques: false,
      });
    }
  }
  // A covered sub-technique's parent is shown expanded: its own entry if it has one, else a bare one.
  for (const c of covered) {
    const parent = c.technique.parentId;
    if (!parent) continue;
    for (const tactic of c.technique.tactics) {
      const entry = entries.get(`${parent}/${tactic}`);
      if (entry) entry.showSubtechniques = true;
      else entries.set(`${parent}/${tactic}`, { techniqueID: parent, tactic, enabled: true, showSubtechniques: true, metadata: [], links: [] });
    }
  }
  return layerShell(dataset, {
    name: options.name ?? `Hunt cards: ${dataset.label}`,
    description: `Coverage of ${covered.length} techniques by ${report.cards.length} hunt cards, scored by card maturity${report.detections.size ? `; ${report.detections.size} techniques are tagged by Sigma rules (in comments and metadata)` : ''}.`,
    techniques: [...entries.values()],
    gradient: { colors: [MATURITY_COLORS[1], MATURITY_COLORS[2], MATURITY_COLORS[3]], minValue: 1, maxValue: 3 },
    legendItems: ([1, 2, 3] as Maturity[]).map((m) => ({ label: `${m}: ${MATURITY_LABELS[m]}`, color: MATURITY_COLORS[m] })),
    generator: options.generator,
  });
}

/** What every layer Hunt Card writes shares (format 4.5, the dataset's domain and version, the layout); each caller gives the rest. */
export function layerShell(
  dataset: Dataset,
  parts: {
    name: string;
    description: string;
    techniques: unknown[];
    gradient: { colors: string[]; minValue: number; maxValue: number };
    legendItems: Array<{ label: string; color: string }>;
    generator?: string | undefined;
    metadata?: Array<{ name: string; value: string }>;
    /** Navigator's sort: 0 by name (the default), 3 by score, highest first. */
    sorting?: number;
  },
): Record<string, unknown> {
  const version = dataset.meta.version === 'unknown' ? undefined : dataset.meta.version.split('.')[0];
  return {
    name: parts.name,
    versions: { ...(version ? { attack: version } : {}), navigator: '5.1.0', layer: '4.5' },
    domain: dataset.meta.domain === 'unknown' ? 'enterprise-attack' : dataset.meta.domain,
    description: parts.description,
    sorting: parts.sorting ?? 0,
    layout: { layout: 'side', aggregateFunction: 'max', showID: true, showName: true, showAggregateScores: false, countUnscored: false, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques: parts.techniques,
    gradient: parts.gradient,
    legendItems: parts.legendItems,
    metadata: [{ name: 'generated by', value: parts.generator ?? 'huntcard' }, { name: 'dataset', value: `${dataset.label} (${dataset.meta.source})` }, ...(parts.metadata ?? [])],
    links: [],
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
  };
}

/**
 * Where a report links a card: under `linkBase` (a repository's web view) by its
 * path from `root`; else relative to `from` (the folder of an HTML report, so the
 * link works wherever the report and cards are copied together); else a file:// URL.
 */
export function cardLink(file: string, options: { linkBase?: string; root?: string; from?: string }): string {
  const segments = (relative: string) => relative.split(path.sep).map(encodeURIComponent).join('/');
  if (options.linkBase) return `${options.linkBase.replace(/\/+$/, '')}/${segments(path.relative(options.root ?? process.cwd(), file))}`;
  if (options.from) return segments(path.relative(options.from, path.resolve(file)));
  return pathToFileURL(path.resolve(file)).href;
}
