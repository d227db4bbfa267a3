// The last line of defence of both bins: whatever escapes (an uncaught exception,
// an unhandled rejection, an 'error' event nobody listens to) becomes one line
// that says what to do, never a stack trace, and exit code 2, never 1 (which CI
// reads as "findings"). A closed output (`huntcard check | head`) ends the
// process quietly, as SIGPIPE ends other Unix tools.

const EXIT_INTERNAL = 2;
const EXIT_PIPE_CLOSED = 141; // 128 + SIGPIPE

export interface GuardOptions {
  /** What to do when stdout's reader goes away (default: exit 141, as SIGPIPE would). */
  onOutputClosed?: () => void;
  /** A long-running server logs a stray rejected promise in one line and keeps serving; a command ends. */
  survivesRejections?: boolean;
}

export function installProcessGuards(name: string, options: GuardOptions = {}): void {
  const closed = options.onOutputClosed ?? (() => process.exit(EXIT_PIPE_CLOSED));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed();
      else reportCrash(name, error);
    });
  }
  process.on('uncaughtException', (error) => reportCrash(name, error));
  process.on('unhandledRejection', (error) => {
    if (!options.survivesRejections) reportCrash(name, error);
    try {
      process.stderr.write(`${name}: ignored a failure nobody waited for: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300)}\n`);
    } catch {
      // stderr is gone: nothing left to tell.
    }
  });
}

export function reportCrash(name: string, error: unknown): never {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
  const debug = process.env.HUNTCARD_DEBUG ? `\n${(error as Error)?.stack ?? ''}` : '';
  try {
    process.stderr.write(`${name}: internal error: ${message}\nThis is a bug in ${name}; please report it with what you ran (HUNTCARD_DEBUG=1 shows where it happened).${debug}\n`);
  } catch {
    // stderr is gone too: nothing left to tell.
  }
  process.exit(EXIT_INTERNAL);
}
