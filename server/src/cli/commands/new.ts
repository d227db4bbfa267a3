import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Catalog } from '../../engine/attack/catalog.js';
import { requireTechnique } from '../../engine/attack/technique-lookup.js';
import { normaliseTechniqueId } from '../../engine/attack/attack-ids.js';
import { parseCardDate, formatCardDate } from '../../engine/format/card-date.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { fileError } from '../../engine/fs/fs-errors.js';
import { kindOf } from '../../engine/fs/read-regular.js';
import { writeOutputFile } from '../../engine/fs/write-output.js';
import { writeTargetInside } from '../../engine/fs/write-target.js';
import { HuntCardError } from '../../engine/errors.js';
import { cardFilePath } from '../../engine/scaffold/card-file-name.js';
import { scaffoldCard } from '../../engine/scaffold/scaffold.js';
import { addDatasetOptions, catalogFor, type DatasetFlags } from '../dataset-options.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { displayPath } from '../display-path.js';

interface NewFlags extends DatasetFlags {
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
  const date = flags.date ?? formatCardDate(new Date());
  if ('problem' in parseCardDate(date)) {
    throw new CliError(`--date ${JSON.stringify(date)} is not a date in the card format.`, EXIT.usage, 'Write it as "D Month YYYY", e.g. "23 June 2022".');
  }
  const author = (flags.author ?? gitUserName() ?? '').trim();
  if (!author) io.warn("no author for the card: pass --author <name> or set git's user.name (git config --global user.name \"Your Name\"); Author(s) is left empty.");
  const catalog = await catalogFor(flags, io.warn);
  const targets = flags.all ? allCurrent(catalog) : ids.map((id) => normaliseTechniqueId(id));

  if (!flags.outDir) {
    const card = render(catalog, targets[0]!, date, author);
    if (flags.output) {
      await writeCard(path.resolve(flags.output), card, flags.force === true);
      io.info(`wrote ${flags.output}`);
    } else {
      io.out(card);
    }
    return EXIT.ok;
  }

  await fs.mkdir(flags.outDir, { recursive: true }).catch((error: unknown) => Promise.reject(fileError(error, flags.outDir!, 'create')));
  // Render everything first so an unknown ID fails before any file is written.
  const cards = targets.map((id) => ({ id, card: render(catalog, id, date, author) }));
  let written = 0;
  const skipped: string[] = [];
  for (const { id, card } of cards) {
    const file = cardFilePath(flags.outDir, id);
    try {
      await writeCard(file, card, flags.force === true, flags.outDir);
      written++;
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      skipped.push(displayPath(file));
    }
  }
  io.info(`wrote ${written} card${written === 1 ? '' : 's'} to ${flags.outDir}`);
  if (skipped.length > 0) {
    io.warn(`kept ${skipped.length} existing file${skipped.length === 1 ? '' : 's'} (use --force to overwrite): ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ', ...' : ''}`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

function render(catalog: Catalog, id: string, date: string, author: string): string {
  const dataset = catalog.datasetFor(id) ?? catalog.primary;
  requireTechnique(dataset, id, 'scaffold');
  return scaffoldCard(dataset, id, { date, author });
}

function allCurrent(catalog: Catalog): string[] {
  return catalog.datasets.flatMap((d) => d.currentTechniqueIds());
}

/**
 * Writes a new card. An existing file is kept unless --force; with --force a card
 * in --out-dir is replaced only if it is a regular file that really lives in that
 * folder (a link planted there never redirects the write), while -o writes through
 * whatever the user named (a link stays a link, a device is written to in place).
 */
async function writeCard(file: string, card: string, force: boolean, outDir?: string): Promise<void> {
  const existing = await fs.lstat(file).catch(() => undefined);
  if (existing && !force) {
    throw new CliError(`${file} already exists; not overwriting it.`, EXIT.usage, 'Pass --force to replace it, or `huntcard refresh` to update its ATT&CK zone only.');
  }
  if (!outDir) {
    return writeOutputFile(file, card);
  }
  if (!existing) return writeFileAtomic(file, card);
  const real = await writeTargetInside(file, outDir);
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new HuntCardError(`${file} is ${kindOf(stat)}, not a card file; not replacing it.`, 'Remove it, then run the command again.');
  await writeFileAtomic(real, card, { keep: stat });
}

function gitUserName(): string | undefined {
  const result = spawnSync('git', ['config', 'user.name'], { encoding: 'utf8', timeout: 2000 });
  const name = result.status === 0 ? result.stdout.trim() : '';
  return name || undefined;
}
