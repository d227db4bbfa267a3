import { Command, CommanderError } from 'commander';
import { HuntCardError } from '../engine/errors.js';
import { registerCheck } from './commands/check.js';
import { registerCoverage } from './commands/coverage.js';
import { registerData } from './commands/data.js';
import { registerNew } from './commands/new.js';
import { registerRefresh } from './commands/refresh.js';
import { CliError, EXIT } from './exit-codes.js';
import { type Io, processIo } from './io.js';

const VERSION = '0.1.0';

export function buildProgram(io: Io): Command {
  const program = new Command('huntcard')
    .description('Hunt cards for MITRE ATT&CK: scaffold, check and refresh them')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.info(s.trimEnd()) });
  registerNew(program, io);
  registerCheck(program, io, VERSION);
  registerRefresh(program, io);
  registerData(program, io);
  registerCoverage(program, io, VERSION);
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
    io.warn(`internal error: ${(error as Error).stack ?? String(error)}`);
    io.info('This is a bug in huntcard; please report it with the command you ran.');
    return EXIT.usage;
  }
}
