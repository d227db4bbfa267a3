import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Creates a folder and the missing folders above it, one level at a time. Node's
 * own `mkdir(..., { recursive: true })` loops forever where a parent exists but
 * refuses children with ENOENT (under /proc); here every failure is an error
 * (with the usual errno code) naming the folder it could not make.
 */
export async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const stat = await fs.stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stat) {
      if (!stat.isDirectory()) {
        // The folder itself is taken by something else (EEXIST), or a part of its path is (ENOTDIR).
        const code = current === path.resolve(dir) ? 'EEXIST' : 'ENOTDIR';
        throw Object.assign(new Error(`${code}: cannot make folder '${dir}'`), { code, path: current });
      }
      break;
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    await fs.mkdir(folder).catch(async (error: NodeJS.ErrnoException) => {
      // Made meanwhile by someone else: fine if it is a folder now.
      if (
        error.code === 'EEXIST' &&
        (await fs.stat(folder).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      )
        return;
      throw error;
    });
  }
}
