import type { Command } from 'commander';
import { HuntCardError, skippedLinksNote } from '../../engine/index.js';
import { addConfigOptions, addDatasetOptions, type EngineFlags, engineFor } from '../dataset-options.js';
import { displayPath, rootOf } from '../display-path.js';
import { CliError, EXIT } from '../exit-codes.js';
import { cardDateFlag } from '../date-flag.js';
import type { Io } from '../io.js';
import { field, plural } from '../terminal.js';

interface RefreshFlags extends EngineFlags {
  date?: string;
  check?: boolean;
}

export function registerRefresh(program: Command, io: Io): void {
  addConfigOptions(
    addDatasetOptions(
      program
        .command('refresh')
        .description("regenerate cards' ATT&CK zone from the dataset; the author zone is never touched")
        .argument('<paths...>', 'card files or folders')
        .option('--date <D Month YYYY>', 'pull date written into refreshed cards (default: today)')
        .option('--check', 'only report cards whose ATT&CK zone is stale (exit 1 if any)'),
    ),
  ).action(async (paths: string[], flags: RefreshFlags) => {
    io.exitCode = await runRefresh(paths, flags, io);
  });
}

async function runRefresh(paths: string[], flags: RefreshFlags, io: Io): Promise<number> {
  const date = cardDateFlag(flags.date);
  const engine = engineFor(flags, io.warn);
  const { files, missing, problems, links } = await engine.findMarkdown(paths);
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  for (const problem of problems) io.warn(problem);
  if (links.length) io.info(skippedLinksNote(links, (f) => displayPath(f)));
  const count = { cards: 0, stale: 0, refreshed: 0, current: 0, gone: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    const display = displayPath(file);
    try {
      const outcome = await engine.refreshFile(file, { display, root: rootOf(file, paths), date, checkOnly: flags.check === true });
      if (outcome.status === 'not-a-card') {
        count.skipped++;
        continue;
      }
      count.cards++;
      const name = field(display);
      switch (outcome.status) {
        case 'revoked':
          count.gone++;
          io.out(
            `${name}: ${outcome.id} was revoked in ${outcome.dataset}${outcome.replacement ? `; it is now ${outcome.replacement.id} ${field(outcome.replacement.name)}: huntcard migrate --apply, with this data as --dataset, moves the card to ${outcome.replacement.id} and refreshes it` : ''}; not refreshed\n`,
          );
          continue;
        case 'unknown':
          count.gone++;
          io.out(`${name}: ${outcome.id} is not a technique in ${outcome.dataset}; not refreshed\n`);
          continue;
        case 'stale':
          count.stale++;
          io.out(`${name}: stale ATT&CK zone (${outcome.dataset}): ${field(outcome.changes.join('; '))}\n`);
          break;
        case 'refreshed':
          count.stale++;
          count.refreshed++;
          io.out(`${name}: refreshed (${field(outcome.changes.join('; '))})\n`);
          break;
        case 'current':
          count.current++;
          break;
      }
      if (outcome.deprecated) {
        count.gone++;
        io.out(`${name}: its technique is deprecated in ${outcome.dataset}; hunt cards are for current techniques (see attack.mitre.org for what superseded it)\n`);
      }
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      count.failed++;
      io.warn(error.message);
      if (error.hint) io.info(`  ${error.hint}`);
    }
  }
  const notes = [
    count.gone > 0 ? `${count.gone} revoked, deprecated or unknown` : '',
    count.failed > 0 ? `${plural(count.failed, 'file')} not refreshed (see above)` : '',
    count.skipped > 0 ? `${plural(count.skipped, 'file')} skipped (not hunt cards)` : '',
  ].filter(Boolean);
  const tail = notes.length ? `, ${notes.join(', ')}` : '';
  io.out(flags.check ? `${plural(count.cards, 'card')}, ${count.stale} stale${tail}\n` : `${plural(count.cards, 'card')}, ${count.refreshed} refreshed, ${count.current} already up to date${tail}\n`);
  if (count.failed > 0 || problems.length > 0) return EXIT.usage;
  return (flags.check && count.stale > 0) || count.gone > 0 ? EXIT.findings : EXIT.ok;
}
