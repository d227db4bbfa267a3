import path from 'node:path';
import { TECHNIQUE_ID } from '../attack/attack-ids.js';
import { HuntCardError } from '../errors.js';

/**
 * The file a card for `techniqueId` is written to inside `folder`. Only real
 * technique IDs make file names, so no input can climb out of the folder or
 * name a device (`../`, absolute paths, `CON`, ...).
 */
export function cardFilePath(folder: string, techniqueId: string, pattern = '{id}.md'): string {
  if (!TECHNIQUE_ID.test(techniqueId)) {
    throw new HuntCardError(`Refusing to make a file name from ${JSON.stringify(techniqueId)}: not a technique ID.`);
  }
  const name = pattern.replace(/\{id\}/g, techniqueId);
  const resolvedFolder = path.resolve(folder);
  const target = path.resolve(resolvedFolder, name);
  const relative = path.relative(resolvedFolder, target);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || /[<>:"|?*\u0000-\u001f]/.test(relative)) {
    throw new HuntCardError(`The file-name pattern ${JSON.stringify(pattern)} would write outside ${folder}.`, 'Use a pattern such as "{id}.md".');
  }
  return target;
}
