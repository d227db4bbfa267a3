import { compareAttackIds } from '../attack/query/attack-ids.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { CardSummary, Maturity } from './card-summary.js';
import type { CoverageReport } from './collection.js';
import type { SigmaRule } from '../sigma/sigma-rule.js';
import { detectionsOf } from './detections.js';
import type { Focus, FocusReason } from './focus.js';

/** One technique of a focus, with how the collection covers it. */
export interface FocusRow {
  rank: number;
  id: string;
  name: string;
  /** Tactic names, in matrix order. */
  tactics: string[];
  reason: FocusReason;
  /** The best card's maturity; undefined: no card (a gap). */
  maturity?: Maturity;
  cards: CardSummary[];
  /** Sigma rules of the collection tagged with the technique. */
  detections: SigmaRule[];
}

export interface FocusReport {
  focus: Focus;
  dataset: Dataset;
  /** Most used (or highest scored) first, then in matrix (tactic) order, then by ID. */
  rows: FocusRow[];
  /**
   * What the focus itself selects (used by the actors, annotated in the layer): how many, how many without
   * a card (gaps), by maturity; and how many parents are listed only through their sub-techniques (not counted).
   */
  counts: { techniques: number; gaps: number; byMaturity: Record<Maturity, number>; parents: number };
}

/**
 * A coverage report narrowed to a focus: every technique the focus selects,
 * ranked by how many of its actors use it (a layer's score, for a layer), then
 * by tactic order, each with its cards or none.
 */
export function focusCoverage(report: CoverageReport, focus: Focus): FocusReport {
  const { dataset } = report;
  const tactics = dataset.tactics();
  const order = new Map(tactics.map((t, i) => [t.shortname, i]));
  const names = new Map(tactics.map((t) => [t.shortname, t.name]));
  const unranked = [...focus.selected].map(([id, reason]) => {
    const technique = dataset.technique(id)!;
    const covered = report.covered.get(id);
    const shortnames = [...technique.tactics].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99));
    return {
      id,
      name: technique.name,
      tactics: shortnames.map((s) => names.get(s) ?? s),
      firstTactic: order.get(shortnames[0] ?? '') ?? 99,
      reason,
      ...(covered ? { maturity: covered.maturity } : {}),
      cards: covered ? [...covered.cards].sort((a, b) => b.maturity - a.maturity || a.file.localeCompare(b.file)) : [],
      detections: detectionsOf(report, id),
    };
  });
  const weight = (r: FocusReason) => (focus.kind === 'layer' ? (r.score ?? -Infinity) : r.actors.length);
  // What is used itself ranks before a parent listed only through its sub-techniques.
  unranked.sort((a, b) => weight(b.reason) - weight(a.reason) || Number(b.reason.direct) - Number(a.reason.direct) || a.firstTactic - b.firstTactic || compareAttackIds(a.id, b.id));
  const rows: FocusRow[] = unranked.map(({ firstTactic: _, ...row }, i) => ({ rank: i + 1, ...row }));
  const byMaturity: Record<Maturity, number> = { 1: 0, 2: 0, 3: 0 };
  const selected = rows.filter((r) => r.reason.direct);
  for (const row of selected) if (row.maturity) byMaturity[row.maturity]++;
  return {
    focus,
    dataset,
    rows,
    counts: { techniques: selected.length, gaps: selected.filter(isGap).length, byMaturity, parents: rows.length - selected.length },
  };
}

/** A technique the focus selects itself and no card covers (a parent listed through its sub-techniques is no gap of its own). */
export function isGap(row: FocusRow): boolean {
  return row.reason.direct && !row.maturity;
}
