import path from 'node:path';
import { Option, type Command } from 'commander';
import { coverageOf, layerDataset } from '../../engine/coverage/collect-cards.js';
import { heatmapHtml } from '../../engine/coverage/heatmap-html.js';
import { coverageMatrix } from '../../engine/coverage/matrix.js';
import { navigatorLayer } from '../../engine/coverage/navigator-layer.js';
import { coverageCsv, coverageJson } from '../../engine/coverage/summary-formats.js';
import { writeOutputFile } from '../../engine/fs/write-output.js';
import { addDatasetOptions, catalogFor, type DatasetFlags } from '../dataset-options.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field, safeJsonText, terminalText } from '../terminal.js';

interface CoverageFlags extends DatasetFlags {
  format: 'layer' | 'csv' | 'json' | 'html';
  output?: string;
  linkBase?: string;
  name?: string;
}

export function registerCoverage(program: Command, io: Io, version: string): void {
  addDatasetOptions(
    program
      .command('coverage')
      .description('what a card collection covers: an ATT&CK Navigator layer (4.5) scored by card maturity, or a CSV/JSON summary')
      .argument('<dirs...>', 'folders (or files) of hunt cards')
      .addOption(new Option('--format <format>', 'layer: Navigator layer; csv, json: one row per card; html: a self-contained heatmap of the matrix').choices(['layer', 'csv', 'json', 'html']).default('layer'))
      .option('-o, --output <file>', 'write here instead of stdout')
      .option('--link-base <url>', 'link cards under this URL (e.g. your repository web view) instead of file:// URLs')
      .option('--name <name>', 'layer name'),
  ).action(async (dirs: string[], flags: CoverageFlags) => {
    const catalog = await catalogFor(flags, io.warn);
    const { report, missing, problems } = await coverageOf(dirs, catalog);
    if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
    for (const problem of problems) io.warn(problem);
    const dataset = flags.domain ? (catalog.datasets.find((d) => d.meta.domain === flags.domain) ?? catalog.primary) : layerDataset(report, catalog);
    const output =
      flags.format === 'csv'
        ? coverageCsv(report)
        : flags.format === 'json'
          ? coverageJson(report, dataset)
          : flags.format === 'html'
            ? heatmapHtml(coverageMatrix(report, dataset), { title: flags.name ?? `Hunt card coverage: ${dataset.label}` })
          : `${JSON.stringify(navigatorLayer(report, dataset, { ...(flags.name ? { name: flags.name } : {}), ...(flags.linkBase ? { linkBase: flags.linkBase } : {}), root: path.resolve(dirs[0]!), generator: `huntcard ${version}` }), null, 2)}\n`;
    if (flags.output) await writeOutputFile(path.resolve(flags.output), output);
    else io.out(flags.format === 'csv' || flags.format === 'html' ? terminalText(output) : safeJsonText(output));
    for (const f of report.findings) io.warn(`${field(path.relative(process.cwd(), f.file) || f.file)}: ${f.severity} ${f.rule}: ${field(f.message)}`);
    const levels = [1, 2, 3].map((m) => [...report.covered.values()].filter((c) => c.maturity === m).length);
    io.info(`${report.cards.length} cards cover ${report.covered.size} techniques of ${dataset.label} (maturity 1: ${levels[0]}, 2: ${levels[1]}, 3: ${levels[2]})${flags.output ? `; wrote ${flags.output}` : ''}`);
    io.exitCode = problems.length > 0 ? EXIT.usage : report.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
  });
}
