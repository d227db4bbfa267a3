import { spawn } from 'node:child_process';
import { CLI } from './paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `huntcard` in a real child process. */
export function huntcard(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; nodeArgs?: string[]; asNobody?: boolean } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // As root, file permissions do not apply: `asNobody` runs the command as an ordinary user (CI runs as root).
    const asNobody = options.asNobody && process.getuid?.() === 0;
    const command = asNobody ? 'setpriv' : process.execPath;
    const prefix = asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [];
    const child = spawn(command, [...prefix, ...(options.nodeArgs ?? []), CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
