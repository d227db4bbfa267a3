import type { Maturity } from './card-summary.js';
import type { CoverageReport } from './collection.js';

export interface MatrixCard {
  file: string;
  maturity: Maturity;
  placeholders: number;
}

export interface MatrixCell {
  id: string;
  name: string;
  parentId?: string;
  /** The best card's maturity; absent when no card covers the technique. */
  maturity?: Maturity;
  cards: MatrixCard[];
}

export interface MatrixColumn {
  tactic: { id: string; name: string; shortname: string };
  techniques: MatrixCell[];
}

/** The ATT&CK matrix (tactics in matrix order, each with its current techniques) annotated with the cards covering them. */
export function coverageMatrix(report: CoverageReport): MatrixColumn[] {
  const { dataset } = report;
  const byTactic = new Map<string, MatrixCell[]>();
  for (const id of dataset.currentTechniqueIds()) {
    const t = dataset.technique(id)!;
    const covered = report.covered.get(id);
    const cell: MatrixCell = {
      id,
      name: t.name,
      ...(t.parentId ? { parentId: t.parentId } : {}),
      ...(covered ? { maturity: covered.maturity } : {}),
      cards: (covered?.cards ?? []).map((c) => ({ file: c.file, maturity: c.maturity, placeholders: c.placeholders })),
    };
    for (const tactic of t.tactics) byTactic.set(tactic, [...(byTactic.get(tactic) ?? []), cell]);
  }
  return dataset.tactics().map((tactic) => ({
    tactic: { id: tactic.id, name: tactic.name, shortname: tactic.shortname },
    techniques: byTactic.get(tactic.shortname) ?? [],
  }));
}
