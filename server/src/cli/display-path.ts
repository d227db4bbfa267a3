import path from 'node:path';

/** How a file is named in output: relative to the working directory when inside it, else absolute (never ../../..). */
export function displayPath(file: string, cwd = process.cwd()): string {
  const absolute = path.resolve(file);
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

export { rootOf } from '../engine/index.js';
