import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the embedded snapshot (data/attack/<domain>/ built by scripts/build-snapshot.mjs). */
export function embeddedDir(): string | undefined {
  const override = process.env.HUNTCARD_EMBEDDED_DIR;
  if (override) return override;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'data', 'attack');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Where downloaded datasets are kept: the user's cache directory (XDG on Linux). */
export function defaultCacheDir(): string {
  if (process.env.HUNTCARD_CACHE_DIR) return process.env.HUNTCARD_CACHE_DIR;
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'huntcard', 'Cache');
    case 'darwin':
      return path.join(home, 'Library', 'Caches', 'huntcard');
    default:
      return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'huntcard');
  }
}

export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}
