import { createTwoFilesPatch } from 'diff';
import { type Engine, HuntCardError } from '../engine/index.js';
import { displayPath, rootOf } from './display-path.js';
import type { Io } from './io.js';
import { field, plural, terminalText } from './terminal.js';

export interface FixRun {
  /** Cards changed (or, in a dry run, that would change). */
  changed: number;
  /** Cards that could not be fixed (the reason was printed). */
  failed: number;
}

/**
 * `check --fix` and `--fix-dry-run`: applies the preferred fix of every finding
 * (what the editor's Fix All applies) card by card. A fix run says on stderr what
 * it changed; a dry run prints a unified diff on stdout and writes nothing.
 */
export async function fixCards(engine: Engine, files: readonly string[], inputs: readonly string[], io: Io, dryRun: boolean): Promise<FixRun> {
  const run: FixRun = { changed: 0, failed: 0 };
  for (const file of files) {
    const display = displayPath(file);
    try {
      const outcome = await engine.fixFile(file, { display, root: rootOf(file, inputs), dryRun });
      if (outcome.status !== 'fixed' && outcome.status !== 'would-fix') continue;
      run.changed++;
      // Card text can hold escape sequences: the patch is shown with them escaped, like every other output.
      if (dryRun) io.out(terminalText(createTwoFilesPatch(`a/${field(display)}`, `b/${field(display)}`, outcome.before, outcome.after, undefined, undefined, { context: 3 })));
      const rules = [...new Set(outcome.applied.map((a) => a.rule))].join(', ');
      io.info(`${field(display)}: ${dryRun ? 'would fix' : 'fixed'} ${plural(outcome.applied.length, 'problem')} (${rules})`);
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      run.failed++;
      io.warn(error.message);
      if (error.hint) io.info(`  ${error.hint}`);
    }
  }
  return run;
}
