import { ANALYTIC_FIELDS, METADATA_FIELDS } from '../card/card-format.js';
import { placeholderSpans } from '../card/placeholders.js';
import { recogniseCard } from '../card/recognise.js';
import { stripClosingSequence } from '../format/text-edges.js';
import { PULL_DATE_MARKER, pullDateOfLine } from '../card/zone-boundary.js';

// Maturity and its labels are shared with the client (the coverage view): they live in the protocol module.
export { type Maturity, MATURITY_LABELS } from '../../protocol.js';
import type { Maturity } from '../../protocol.js';

/** What coverage needs to know of one card: read from its author zone alone. */
export interface CardSummary {
  file: string;
  id: string;
  name: string;
  /** Zero-based line of the title. */
  line: number;
  maturity: Maturity;
  placeholders: number;
  lastUpdated?: string;
  validated: boolean;
  pullDate?: string;
  hypothesis: boolean;
  analytics: number;
  writtenAnalytics: number;
  filledAnalytics: number;
}

interface AnalyticScan {
  fields: Set<string>;
  placeholders: number;
  query: string;
}

// No pattern here ends in `(.*?)[ \t]*$`: that shape is quadratic on long runs of blanks; the rest of a line is trimmed by hand.
const H2 = /^[ ]{0,3}##(?:[ \t](.*))?$/;
const ANALYTIC = /^[ ]{0,3}####[ \t]+Analytic[ \t]+(\d+)\b/;
const FIELD = /^[ \t]*[*+-][ \t]+\*\*([A-Za-z() ]+?):\*\*(.*)/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;

/**
 * Summarises a hunt card for coverage without parsing its Markdown: one pass over
 * the lines of the author zone (the ATT&CK zone, most of a card's bytes, is only
 * skimmed for the title and the pull date). Returns undefined for Markdown that is
 * not a card. `test/engine/coverage.test.ts` holds it to the card model's reading.
 */
export function summarizeCard(text: string, file: string): CardSummary | undefined {
  const identity = recogniseCard(text);
  if (!identity) return undefined;
  const lines = text.split(/\r\n|\r|\n/);

  // The same line the card model ends the ATT&CK zone at: the first that names the pull date.
  let start = lines.findIndex((l) => PULL_DATE_MARKER.test(l));
  const pullDate = start >= 0 ? pullDateOfLine(lines[start]!) : undefined;
  if (start < 0) start = lines.findIndex((l) => h2Title(l) === 'Metadata');
  if (start < 0) start = identity.line;

  let section = '';
  let fence: string | undefined;
  let hypothesisText = '';
  let hypothesisPlaceholders = 0;
  let placeholders = 0;
  let lastUpdated: string | undefined;
  let validatedValue = '';
  const analytics: AnalyticScan[] = [];
  let current: AnalyticScan | undefined;
  let inQuery = false;

  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const found = placeholderSpans(line).length;
    placeholders += found;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) fence = undefined;
      else if (current && inQuery) current.query += line.trim();
      if (current) current.placeholders += found;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    const h2 = h2Title(line);
    if (h2 !== undefined) {
      section = h2;
      current = undefined;
      inQuery = false;
      continue;
    }
    if (section === 'Overall Hypothesis') {
      hypothesisText += line.trim();
      hypothesisPlaceholders += found;
      continue;
    }
    if (section === 'Metadata') {
      const field = FIELD.exec(line);
      if (field?.[1] === METADATA_FIELDS.lastUpdated) lastUpdated = field[2]!.trim();
      if (field?.[1] === METADATA_FIELDS.validated) validatedValue = field[2]!.trim();
      continue;
    }
    if (section === 'Host Analytics' || section === 'Network Analytics') {
      const analytic = ANALYTIC.exec(line);
      if (analytic) {
        current = { fields: new Set(), placeholders: 0, query: '' };
        analytics.push(current);
        inQuery = false;
        continue;
      }
      if (/^[ ]{0,3}#{1,3}[ \t]/.test(line)) {
        current = undefined; // ### Hunter Notes and the like end the analytic
        continue;
      }
      if (!current) continue;
      current.placeholders += found;
      const field = FIELD.exec(line);
      if (field && (ANALYTIC_FIELDS as readonly string[]).includes(field[1]!)) {
        current.fields.add(field[1]!);
        inQuery = field[1] === 'Query';
        if (inQuery) current.query += field[2]!.replace(/`/g, '').trim();
      }
    }
  }

  const written = analytics.filter((a) => a.placeholders === 0 && a.query !== '');
  const filled = written.filter((a) => ANALYTIC_FIELDS.every((f) => a.fields.has(f)));
  const hypothesis = hypothesisText.replace(/^[-*+]\s*/, '') !== '' && hypothesisPlaceholders === 0;
  const validated = /^yes$/i.test(validatedValue);
  const maturity: Maturity = analytics.length > 0 && filled.length === analytics.length && validated ? 3 : hypothesis && written.length > 0 ? 2 : 1;
  return {
    file,
    id: identity.id,
    name: identity.name,
    line: identity.line,
    maturity,
    placeholders,
    ...(lastUpdated ? { lastUpdated } : {}),
    validated,
    ...(pullDate ? { pullDate } : {}),
    hypothesis,
    analytics: analytics.length,
    writtenAnalytics: written.length,
    filledAnalytics: filled.length,
  };
}

/** The title of a `## ` heading line, trimmed, without its closing #s; undefined for other lines. */
function h2Title(line: string): string | undefined {
  const m = H2.exec(line);
  return m ? stripClosingSequence(m[1] ?? '').trim() : undefined;
}
