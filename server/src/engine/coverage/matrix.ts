import type { CoverageReport } from './collection.js';

// The matrix is sent to the client as it is: its shape is the protocol's, typed once there.
import type { MatrixCard, MatrixCell, MatrixColumn } from '../../protocol.js';

export type { MatrixCard, MatrixCell, MatrixColumn };

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
