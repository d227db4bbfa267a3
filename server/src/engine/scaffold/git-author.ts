import { spawnSync } from 'node:child_process';

/** git's user.name as seen from `cwd` (repository config first), for cards that name no author; undefined when git has none. */
export function gitUserName(cwd?: string): string | undefined {
  const result = spawnSync('git', ['config', 'user.name'], { encoding: 'utf8', timeout: 3000, ...(cwd ? { cwd } : {}) });
  const name = result.status === 0 ? result.stdout.trim() : '';
  return name || undefined;
}
