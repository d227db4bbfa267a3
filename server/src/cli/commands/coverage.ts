import path from 'node:path';
import { Option, type Command } from 'commander';
import { cardLink, coverageCsv, coverageJson, coverageMatrix, heatmapHtml, navigatorLayer, writeOutputFile } from '../../engine/index.js';
import { addConfigOptions, addDatasetOptions, type EngineFlags, engineFor } from '../dataset-options.js';
import { displayPath } from '../display-path.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field, plural, safeJsonText, terminalText } from '../terminal.js';

interface CoverageFlags extends EngineFlags {
  format: 'layer' | 'csv' | 'json' | 'html';
  output?: string;
  linkBase?: string;
  name?: string;
}

export function registerCoverage(program: Command, io: Io, version: string): void {
  addConfigOptions(
    addDatasetOptions(
      program
        .command('coverage')
        .description('what a card collection covers: an ATT&CK Navigator layer (4.5) scored by card maturity, a CSV/JSON summary, or an HTML heatmap')
        .argument('<dirs...>', 'folders (or files) of hunt cards')
        .addOption(
          new Option('--format <format>', 'layer: Navigator layer; csv, json: one row per card; html: a self-contained heatmap of the matrix')
            .choices(['layer', 'csv', 'json', 'html'])
            .default('layer'),
        )
        .option('-o, --output <file>', 'write here instead of stdout')
        .option('--link-base <url>', 'link cards under this URL (e.g. your repository web view) instead of file:// URLs (layer) or relative paths (html)')
        .option('--name <name>', 'layer name'),
    ),
  ).action(async (dirs: string[], flags: CoverageFlags) => {
    // The collection's data and domain are those of the first folder's settings (its .huntcard.json, or --config).
    const engine = engineFor(flags, io.warn);
    const { report, missing, problems } = await engine.collection(dirs, flags.domain);
    if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
    for (const problem of problems) io.warn(problem);
    const root = path.resolve(dirs[0]!);
    const output =
      flags.format === 'csv'
        ? coverageCsv(report)
        : flags.format === 'json'
          ? coverageJson(report)
          : flags.format === 'html'
            ? heatmapHtml(coverageMatrix(report), {
                title: flags.name ?? `Hunt card coverage: ${report.dataset.label}`,
                cardHref: (file) => cardLink(file, { ...(flags.linkBase ? { linkBase: flags.linkBase } : {}), root, from: flags.output ? path.dirname(path.resolve(flags.output)) : process.cwd() }),
              })
            : `${JSON.stringify(navigatorLayer(report, { ...(flags.name ? { name: flags.name } : {}), ...(flags.linkBase ? { linkBase: flags.linkBase } : {}), root, generator: `huntcard ${version}` }), null, 2)}\n`;
    if (flags.output) await writeOutputFile(path.resolve(flags.output), output);
    else io.out(flags.format === 'csv' || flags.format === 'html' ? terminalText(output) : safeJsonText(output));
    for (const f of report.findings)
      io.warn(`${field(displayPath(f.file))}: ${f.severity} ${f.rule}: ${field(f.message)}${f.related?.length ? ` (see ${f.related.map((r) => field(displayPath(r))).join(', ')})` : ''}`);
    const levels = [1, 2, 3].map((m) => [...report.covered.values()].filter((c) => c.maturity === m).length);
    io.info(
      `${plural(report.cards.length, 'card')} ${report.cards.length === 1 ? 'covers' : 'cover'} ${plural(report.covered.size, 'technique')} of ${report.dataset.label} (maturity 1: ${levels[0]}, 2: ${levels[1]}, 3: ${levels[2]})${flags.output ? `; wrote ${flags.output}` : ''}`,
    );
    io.exitCode = problems.length > 0 ? EXIT.usage : report.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
  });
}
