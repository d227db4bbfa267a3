import type { Catalog } from '../attack/query/catalog.js';
import type { Domain } from '../attack/query/model.js';
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
export async function coverageOf(paths: string[], catalog: Catalog, domain?: Domain): Promise<{ report: CoverageReport; missing: string[]; problems: string[] }> {
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
  return { report: buildCoverage(cards, catalog, domain), missing, problems };
}
