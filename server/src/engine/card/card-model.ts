import type { AnalyticField, SectionSpec, Zone } from './card-format.js';
import type { LineIndex, Span } from './line-index.js';
import type { BoundaryProblem } from './zone-boundary.js';

/** Text found in the card, with where it stands. */
export interface Located {
  text: string;
  span: Span;
}

export interface CardTitle {
  id: string;
  name: string;
  span: Span;
  idSpan: Span;
  nameSpan: Span;
}

export interface CardSection {
  /** The format's section this heading names, if any. */
  spec?: SectionSpec;
  title: string;
  depth: number;
  zone: Zone;
  /** The heading line. */
  headingSpan: Span;
  /** From the heading to the next known section heading (or the end). */
  span: Span;
}

export interface DataSourceItem {
  source: Located;
  component: Located;
  span: Span;
}

export interface LinkRef {
  text: Located;
  url: string;
  /** The ATT&CK ID the URL points at (G0127, T1593.001, S0002), if any. */
  attackId?: string;
  span: Span;
}

export interface UsageRow {
  groupCell: Located;
  usage: Located;
  groupLink?: LinkRef;
  span: Span;
}

export interface ReferenceItem {
  title: Located;
  url?: string;
  description?: string;
  span: Span;
}

export interface MetadataField {
  key: string;
  value: Located;
  span: Span;
}

export interface AnalyticNumberRef {
  number: number;
  span: Span;
}

export interface AdversaryExampleRow {
  adversary: Located;
  host: AnalyticNumberRef[];
  network: AnalyticNumberRef[];
  /** The cells holding the numbers, for fixes. */
  hostCell?: Located;
  networkCell?: Located;
  span: Span;
}

export type AnalyticSectionKey = 'hostAnalytics' | 'networkAnalytics';

export interface AnalyticFieldValue {
  field: AnalyticField;
  value: Located;
  span: Span;
}

export interface CardAnalytic {
  section: AnalyticSectionKey;
  number: number;
  headingSpan: Span;
  /** From the heading to the next heading (or the section's end). */
  span: Span;
  fields: AnalyticFieldValue[];
  /** Fenced code blocks under the analytic (queries), with their languages. */
  fencedQueries: Array<{ lang: string; code: string; span: Span }>;
}

/** How the card's file was stored, when it was read from disk (editors hand over text only). */
export interface CardSource {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  /** Offset in the text of the first character decoded from invalid bytes. */
  firstInvalid?: number;
}

export interface Card {
  uri: string;
  source?: CardSource;
  text: string;
  lines: LineIndex;
  /** A Markdown file is a card when it opens with `# <technique ID> <name>` and has two or more card sections. */
  isCard: boolean;
  /** Over MAX_CARD_CHARS (`length`), or with a stretch without headings over MAX_PIECE_CHARS (`block`, its length), or too costly for a front's parser (`memory`): recognised by its title but not parsed (the card-too-large finding says so). */
  oversized?: { why: 'length' } | { why: 'block' | 'definitions'; chars: number } | { why: 'memory'; limitMb: number };
  title?: CardTitle;
  sections: CardSection[];
  /** Offset just past the pull-date line: everything before is the ATT&CK zone. */
  attackZoneEnd?: number;
  pullDate?: Located;
  /** Why the end of the ATT&CK zone cannot be told for sure (then attackZoneEnd is unset and refresh refuses). */
  zoneProblem?: BoundaryProblem;
  tactics: Located[];
  platforms: Located[];
  dataSources: DataSourceItem[];
  usage: UsageRow[];
  references: ReferenceItem[];
  metadata: MetadataField[];
  adversaryExamples: AdversaryExampleRow[];
  analytics: CardAnalytic[];
  /** Spans of code (fenced and inline) where IDs and citations are not looked for. */
  codeSpans: Span[];
  /** Every Markdown link, with the ATT&CK ID its URL names. */
  links: LinkRef[];
}

export function sectionOf(card: Card, key: string): CardSection | undefined {
  return card.sections.find((s) => s.spec?.key === key);
}

/** Where the author zone starts: after the pull-date line, else at the Metadata heading. */
export function authorZoneStart(card: Card): number {
  return card.attackZoneEnd ?? sectionOf(card, 'metadata')?.headingSpan.start ?? card.text.length;
}
