import { normaliseSectionTitle, SECTIONS } from '../card/card-format.js';
import { atxHeadingTitle } from '../card/zone-boundary.js';

// Dataset text goes into a card verbatim (the reference card depends on it), but a
// damaged or hostile bundle must not be able to break the card around it: a block
// that never closes (an unclosed fence or `<!--`) would swallow every section
// below, a heading named like a card section would split the card, a line naming
// the pull date would move the ATT&CK zone's end, a `javascript:` target would
// become a link, and an escape sequence would reach the terminal of whoever prints
// the card. Real ATT&CK text passes through unchanged (a test holds every
// technique of every bundle to that).

const SECTION_TITLES = new Set([...SECTIONS.map((s) => normaliseSectionTitle(s.title)), 'hunter notes']);
const PULL_DATE_MENTION = /(last pulled from mitre on[ \t]*):/gi;
// Control characters have no place in a card (ESC would drive a terminal that prints it); tab and line breaks stay.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Multi-line dataset text (a description, detection guidance) made safe to stand between card sections. */
export function blockText(text: string): string {
  const lines = linesWithBreaks(text);
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    const rest = lines.slice(i + 1);
    let safe = line;
    const fence = /^( {0,3})(`{3,}|~{3,})/.exec(line);
    if (fence && !rest.some((l) => closesFence(l, fence[2]!))) safe = `${fence[1]}\\${line.slice(fence[1]!.length)}`;
    const html = /^( {0,3})<(!--|\?|!\[CDATA\[|![A-Za-z]|(?:script|pre|style|textarea)(?=[\s>]|$))/i.exec(line);
    if (html && !endsHtmlBlock(line, html[2]!) && !rest.some((l) => endsHtmlBlock(l, html[2]!))) safe = `${html[1]}&lt;${line.slice(html[0].length - html[2]!.length)}`;
    const heading = atxHeadingTitle(line);
    if (heading !== undefined && SECTION_TITLES.has(heading)) safe = safe.replace('#', '\\#');
    out.push(safe);
  }
  return defusePullDate(out.join(''));
}

/** Dataset text that must stay on one line (a list item, a table cell, a title). */
export function inlineText(text: string): string {
  return defusePullDate(text.replace(/\r\n|\r|\n/g, ' '));
}

/** A dataset URL as a link target: only http(s), with no blank or angle bracket inside; else undefined (no link). */
export function linkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  return /^https?:\/\/[^\s<>]+$/i.test(trimmed) ? url : undefined;
}

function defusePullDate(text: string): string {
  return text.replace(PULL_DATE_MENTION, '$1\\:').replace(CONTROL, '\uFFFD');
}

function closesFence(line: string, opening: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*(?:\r\n|\r|\n)?$/.exec(line);
  return m !== null && m[1]![0] === opening[0] && m[1]!.length >= opening.length;
}

function endsHtmlBlock(line: string, kind: string): boolean {
  const k = kind.toLowerCase();
  if (k === '!--') return line.includes('-->');
  if (k === '?') return line.includes('?>');
  if (k === '![cdata[') return line.includes(']]>');
  if (k.startsWith('!')) return line.includes('>');
  return line.toLowerCase().includes(`</${k}>`);
}

/** The lines of a text, each with its own line break (\n, \r\n or \r). */
function linesWithBreaks(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
