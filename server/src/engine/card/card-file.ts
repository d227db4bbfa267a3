import type { Stats } from 'node:fs';
import { LIMITS, readRegularFile } from '../fs/read-regular.js';
import { type DecodedText, decodeText } from '../fs/text-encoding.js';
import type { Card } from './card-model.js';
import { parseCard } from './parse-card.js';

export interface CardFile {
  card: Card;
  decoded: DecodedText;
  stat: Stats;
}

/**
 * Reads a Markdown file from disk as a card: a regular file only (never a pipe
 * or device), within the card size limit, decoded from UTF-8 or UTF-16 with its
 * original bytes kept for writing back. `display` is the name findings use.
 */
export async function readCardFile(file: string, display = file): Promise<CardFile> {
  const { bytes, stat } = await readRegularFile(file, LIMITS.card);
  const decoded = decodeText(bytes);
  const card = parseCard(decoded.text, display, {
    encoding: decoded.encoding,
    bom: decoded.bom,
    ...(decoded.firstInvalid !== undefined ? { firstInvalid: decoded.firstInvalid } : {}),
  });
  return { card, decoded, stat };
}
