import path from 'node:path';
import { readCardFile } from '../engine/card/card-file.js';
import { HuntCardError } from '../engine/errors.js';
import { checkCard } from '../engine/rules/check-card.js';
import { CardSettings, type SettingsFlags } from './card-settings.js';
import { type FileFinding, placeFinding } from './report/file-finding.js';
import { displayPath } from './display-path.js';

export type CheckFlags = SettingsFlags;

export interface FileResult {
  file: string;
  isCard: boolean;
  findings: FileFinding[];
  /** Why the file could not be read or checked (it is then neither a card nor skipped). */
  error?: string;
}

export interface CheckBatch {
  results: FileResult[];
  warnings: string[];
}

/** Checks a list of files in this thread; used directly and by each worker of a parallel check. */
export async function checkFiles(files: string[], flags: CheckFlags): Promise<CheckBatch> {
  const warnings: string[] = [];
  const settings = new CardSettings(flags, (w) => warnings.push(w));
  const results: FileResult[] = [];
  for (const file of files) {
    const display = displayPath(file);
    try {
      const { card } = await readCardFile(file, display);
      if (!card.isCard) {
        results.push({ file, isCard: false, findings: [] });
        continue;
      }
      const config = settings.config(file);
      const catalog = await settings.catalog(file);
      const findings = checkCard(card, catalog, {
        severities: config.rules,
        onRuleError: (rule, error) => warnings.push(`rule ${rule.id} failed on ${display} and was skipped: ${(error as Error).message}`),
      });
      results.push({ file, isCard: true, findings: findings.map((f) => placeFinding(display, card, f)) });
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      results.push({ file, isCard: false, findings: [], error: error.describe() });
    }
  }
  return { results, warnings };
}
