import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseCard } from '../../engine/card/parse-card.js';
import { findMarkdownFiles } from '../../engine/fs/find-markdown.js';
import { checkCard } from '../../engine/rules/check-card.js';
import { CardSettings } from '../card-settings.js';
import { addDatasetOptions, type DatasetFlags } from '../dataset-options.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { type FileFinding, placeFinding } from '../report/file-finding.js';
import { toSarif } from '../report/sarif.js';

interface CheckFlags extends DatasetFlags {
  format: 'text' | 'json' | 'sarif';
  config?: string;
}

export function registerCheck(program: Command, io: Io, version: string): void {
  addDatasetOptions(
    program
      .command('check')
      .description('check hunt cards: missing sections, placeholders, unknown or revoked techniques, dangling references, ...')
      .argument('<paths...>', 'card files or folders (folders are walked, honouring .gitignore)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
      .option('--config <file>', 'config file (default: the nearest .huntcard.json above each card)'),
  ).action(async (paths: string[], flags: CheckFlags) => {
    io.exitCode = await runCheck(paths, flags, io, version);
  });
}

async function runCheck(paths: string[], flags: CheckFlags, io: Io, version: string): Promise<number> {
  const { files, missing } = await findMarkdownFiles(paths);
  if (missing.length > 0) throw new CliError(`No such file or folder: ${missing.join(', ')}`);
  const settings = new CardSettings(flags, io.warn);
  const findings: FileFinding[] = [];
  let cards = 0;
  let skipped = 0;
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    const display = path.relative(process.cwd(), file) || file;
    const card = parseCard(text, display);
    if (!card.isCard) {
      skipped++;
      continue;
    }
    cards++;
    const config = settings.config(file);
    const catalog = await settings.catalog(file);
    const results = checkCard(card, catalog, {
      severities: config.rules,
      onRuleError: (rule, error) => io.warn(`rule ${rule.id} failed on ${display} and was skipped: ${(error as Error).message}`),
    });
    findings.push(...results.map((f) => placeFinding(display, card, f)));
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  switch (flags.format) {
    case 'json':
      io.out(`${JSON.stringify({ diagnostics: findings }, null, 2)}\n`);
      break;
    case 'sarif':
      io.out(`${JSON.stringify(toSarif(findings, process.cwd(), version), null, 2)}\n`);
      break;
    default: {
      for (const f of findings) io.out(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}\n`);
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      const infos = findings.length - errors - warnings;
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      io.out(
        `\n${plural(cards, 'card')} checked, ${plural(skipped, 'file')} skipped (not hunt cards): ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}\n`,
      );
    }
  }
  return errors > 0 ? EXIT.findings : EXIT.ok;
}
