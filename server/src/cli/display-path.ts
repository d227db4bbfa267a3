import path from 'node:path';

/** How a file is named in output: relative to the working directory when inside it, else absolute (never ../../..). */
export function displayPath(file: string, cwd = process.cwd()): string {
  const absolute = path.resolve(file);
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
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
