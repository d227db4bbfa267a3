import path from 'node:path';
import { Option, type Command } from 'commander';
import { type AppliedCard, HuntCardError, type MigrationOutcome, refuseReportOverCard, reviewAsApplied, reviewMarkdown, summaryLine, writeOutputFile } from '../../engine/index.js';
import { addConfigOptions, type EngineFlags, engineFor, parseDomain } from '../dataset-options.js';
import { displayPath, rootOf } from '../display-path.js';
import { CliError, EXIT } from '../exit-codes.js';
import { cardDateFlag } from '../date-flag.js';
import type { Io } from '../io.js';
import { field, plural, safeJson, terminalText } from '../terminal.js';
import type { CardReview } from '../../protocol.js';

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
      .addOption(new Option('--format <format>', "the review as markdown (for a pull request) or json (default: from -o's extension, else markdown)").choices(['markdown', 'json']))
      .option('-o, --output <file>', 'write the review here instead of stdout'),
  ).action(async (dirs: string[], flags: MigrateFlags) => {
    io.exitCode = await runMigrate(dirs, flags, io);
  });
}

async function runMigrate(dirs: string[], flags: MigrateFlags, io: Io): Promise<number> {
  const date = cardDateFlag(flags.date);
  // A report's path is checked before anything is migrated: a refused -o after --apply would lose the review.
  if (flags.output) await refuseReportOverCard(path.resolve(flags.output));
  // --dataset names the release, not the data cards are checked with now: that is each card's own (or --from).
  const { dataset: release, ...rest } = flags;
  const engine = engineFor(rest, io.warn);
  const reviewer = await engine.releaseReviewer({ release: release!, ...(flags.from ? { previous: flags.from } : {}), date });
  // The review is taken before anything is written: what a person has to judge is said from the cards as they were.
  const { review, reviews, missing, otherDomain, plans, downgrade } = await engine.reviewRelease(dirs, reviewer, displayPath, { onDisk: true });
  const format = flags.format ?? (flags.output && path.extname(flags.output).toLowerCase() === '.json' ? 'json' : 'markdown');
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  if (review.counts.cards === 0 && otherDomain > 0) {
    throw new CliError(
      `None of the ${plural(otherDomain, 'card')} is a card of ${review.release}'s domain (they are of ${review.notes.find((n) => n.includes(': a card of '))?.replace(/^.*: a card of (.*?), not .*$/, '$1') ?? 'another domain'}).`,
      EXIT.usage,
      "Give --dataset the new release of the cards' own domain (enterprise-attack, mobile-attack or ics-attack).",
    );
  }
  if (downgrade) {
    throw new CliError(
      `${review.release} is older than the data the cards use now (${review.previous}): migrating would take them back.`,
      EXIT.usage,
      'Give the new release as --dataset and the one the cards were pulled from as --from.',
    );
  }
  let failed = 0;
  let interrupted = false;
  const applied = new Map<string, AppliedCard>();
  if (flags.apply) {
    // Ctrl-C stops after the card being written: each card is whole, and a second run finishes the rest.
    const stop = () => void (interrupted = true);
    process.once('SIGINT', stop);
    try {
      // Only what the review planned is applied: a card it refused (a move onto another card, two cards onto one file) stays as it is.
      for (const [file, plan] of plans) {
        if (interrupted) break;
        const display = displayPath(file);
        try {
          const outcome = await engine.migrateFile(file, { display, root: rootOf(file, dirs), reviewer, planned: { review: reviews.get(file)!, plan } });
          if (outcome.status === 'migrated') {
            applied.set(display, { lineShift: outcome.lineShift, ...(outcome.movedTo ? { movedTo: displayPath(outcome.movedTo) } : {}) });
            io.info(`${field(display)}: ${field(appliedWords(outcome))}`);
          } else if (outcome.status === 'untouched') {
            // Planned, but the card or its move's target changed since the review, and the review run again refuses it.
            failed++;
            io.warn(`${field(display)}: not migrated: ${field(refusal(outcome.review))}`);
          }
        } catch (error) {
          if (!(error instanceof HuntCardError)) throw error;
          failed++;
          io.warn(error.message);
          if (error.hint) io.info(`  ${error.hint}`);
        }
      }
    } finally {
      process.removeListener('SIGINT', stop);
    }
    io.info(
      interrupted
        ? `Interrupted: ${plural(applied.size, 'card')} of ${plans.size} migrated, each whole; run the command again to finish.`
        : `${plural(applied.size, 'card')} migrated${failed ? `, ${failed} not (see above)` : ''}.`,
    );
  }
  // The review printed after --apply names the cards as they are now (moved, their lines shifted).
  const shown = flags.apply ? reviewAsApplied(review, applied) : review;
  const names = new Set([...applied].map(([name, a]) => a.movedTo ?? name));
  const text = format === 'json' ? safeJson(flags.apply ? { ...shown, applied: [...names] } : shown) : reviewMarkdown(shown, flags.apply ? { applied: names } : {});
  if (flags.output) {
    await writeOutputFile(path.resolve(flags.output), text, { report: true });
    io.info(`${summaryLine(review)} Wrote ${flags.output}.`);
  } else io.out(format === 'json' ? text : terminalText(text));
  if (interrupted) return 130;
  // A card that cannot be migrated (a move onto another card, a zone whose end is unclear) is a finding.
  return failed > 0 ? EXIT.usage : review.counts.blocked > 0 ? EXIT.findings : EXIT.ok;
}

function refusal(review: CardReview): string {
  for (const change of review.changes) {
    if (change.kind === 'revoked' && change.blocked) return change.blocked;
    if (change.kind === 'blocked') return change.message;
  }
  return 'it changed since the review; run the command again';
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
