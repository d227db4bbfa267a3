import { compareAttackIds } from '../attack/query/attack-ids.js';
import { textTable } from '../format/text-table.js';
import type { CoverageReport } from './collection.js';
import { detectedOnly, detectionsOf, nextDetections } from './detections.js';

const COLUMNS = ['technique', 'name', 'card', 'maturity', 'placeholders', 'last_updated', 'validated', 'sigma_rules'] as const;

/** One row per card (RFC 4180 CSV): technique, name, card path, maturity, placeholders left, last updated, validated, Sigma rules tagged with the technique. */
export function coverageCsv(report: CoverageReport): string {
  const rows = sortedCards(report).map((c) => [
    c.id,
    c.name,
    c.file,
    String(c.maturity),
    String(c.placeholders),
    c.lastUpdated ?? '',
    c.validated ? 'yes' : 'no',
    String(detectionsOf(report, c.id).length),
  ]);
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
        sigmaRules: detectionsOf(report, c.id).length,
      })),
      // Hunted and detected, per technique: every technique with a card or a Sigma rule.
      techniques: [...new Set([...report.covered.keys(), ...detectedOnly(report)])].sort(compareAttackIds).map((id) => ({
        technique: id,
        name: report.dataset.technique(id)!.name,
        maturity: report.covered.get(id)?.maturity ?? null,
        sigmaRules: detectionsOf(report, id).map((r) => ({ file: r.file, title: r.title, id: r.id ?? null, level: r.level ?? null, status: r.status ?? null })),
      })),
      nextDetections: nextDetections(report),
      unknownSigmaTags: report.unknownTags,
      findings: report.findings,
    },
    null,
    2,
  )}\n`;
}

/** For a terminal: the headline, then one line per card (technique, maturity, placeholders left, file). */
export function coverageText(report: CoverageReport): string {
  const levels = ([1, 2, 3] as const).map((m) => [...report.covered.values()].filter((c) => c.maturity === m).length);
  const head = `${report.cards.length} card${report.cards.length === 1 ? ' covers' : 's cover'} ${report.covered.size} of ${report.dataset.currentTechniqueIds().length} techniques of ${report.dataset.label} (maturity 1: ${levels[0]}, 2: ${levels[1]}, 3: ${levels[2]}).`;
  const rows = sortedCards(report).map((c) => [
    c.id,
    c.name.length > 48 ? `${c.name.slice(0, 47)}…` : c.name,
    String(c.maturity),
    String(c.placeholders),
    String(detectionsOf(report, c.id).length),
    c.file,
  ]);
  const header = ['Technique', 'Name', 'Maturity', 'Placeholders', 'Sigma rules', 'Card'];
  return [head, ...detectionLines(report), '', ...textTable(header, rows), ''].join('\n');
}

/** What the Sigma rules add, for text reports: how many techniques they detect, and the next detections to write. */
export function detectionLines(report: CoverageReport): string[] {
  if (report.detections.size === 0 && nextDetections(report).length === 0 && report.unknownTags.length === 0) return [];
  const next = nextDetections(report);
  const only = detectedOnly(report);
  const list = (ids: string[]) => (ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, … (${ids.length} in all)` : ids.join(', '));
  return [
    `Sigma rules tag ${report.detections.size} technique${report.detections.size === 1 ? '' : 's'}${only.length ? ` (${only.length} without a hunt card: ${list(only)})` : ''}.`,
    ...(report.unknownTags.length ? [`Not counted: tags naming ${list(report.unknownTags)}, not techniques of ${report.dataset.label} (newer than the data, or mistyped).`] : []),
    ...(next.length ? [`Next detections to write (a validated hunt, no Sigma rule): ${list(next)}.`] : []),
  ];
}

function sortedCards(report: CoverageReport) {
  return [...report.cards].sort((a, b) => a.id.localeCompare(b.id) || a.file.localeCompare(b.file));
}

export function csvCell(value: string): string {
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
