import { promises as fs } from 'node:fs';
import type { Catalog } from '../attack/catalog.js';
import type { Dataset } from '../attack/dataset.js';
import { findMarkdownFiles } from '../fs/find-markdown.js';
import { type CardSummary, summarizeCard } from './card-summary.js';
import { buildCoverage, type CoverageReport } from './collection.js';

/** Reads every card under `paths` (folders walked honouring .gitignore) and builds the coverage report. */
export async function coverageOf(paths: string[], catalog: Catalog): Promise<{ report: CoverageReport; missing: string[]; unreadable: string[] }> {
  const { files, missing } = await findMarkdownFiles(paths);
  const unreadable: string[] = [];
  const cards: CardSummary[] = [];
  // Reads run 32 at a time: enough to keep the disk busy without exhausting file handles.
  for (let i = 0; i < files.length; i += 32) {
    const texts = await Promise.all(files.slice(i, i + 32).map((f) => fs.readFile(f, 'utf8').catch(() => (unreadable.push(f), undefined))));
    texts.forEach((text, j) => {
      const summary = text === undefined ? undefined : summarizeCard(text, files[i + j]!);
      if (summary) cards.push(summary);
    });
  }
  return { report: buildCoverage(cards, catalog), missing, unreadable };
}

/** The dataset a layer is drawn for: the one holding most of the covered techniques. */
export function layerDataset(report: CoverageReport, catalog: Catalog): Dataset {
  const counts = new Map<Dataset, number>();
  for (const c of report.covered.values()) counts.set(c.dataset, (counts.get(c.dataset) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? catalog.primary;
}
