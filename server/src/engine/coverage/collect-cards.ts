import type { Catalog } from '../attack/catalog.js';
import type { Dataset } from '../attack/dataset.js';
import { describeError } from '../errors.js';
import { findMarkdownFiles } from '../fs/find-markdown.js';
import { LIMITS, readRegularFile } from '../fs/read-regular.js';
import { decodeText } from '../fs/text-encoding.js';
import { type CardSummary, summarizeCard } from './card-summary.js';
import { buildCoverage, type CoverageReport } from './collection.js';

/**
 * Reads every card under `paths` (folders walked honouring .gitignore) and builds
 * the coverage report. Files that cannot be read (or are not regular files) are
 * listed in `problems` with the reason, and the rest is still read.
 */
export async function coverageOf(paths: string[], catalog: Catalog): Promise<{ report: CoverageReport; missing: string[]; problems: string[] }> {
  const { files, missing, problems } = await findMarkdownFiles(paths);
  const cards: CardSummary[] = [];
  // Reads run 32 at a time: enough to keep the disk busy without exhausting file handles.
  for (let i = 0; i < files.length; i += 32) {
    const texts = await Promise.all(
      files.slice(i, i + 32).map((f) =>
        readRegularFile(f, LIMITS.card).then(
          ({ bytes }) => decodeText(bytes).text,
          (error: unknown) => void problems.push(describeError(error).split('\n')[0]!),
        ),
      ),
    );
    texts.forEach((text, j) => {
      const summary = text === undefined ? undefined : summarizeCard(text, files[i + j]!);
      if (summary) cards.push(summary);
    });
  }
  return { report: buildCoverage(cards, catalog), missing, problems };
}

/** The dataset a layer is drawn for: the one holding most of the covered techniques. */
export function layerDataset(report: CoverageReport, catalog: Catalog): Dataset {
  const counts = new Map<Dataset, number>();
  for (const c of report.covered.values()) counts.set(c.dataset, (counts.get(c.dataset) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? catalog.primary;
}
