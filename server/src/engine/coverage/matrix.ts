import type { CoverageReport } from './collection.js';
import { detectionsOf } from './detections.js';
import { focusReason } from './focus-formats.js';
import type { FocusReport } from './focus-report.js';

// The matrix is sent to the client as it is: its shape is the protocol's, typed once there.
import type { MatrixCard, MatrixCell, MatrixColumn } from '../../protocol.js';

export type { MatrixCard, MatrixCell, MatrixColumn };

/** The ATT&CK matrix (tactics in matrix order, each with its current techniques) annotated with the cards covering them, and with a focus when given. */
export function coverageMatrix(report: CoverageReport, focus?: FocusReport): MatrixColumn[] {
  const { dataset } = report;
  const focused = new Map(focus?.rows.map((row) => [row.id, { rank: row.rank, reason: focusReason(focus, row), direct: row.reason.direct }]));
  const byTactic = new Map<string, MatrixCell[]>();
  for (const id of dataset.currentTechniqueIds()) {
    const t = dataset.technique(id)!;
    const covered = report.covered.get(id);
    const detections = detectionsOf(report, id);
    const cell: MatrixCell = {
      id,
      name: t.name,
      ...(t.parentId ? { parentId: t.parentId } : {}),
      ...(covered ? { maturity: covered.maturity } : {}),
      cards: (covered?.cards ?? []).map((c) => ({ file: c.file, maturity: c.maturity, placeholders: c.placeholders })),
      ...(detections.length ? { detections: detections.map((r) => ({ file: r.file, title: r.title })) } : {}),
      ...(covered?.maturity === 3 && detections.length === 0 ? { nextDetection: true as const } : {}),
      ...(focused.has(id) ? { focus: focused.get(id)! } : {}),
    };
    for (const tactic of t.tactics) byTactic.set(tactic, [...(byTactic.get(tactic) ?? []), cell]);
  }
  return dataset.tactics().map((tactic) => ({
    tactic: { id: tactic.id, name: tactic.name, shortname: tactic.shortname },
    techniques: byTactic.get(tactic.shortname) ?? [],
  }));
}
