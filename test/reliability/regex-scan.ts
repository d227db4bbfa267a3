import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}

/** Tokens after which a `/` starts a regular expression literal rather than a division. */
const BEFORE_REGEX = /(?:^|[(,=:[!&|?{};+\-*%<>~^]|\breturn|\btypeof|\bcase|\bin|\bof)\s*$/;

/**
 * Finds the regular expression literals in TypeScript sources: skips strings,
 * template literals and comments, and tells a regex from a division by the token
 * before it. (Patterns built with `new RegExp` are listed by the test separately.)
 */
export function findRegexLiterals(root: string): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const file of walk(root)) {
    const text = readFileSync(file, 'utf8');
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      const next = text[i + 1];
      if (c === '/' && next === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
      else if (c === '/' && next === '*') i = text.indexOf('*/', i + 2) + 2;
      else if (c === '"' || c === "'" || c === '`') i = skipString(text, i);
      else if (c === '/' && BEFORE_REGEX.test(text.slice(Math.max(0, i - 12), i))) {
        const end = regexEnd(text, i);
        if (end > 0) {
          const body = text.slice(i + 1, end);
          const flags = /^[dgimsuyv]*/.exec(text.slice(end + 1))![0];
          found.push({ file: path.relative(root, file), line: text.slice(0, i).split('\n').length, source: body, flags });
          i = end + 1 + flags.length;
        } else i++;
      } else i++;
    }
  }
  return found;
}

function skipString(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  let depth = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (quote === '`' && c === '$' && text[i + 1] === '{') {
      depth++;
      i += 2;
    } else if (quote === '`' && depth > 0 && c === '}') {
      depth--;
      i++;
    } else if (c === quote && depth === 0) return i + 1;
    else i++;
  }
  return i;
}

function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return -1;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return i;
  }
  return -1;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

/** Line starts that real patterns anchor on: a run that follows one reaches the part of a pattern that backtracks. */
const PREFIXES = [
  '',
  '# T1059.001',
  '# ',
  '## ',
  '### ',
  '#### Analytic ',
  '  * **Query:**',
  '*Last pulled from Mitre on:',
  '(Citation: ',
  '<!-- huntcard-disable',
  '| ',
  '[a](',
  '![a](',
  '**a:**',
  'T1059',
];
/** Shapes that repeat a pattern's opening without ever closing it (a global scan then restarts at each). */
const REPEATED = ['(Citation: ', '[](', '![](', '<!-- huntcard-enable x', '[ ', ': [ ', '|\t'];

/**
 * Inputs that make backtracking regexes blow up: long runs of what they match,
 * then a mismatch, alone or after a line start that anchors the pattern (a
 * heading of a word, 300,000 spaces and one character took `check` 64 s), and
 * openings repeated without a close.
 */
export function adversarialInputs(source: string, length = 20000): string[] {
  const chars = new Set<string>([' ', '\t', 'a', '1', '|', '(', ')', '*', '#', '`', '-', '.', ':', '[', ']', '\\', '\n', '\r\n', 'T1059.001 ', '(Citation: ', '** ', '| x ']);
  for (const m of source.replace(/\\[dswDSWbB]/g, '').matchAll(/[A-Za-z0-9 #*|:.,'"`()[\]{}<>!?=_-]/g)) chars.add(m[0]);
  const inputs: string[] = [];
  for (const c of chars) {
    const run = c.repeat(Math.ceil(length / c.length)).slice(0, length);
    inputs.push(run, `${run}\u0000`, `${run}!`, `${run}\n${run}`);
  }
  for (const prefix of PREFIXES) {
    for (const blank of [' ', '\t']) {
      const run = blank.repeat(length);
      inputs.push(`${prefix}${run}x`, `${prefix} a${run}x\n`, `${prefix}${run}\u0000`);
    }
  }
  for (const opening of REPEATED) inputs.push(opening.repeat(Math.ceil(length / opening.length)));
  return inputs;
}
