import path from 'node:path';
import { TECHNIQUE_ID } from '../attack/query/attack-ids.js';
import { HuntCardError } from '../errors.js';

// Characters Windows refuses in file names, and control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_IN_FILE_NAMES = /[<>:"|?*\u0000-\u001f]/;

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
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || NOT_IN_FILE_NAMES.test(relative)) {
    throw new HuntCardError(`The file-name pattern ${JSON.stringify(pattern)} would write outside ${folder}.`, 'Use a pattern such as "{id}.md".');
  }
  return target;
}
