import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Card, Engine } from '../engine/index.js';
import { pathOf } from './documents.js';

export type { Analysis };

/**
 * Parses and checks each document version once; every feature (diagnostics,
 * hover, code actions, ...) reads the same result.
 */
export class AnalysisCache {
  private readonly cards = new Map<string, { version: number; card: Card }>();
  private readonly analyses = new Map<string, { version: number; analysis: Promise<Analysis> }>();

  constructor(private readonly engine: Engine) {}

  card(document: TextDocument): Card {
    const cached = this.cards.get(document.uri);
    if (cached?.version === document.version) return cached.card;
    const card = this.engine.parse(document.getText(), document.uri);
    this.cards.set(document.uri, { version: document.version, card });
    return card;
  }

  /** The analysis of a hunt card; other Markdown gets undefined without loading any ATT&CK data. */
  analyseCard(document: TextDocument): Promise<Analysis | undefined> {
    return this.card(document).isCard ? this.analyse(document) : Promise.resolve(undefined);
  }

  analyse(document: TextDocument): Promise<Analysis> {
    const cached = this.analyses.get(document.uri);
    if (cached?.version === document.version) return cached.analysis;
    const analysis = this.engine.analyse(this.card(document), pathOf(document.uri));
    this.analyses.set(document.uri, { version: document.version, analysis });
    analysis.catch(() => this.analyses.delete(document.uri));
    return analysis;
  }

  forget(uri: string): void {
    this.cards.delete(uri);
    this.analyses.delete(uri);
  }

  /** Settings or data changed: every analysis is redone on next use (the parsed cards stay). */
  clear(): void {
    this.analyses.clear();
  }
}
