import path from 'node:path';
import type { WorkspaceSymbol } from 'vscode-languageserver/node';
import { SymbolKind } from 'vscode-languageserver/node';
import type { CardSummary, CollectionFinding, Engine } from '../engine/index.js';
import { uriOf } from './documents.js';

/**
 * The workspace's card collection as the engine reads it (disk overlaid with open
 * buffers): collection findings per card (duplicate-card and the rest of the
 * registry's collection rules) and workspace symbols. Read in the background,
 * again after files change (one scan at a time, one more queued); `onChange`
 * fires when the findings changed, so diagnostics can be refreshed.
 */
export class WorkspaceCollection {
  private summaries: CardSummary[] = [];
  private byFile = new Map<string, CollectionFinding[]>();
  private scanning?: Promise<void>;
  private again = false;
  private scanned = false;

  constructor(
    private readonly engine: Engine,
    private readonly roots: () => string[],
    private readonly onChange: () => void,
    private readonly log: (text: string) => void,
  ) {}

  /** Files changed, or settings: read the collection again. */
  invalidate(): void {
    if (this.scanning) this.again = true;
    else this.scan();
  }

  /** The collection findings of one card (from the last scan; the first call starts one). */
  findings(file: string): CollectionFinding[] {
    if (!this.scanned) this.invalidate();
    return this.byFile.get(file) ?? [];
  }

  /** Whether a scan is under way (or queued). */
  get busy(): boolean {
    return this.scanning !== undefined;
  }

  /** Whether a card of the last scan lies under this folder. */
  holdsUnder(folder: string): boolean {
    const prefix = folder + path.sep;
    return this.summaries.some((s) => s.file.startsWith(prefix));
  }

  /** Zero-based line of a card's title (0 when the card is not known). */
  lineOf(file: string): number {
    return this.summaries.find((s) => s.file === file)?.line ?? 0;
  }

  /** Whether the collection has been read at least once (until then, no card has collection findings). */
  get read(): boolean {
    return this.scanned;
  }

  /** Waits for the scan under way (tests and commands that need current data). */
  async current(): Promise<void> {
    if (!this.scanned && !this.scanning) this.scan();
    // Wait for the scan under way and any queued after it. Never loop on a scan
    // that has settled: awaiting a settled promise only yields a microtask, and such
    // a loop would starve the event loop (stdin's end included) forever.
    for (let scan = this.scanning; scan; scan = this.scanning === scan ? undefined : this.scanning) await scan;
  }

  async symbols(query: string): Promise<WorkspaceSymbol[]> {
    await this.current();
    const needle = query.toLowerCase();
    return this.summaries
      .filter((card) => !needle || `${card.id} ${card.name}`.toLowerCase().includes(needle))
      .map((card) => ({
        name: `${card.id} ${card.name}`,
        kind: SymbolKind.File,
        location: { uri: uriOf(card.file), range: { start: { line: card.line, character: 0 }, end: { line: card.line, character: 0 } } },
      }));
  }

  private scan(): void {
    this.scanning = (async () => {
      // Start after `scanning` is set: a scan that finishes without waiting would otherwise clear it first.
      await Promise.resolve();
      try {
        const roots = this.roots();
        const { summaries, report } = roots.length ? await this.engine.collection(roots, undefined, { detections: false }) : { summaries: [], report: { findings: [] } };
        const byFile = new Map<string, CollectionFinding[]>();
        for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
        const changed = JSON.stringify([...byFile].sort()) !== JSON.stringify([...this.byFile].sort());
        this.summaries = summaries;
        this.byFile = byFile;
        this.scanned = true;
        if (changed) this.onChange();
      } catch (error) {
        this.log(`reading the workspace's cards failed: ${(error as Error).message}`);
        this.scanned = true;
      } finally {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          this.scan();
        }
      }
    })();
  }
}
