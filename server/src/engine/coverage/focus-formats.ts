import path from 'node:path';
import { type Maturity, MATURITY_LABELS } from './card-summary.js';
import { type FocusReport, type FocusRow, isGap } from './focus-report.js';
import { cardLink, type LayerOptions, layerShell, MATURITY_COLORS } from './navigator-layer.js';
import { detectedBy, sigmaMetadata } from './detections.js';
import { csvCell } from './summary-formats.js';
import { textTable } from '../format/text-table.js';

/** The colour of a technique the focus selects and no card covers, in every output (distinct from the maturity colours). */
export const GAP_COLOR = '#9b59b6';

const ROLLUP_NOTE = 'A parent technique the actors do not use themselves is listed after their sub-techniques ("via" names them), and not counted: a card for a sub-technique covers what they use.';

function usedBy(report: FocusReport, row: FocusRow): string {
  if (report.focus.kind === 'layer') {
    const said = [row.reason.score !== undefined ? `score ${row.reason.score}` : '', row.reason.comment ?? ''].filter(Boolean).join(': ');
    return said || (row.reason.direct ? 'annotated' : '');
  }
  // In the order the actors were asked for, on every row.
  return report.focus.actors
    .filter((a) => row.reason.actors.includes(a.id))
    .map((a) => a.name)
    .join(', ');
}

/** Why a technique is in the focus, in a few words: who uses it (and through which sub-techniques), or the layer's score and comment. */
export function focusReason(report: FocusReport, row: FocusRow): string {
  return [usedBy(report, row), via(row)].filter(Boolean).join('; ');
}

// A technique used itself and through sub-techniques says "also via".
const via = (row: FocusRow) => (row.reason.via.length ? `${row.reason.direct ? 'also via' : 'via'} ${row.reason.via.join(', ')}` : '');

function status(row: FocusRow): string {
  if (row.maturity) return `maturity ${row.maturity}`;
  return isGap(row) ? 'gap' : 'parent';
}

/** Techniques of the focus with a validated hunt (maturity 3) and no Sigma rule: the next detections to write. */
function focusNextDetections(report: FocusReport): string[] {
  return report.rows.filter((r) => r.maturity === 3 && r.detections.length === 0).map((r) => r.id);
}

/** The headline every format starts from: what was asked, against what, and how much of it has cards. */
export function focusSummary(report: FocusReport): string {
  const { counts } = report;
  const carded = counts.techniques - counts.gaps;
  const asked = report.focus.actors.filter((a) => a.asked.toLowerCase() !== a.name.toLowerCase() && a.asked.toUpperCase() !== a.id).map((a) => `"${a.asked}" is ${a.name} (${a.id})`);
  const next = focusNextDetections(report);
  return [
    `Focus: ${report.focus.label}, against ${report.dataset.label}${asked.length ? ` (${asked.join('; ')})` : ''}.`,
    `${counts.techniques} technique${counts.techniques === 1 ? '' : 's'} ${report.focus.kind === 'layer' ? 'in the layer' : 'used'}: ${carded} with a card (maturity 1: ${counts.byMaturity[1]}, 2: ${counts.byMaturity[2]}, 3: ${counts.byMaturity[3]}), ${counts.gaps} without (gaps)${counts.parents ? `; ${counts.parents} parent technique${counts.parents === 1 ? '' : 's'} listed through ${counts.parents === 1 ? 'its' : 'their'} sub-techniques` : ''}.`,
    ...(next.length ? [`Next detections to write (a validated hunt, no Sigma rule): ${next.join(', ')}.`] : []),
  ].join('\n');
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** A table for a terminal: one line per technique, best hunting candidates first. */
export function focusText(report: FocusReport, options: { display?: (file: string) => string } = {}): string {
  const display = options.display ?? ((file: string) => file);
  const header = ['Rank', 'Technique', 'Name', report.focus.kind === 'layer' ? 'Layer' : 'Used by', 'Tactics', 'Sigma', 'Card'];
  const rows = report.rows.map((row) => [
    String(row.rank),
    row.id,
    clip(`${row.name}${row.reason.via.length ? ` (${via(row)})` : ''}`, 48),
    clip(usedBy(report, row), 32),
    clip(row.tactics.join(', '), 28),
    String(row.detections.length),
    row.maturity ? `${row.maturity}: ${display(row.cards[0]!.file)}${row.cards.length > 1 ? ` (+${row.cards.length - 1})` : ''}` : isGap(row) ? 'no card (gap)' : 'no card (parent)',
  ]);
  const notes = report.focus.notes.map((n) => `Note: ${n}`);
  return [focusSummary(report), ...(report.focus.kind === 'actors' ? [ROLLUP_NOTE] : []), ...notes, '', ...textTable(header, rows, new Set([0])), ''].join('\n');
}

const CSV_COLUMNS = ['rank', 'technique', 'name', 'tactics', 'used_by', 'direct', 'via', 'status', 'maturity', 'card', 'sigma_rules'];

/** One row per technique of the focus (RFC 4180 CSV). */
export function focusCsv(report: FocusReport): string {
  const rows = report.rows.map((row) => [
    String(row.rank),
    row.id,
    row.name,
    row.tactics.join('; '),
    usedBy(report, row),
    row.reason.direct ? 'yes' : 'no',
    row.reason.via.join(' '),
    status(row),
    row.maturity ? String(row.maturity) : '',
    row.cards.map((c) => c.file).join(' '),
    String(row.detections.length),
  ]);
  return [CSV_COLUMNS, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function focusJson(report: FocusReport): string {
  const { focus } = report;
  return `${JSON.stringify(
    {
      dataset: report.dataset.label,
      focus: {
        kind: focus.kind,
        label: focus.label,
        ...(focus.kind === 'actors' ? { actors: focus.actors } : { layer: focus.layer }),
        rollup: focus.kind === 'actors' ? ROLLUP_NOTE : undefined,
        notes: focus.notes,
      },
      counts: report.counts,
      nextDetections: focusNextDetections(report),
      techniques: report.rows.map((row) => ({
        rank: row.rank,
        technique: row.id,
        name: row.name,
        tactics: row.tactics,
        ...(focus.kind === 'actors' ? { usedBy: row.reason.actors } : { score: row.reason.score ?? null, comment: row.reason.comment ?? null }),
        direct: row.reason.direct,
        via: row.reason.via,
        status: status(row),
        maturity: row.maturity ?? null,
        cards: row.cards.map((c) => ({ card: c.file, maturity: c.maturity, placeholders: c.placeholders })),
        sigmaRules: row.detections.map((r) => ({ file: r.file, title: r.title })),
      })),
    },
    null,
    2,
  )}\n`;
}

/**
 * A Navigator layer (4.5) of the focus: every selected technique coloured by
 * its best card's maturity, and the gaps (no card) in GAP_COLOR; a legend says
 * which is which. Techniques outside the focus are not annotated. The score is
 * the number of the focus's actors using the technique (a layer's own score
 * for a layer), so Navigator can sort by it.
 */
export function focusLayer(report: FocusReport, options: LayerOptions = {}): Record<string, unknown> {
  const { dataset, focus } = report;
  const techniques = report.rows.flatMap((row) => {
    const technique = dataset.technique(row.id)!;
    const best = row.cards[0];
    return technique.tactics.map((tactic) => ({
      techniqueID: row.id,
      tactic,
      ...(focus.kind === 'actors' ? { score: row.reason.actors.length } : row.reason.score !== undefined ? { score: row.reason.score } : {}),
      color: row.maturity ? MATURITY_COLORS[row.maturity] : isGap(row) ? GAP_COLOR : '',
      comment: `${row.maturity ? `${MATURITY_LABELS[row.maturity]}` : isGap(row) ? 'gap: no card' : 'parent of used sub-techniques, no card'}${usedBy(report, row) ? `; ${focus.kind === 'layer' ? 'layer' : 'used by'}: ${usedBy(report, row)}` : ''}${row.reason.via.length ? `; ${via(row)}` : ''}${row.detections.length ? `; ${detectedBy(row.detections)}` : ''}`,
      enabled: true,
      metadata: [{ name: 'rank', value: String(row.rank) }, ...(best ? [{ name: 'card', value: best.file }] : []), ...sigmaMetadata(row.detections)],
      links: row.cards.map((card) => ({ label: path.basename(card.file), url: cardLink(card.file, options) })),
      showSubtechniques: row.reason.via.length > 0,
    }));
  });
  return layerShell(dataset, {
    name: options.name ?? `Hunt card gaps: ${focus.label}`,
    description: focusSummary(report).replace(/\n/g, ' '),
    techniques,
    gradient: { colors: ['#ffffff', '#ffffff'], minValue: 0, maxValue: 1 },
    legendItems: [{ label: 'gap: used, no card', color: GAP_COLOR }, ...([1, 2, 3] as Maturity[]).map((m) => ({ label: `${m}: ${MATURITY_LABELS[m]}`, color: MATURITY_COLORS[m] }))],
    generator: options.generator,
    metadata: [{ name: 'focus', value: focus.label }],
    sorting: 3,
  });
}
