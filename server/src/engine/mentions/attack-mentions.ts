import { inSortedSpans, type Span } from '../card/line-index.js';

/** What an ATT&CK ID names, by its prefix. */
export type MentionKind = 'technique' | 'tactic' | 'group' | 'software' | 'campaign' | 'mitigation' | 'detection';

/**
 * An ATT&CK reference in any file: a bare ID (`T1059.001`, `G0016`, `AN1252`),
 * a Sigma tag (`attack.t1059.001`, `attack.g0016`, `attack.execution`), or an
 * attack.mitre.org link. `span` covers what a fix would replace: the ID, the
 * part of the tag after `attack.`, or the URL's ID path.
 */
export interface Mention {
  /** The ATT&CK ID, upper-cased (T1059.001), or for a tactic tag its shortname (initial-access). */
  id: string;
  kind: MentionKind;
  form: 'id' | 'tag' | 'url';
  span: Span;
}

const PREFIX_KIND: Array<[RegExp, MentionKind]> = [
  [/^TA\d{4}$/, 'tactic'],
  // A sub-technique with too few digits (T1059.01) is still a technique mention: a typo to flag, not to ignore.
  [/^T\d{4}(?:\.\d{1,3})?$/, 'technique'],
  [/^G\d{4}$/, 'group'],
  [/^S\d{4}$/, 'software'],
  [/^C\d{4}$/, 'campaign'],
  [/^M\d{4}$/, 'mitigation'],
  [/^(?:DET|AN|DC)\d{4}$/, 'detection'],
];

export function kindOfId(id: string): MentionKind | undefined {
  return PREFIX_KIND.find(([re]) => re.test(id))?.[1];
}

// Not inside a longer word, a path (a URL's ID is read as a URL) or a version number.
// Not a file name either (C:\Temp\T1055.dll).
const BARE_ID = /(?<![\w/.\\-])(?:TA\d{4}|T\d{4}(?:\.\d{1,3})?|G\d{4}|S\d{4}|C\d{4}|M\d{4}|DET\d{4}|AN\d{4}|DC\d{4})(?!\w|\.[A-Za-z0-9])/g;
const SIGMA_TAG = /(?<![\w.])attack\.([a-z0-9]+(?:[._-][a-z0-9]+)*)(?![\w-])/gi;
// The ID ends the path segment: T10860 or T1086/0011 are not T1086.
const ATTACK_URL = /attack\.mitre\.org\/(?:techniques|groups|software|campaigns|tactics|mitigations|detectionstrategies|analytics|datacomponents)\/([A-Z]+\d{4}(?:\/\d{3})?)(?!\w)(?!\/\d)/g;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * Every ATT&CK mention in a file, in document order. In Markdown, fenced code
 * blocks are skipped (queries and logs, not references); in YAML nothing is.
 * Linear in the text: each pattern is one pass with bounded look-behind.
 */
export function findMentions(text: string, format: 'markdown' | 'yaml'): Mention[] {
  // Markdown: fenced code is not read. YAML: comments are not read.
  const skipped = format === 'markdown' ? fencedBlocks(text) : yamlComments(text);
  const inSkipped = (offset: number) => inSortedSpans(skipped, offset);
  const found: Mention[] = [];
  const urlSpans: Span[] = [];
  for (const m of text.matchAll(ATTACK_URL)) {
    const idPath = m[1]!;
    const start = m.index + m[0].length - idPath.length;
    const id = idPath.replace('/', '.');
    const kind = kindOfId(id);
    urlSpans.push({ start: m.index, end: m.index + m[0].length });
    if (kind && !inSkipped(start)) found.push({ id, kind, form: 'url', span: { start, end: start + idPath.length } });
  }
  const inUrl = (offset: number) => inSortedSpans(urlSpans, offset);
  for (const m of text.matchAll(SIGMA_TAG)) {
    const value = m[1]!;
    const start = m.index + m[0].length - value.length;
    if (inSkipped(start) || inUrl(m.index)) continue;
    const upper = value.toUpperCase();
    const kind = kindOfId(upper);
    if (kind) found.push({ id: upper, kind, form: 'tag', span: { start, end: start + value.length } });
    // A tactic tag (attack.execution) in a Sigma rule; in prose "attack.log" is no tactic.
    else if (format === 'yaml' && /^[a-z]+(?:[_-][a-z]+)*$/.test(value)) found.push({ id: value.replace(/_/g, '-'), kind: 'tactic', form: 'tag', span: { start, end: start + value.length } });
  }
  // In YAML (Sigma rules) a bare ID is a value to match (CommandLine|contains: 'T1086'), never a reference to fix.
  if (format === 'yaml') return found.sort((a, b) => a.span.start - b.span.start);
  for (const m of text.matchAll(BARE_ID)) {
    if (inSkipped(m.index) || inUrl(m.index)) continue;
    found.push({ id: m[0], kind: kindOfId(m[0])!, form: 'id', span: { start: m.index, end: m.index + m[0].length } });
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/** The mention under an offset (its span's ends included, as a cursor right after an ID still names it). */
export function mentionAt(mentions: readonly Mention[], offset: number): Mention | undefined {
  return mentions.find((m) => offset >= m.span.start && offset <= m.span.end);
}

/** How a replacement ID is written in the form of the mention it replaces. */
export function writeAs(form: Mention['form'], id: string): string {
  if (form === 'tag') return id.toLowerCase();
  if (form === 'url') return id.replace('.', '/');
  return id;
}

/** YAML comments: from a `#` at a line start or after a blank to the end of the line (quotes are not tracked: a `#` in a value after a blank counts too, which only hides). */
function yamlComments(text: string): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const hash = line.search(/(?:^|[ \t])#/);
    if (hash >= 0) spans.push({ start: at + hash, end: at + line.length });
    at += line.length;
  }
  return spans;
}

/** Fenced code blocks of Markdown, by lines (a fence left open runs to the end, as CommonMark reads it). */
function fencedBlocks(text: string): Span[] {
  const blocks: Span[] = [];
  let open: { start: number; char: string; length: number } | undefined;
  let at = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const fence = FENCE.exec(line);
    if (open) {
      if (fence && fence[1]![0] === open.char && fence[1]!.length >= open.length && line.trim() === fence[1]) {
        blocks.push({ start: open.start, end: at + line.length });
        open = undefined;
      }
    } else if (fence && !(fence[1]![0] === '`' && line.slice(fence[0].length).includes('`'))) {
      // A backtick fence's info string holds no backtick (CommonMark): ```query``` on a line of its own is inline code.
      open = { start: at, char: fence[1]![0]!, length: fence[1]!.length };
    }
    at += line.length;
  }
  if (open) blocks.push({ start: open.start, end: text.length });
  return blocks;
}
