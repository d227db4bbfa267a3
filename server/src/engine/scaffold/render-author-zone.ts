import { ANALYTIC_FIELDS, METADATA_FIELDS, SECTION_RULE } from '../card/card-format.js';

export interface AuthorZoneOptions {
  /** "D Month YYYY" */
  date: string;
  author: string;
}

/** The template's five fields of an analytic, with their filler text. */
export const ANALYTIC_TEMPLATE: Record<(typeof ANALYTIC_FIELDS)[number], string> = {
  Information: "'Comments'",
  Source: "'ex Windows Audits, Sysmon'",
  Tool: "'Arkime, Kibana, Autopsy'",
  Notes: "'Various notes to assist with hunting.'",
  Query: '```Input your query here```',
};

export function renderAnalyticBlock(n: number): string {
  const fields = ANALYTIC_FIELDS.map((f) => `  * **${f}:** ${ANALYTIC_TEMPLATE[f]}`).join('\n\n');
  return `#### Analytic ${n}\n\n${fields}\n`;
}

export function renderAnalyticsSection(title: string, count = 2): string {
  const blocks = Array.from({ length: count }, (_, i) => renderAnalyticBlock(i + 1)).join('\n');
  return `## ${title}\n\n${SECTION_RULE}\n\n### Hunter Notes\n\n- Information Here\n\n${blocks}`;
}

/**
 * The blank author zone of the reference card, from the blank lines after the
 * pull date to the end. One deliberate difference: the Adversary Examples row
 * names only analytics that exist, so a fresh card has no errors.
 */
export function renderAuthorZone({ date, author }: AuthorZoneOptions): string {
  return [
    '',
    '',
    '',
    SECTION_RULE,
    '',
    '## Metadata',
    '',
    `  * **${METADATA_FIELDS.lastUpdated}:** ${date}`,
    '',
    `  * **${METADATA_FIELDS.authors}:** ${author}`.trimEnd(),
    '',
    `  * **${METADATA_FIELDS.validated}:** NO`,
    '',
    SECTION_RULE,
    '',
    '## Overall Hypothesis',
    '',
    '- Information Here',
    '',
    '## Adversary Examples',
    '',
    '| Adversary Specific Examples | Host Analytics | Network Analytics |',
    '|-----------------------------|----------------|-------------------|',
    '| Example APT/Threat actor | 1, 2 | 1, 2 |',
    '',
    '## Detection Blindspots',
    '',
    '- Information Here',
    '',
    '## Analytical References',
    '',
    '  * [Other references: All custom links should go here](example.lan)',
    '',
    SECTION_RULE,
    '',
    renderAnalyticsSection('Host Analytics'),
    '',
    '',
    SECTION_RULE,
    '',
    renderAnalyticsSection('Network Analytics'),
    '',
  ].join('\n');
}
