import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseCard } from '../../engine/card/parse-card.js';
import { HuntCardError } from '../../engine/errors.js';
import { formatCardDate, parseCardDate } from '../../engine/format/card-date.js';
import { findMarkdownFiles } from '../../engine/fs/find-markdown.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { writeTargetInside } from '../../engine/fs/write-target.js';
import { describeZoneChanges, regenerateAttackZone } from '../../engine/refresh/attack-zone.js';
import { CardSettings } from '../card-settings.js';
import { addDatasetOptions, type DatasetFlags } from '../dataset-options.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';

interface RefreshFlags extends DatasetFlags {
  date?: string;
  check?: boolean;
  config?: string;
}

export function registerRefresh(program: Command, io: Io): void {
  addDatasetOptions(
    program
      .command('refresh')
      .description("regenerate cards' ATT&CK zone from the dataset; the author zone is never touched")
      .argument('<paths...>', 'card files or folders')
      .option('--date <D Month YYYY>', 'pull date written into refreshed cards (default: today)')
      .option('--check', 'only report cards whose ATT&CK zone is stale (exit 1 if any)')
      .option('--config <file>', 'config file (default: the nearest .huntcard.json above each card)'),
  ).action(async (paths: string[], flags: RefreshFlags) => {
    io.exitCode = await runRefresh(paths, flags, io);
  });
}

async function runRefresh(paths: string[], flags: RefreshFlags, io: Io): Promise<number> {
  const date = flags.date ?? formatCardDate(new Date());
  if ('problem' in parseCardDate(date)) throw new CliError(`--date ${JSON.stringify(date)} is not a date in the card format.`, EXIT.usage, 'Write it as "D Month YYYY", e.g. "23 June 2022".');
  const { files, missing } = await findMarkdownFiles(paths);
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  const settings = new CardSettings(flags, io.warn);
  let stale = 0;
  let refreshed = 0;
  let failed = 0;
  let cards = 0;
  for (const file of files) {
    const display = path.relative(process.cwd(), file) || file;
    const text = await fs.readFile(file, 'utf8');
    const card = parseCard(text, display);
    if (!card.isCard) continue;
    cards++;
    try {
      const catalog = await settings.catalog(file);
      const current = regenerateAttackZone(card, catalog, card.pullDate?.text ?? date);
      const changes = describeZoneChanges(card, current);
      if (changes.length === 0) continue;
      stale++;
      if (flags.check) {
        io.out(`${display}: stale ATT&CK zone (${current.dataset.label}): ${changes.join('; ')}\n`);
        continue;
      }
      const next = regenerateAttackZone(card, catalog, date);
      const target = await writeTargetInside(file, rootOf(file, paths));
      await writeFileAtomic(target, next.newZone + text.slice(next.zoneEnd));
      refreshed++;
      io.out(`${display}: refreshed (${changes.join('; ')})\n`);
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      failed++;
      io.warn(error.message);
    }
  }
  io.out(flags.check ? `${cards} cards, ${stale} stale\n` : `${cards} cards, ${refreshed} refreshed, ${cards - refreshed - failed} already up to date\n`);
  if (failed > 0) return EXIT.usage;
  return flags.check && stale > 0 ? EXIT.findings : EXIT.ok;
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
