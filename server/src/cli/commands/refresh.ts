import path from 'node:path';
import type { Command } from 'commander';
import { HuntCardError } from '../../engine/errors.js';
import { formatCardDate, parseCardDate } from '../../engine/format/card-date.js';
import { findMarkdownFiles } from '../../engine/fs/find-markdown.js';
import { refreshCardFile } from '../../engine/refresh/refresh-file.js';
import { CardSettings } from '../card-settings.js';
import { addConfigOptions, addDatasetOptions } from '../dataset-options.js';
import type { SettingsFlags } from '../card-settings.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field, plural } from '../terminal.js';
import { displayPath } from '../display-path.js';

interface RefreshFlags extends SettingsFlags {
  date?: string;
  check?: boolean;
}

export function registerRefresh(program: Command, io: Io): void {
  addConfigOptions(addDatasetOptions(
    program
      .command('refresh')
      .description("regenerate cards' ATT&CK zone from the dataset; the author zone is never touched")
      .argument('<paths...>', 'card files or folders')
      .option('--date <D Month YYYY>', 'pull date written into refreshed cards (default: today)')
      .option('--check', 'only report cards whose ATT&CK zone is stale (exit 1 if any)'),
  )).action(async (paths: string[], flags: RefreshFlags) => {
    io.exitCode = await runRefresh(paths, flags, io);
  });
}

async function runRefresh(paths: string[], flags: RefreshFlags, io: Io): Promise<number> {
  const date = flags.date ?? formatCardDate(new Date());
  if ('problem' in parseCardDate(date)) throw new CliError(`--date ${JSON.stringify(date)} is not a date in the card format.`, EXIT.usage, 'Write it as "D Month YYYY", e.g. "23 June 2022".');
  const { files, missing, problems } = await findMarkdownFiles(paths);
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  for (const problem of problems) io.warn(problem);
  const settings = new CardSettings(flags, io.warn);
  let stale = 0;
  let refreshed = 0;
  let failed = 0;
  let cards = 0;
  let skipped = 0;
  let gone = 0;
  let current = 0;
  for (const file of files) {
    const display = displayPath(file);
    try {
      const outcome = await refreshCardFile(file, { display, root: rootOf(file, paths), catalog: (f) => settings.catalog(f), date, checkOnly: flags.check === true });
      if (outcome.status === 'not-a-card') {
        skipped++;
        continue;
      }
      cards++;
      const name = field(display);
      switch (outcome.status) {
        case 'revoked':
          gone++;
          io.out(`${name}: ${outcome.id} was revoked in ${outcome.dataset}${outcome.replacement ? `; it is now ${outcome.replacement.id} ${field(outcome.replacement.name)}: move the card to ${outcome.replacement.id} (check's quick fix does it), then refresh` : ''}; not refreshed\n`);
          continue;
        case 'unknown':
          gone++;
          io.out(`${name}: ${outcome.id} is not a technique in ${outcome.dataset}; not refreshed\n`);
          continue;
        case 'stale':
          stale++;
          io.out(`${name}: stale ATT&CK zone (${outcome.dataset}): ${field(outcome.changes.join('; '))}\n`);
          break;
        case 'refreshed':
          stale++;
          refreshed++;
          io.out(`${name}: refreshed (${field(outcome.changes.join('; '))})\n`);
          break;
        case 'current':
          current++;
          break;
      }
      if (outcome.deprecated) {
        gone++;
        io.out(`${name}: its technique is deprecated in ${outcome.dataset}; hunt cards are for current techniques (see attack.mitre.org for what superseded it)\n`);
      }
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      failed++;
      io.warn(error.message);
      if (error.hint) io.info(`  ${error.hint}`);
    }
  }
  const notes = [
    gone > 0 ? `${gone} revoked, deprecated or unknown` : '',
    failed > 0 ? `${plural(failed, 'file')} not refreshed (see above)` : '',
    skipped > 0 ? `${plural(skipped, 'file')} skipped (not hunt cards)` : '',
  ].filter(Boolean);
  const tail = notes.length ? `, ${notes.join(', ')}` : '';
  io.out(flags.check ? `${plural(cards, 'card')}, ${stale} stale${tail}\n` : `${plural(cards, 'card')}, ${refreshed} refreshed, ${current} already up to date${tail}\n`);
  if (failed > 0 || problems.length > 0) return EXIT.usage;
  return (flags.check && stale > 0) || gone > 0 ? EXIT.findings : EXIT.ok;
}

/** The folder a file was found under: the folder argument that holds it, or a file argument's own folder. */
function rootOf(file: string, inputs: string[]): string {
  const resolved = path.resolve(file);
  for (const input of inputs.map((i) => path.resolve(i))) {
    if (input === resolved) return path.dirname(resolved);
    if (resolved.startsWith(input + path.sep)) return input;
  }
  return path.dirname(resolved);
}
