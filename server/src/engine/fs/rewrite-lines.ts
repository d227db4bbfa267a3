import { diffArrays } from 'diff';
import { HuntCardError } from '../errors.js';
import { splitLines } from '../format/split-lines.js';
import { type DecodedText, encodeText, lineStartBytes } from './text-encoding.js';

/**
 * The file's bytes changed to hold `next`: a line diff of the decoded text against
 * `next`, where every unchanged line is copied byte for byte (whatever its
 * encoding, invalid bytes and byte-order mark included) and only changed lines are
 * encoded anew. A changed line whose bytes do not survive decoding (invalid in the
 * file's encoding) is refused: rewriting it would lose them.
 */
export function rewriteLines(decoded: DecodedText, next: string, display: string): Buffer {
  const starts = lineStartBytes(decoded);
  const before = splitLines(decoded.text);
  const parts: Buffer[] = [decoded.bytes.subarray(0, starts[0])];
  let line = 0;
  for (const part of diffArrays(before, splitLines(next))) {
    const count = part.value.length;
    if (part.added) {
      parts.push(encodeText(part.value.join(''), decoded.encoding));
      continue;
    }
    const old = decoded.bytes.subarray(starts[line], starts[line + count]);
    if (part.removed && !old.equals(encodeText(part.value.join(''), decoded.encoding))) {
      throw new HuntCardError(
        `${display}: line ${line + 1 + part.value.findIndex((l, i) => !encodeText(l, decoded.encoding).equals(decoded.bytes.subarray(starts[line + i], starts[line + i + 1])))} holds bytes that are not valid ${decoded.encoding.toUpperCase()}, and a fix would rewrite it; nothing was changed.`,
        `Fix that line by hand, or save the card as ${decoded.encoding.toUpperCase()} first.`,
      );
    }
    if (!part.removed) parts.push(old);
    line += count;
  }
  return Buffer.concat(parts);
}
