import { engineFor, type EngineFlags } from './dataset-options.js';
import { displayPath } from './display-path.js';
import { type FileFinding, placeFinding } from './report/file-finding.js';

export type CheckFlags = EngineFlags;

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
  const engine = engineFor(flags, (w) => warnings.push(w));
  const results: FileResult[] = [];
  for (const file of files) {
    const display = displayPath(file);
    const checked = await engine.checkFile(file, display);
    if (checked.error !== undefined) results.push({ file, isCard: false, findings: [], error: checked.error });
    else if (!checked.analysis) results.push({ file, isCard: false, findings: [] });
    else results.push({ file, isCard: true, findings: checked.analysis.findings.map((f) => placeFinding(display, checked.analysis!.card, f)) });
  }
  return { results, warnings };
}
