import path from 'node:path';
import { Option, type Command } from 'commander';
import { ALL_RULES, COLLECTION_RULES, rulePublishedUrl } from '../../engine/index.js';
import { addConfigOptions, engineFor, type EngineFlags } from '../dataset-options.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { field, safeJson } from '../terminal.js';

interface RulesFlags extends EngineFlags {
  format: 'text' | 'json';
}

export function registerRules(program: Command, io: Io): void {
  addConfigOptions(
    program
      .command('rules')
      .description('list the rules: severity (the default, or what the nearest .huntcard.json sets), kind and documentation')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action(async (flags: RulesFlags) => {
    // The settings a card in the working directory would get.
    const settings = await engineFor(flags, io.warn).settings.settings(path.join(process.cwd(), '.huntcard-rules.md'));
    const collection = new Set(COLLECTION_RULES.map((r) => r.id));
    const rows = ALL_RULES.map((r) => ({
      id: r.id,
      severity: settings.severities[r.id] ?? r.defaultSeverity,
      defaultSeverity: r.defaultSeverity,
      kind: collection.has(r.id) ? 'collection' : 'card',
      /** `check --fix` applies its preferred fix. */
      autofix: 'autofix' in r && r.autofix === true,
      summary: r.summary,
      url: rulePublishedUrl(r.id),
    }));
    if (flags.format === 'json') {
      io.out(`${safeJson({ config: settings.configFile ?? null, rules: rows })}\n`);
    } else {
      const width = Math.max(...rows.map((r) => r.id.length));
      io.out(`${'rule'.padEnd(width)}  ${'severity'.padEnd(8)}  ${'default'.padEnd(8)}  ${'kind'.padEnd(10)}  ${'fix'.padEnd(5)}  what\n`);
      for (const r of rows) {
        const columns = [r.id.padEnd(width), r.severity.padEnd(8), r.defaultSeverity.padEnd(8), r.kind.padEnd(10), (r.autofix ? '--fix' : '').padEnd(5), r.summary];
        io.out(`${columns.join('  ')}\n${' '.repeat(width + 2)}${r.url}\n`);
      }
      io.out(`\n${rows.length} rules; severities from ${settings.configFile ? field(settings.configFile) : 'the defaults (no .huntcard.json found)'}.\n`);
    }
    io.exitCode = EXIT.ok;
  });
}
