import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder removed after the current suite, even when a test locked folders in it (chmod 000). */
export function tempDir(prefix = 'huntcard-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => {
    unlock(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function unlock(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) unlock(path.join(dir, entry.name));
  } catch {
    // gone already, or not ours to change
  }
}
