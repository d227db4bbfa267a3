import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Card } from '../engine/card/card-model.js';
import type { AnalysisCache } from './analysis.js';
import { toDiagnostic } from './convert.js';

export const DEBOUNCE_MS = 200;

/**
 * Pushes diagnostics for open documents: debounced after each edit, and a run
 * whose document has changed again by the time it finishes is dropped.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly analyses: AnalysisCache,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly log: (text: string) => void,
    private readonly collection?: CollectionDiagnostics,
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
    try {
      const diagnostics = await computeDiagnostics(this.analyses, document, this.collection);
      if (this.current(document.uri)?.version !== document.version) return; // a newer edit wins
      await this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      this.log(`diagnostics for ${document.uri} failed: ${(error as Error).stack ?? error}`);
    }
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

/** Diagnostics that need more than the card itself (the workspace's other cards). */
export type CollectionDiagnostics = (card: Card, uri: string) => Promise<Diagnostic[]> | Diagnostic[];

export async function computeDiagnostics(analyses: AnalysisCache, document: TextDocument, collection?: CollectionDiagnostics): Promise<Diagnostic[]> {
  const analysis = await analyses.analyseCard(document);
  if (!analysis) return [];
  const own = analysis.findings.map((f) => toDiagnostic(analysis.card, f));
  return collection ? [...own, ...(await collection(analysis.card, document.uri))] : own;
}
