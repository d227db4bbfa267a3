import path from 'node:path';
import { Option, type Command } from 'commander';
import { formatCardDate, HuntCardError, type MigrationOutcome, parseCardDate, reviewMarkdown, summaryLine, writeOutputFile } from '../../engine/index.js';
import { addConfigOptions, type EngineFlags, engineFor, parseDomain } from '../dataset-options.js';
import { displayPath, rootOf } from '../display-path.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field, plural, safeJson, terminalText } from '../terminal.js';

interface MigrateFlags extends EngineFlags {
  from?: string;
  apply?: boolean;
  date?: string;
  format?: 'markdown' | 'json';
  output?: string;
}

export function registerMigrate(program: Command, io: Io): void {
  addConfigOptions(
    program
      .command('migrate')
      .description(
        'review a card collection against a new ATT&CK release (a report for a pull request); --apply migrates it: zones refreshed, revoked cards moved to their replacement, the author zone kept',
      )
      .argument('[dirs...]', 'folders (or files) of hunt cards', ['.'])
      .requiredOption('--dataset <file|url>', 'the new ATT&CK release: a STIX bundle (file or http(s) URL) or a built index folder')
      .option('--from <file|url>', 'the data the cards were checked with until now (default: what each card uses: its .huntcard.json, the newest download, else the embedded data)')
      .addOption(new Option('--domain <domain>', 'ATT&CK domain of the cards: enterprise, mobile or ics').argParser(parseDomain))
      .option('--cache-dir <dir>', 'folder of downloaded datasets (default: the user cache directory)')
      .option('--apply', 'migrate: refresh zones, move revoked cards, rewrite the old ID in their author zone; then print what is left for a person')
      .option('--date <D Month YYYY>', 'pull date written into migrated cards (default: today)')
      .addOption(new Option('--format <format>', 'the review as markdown (for a pull request) or json').choices(['markdown', 'json']).default('markdown'))
      .option('-o, --output <file>', 'write the review here instead of stdout'),
  ).action(async (dirs: string[], flags: MigrateFlags) => {
    io.exitCode = await runMigrate(dirs, flags, io);
  });
}

async function runMigrate(dirs: string[], flags: MigrateFlags, io: Io): Promise<number> {
  const date = flags.date ?? formatCardDate(new Date());
  if ('problem' in parseCardDate(date)) throw new CliError(`--date ${JSON.stringify(date)} is not a date in the card format.`, EXIT.usage, 'Write it as "D Month YYYY", e.g. "23 June 2022".');
  // --dataset names the release, not the data cards are checked with now: that is each card's own (or --from).
  const { dataset: release, ...rest } = flags;
  const engine = engineFor(rest, io.warn);
  const reviewer = engine.releaseReviewer({ release: release!, ...(flags.from ? { previous: flags.from } : {}), date });
  // The review is taken before anything is written: what a person has to judge is said from the cards as they were.
  const { review, missing, otherDomain } = await engine.reviewRelease(dirs, reviewer, displayPath);
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  if (review.counts.cards === 0 && otherDomain > 0) {
    throw new CliError(
      `None of the ${plural(otherDomain, 'card')} is a card of ${review.release}'s domain (they are of ${review.notes.find((n) => n.includes(': a card of '))?.replace(/^.*: a card of (.*?), not .*$/, '$1') ?? 'another domain'}).`,
      EXIT.usage,
      "Give --dataset the new release of the cards' own domain (enterprise-attack, mobile-attack or ics-attack).",
    );
  }
  let failed = 0;
  let applied: Set<string> | undefined;
  if (flags.apply) {
    // Action lines go to stdout beside a Markdown review, to stderr beside JSON (which must stay parseable).
    const say = flags.format === 'json' || flags.output ? io.info : (line: string) => io.out(`${line}\n`);
    const { files } = await engine.findMarkdown(dirs);
    const migrated = new Set<string>();
    for (const file of files) {
      const display = displayPath(file);
      try {
        const outcome = await engine.migrateFile(file, { display, root: rootOf(file, dirs), reviewer });
        if (outcome.status === 'migrated') {
          migrated.add(display);
          say(`${field(display)}: ${field(appliedWords(outcome))}`);
        }
      } catch (error) {
        if (!(error instanceof HuntCardError)) throw error;
        failed++;
        io.warn(error.message);
        if (error.hint) io.info(`  ${error.hint}`);
      }
    }
    applied = migrated;
    say(`${plural(migrated.size, 'card')} migrated${failed ? `, ${failed} not (see above)` : ''}.${flags.format === 'json' ? '' : ' The review follows.'}\n`);
  }
  const text = flags.format === 'json' ? safeJson(review) : reviewMarkdown(review, applied ? { applied } : {});
  if (flags.output) {
    await writeOutputFile(path.resolve(flags.output), text);
    io.info(`${summaryLine(review)} Wrote ${flags.output}.`);
  } else io.out(flags.format === 'json' ? text : terminalText(text));
  return failed > 0 ? EXIT.usage : EXIT.ok;
}

function appliedWords(outcome: Extract<MigrationOutcome, { status: 'migrated' }>): string {
  const { review } = outcome;
  const words: string[] = [];
  const revoked = review.changes.find((c) => c.kind === 'revoked');
  if (outcome.movedTo) {
    const to = revoked?.kind === 'revoked' && revoked.replacement ? ` (${revoked.replacement.id} ${revoked.replacement.name})` : '';
    words.push(outcome.finishedMove ? `finished moving to ${displayPath(outcome.movedTo)}${to}: removed the old file` : `moved to ${displayPath(outcome.movedTo)}${to}`);
  }
  if (!outcome.finishedMove) words.push('ATT&CK zone refreshed');
  const rewrites = review.steps?.rewrites ?? 0;
  if (rewrites && !outcome.finishedMove) words.push(`${plural(rewrites, 'mention')} of ${review.id} in the author zone rewritten`);
  return words.join('; ') || 'ATT&CK zone refreshed';
}
