/** Where a command writes: injectable so tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  info(text: string): void;
  warn(text: string): void;
  exitCode: number;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    info: (text) => process.stderr.write(`${text}\n`),
    warn: (text) => process.stderr.write(`huntcard: ${text}\n`),
    exitCode: 0,
  };
}
