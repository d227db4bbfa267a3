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

export interface SectionTemplateOptions extends AuthorZoneOptions {
  /** How many analytic blocks the analytics sections (and the example row) hold. */
  analytics: number;
}

/**
 * The template body of an author-zone section (without its heading): what a
 * new card holds, and what the missing-section fix inserts. Undefined for the
 * ATT&CK zone's sections (refresh restores those).
 */
export function authorSectionBody(key: string, { date, author, analytics }: SectionTemplateOptions): string | undefined {
  const numbers = Array.from({ length: analytics }, (_, i) => i + 1).join(', ');
  switch (key) {
    case 'metadata':
      return [`  * **${METADATA_FIELDS.lastUpdated}:** ${date}`.trimEnd(), '', `  * **${METADATA_FIELDS.authors}:** ${author}`.trimEnd(), '', `  * **${METADATA_FIELDS.validated}:** NO`].join('\n');
    case 'hypothesis':
    case 'blindspots':
      return '- Information Here';
    case 'adversaryExamples':
      return [
        '| Adversary Specific Examples | Host Analytics | Network Analytics |',
        '|-----------------------------|----------------|-------------------|',
        `| Example APT/Threat actor | ${numbers} | ${numbers} |`,
      ].join('\n');
    case 'analyticalReferences':
      return '  * [Other references: All custom links should go here](example.lan)';
    case 'hostAnalytics':
    case 'networkAnalytics':
      return renderAnalyticsSection('', analytics)
        .replace(/^## \n\n/, '')
        .trimEnd();
    default:
      return undefined;
  }
}

/**
 * The blank author zone of the reference card, from the blank lines after the
 * pull date to the end. One deliberate difference: the Adversary Examples row
 * names only analytics that exist, so a fresh card has no errors.
 */
export function renderAuthorZone({ date, author }: AuthorZoneOptions): string {
  const body = (key: string) => authorSectionBody(key, { date, author, analytics: 2 })!;
  return [
    '',
    '',
    '',
    SECTION_RULE,
    '',
    '## Metadata',
    '',
    body('metadata'),
    '',
    SECTION_RULE,
    '',
    '## Overall Hypothesis',
    '',
    body('hypothesis'),
    '',
    '## Adversary Examples',
    '',
    body('adversaryExamples'),
    '',
    '## Detection Blindspots',
    '',
    body('blindspots'),
    '',
    '## Analytical References',
    '',
    body('analyticalReferences'),
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
