import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  cardLink,
  coverageCsv,
  coverageJson,
  coverageMatrix,
  coverageText,
  focusCsv,
  focusJson,
  focusLayer,
  focusSummary,
  focusText,
  heatmapHtml,
  navigatorLayer,
  repositoryRoot,
  skippedLinksNote,
  writeOutputFile,
} from '../../engine/index.js';
import { addConfigOptions, addDatasetOptions, type EngineFlags, engineFor } from '../dataset-options.js';
import { displayPath } from '../display-path.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field, plural, safeJsonText, terminalText } from '../terminal.js';

interface CoverageFlags extends EngineFlags {
  format?: Format;
  output?: string;
  linkBase?: string;
  name?: string;
  actor?: string[];
  overlay?: string;
}

type Format = 'text' | 'layer' | 'csv' | 'json' | 'html';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Without --format, the output file's extension says it (.csv, .html, .txt; .json is the focus report,
 * or the layer without a focus); else a text table with a focus and a layer without.
 */
function formatOfOutput(output: string | undefined, focused: boolean): Format {
  const ext = output ? path.extname(output).toLowerCase() : '';
  if (ext === '.csv') return 'csv';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.txt') return 'text';
  if (ext === '.json') return focused ? 'json' : 'layer';
  return focused ? 'text' : 'layer';
}

export function registerCoverage(program: Command, io: Io, version: string): void {
  addConfigOptions(
    addDatasetOptions(
      program
        .command('coverage')
        .description('an HTML heatmap, a Navigator layer, CSV/JSON or a text table of what a card collection covers (with --actor or --overlay: what it lacks)')
        .argument('<dirs...>', 'folders (or files) of hunt cards')
        .addOption(
          new Option(
            '--format <format>',
            "text: a table; layer: Navigator layer; csv, json: one row per card (per technique with a focus); html: a self-contained heatmap of the matrix (default: from -o's extension, .csv .html .txt .json; else layer, or text with --actor/--overlay)",
          ).choices(['text', 'layer', 'csv', 'json', 'html']),
        )
        .option('--actor <id or name>', 'focus on the techniques a group, campaign or software uses: ATT&CK ID, name or alias, any case (repeat for several)', collect)
        .option('--overlay <layer.json>', 'focus on the techniques a Navigator layer annotates (CTI, detections, a red-team plan)')
        .option('-o, --output <file>', 'write here instead of stdout')
        .option(
          '--link-base <url>',
          'link cards under this URL, by their path from the repository root (e.g. https://github.com/org/repo/blob/main), instead of file:// URLs (layer) or relative paths (html)',
        )
        .option('--name <name>', 'layer or page name'),
    ),
  ).action(async (dirs: string[], flags: CoverageFlags) => {
    const actors = flags.actor ?? [];
    if (actors.length > 0 && flags.overlay) throw new CliError('Give --actor or --overlay, not both: each is a focus of its own.');
    // The collection's data and domain are those of the first folder's settings (its .huntcard.json, or --config).
    const engine = engineFor(flags, io.warn);
    const { report, missing, problems, links } = await engine.collection(dirs, flags.domain);
    if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
    for (const problem of problems) io.warn(problem);
    if (links.length) io.info(skippedLinksNote(links, (f) => displayPath(f)));
    const focus =
      actors.length > 0 ? await engine.focus(report, { actors }) : flags.overlay ? await engine.focus(report, { layerFile: path.resolve(flags.overlay), display: flags.overlay }) : undefined;
    const format = flags.format ?? formatOfOutput(flags.output, focus !== undefined);
    // --link-base is a repository's web view: cards are linked by their path from the repository's root.
    const root = repositoryRoot(path.resolve(dirs[0]!)) ?? path.resolve(dirs[0]!);
    const linkOptions = { ...(flags.linkBase ? { linkBase: flags.linkBase } : {}), root };
    const layerOptions = { ...(flags.name ? { name: flags.name } : {}), ...linkOptions, generator: `huntcard ${version}` };
    const html = () =>
      heatmapHtml(coverageMatrix(report, focus), {
        title: flags.name ?? (focus ? `Hunt card gaps: ${focus.focus.label}` : `Hunt card coverage: ${report.dataset.label}`),
        ...(focus ? { summary: focusSummary(focus) } : {}),
        cardHref: (file) => cardLink(file, { ...linkOptions, from: flags.output ? path.dirname(path.resolve(flags.output)) : process.cwd() }),
      });
    const output = focus
      ? {
          text: () => focusText(focus, { display: displayPath }),
          csv: () => focusCsv(focus),
          json: () => focusJson(focus),
          html,
          layer: () => `${JSON.stringify(focusLayer(focus, layerOptions), null, 2)}\n`,
        }[format]()
      : { text: () => coverageText(report), csv: () => coverageCsv(report), json: () => coverageJson(report), html, layer: () => `${JSON.stringify(navigatorLayer(report, layerOptions), null, 2)}\n` }[
          format
        ]();
    if (flags.output) await writeOutputFile(path.resolve(flags.output), output, { report: true });
    else io.out(format === 'json' || format === 'layer' ? safeJsonText(output) : terminalText(output));
    for (const f of report.findings)
      io.warn(`${field(displayPath(f.file))}: ${f.severity} ${f.rule}: ${field(f.message)}${f.related?.length ? ` (see ${f.related.map((r) => field(displayPath(r))).join(', ')})` : ''}`);
    const levels = [1, 2, 3].map((m) => [...report.covered.values()].filter((c) => c.maturity === m).length);
    io.info(
      focus
        ? `${plural(focus.counts.techniques, 'technique')} in focus, ${plural(focus.counts.gaps, 'gap')}${flags.output ? `; wrote ${flags.output}` : ''}`
        : `${plural(report.cards.length, 'card')} ${report.cards.length === 1 ? 'covers' : 'cover'} ${plural(report.covered.size, 'technique')} of ${report.dataset.label} (maturity 1: ${levels[0]}, 2: ${levels[1]}, 3: ${levels[2]})${report.detections.size ? `; Sigma rules tag ${plural(report.detections.size, 'technique')}` : ''}${flags.output ? `; wrote ${flags.output}` : ''}`,
    );
    io.exitCode = problems.length > 0 ? EXIT.usage : report.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
  });
}
