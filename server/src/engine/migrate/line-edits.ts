import { diffArrays } from 'diff';
import { splitLines } from '../format/split-lines.js';
import type { TextEdit } from '../rules/rule.js';

/**
 * The edits that turn `before` into `after`, line by line: one per run of
 * changed lines, so a preview shows what changed rather than one block
 * replaced. Offsets are in `before`, shifted by `offset`.
 */
export function lineEdits(before: string, after: string, offset = 0): TextEdit[] {
  const edits: TextEdit[] = [];
  let at = offset;
  let pending: TextEdit | undefined;
  const flush = () => {
    if (pending) edits.push(pending);
    pending = undefined;
  };
  for (const part of diffArrays(splitLines(before), splitLines(after))) {
    const text = part.value.join('');
    if (!part.added && !part.removed) {
      flush();
      at += text.length;
      continue;
    }
    pending ??= { span: { start: at, end: at }, newText: '' };
    if (part.added) pending.newText += text;
    else {
      pending.span.end += text.length;
      at += text.length;
    }
  }
  flush();
  return edits;
}
