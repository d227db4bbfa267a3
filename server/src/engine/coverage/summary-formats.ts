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

function sortedCards(report: CoverageReport) {
  return [...report.cards].sort((a, b) => a.id.localeCompare(b.id) || a.file.localeCompare(b.file));
}

function csvCell(value: string): string {
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
