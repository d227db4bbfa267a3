import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE = '.huntcard.json';

/** The nearest .huntcard.json in `dir` or a folder above it. */
export function findConfigFile(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}
