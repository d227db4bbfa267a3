import { terminalText } from './terminal.js';

/** Where a command writes: injectable so tests can run commands in-process. */
export interface Io {
  /** The command's output (stdout), written as given: formats escape what they print. */
  out(text: string): void;
  /** Progress and summaries (stderr); control characters are escaped. */
  info(text: string): void;
  /** Problems (stderr, prefixed "huntcard: "); control characters are escaped. */
  warn(text: string): void;
  exitCode: number;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    info: (text) => void process.stderr.write(`${terminalText(text)}\n`),
    warn: (text) => void process.stderr.write(`huntcard: ${terminalText(text)}\n`),
    exitCode: 0,
  };
}
