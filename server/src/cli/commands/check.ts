import { availableParallelism } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CheckFlags } from '../check-files.js';
import { type Engine, skippedLinksNote } from '../../engine/index.js';
import { checkInParallel } from '../check-parallel.js';
import { addConfigOptions, addDatasetOptions, engineFor } from '../dataset-options.js';
import { CheckCache, DEFAULT_CACHE_FILE } from '../check-cache.js';
import type { FileResult } from '../check-files.js';
import { fixCards } from '../fix-cards.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { FileFinding } from '../report/file-finding.js';
import { displayPath } from '../display-path.js';
import { toGithubAnnotations } from '../report/github.js';
import { toJunit } from '../report/junit.js';
import { toSarif } from '../report/sarif.js';
import { field, plural, safeJson } from '../terminal.js';

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('give a whole number from 1 to 64');
  return n;
}

interface CheckCommandFlags extends CheckFlags {
  format: 'text' | 'json' | 'sarif' | 'github' | 'junit';
  jobs: number;
  fix?: boolean;
  fixDryRun?: boolean;
  cache?: boolean;
  cacheLocation?: string;
}

export function registerCheck(program: Command, io: Io, version: string): void {
  addConfigOptions(
    addDatasetOptions(
      program
        .command('check')
        .description('check hunt cards: missing sections, placeholders, unknown or revoked techniques, dangling references, ...')
        .argument('<paths...>', 'card files or folders (folders are walked, honouring .gitignore)')
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'junit']).default('text'))
        .addOption(new Option('--jobs <n>', 'threads to check on').argParser(parseJobs).default(availableParallelism(), 'the number of CPU cores'))
        .addOption(new Option('--fix', "apply every problem's preferred fix (what the editor's Fix All applies), then report what is left").conflicts('fixDryRun'))
        .option('--fix-dry-run', 'print the fixes --fix would apply as a unified diff, write nothing (exit 1 if any card would change)')
        .option('--cache', 'reuse the results of cards that did not change (nor did the config, the ATT&CK data or huntcard) since the last --cache run')
        .option('--cache-location <file>', `where --cache keeps them (default: ${DEFAULT_CACHE_FILE} in the working directory)`),
    ),
  ).action(async (paths: string[], flags: CheckCommandFlags) => {
    io.exitCode = await runCheck(paths, flags, io, version);
  });
}

async function runCheck(paths: string[], flags: CheckCommandFlags, io: Io, version: string): Promise<number> {
  const engine = engineFor(flags, io.warn);
  const { files, missing, problems, links } = await engine.findMarkdown(paths);
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  for (const problem of problems) io.warn(problem);
  if (links.length) io.info(skippedLinksNote(links, (f) => displayPath(f)));
  if (flags.fixDryRun) {
    const run = await fixCards(engine, files, paths, io, true);
    if (run.failed > 0 || problems.length > 0) return EXIT.usage;
    return run.changed > 0 ? EXIT.findings : EXIT.ok;
  }
  const fixed = flags.fix ? await fixCards(engine, files, paths, io, false) : undefined;
  const { results, warnings } = flags.cache || flags.cacheLocation ? await checkWithCache(engine, files, flags, io, version) : await checkInParallel(files, flags, flags.jobs);
  for (const w of warnings) io.warn(w);
  // A file that could not be read is reported once per reason (a bad config names every card under it).
  const failed = results.filter((r) => r.error !== undefined);
  const byReason = new Map<string, string[]>();
  for (const r of failed) byReason.set(r.error!, [...(byReason.get(r.error!) ?? []), r.file]);
  for (const [reason, where] of byReason) io.warn(where.length === 1 ? reason : `${reason}\n(${plural(where.length, 'file')} not checked for this reason)`);
  const findings: FileFinding[] = results.flatMap((r) => r.findings);
  const cards = results.filter((r) => r.isCard).length;
  const skipped = results.length - cards - failed.length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  switch (flags.format) {
    case 'json':
      io.out(`${safeJson({ diagnostics: findings })}\n`);
      break;
    case 'sarif':
      io.out(`${safeJson(toSarif(findings, process.cwd(), version))}\n`);
      break;
    case 'github':
      io.out(toGithubAnnotations(findings));
      break;
    case 'junit':
      io.out(
        toJunit(
          results.filter((r) => r.isCard).map((r) => displayPath(r.file)),
          findings,
        ),
      );
      break;
    default: {
      for (const f of findings) io.out(`${field(f.file)}:${f.line}:${f.column} ${f.severity} ${f.rule} ${field(f.message)}\n`);
      const warningCount = findings.filter((f) => f.severity === 'warning').length;
      const infos = findings.length - errors - warningCount;
      const notChecked = failed.length > 0 ? `, ${plural(failed.length, 'file')} could not be checked` : '';
      io.out(
        `\n${plural(cards, 'card')} checked, ${plural(skipped, 'file')} skipped (not hunt cards)${notChecked}: ${plural(errors, 'error')}, ${plural(warningCount, 'warning')}, ${plural(infos, 'info', 'infos')}\n`,
      );
    }
  }
  if (failed.length > 0 || problems.length > 0 || (fixed?.failed ?? 0) > 0) return EXIT.usage;
  return errors > 0 ? EXIT.findings : EXIT.ok;
}

/** Cards whose cached result still holds come from the cache; the rest are checked and stored. Results keep the order of `files`. */
async function checkWithCache(engine: Engine, files: string[], flags: CheckCommandFlags, io: Io, version: string) {
  const cache = await CheckCache.open(path.resolve(flags.cacheLocation ?? DEFAULT_CACHE_FILE), version, io.warn);
  const cached = new Map<string, FileResult>();
  for (const file of files) {
    const hit = await cache.lookup(file, engine, displayPath(file));
    if (hit) cached.set(file, hit);
  }
  const fresh = await checkInParallel(
    files.filter((f) => !cached.has(f)),
    flags,
    flags.jobs,
  );
  for (const result of fresh.results) cache.store(result);
  await cache.save();
  io.info(`${plural(cache.hits, 'file')} of ${files.length} from the cache`);
  const byFile = new Map([...cached, ...fresh.results.map((r) => [r.file, r] as const)]);
  return { results: files.map((f) => byFile.get(f)!), warnings: fresh.warnings };
}
