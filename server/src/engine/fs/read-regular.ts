import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';
import { HuntCardError } from '../errors.js';
import { fileError } from './fs-errors.js';

/** What a file is read as, and the most it may hold. */
export interface ReadLimit {
  /** "card", "config file", ".gitignore", "dataset": named in refusals. */
  what: string;
  maxBytes: number;
}

export const LIMITS = {
  card: { what: 'card', maxBytes: 16 * 1024 * 1024 },
  config: { what: 'config file', maxBytes: 1024 * 1024 },
  gitignore: { what: '.gitignore', maxBytes: 1024 * 1024 },
  dataset: { what: 'ATT&CK dataset', maxBytes: 512 * 1024 * 1024 },
} as const satisfies Record<string, ReadLimit>;

export interface ReadResult {
  bytes: Buffer;
  stat: Stats;
}

// A FIFO opened without O_NONBLOCK waits for a writer forever; with it, open returns and fstat tells.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file, and only a regular file: a FIFO, a device (`/dev/zero`),
 * a socket or a folder, directly or through a link, is refused with a message
 * that says why, and so is a file larger than the limit. Nothing is read from
 * a refused file, so a hostile repository cannot make a command hang or fill
 * memory.
 */
export async function readRegularFile(file: string, limit: ReadLimit): Promise<ReadResult> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
    const stat = await handle.stat();
    refuseUnlessRegular(file, stat, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    // Read to the end rather than trust st_size: /proc files say 0, and a file may grow.
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1 - total, 64 * 1024), limit.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit.maxBytes) throw tooLarge(file, limit);
    }
    return { bytes: Buffer.concat(chunks, total), stat };
  } catch (error) {
    throw fileError(error, file, 'read');
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function readRegularFileSync(file: string, limit: ReadLimit): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS);
    const stat = fstatSync(fd);
    refuseUnlessRegular(file, stat, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1 - total, 64 * 1024), limit.maxBytes + 1 - total));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit.maxBytes) throw tooLarge(file, limit);
    }
    return { bytes: Buffer.concat(chunks, total), stat };
  } catch (error) {
    throw fileError(error, file, 'read');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function refuseUnlessRegular(file: string, stat: Stats, limit: ReadLimit): void {
  if (stat.isDirectory()) throw new HuntCardError(`${file} is a folder, not a ${limit.what}; skipped.`, 'Give a file.');
  if (!stat.isFile()) {
    throw new HuntCardError(`${file} is ${kindOf(stat)}, not a regular file; not reading it as a ${limit.what}.`, 'Replace it with a regular file (a repository can carry links to devices and pipes).');
  }
  if (stat.size > limit.maxBytes) throw tooLarge(file, limit);
}

function tooLarge(file: string, limit: ReadLimit): HuntCardError {
  return new HuntCardError(`${file} is larger than ${formatSize(limit.maxBytes)}, the most a ${limit.what} may be; not reading it.`, `Check that it really is a ${limit.what}.`);
}

export function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
