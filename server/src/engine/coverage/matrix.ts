import type { Dataset } from '../attack/dataset.js';
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
export function coverageMatrix(report: CoverageReport, dataset: Dataset): MatrixColumn[] {
  const ids = dataset.currentTechniqueIds();
  return dataset.tactics().map((tactic) => ({
    tactic: { id: tactic.id, name: tactic.name, shortname: tactic.shortname },
    techniques: ids
      .map((id) => dataset.technique(id)!)
      .filter((t) => t.tactics.includes(tactic.shortname))
      .map((t) => {
        const covered = report.covered.get(t.id);
        return {
          id: t.id,
          name: t.name,
          ...(t.parentId ? { parentId: t.parentId } : {}),
          ...(covered ? { maturity: covered.maturity } : {}),
          cards: (covered?.cards ?? []).map((c) => ({ file: c.file, maturity: c.maturity, placeholders: c.placeholders })),
        };
      }),
  }));
}
