import type { CoverageReport } from './collection.js';

const COLUMNS = ['technique', 'name', 'card', 'maturity', 'placeholders', 'last_updated', 'validated'] as const;

/** One row per card (RFC 4180 CSV): technique, name, card path, maturity, placeholders left, last updated, validated. */
export function coverageCsv(report: CoverageReport): string {
  const rows = sortedCards(report).map((c) => [c.id, c.name, c.file, String(c.maturity), String(c.placeholders), c.lastUpdated ?? '', c.validated ? 'yes' : 'no']);
  return [COLUMNS as readonly string[], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function coverageJson(report: CoverageReport): string {
  return `${JSON.stringify(
    {
      dataset: report.dataset.label,
      cards: sortedCards(report).map((c) => ({
        technique: c.id,
        name: c.name,
        card: c.file,
        maturity: c.maturity,
        placeholders: c.placeholders,
        lastUpdated: c.lastUpdated ?? null,
        validated: c.validated,
        analytics: { total: c.analytics, written: c.writtenAnalytics, filled: c.filledAnalytics },
      })),
      findings: report.findings,
    },
    null,
    2,
  )}\n`;
}

/** For a terminal: the headline, then one line per card (technique, maturity, placeholders left, file). */
export function coverageText(report: CoverageReport): string {
  const levels = ([1, 2, 3] as const).map((m) => [...report.covered.values()].filter((c) => c.maturity === m).length);
  const head = `${report.cards.length} card${report.cards.length === 1 ? '' : 's'} cover ${report.covered.size} of ${report.dataset.currentTechniqueIds().length} techniques of ${report.dataset.label} (maturity 1: ${levels[0]}, 2: ${levels[1]}, 3: ${levels[2]}).`;
  const rows = sortedCards(report).map((c) => [c.id, c.name.length > 48 ? `${c.name.slice(0, 47)}…` : c.name, String(c.maturity), String(c.placeholders), c.file]);
  const header = ['Technique', 'Name', 'Maturity', 'Placeholders', 'Card'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [head, '', line(header), ...rows.map(line), ''].join('\n');
}

function sortedCards(report: CoverageReport) {
  return [...report.cards].sort((a, b) => a.id.localeCompare(b.id) || a.file.localeCompare(b.file));
}

export function csvCell(value: string): string {
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
