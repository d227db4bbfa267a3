import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HuntCardError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { fileError } from './fs-errors.js';
import { kindOf, LIMITS, readRegularFile } from './read-regular.js';
import { hasCardTitleLine, recogniseCard } from '../card/recognise.js';
import { decodeText } from './text-encoding.js';
import { makeFolders } from './make-folders.js';

/**
 * Writes a report or a card to a path the user named. What is at the path is
 * never replaced by something else: a symbolic link is written through (it
 * stays a link, its target gets the content), a regular file is replaced
 * atomically keeping its mode and owner, and a device or pipe (`/dev/stdout`,
 * a FIFO) is written to in place. A folder is refused; missing folders on the
 * way to a new file are created. A report (`report`) is never written over a
 * hunt card: a mistyped -o must not cost a hunter's work.
 */
export async function writeOutputFile(target: string, data: string | Uint8Array, options: { report?: boolean } = {}): Promise<void> {
  let real = target;
  try {
    real = await fs.realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw fileError(error, target, 'write');
    // A dangling link: write to where it points, never over it.
    const link = await fs.readlink(target).catch(() => undefined);
    if (link !== undefined) {
      throw new HuntCardError(`${target} is a symbolic link to ${link}, which does not exist; not writing through it.`, 'Remove the link or create its target first.');
    }
  }
  const stat = await fs.stat(real).catch(() => undefined);
  if (!stat) {
    await makeFolders(path.dirname(real)).catch((error: unknown) => Promise.reject(fileError(error, path.dirname(real), 'create')));
    return writeFileAtomic(real, data);
  }
  if (stat.isDirectory()) throw new HuntCardError(`Cannot write ${target}: it is a folder.`, 'Give a file name inside it, e.g. coverage.json.');
  if (stat.isFile()) {
    if (options.report && (await holdsCard(real))) throw reportOverCard(target);
    return writeFileAtomic(real, data, { keep: stat });
  }
  // A device or a pipe: replacing it with a regular file would break it (as root, /dev/full became a file).
  try {
    await fs.writeFile(real, data, { flag: 'w' });
  } catch (error) {
    throw fileError(error, `${target} (${kindOf(stat)})`, 'write');
  }
}

/**
 * Refuses a report's path that holds a hunt card, or Markdown with a card's title line
 * (a card the recogniser does not take, such as one under a multi-line comment). Asked
 * before a command changes anything, so a refused -o costs no work.
 */
export async function refuseReportOverCard(target: string): Promise<void> {
  const real = await fs.realpath(target).catch(() => undefined);
  if (real && (await holdsCard(real))) throw reportOverCard(target);
}

/** A regular file (not a device or pipe: never opened here) holding a card or a card's title line. */
async function holdsCard(real: string): Promise<boolean> {
  if (!(await fs.stat(real).catch(() => undefined))?.isFile()) return false;
  const read = await readRegularFile(real, LIMITS.card).catch(() => undefined);
  const text = read ? decodeText(read.bytes).text : '';
  return !!recogniseCard(text) || hasCardTitleLine(text);
}

function reportOverCard(target: string): HuntCardError {
  return new HuntCardError(`${target} is a hunt card; a report is never written over one.`, 'Give the report a file name of its own, e.g. coverage.json or release-review.md.');
}
