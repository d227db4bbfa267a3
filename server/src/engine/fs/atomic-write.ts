import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { HuntCardError } from '../errors.js';
import { fileError } from './fs-errors.js';
import { readRegularFile } from './read-regular.js';

export interface AtomicWriteOptions {
  /**
   * The target as it was read (its bytes). Just before the new content takes its
   * place the target is read again; if it changed meanwhile (an editor saved it),
   * nothing is replaced and a `ChangedMeanwhileError` is thrown.
   */
  expect?: Uint8Array;
  /** The target's stat when it was read: the new file gets its mode, owner and group. */
  keep?: Stats;
  /** The target must not exist: the complete file appears under its name (a hard link) or the write fails with `TargetExistsError`. */
  exclusive?: boolean;
}

/** An exclusive write found its target already there; nothing was written. */
export class TargetExistsError extends HuntCardError {
  override name = 'TargetExistsError';
}

/** The file changed between reading it and replacing it; nothing was written. */
export class ChangedMeanwhileError extends HuntCardError {
  override name = 'ChangedMeanwhileError';
}

/**
 * Writes a file so that readers see either the old or the new content, never a
 * half-written one: the data goes to a temporary file beside the target, is
 * flushed, then renamed over it. On failure (disk full, ...) the temporary file
 * is removed and the original is untouched. With `keep`, the new file has the
 * old one's permissions and owner; when the owner cannot be kept the write is
 * refused rather than silently changing it.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', options.keep ? options.keep.mode & 0o7777 : 0o666);
    await handle.writeFile(data);
    if (options.keep) await keepAttributes(handle, target, options.keep);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.expect && !(await unchanged(target, options.expect))) {
      throw new ChangedMeanwhileError(`${target} changed while it was being rewritten (saved by an editor?); it was left as it is now.`, 'Run the command again.');
    }
    if (options.exclusive) await linkExclusive(temp, target);
    else await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw fileError(error, target, 'write');
  }
}

/**
 * Puts the written temporary file under `target` only if nothing is there: a hard
 * link fails when the name exists, atomically. File systems without hard links
 * (exFAT, some network shares) get a check, then a rename.
 */
async function linkExclusive(temp: string, target: string): Promise<void> {
  const exists = () => new TargetExistsError(`${target} already exists; it was left as it is.`);
  try {
    await fs.link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists();
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(code ?? '')) throw error;
    if (
      await fs.lstat(target).then(
        () => true,
        () => false,
      )
    )
      throw exists();
    await fs.rename(temp, target);
    return;
  }
  await fs.rm(temp, { force: true });
}

async function keepAttributes(handle: fs.FileHandle, target: string, keep: Stats): Promise<void> {
  // open() applies the umask; chmod sets the exact bits.
  await handle.chmod(keep.mode & 0o7777);
  const mine = await handle.stat();
  if (mine.uid === keep.uid && mine.gid === keep.gid) return;
  try {
    await handle.chown(keep.uid, keep.gid);
  } catch {
    throw new HuntCardError(
      `${target} belongs to ${keep.uid === mine.uid ? `group ${keep.gid}` : `user ${keep.uid}`}, which a rewritten copy could not keep; not changing it.`,
      "Run the command as the file's owner (or fix its group), or copy the card to a file you own.",
    );
  }
}

async function unchanged(target: string, expected: Uint8Array): Promise<boolean> {
  try {
    const { bytes } = await readRegularFile(target, { what: 'file', maxBytes: expected.length + 1 });
    return bytes.equals(expected);
  } catch {
    return false;
  }
}
