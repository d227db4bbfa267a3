import type { Rule } from '../rule.js';

export const fileEncoding: Rule = {
  id: 'file-encoding',
  defaultSeverity: 'warning',
  summary: 'the file holds bytes that are not valid in its encoding (UTF-8 unless a byte-order mark says UTF-16)',
  run({ card, report }) {
    const at = card.source?.firstInvalid;
    if (at === undefined) return;
    const line = card.lines.position(at).line + 1;
    const encoding = card.source!.encoding.toUpperCase();
    report({
      span: { start: at, end: Math.min(at + 1, card.text.length) },
      message: `Line ${line} holds bytes that are not valid ${encoding} (shown as \uFFFD): the file seems saved in another encoding, such as Windows-1252. Refresh keeps those bytes as they are; save the card as ${encoding} to fix it.`,
    });
  },
};
