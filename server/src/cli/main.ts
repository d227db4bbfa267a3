import { Command, CommanderError } from 'commander';
import { fileError, HuntCardError } from '../engine/index.js';
import { registerCheck } from './commands/check.js';
import { registerCoverage } from './commands/coverage.js';
import { registerData } from './commands/data.js';
import { registerInit } from './commands/init.js';
import { registerMigrate } from './commands/migrate.js';
import { registerNew } from './commands/new.js';
import { registerRefresh } from './commands/refresh.js';
import { registerRules } from './commands/rules.js';
import { CliError, EXIT } from './exit-codes.js';
import { type Io, processIo } from './io.js';

const VERSION = '0.1.0';

export function buildProgram(io: Io): Command {
  const program = new Command('huntcard')
    .description('Hunt cards for MITRE ATT&CK: scaffold, check and refresh them')
    .version(VERSION)
    // Program options only before the command: `data update --version 18.1` is the command's option, not the program's.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.info(s.trimEnd()) });
  registerNew(program, io);
  registerCheck(program, io, VERSION);
  registerRefresh(program, io);
  registerData(program, io);
  registerCoverage(program, io, VERSION);
  registerRules(program, io);
  registerInit(program, io, VERSION);
  registerMigrate(program, io);
  for (const command of program.commands) command.exitOverride();
  for (const command of program.commands.flatMap((c) => c.commands)) command.exitOverride();
  return program;
}

/** Runs huntcard with `argv` (without node and script) and returns its exit code. */
export async function runCli(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit with 0; parse errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.warn(error.message);
      if (error.hint) io.info(error.hint);
      return error.exitCode;
    }
    if (error instanceof HuntCardError) {
      io.warn(error.message);
      if (error.hint) io.info(error.hint);
      return EXIT.usage;
    }
    const fsError = fileErrorOf(error);
    if (fsError) {
      io.warn(fsError.message);
      if (fsError.hint) io.info(fsError.hint);
      return EXIT.usage;
    }
    io.warn(`internal error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    io.info('This is a bug in huntcard; please report it with the command you ran (HUNTCARD_DEBUG=1 shows where it happened).');
    if (process.env.HUNTCARD_DEBUG) io.info(String((error as Error)?.stack ?? error));
    return EXIT.usage;
  }
}

/** An operating-system error that reached the top with no file named: still a message, not a bug report. */
function fileErrorOf(error: unknown): HuntCardError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!e?.code || !e.syscall) return undefined;
  const converted = fileError(error, e.path ?? 'a file', e.syscall === 'open' || e.syscall === 'read' || e.syscall === 'scandir' ? 'read' : 'write');
  return converted instanceof HuntCardError ? converted : undefined;
}
