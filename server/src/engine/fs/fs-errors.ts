import { existsSync } from 'node:fs';
import path from 'node:path';
import { HuntCardError } from '../errors.js';

export type FileAction = 'read' | 'write' | 'create' | 'list';

const VERB: Record<FileAction, string> = { read: 'read', write: 'write', create: 'create', list: 'list' };

/**
 * An operating-system error on a file, as one message that names the file and
 * says what to do. Anything that is not an errno error is returned unchanged.
 */
export function fileError(error: unknown, file: string, action: FileAction): unknown {
  if (error instanceof HuntCardError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error;
  const name = shorten(file);
  const cannot = `Cannot ${VERB[action]} ${name}`;
  switch (code) {
    case 'ENOENT':
      if (action === 'read' || action === 'list') return new HuntCardError(`No such file or folder: ${name}`, 'Check the path.', { cause: error });
      return existsSync(path.dirname(file))
        ? new HuntCardError(`${cannot}: its folder does not take new files (a virtual file system such as /proc?).`, 'Choose a folder on an ordinary disk.', { cause: error })
        : new HuntCardError(`${cannot}: a folder on its path does not exist.`, 'Create the folder first, or choose another path.', { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new HuntCardError(
        `${cannot}: permission denied.`,
        action === 'read' || action === 'list' ? 'Check its permissions (and those of the folders above it).' : 'Check the permissions of the file and of its folder, or choose another path.',
        { cause: error },
      );
    case 'EROFS':
      return new HuntCardError(`${cannot}: the file system is read-only.`, 'Choose a path on a writable file system.', { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new HuntCardError(`${cannot}: the disk is full (or the quota is used up); nothing was changed.`, 'Free some disk space, then try again.', { cause: error });
    case 'EISDIR':
      return new HuntCardError(`${cannot}: it is a folder.`, action === 'read' ? 'Give a file.' : 'Give a file name, e.g. coverage.json.', { cause: error });
    case 'ENOTDIR':
      return new HuntCardError(`${cannot}: a part of its path is a file, not a folder.`, 'Check the path.', { cause: error });
    case 'ELOOP':
      return new HuntCardError(`${cannot}: its symbolic links form a loop.`, 'Fix or remove the looping link.', { cause: error });
    case 'ENAMETOOLONG':
      return new HuntCardError(`${cannot}: the path is longer than the system allows.`, 'Use a shorter path.', { cause: error });
    case 'EMFILE':
    case 'ENFILE':
      return new HuntCardError(`${cannot}: too many files are open.`, 'Raise the open-file limit (ulimit -n) or check fewer files at once.', { cause: error });
    case 'EBUSY':
    case 'ETXTBSY':
      return new HuntCardError(`${cannot}: it is busy.`, 'Close whatever holds it, then try again.', { cause: error });
    case 'EEXIST':
      return new HuntCardError(`${cannot}: something is already there.`, 'Choose another path.', { cause: error });
    case 'ENXIO':
      return new HuntCardError(`${cannot}: it is a device or pipe nobody is reading.`, 'Give a regular file.', { cause: error });
    case 'EIO':
      return new HuntCardError(`${cannot}: input/output error.`, 'The disk or network share may be failing; try again.', { cause: error });
    case 'EXDEV':
      return new HuntCardError(`${cannot}: its temporary copy could not be moved into place across file systems.`, 'Try again; report it if it persists.', { cause: error });
    default:
      return new HuntCardError(`${cannot}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** A path as a message shows it: whole, unless it is absurdly long (then its start and end). */
function shorten(file: string): string {
  return file.length > 200 ? `${file.slice(0, 80)}…${file.slice(-80)}` : file;
}
