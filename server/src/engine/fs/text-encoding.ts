import { isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A file's bytes as text, with what it takes to write back exactly the same bytes around an edit. */
export interface DecodedText {
  /** The text, without its byte-order mark. */
  text: string;
  encoding: TextEncodingName;
  /** The file starts with a byte-order mark (kept on write). */
  bom: boolean;
  /** Offset in `text` of the first character decoded from bytes that are invalid in the encoding (shown as U+FFFD). */
  firstInvalid?: number;
  bytes: Buffer;
}

const BOMS: Array<[TextEncodingName, number[]]> = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

/**
 * Decodes a text file: UTF-8 unless a byte-order mark or the NUL pattern of
 * ASCII text says UTF-16. Invalid bytes become U+FFFD in `text` (and
 * `firstInvalid` says where), but the original bytes stay in `bytes`, so a
 * writer can keep every byte it does not mean to change (see `spliceBytes`).
 */
export function decodeText(bytes: Buffer): DecodedText {
  for (const [encoding, mark] of BOMS) {
    if (mark.every((b, i) => bytes[i] === b)) return decodeAs(bytes, encoding, mark.length);
  }
  return decodeAs(bytes, sniffUtf16(bytes) ?? 'utf-8', 0);
}

function decodeAs(bytes: Buffer, encoding: TextEncodingName, bomLength: number): DecodedText {
  const body = bytes.subarray(bomLength);
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  const decoded: DecodedText = { text, encoding, bom: bomLength > 0, bytes };
  const invalidByte = encoding === 'utf-8' ? (isUtf8(body) ? -1 : firstInvalidUtf8(body)) : firstLoneSurrogate(body, encoding);
  if (invalidByte >= 0) decoded.firstInvalid = new TextDecoder(encoding, { ignoreBOM: true }).decode(body.subarray(0, invalidByte)).length;
  return decoded;
}

/** UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte. */
function sniffUtf16(bytes: Buffer): TextEncodingName | undefined {
  const n = Math.min(bytes.length & ~1, 512);
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.4 && evenNul <= pairs * 0.05) return 'utf-16le';
  if (evenNul >= pairs * 0.4 && oddNul <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Byte offset of the first invalid UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function firstLoneSurrogate(b: Uint8Array, encoding: TextEncodingName): number {
  const unit = (i: number) => (encoding === 'utf-16le' ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  for (let i = 0; i + 1 < b.length; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 3 < b.length ? unit(i + 2) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) i += 2;
      else return i;
    } else if (u >= 0xdc00 && u <= 0xdfff) return i;
  }
  return b.length % 2 === 1 ? b.length - 1 : -1;
}

/** Text in the file's encoding, without a byte-order mark. */
export function encodeText(text: string, encoding: TextEncodingName): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

/**
 * Byte offset of the start of a line (0-based) in the file's bytes. Line breaks
 * (\n, \r\n, lone \r) are the same bytes whether the rest decodes or not, so this
 * is exact even when the text holds invalid bytes.
 */
export function lineStartByte(decoded: DecodedText, line: number): number {
  return lineStartBytes(decoded)[line] ?? -1;
}

/** The byte offset of every line start, and last the end of the file (where a line after a final break would start). */
export function lineStartBytes(decoded: DecodedText): number[] {
  const { bytes, encoding } = decoded;
  const width = encoding === 'utf-8' ? 1 : 2;
  const at = (i: number) => (width === 1 ? bytes[i]! : encoding === 'utf-16le' ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  const starts = [decoded.bom ? (encoding === 'utf-8' ? 3 : 2) : 0];
  for (let i = starts[0]!; i + width - 1 < bytes.length; i += width) {
    const c = at(i);
    if (c === 13 && i + 2 * width - 1 < bytes.length && at(i + width) === 10) i += width;
    if (c === 13 || c === 10) starts.push(i + width);
  }
  if (starts.at(-1) !== bytes.length) starts.push(bytes.length);
  return starts;
}

/** The byte offset of a text offset that starts a line (or ends the text). */
export function byteOffsetOfLineStart(decoded: DecodedText, offset: number, line: number): number {
  if (offset >= decoded.text.length) return decoded.bytes.length;
  const at = lineStartByte(decoded, line);
  if (at < 0) throw new Error(`line ${line} is past the end of the file`);
  return at;
}

/** The file with bytes [from, to) replaced by `text` (encoded like the file); every other byte kept as it was, whatever its encoding. */
export function replaceBytes(decoded: DecodedText, from: number, to: number, text: string): Buffer {
  return Buffer.concat([decoded.bytes.subarray(0, from), encodeText(text, decoded.encoding), decoded.bytes.subarray(to)]);
}
