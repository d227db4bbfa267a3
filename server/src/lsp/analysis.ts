import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Card, Engine } from '../engine/index.js';
import type { CardParser } from './card-parser.js';
import { pathOf } from './documents.js';

export type { Analysis };

/**
 * Parses and checks each document version once; every feature (diagnostics,
 * hover, code actions, ...) reads the same result. Long cards are parsed off
 * the request path (CardParser), so every feature awaits its card.
 */
export class AnalysisCache {
  private readonly cards = new Map<string, { version: number; card: Promise<Card> }>();
  private readonly analyses = new Map<string, { version: number; analysis: Promise<Analysis> }>();

  constructor(
    private readonly engine: Engine,
    private readonly parser: CardParser,
  ) {}

  card(document: TextDocument): Promise<Card> {
    const cached = this.cards.get(document.uri);
    if (cached?.version === document.version) return cached.card;
    const card = this.parser.parse(document.getText(), document.uri);
    this.cards.set(document.uri, { version: document.version, card });
    card.catch(() => {
      if (this.cards.get(document.uri)?.card === card) this.cards.delete(document.uri);
    });
    return card;
  }

  /** The analysis of a hunt card; other Markdown gets undefined without loading any ATT&CK data. */
  async analyseCard(document: TextDocument): Promise<Analysis | undefined> {
    return (await this.card(document)).isCard ? this.analyse(document) : undefined;
  }

  analyse(document: TextDocument): Promise<Analysis> {
    const cached = this.analyses.get(document.uri);
    if (cached?.version === document.version) return cached.analysis;
    const analysis = this.card(document).then((card) => this.engine.analyse(card, pathOf(document.uri)));
    this.analyses.set(document.uri, { version: document.version, analysis });
    analysis.catch(() => {
      if (this.analyses.get(document.uri)?.analysis === analysis) this.analyses.delete(document.uri);
    });
    return analysis;
  }

  forget(uri: string): void {
    this.cards.delete(uri);
    this.analyses.delete(uri);
    this.parser.forget(uri);
  }

  /** Settings or data changed: every analysis is redone on next use (the parsed cards stay). */
  clear(): void {
    this.analyses.clear();
  }
}
