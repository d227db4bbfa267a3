import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysis.js';
import type { AttackAwareFiles } from './attack-aware.js';
import { collectionDiagnostic, toDiagnostic } from './convert.js';
import { pathOf } from './documents.js';
import type { WorkspaceCollection } from './workspace-collection.js';

export const DEBOUNCE_MS = 200;

/** An open document's diagnostics: its card rules' findings, and the collection's findings about it. */
export async function documentDiagnostics(
  analyses: AnalysisCache,
  collection: WorkspaceCollection,
  document: TextDocument,
  /** Whether the editor can be told to ask again (push, or pull with refresh support): then the collection's first read is not waited for. */
  canRefresh: boolean,
  attackAware?: AttackAwareFiles,
): Promise<Diagnostic[]> {
  const analysis = await analyses.analyseCard(document);
  if (!analysis) {
    // Not a card: a Sigma rule or a file the settings make ATT&CK-aware gets its mentions checked.
    const mentions = attackAware ? await attackAware.analyse(document, await analyses.card(document)) : undefined;
    return mentions ? mentions.findings.map((f) => toDiagnostic(mentions.card, f)) : [];
  }
  const own = analysis.findings.map((f) => toDiagnostic(analysis.card, f));
  const file = pathOf(document.uri);
  // After a save or a settings change the collection is read again: wait for it rather than show stale findings.
  // The first read is not waited for (in a repository of 2,000 cards it takes a second): the card's own
  // findings show at once, and the collection's follow when it is read (onChange refreshes diagnostics).
  if (file && (collection.read || !canRefresh)) await collection.current();
  const shared = file ? collection.findings(file).map((f) => collectionDiagnostic(analysis.card, f, (other) => collection.lineOf(other))) : [];
  return [...own, ...shared];
}

/**
 * Pushes diagnostics for open documents (editors without pull diagnostics):
 * debounced after each edit, and a run whose document has changed again by the
 * time it finishes is dropped.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly compute: (document: TextDocument) => Promise<Diagnostic[]>,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly log: (text: string) => void,
  ) {}

  schedule(document: TextDocument, delay = DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        void this.publish(document);
      }, delay),
    );
  }

  async publish(document: TextDocument): Promise<void> {
    // Open documents change in place: the version computed is the one of this moment.
    const version = document.version;
    try {
      const diagnostics = await this.compute(document);
      // A newer edit wins, and so does a reopened document (it starts at version 1 again).
      if (this.current(document.uri) !== document || document.version !== version) return;
      await this.connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
    } catch (error) {
      this.log(`diagnostics for ${document.uri} failed: ${(error as Error).message}`);
    }
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
