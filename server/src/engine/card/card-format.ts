/** The hunt-card format's fixed parts (see shared/hunt-card-format.md). */

/** Sections are separated by a thematic break of 71 dashes. */
export const SECTION_RULE = '-'.repeat(71);

export type Zone = 'attack' | 'author';

export interface SectionSpec {
  /** Stable key used by rules and quick fixes. */
  key: string;
  /** Heading text without the #s. */
  title: string;
  depth: number;
  zone: Zone;
}

/** The sections after the title, in the format's order. */
export const SECTIONS: readonly SectionSpec[] = [
  { key: 'description', title: 'Technique Description', depth: 2, zone: 'attack' },
  { key: 'detection', title: 'Technique Detection', depth: 2, zone: 'attack' },
  { key: 'tactics', title: 'Tactics:', depth: 3, zone: 'attack' },
  { key: 'platforms', title: 'Platforms:', depth: 3, zone: 'attack' },
  { key: 'dataSources', title: 'Data Sources:', depth: 3, zone: 'attack' },
  { key: 'adversarialUsage', title: 'Adversarial usage:', depth: 3, zone: 'attack' },
  { key: 'references', title: 'Mitre References', depth: 2, zone: 'attack' },
  { key: 'metadata', title: 'Metadata', depth: 2, zone: 'author' },
  { key: 'hypothesis', title: 'Overall Hypothesis', depth: 2, zone: 'author' },
  { key: 'adversaryExamples', title: 'Adversary Examples', depth: 2, zone: 'author' },
  { key: 'blindspots', title: 'Detection Blindspots', depth: 2, zone: 'author' },
  { key: 'analyticalReferences', title: 'Analytical References', depth: 2, zone: 'author' },
  { key: 'hostAnalytics', title: 'Host Analytics', depth: 2, zone: 'author' },
  { key: 'networkAnalytics', title: 'Network Analytics', depth: 2, zone: 'author' },
];

/**
 * A section heading's text as every reader compares it: case, surrounding blanks,
 * runs of blanks and a trailing colon (with blanks before it) do not count. The
 * recogniser, the card model, the zone boundary and the dataset-text guard all
 * use this, so they agree on what is a section.
 */
export function normaliseSectionTitle(title: string): string {
  let t = title.trim().toLowerCase();
  if (t.endsWith(':')) t = t.slice(0, -1).trimEnd();
  return t.split(/\s+/).join(' ');
}

export const ANALYTIC_FIELDS = ['Information', 'Source', 'Tool', 'Notes', 'Query'] as const;
export type AnalyticField = (typeof ANALYTIC_FIELDS)[number];

/** The template's filler text: a card still holding one is not finished. */
export const PLACEHOLDERS: readonly string[] = [
  'Information Here',
  "'Comments'",
  "'ex Windows Audits, Sysmon'",
  "'Arkime, Kibana, Autopsy'",
  "'Various notes to assist with hunting.'",
  'Input your query here',
  'Example APT/Threat actor',
  '[Other references: All custom links should go here](example.lan)',
];

export const PULL_DATE_PREFIX = '*Last pulled from Mitre on: ';

export const ATTACK_ZONE_NOTE =
  '> *Note: Do not edit this cell with information you want to keep. This cell will be wiped when the update script is ran. Store permanent information in one of the relevant cells below*';

export const METADATA_FIELDS = {
  lastUpdated: 'Last Updated  Date',
  authors: 'Author(s)',
  validated: 'Validated',
} as const;

/**
 * Cards longer than this (in UTF-16 code units, about 2 MB of text) are not
 * parsed: Markdown parsing grows faster than the text (a 5 MB card took a
 * minute and a gigabyte), and no real card comes near it (the reference card
 * is 8 KB). They get one finding, card-too-large, instead.
 */
export const MAX_CARD_CHARS = 2 * 1024 * 1024;

/**
 * Nor are cards with a stretch longer than this (256 KiB) that cannot be cut at
 * a heading: it is parsed in one go, and a 2 MB list took a gigabyte and eight
 * seconds to parse where the same text under headings takes a tenth of that.
 */
export const MAX_PIECE_CHARS = 256 * 1024;
