import path from 'node:path';
import type { Command } from 'commander';
import { CardExistsError, fileError, makeFolders, writeNewCard } from '../../engine/index.js';
import { addDatasetOptions, type EngineFlags, engineFor } from '../dataset-options.js';
import { displayPath } from '../display-path.js';
import { CliError, EXIT } from '../exit-codes.js';
import { cardDateFlag } from '../date-flag.js';
import type { Io } from '../io.js';

interface NewFlags extends EngineFlags {
  all?: boolean;
  date?: string;
  author?: string;
  output?: string;
  outDir?: string;
  force?: boolean;
}

export function registerNew(program: Command, io: Io): void {
  addDatasetOptions(
    program
      .command('new')
      .description('scaffold hunt cards from ATT&CK: print one card, or write cards to files')
      .argument('[ids...]', 'technique IDs, e.g. T1059.001')
      .option('--all', 'every technique that is neither revoked nor deprecated (needs --out-dir)')
      .option('--date <D Month YYYY>', 'pull date and Last Updated date (default: today)')
      .option('--author <name>', "the card's author (default: git's user.name)")
      .option('-o, --output <file>', 'write the card to this file')
      .option('--out-dir <dir>', 'write each card to <dir>/<ID>.md')
      .option('--force', 'overwrite existing files'),
  ).action(async (ids: string[], flags: NewFlags) => {
    io.exitCode = await runNew(ids, flags, io);
  });
}

async function runNew(ids: string[], flags: NewFlags, io: Io): Promise<number> {
  if (flags.all && ids.length > 0) throw new CliError('Give technique IDs or --all, not both.');
  if (!flags.all && ids.length === 0) throw new CliError('Name at least one technique ID (e.g. huntcard new T1059.001) or use --all.');
  if (flags.output && flags.outDir) throw new CliError('Use either -o <file> or --out-dir <dir>, not both.');
  if ((flags.all || ids.length > 1) && !flags.outDir) {
    throw new CliError('Several cards need --out-dir <dir> (each card goes to <dir>/<ID>.md).');
  }
  const date = cardDateFlag(flags.date);
  const engine = engineFor(flags, io.warn);
  const author = (flags.author ?? engine.defaultAuthor(process.cwd()) ?? '').trim();
  if (!author) io.warn('no author for the card: pass --author <name> or set git\'s user.name (git config --global user.name "Your Name"); Author(s) is left empty.');
  const where = flags.outDir ? path.resolve(flags.outDir, 'new-card.md') : undefined;
  const catalog = await engine.catalog(where);
  // --all covers the domain that applies (--domain, else the config's), else every domain with data.
  const domain = (await engine.settings.settings(where)).domain;
  const datasets = domain ? catalog.datasets.filter((d) => d.meta.domain === domain) : catalog.datasets;
  const targets = flags.all ? datasets.flatMap((d) => d.currentTechniqueIds()) : ids;

  if (!flags.outDir) {
    const { text } = await engine.scaffold(targets[0]!, { date, author });
    if (flags.output) {
      await writeNewCard(path.resolve(flags.output), text, { force: flags.force === true });
      io.info(`wrote ${flags.output}`);
    } else {
      io.out(text);
    }
    return EXIT.ok;
  }

  const folder = flags.outDir;
  await makeFolders(folder).catch((error: unknown) => Promise.reject(fileError(error, folder, 'create')));
  // Render everything first so an unknown ID fails before any file is written.
  const cards = await Promise.all(targets.map((id) => engine.scaffold(id, { date, author, folder })));
  let written = 0;
  const skipped: string[] = [];
  for (const card of cards) {
    try {
      await writeNewCard(card.target!, card.text, { force: flags.force === true, folder });
      written++;
    } catch (error) {
      if (!(error instanceof CardExistsError)) throw error;
      skipped.push(displayPath(card.target!));
    }
  }
  io.info(`wrote ${written} card${written === 1 ? '' : 's'} to ${folder}`);
  if (skipped.length > 0) {
    io.warn(`kept ${skipped.length} existing file${skipped.length === 1 ? '' : 's'} (use --force to overwrite): ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ', ...' : ''}`);
    return EXIT.usage;
  }
  return EXIT.ok;
}
