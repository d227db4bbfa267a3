import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HuntCardError } from '../errors.js';

/**
 * Where a write to `file` may land: the file's real path, if it lies inside
 * `root` (the folder the user named). A card reached through a symbolic link,
 * or through a linked folder, that really lives outside is refused, so no
 * command ever writes through a link out of the workspace. Writing to the
 * real path (not over the link) keeps the link a link.
 */
export async function writeTargetInside(file: string, root: string): Promise<string> {
  const [real, realRoot] = await Promise.all([fs.realpath(file), fs.realpath(root)]);
  const relative = path.relative(realRoot, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new HuntCardError(
      `${file} leads through a symbolic link to ${real}, outside ${root}; not writing there.`,
      'Run the command on the folder where the card really is, or replace the link with the file.',
    );
  }
  return real;
}

/** The folder a file was found under: the folder argument that holds it, or a file argument's own folder. Writes never leave it. */
export function rootOf(file: string, inputs: readonly string[]): string {
  const resolved = path.resolve(file);
  for (const input of inputs.map((i) => path.resolve(i))) {
    if (input === resolved) return path.dirname(resolved);
    if (resolved.startsWith(input + path.sep)) return input;
  }
  return path.dirname(resolved);
}
