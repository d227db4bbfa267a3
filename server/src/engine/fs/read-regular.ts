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
  layer: { what: 'Navigator layer', maxBytes: 64 * 1024 * 1024 },
  // SIGMA_LIMITS.chars (128 Ki characters) in four bytes each at most: what is longer is never parsed, so never read.
  sigma: { what: 'YAML file', maxBytes: 512 * 1024 },
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
    // Read to the end rather than trust st_size: /proc files say 0, and a file may grow.
    const into = new Bounded(file, stat, limit);
    for (let chunk = into.next(); ; chunk = into.next()) if (!into.took((await handle.read(chunk, 0, chunk.length, null)).bytesRead)) break;
    return { bytes: into.bytes(), stat };
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
    const into = new Bounded(file, stat, limit);
    for (let chunk = into.next(); ; chunk = into.next()) if (!into.took(readSync(fd, chunk, 0, chunk.length, null))) break;
    return { bytes: into.bytes(), stat };
  } catch (error) {
    throw fileError(error, file, 'read');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The chunks of one read, refusing to grow past the limit (a file may be larger than its stat said). */
class Bounded {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private chunk = Buffer.alloc(0);

  constructor(
    private readonly file: string,
    private readonly stat: Stats,
    private readonly limit: ReadLimit,
  ) {}

  /** A buffer for the next read: the rest of the file as stat sized it, at least 64 KB, at most one byte past the limit. */
  next(): Buffer {
    this.chunk = Buffer.allocUnsafe(Math.min(Math.max(this.stat.size + 1 - this.total, 64 * 1024), this.limit.maxBytes + 1 - this.total));
    return this.chunk;
  }

  /** Keeps what a read put in the buffer; false at the end of the file. */
  took(bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.chunks.push(this.chunk.subarray(0, bytesRead));
    this.total += bytesRead;
    if (this.total > this.limit.maxBytes) throw tooLarge(this.file, this.limit);
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.total);
  }
}

function refuseUnlessRegular(file: string, stat: Stats, limit: ReadLimit): void {
  if (stat.isDirectory()) throw new HuntCardError(`${file} is a folder, not a ${limit.what}; skipped.`, 'Give a file.');
  if (!stat.isFile()) {
    throw new HuntCardError(
      `${file} is ${kindOf(stat)}, not a regular file; not reading it as a ${limit.what}.`,
      'Replace it with a regular file (a repository can carry links to devices and pipes).',
    );
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
