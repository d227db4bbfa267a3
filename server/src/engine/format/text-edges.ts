// Linear-time trimming for text from documents and datasets. Anchored-at-end
// regexes such as /[ \t]+#*[ \t]*$/ rescan every run of spaces from each start
// position (a 5,000-space heading took 28 s); these loops look at each character once.

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** A heading's text without its closing `#` sequence and trailing blanks (CommonMark ATX rules). */
export function stripClosingSequence(text: string): string {
  let end = text.length;
  while (end > 0 && isBlank(text[end - 1])) end--;
  let hashes = end;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  if (hashes < end && hashes > 0 && isBlank(text[hashes - 1])) end = hashes;
  while (end > 0 && isBlank(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A line without its line break (`\n`, `\r\n` or `\r`). */
export function stripLineBreak(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === '\n' || line[end - 1] === '\r')) end--;
  return line.slice(0, end);
}

/** The length of a trailing `<blanks>,<blanks>` separator of `text`, or 0 when it has none. */
export function trailingCommaLength(text: string): number {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  if (text[i - 1] !== ',') return 0;
  i--;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return text.length - i;
}

/** Lines joined by single spaces, each trimmed, blank ones dropped. */
export function joinLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}
