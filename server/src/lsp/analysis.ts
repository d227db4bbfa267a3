import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Card, Engine } from '../engine/index.js';
import type { CardParser } from './card-parser.js';
import { pathOf } from './documents.js';

export type { Analysis };

/** One version of one open document: its card, and its analysis once asked for. */
interface Entry {
  document: TextDocument;
  version: number;
  card: Promise<Card>;
  analysis?: Promise<Analysis>;
}

/**
 * Parses and checks each document version once; every feature (diagnostics,
 * hover, code actions, ...) reads the same result. Long cards are parsed off
 * the request path (CardParser), so every feature awaits its card. Open
 * documents change in place, so a request takes the entry of the version it
 * arrived with, and reads positions in that version's card, however long the
 * parse takes. A document reopened is a new document: nothing of the old one is
 * served for it.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly engine: Engine,
    private readonly parser: CardParser,
  ) {}

  card(document: TextDocument): Promise<Card> {
    return this.entry(document).card;
  }

  /** The analysis of a hunt card; other Markdown gets undefined without loading any ATT&CK data. */
  async analyseCard(document: TextDocument): Promise<Analysis | undefined> {
    const entry = this.entry(document);
    return (await entry.card).isCard ? this.analysisOf(entry) : undefined;
  }

  analyse(document: TextDocument): Promise<Analysis> {
    return this.analysisOf(this.entry(document));
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.parser.forget(uri);
  }

  /** Settings or data changed: every analysis is redone on next use (the parsed cards stay). */
  clear(): void {
    for (const entry of this.entries.values()) delete entry.analysis;
  }

  private entry(document: TextDocument): Entry {
    const cached = this.entries.get(document.uri);
    if (cached?.document === document && cached.version === document.version) return cached;
    const entry: Entry = { document, version: document.version, card: this.parser.parse(document.getText(), document.uri) };
    this.entries.set(document.uri, entry);
    entry.card.catch(() => {
      if (this.entries.get(document.uri) === entry) this.entries.delete(document.uri);
    });
    return entry;
  }

  private analysisOf(entry: Entry): Promise<Analysis> {
    if (!entry.analysis) {
      const analysis = entry.card.then((card) => this.engine.analyse(card, pathOf(entry.document.uri)));
      entry.analysis = analysis;
      analysis.catch(() => {
        if (entry.analysis === analysis) delete entry.analysis;
      });
    }
    return entry.analysis;
  }
}
