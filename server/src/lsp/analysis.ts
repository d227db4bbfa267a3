import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../engine/attack/catalog.js';
import type { Card } from '../engine/card/card-model.js';
import { parseCard } from '../engine/card/parse-card.js';
import { checkCard } from '../engine/rules/check-card.js';
import type { Finding } from '../engine/rules/rule.js';
import type { SettingsStore } from './settings.js';

export interface Analysis {
  card: Card;
  catalog: Catalog;
  findings: Finding[];
}

/**
 * Parses and checks each document version once; every feature (diagnostics,
 * hover, code actions, ...) reads the same result.
 */
export class AnalysisCache {
  private readonly cards = new Map<string, { version: number; card: Card }>();
  private readonly analyses = new Map<string, { version: number; analysis: Promise<Analysis> }>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: (text: string) => void,
  ) {}

  card(document: TextDocument): Card {
    const cached = this.cards.get(document.uri);
    if (cached?.version === document.version) return cached.card;
    const card = parseCard(document.getText(), document.uri);
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
    const analysis = (async () => {
      const card = this.card(document);
      const { catalog, severities } = await this.settings.forDocument(document.uri);
      const findings = checkCard(card, catalog, {
        severities,
        onRuleError: (rule, error) => this.log(`rule ${rule.id} failed on ${document.uri} and was skipped: ${(error as Error).stack ?? error}`),
      });
      return { card, catalog, findings };
    })();
    this.analyses.set(document.uri, { version: document.version, analysis });
    analysis.catch(() => this.analyses.delete(document.uri));
    return analysis;
  }

  forget(uri: string): void {
    this.cards.delete(uri);
    this.analyses.delete(uri);
  }

  clear(): void {
    this.cards.clear();
    this.analyses.clear();
  }
}
