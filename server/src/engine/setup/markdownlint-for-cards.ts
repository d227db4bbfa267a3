/**
 * markdownlint settings under which hunt cards lint clean. The card format (fixed
 * by the reference card) indents bullets `  *   `, mixes `-` and `*`, ends table
 * rows with `| `, draws long rules and repeats headings under different parents;
 * the ATT&CK zone carries MITRE's text as it is (inline HTML, bare URLs, tabs).
 * Every setting here is one a fresh scaffold of every Enterprise technique or the
 * reference card needs (a test runs markdownlint-cli2 over them); the rest of
 * markdownlint stays on, and `MD024` and `MD026` are narrowed, not turned off.
 */
export const MARKDOWNLINT_FOR_CARDS: Readonly<Record<string, boolean | Record<string, unknown>>> = {
  MD004: false, // ul-style: the format mixes - and *
  MD007: false, // ul-indent: bullets start indented two spaces
  MD009: false, // no-trailing-spaces: table rows end with "| "
  MD010: false, // no-hard-tabs: in ATT&CK's text
  MD012: false, // no-multiple-blanks: the format's blank runs
  MD013: false, // line-length: descriptions and rules are long lines
  MD022: false, // blanks-around-headings: in ATT&CK's text
  MD024: { siblings_only: true }, // no-duplicate-heading: "Hunter Notes", "Analytic 1" repeat under different sections
  MD026: { punctuation: '.,;!' }, // no-trailing-punctuation: "### Tactics:" is the format
  MD030: false, // list-marker-space: "*   " after the marker
  MD033: false, // no-inline-html: <code> and <br> in ATT&CK's text
  MD034: false, // no-bare-urls: in ATT&CK's text
  MD036: false, // no-emphasis-as-heading: the pull-date line
  MD037: false, // no-space-in-emphasis: in ATT&CK's text
  MD038: false, // no-space-in-code: in ATT&CK's text
  MD039: false, // no-space-in-links: in ATT&CK's text
  MD058: false, // blanks-around-tables: the format's tables
  MD060: false, // table-column-style: the format's tables are not aligned
};
