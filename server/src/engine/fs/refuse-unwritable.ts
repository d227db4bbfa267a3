import { promises as fs, type Stats } from 'node:fs';
import { HuntCardError } from '../errors.js';

/**
 * Refuses to rewrite a card that is read-only (the user said so) or hard-linked
 * (an atomic rename would split it from its other names). `doing` names the
 * change in the message: "refreshing", "fixing".
 */
export async function refuseUnwritable(file: string, display: string, stat: Stats, doing: string): Promise<void> {
  const writable = await fs.access(file, fs.constants.W_OK).then(
    () => true,
    () => false,
  );
  if ((stat.mode & 0o222) === 0 || !writable) {
    throw new HuntCardError(`${display} is read-only; not ${doing} it.`, `Make it writable (chmod u+w ${display}) if it should change.`);
  }
  if (stat.nlink > 1) {
    throw new HuntCardError(
      `${display} has ${stat.nlink} hard links; rewriting it would split it from the other names, so it is not changed.`,
      `Work on a copy that is not hard-linked (cp it aside and move it back), or remove the extra links, then run it again.`,
    );
  }
}
