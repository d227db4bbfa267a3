import { promises as fs } from 'node:fs';
import { HuntCardError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { kindOf } from './read-regular.js';
import { writeOutputFile } from './write-output.js';
import { writeTargetInside } from './write-target.js';

/** A card file that exists and was not to be replaced. */
export class CardExistsError extends HuntCardError {
  override name = 'CardExistsError';
}

/**
 * Writes a new card. An existing file is kept unless `force`; with `force`, a
 * card in a folder of cards (`folder`) is replaced only if it is a regular file
 * that really lives in that folder (a link planted there never redirects the
 * write), while a path the user named writes through whatever is there (a link
 * stays a link, a device is written to in place).
 */
export async function writeNewCard(file: string, text: string, options: { force?: boolean; folder?: string } = {}): Promise<void> {
  const existing = await fs.lstat(file).catch(() => undefined);
  if (existing && !options.force) {
    throw new CardExistsError(`${file} already exists; not overwriting it.`, 'Pass --force to replace it, or `huntcard refresh` to update its ATT&CK zone only.');
  }
  if (!options.folder) return writeOutputFile(file, text);
  if (!existing) return writeFileAtomic(file, text);
  const real = await writeTargetInside(file, options.folder);
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new HuntCardError(`${file} is ${kindOf(stat)}, not a card file; not replacing it.`, 'Remove it, then run the command again.');
  await writeFileAtomic(real, text, { keep: stat });
}
