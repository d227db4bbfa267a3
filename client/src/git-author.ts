import { execFile } from 'node:child_process';

/** git's user.name, for cards when huntcard.author is empty; undefined when git has none. */
export function gitUserName(cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000 }, (error, stdout) => {
      const name = stdout?.trim();
      resolve(error || !name ? undefined : name);
    });
  });
}
