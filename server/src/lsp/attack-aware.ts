import path from 'node:path';
import ignore from 'ignore';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Card, type Catalog, type Engine, type Finding, looksLikeSigma, MAX_CARD_CHARS, type Mention, YAML } from '../engine/index.js';
import { pathOf } from './documents.js';
import type { EditorSettings } from './editor-settings.js';

/** A file that is not a card, read for its ATT&CK mentions. */
export interface AttackAwareAnalysis {
  /** The document as the card model reads it (not a card): its text and lines, for ranges. */
  card: Card;
  format: 'markdown' | 'yaml';
  mentions: Mention[];
  findings: Finding[];
  catalog: Catalog;
}

/**
 * ATT&CK knowledge in files other than cards: Sigma rules (a YAML document with
 * top-level `detection` and `logsource`) always, and any Markdown or YAML file
 * the `huntcard.attackAwareFiles` setting names (gitignore-style patterns,
 * relative to the workspace folder). One analysis per document version.
 */
export class AttackAwareFiles {
  private readonly cache = new Map<string, { version: number; analysis: Promise<AttackAwareAnalysis | undefined> }>();

  constructor(
    private readonly engine: Engine,
    private readonly settings: EditorSettings,
    private readonly roots: () => string[],
  ) {}

  analyse(document: TextDocument, card: Card): Promise<AttackAwareAnalysis | undefined> {
    // A file longer than a card may be is not read for mentions either.
    if (card.isCard || card.text.length > MAX_CARD_CHARS) return Promise.resolve(undefined);
    const cached = this.cache.get(document.uri);
    if (cached?.version === document.version) return cached.analysis;
    const analysis = this.formatOf(document, card).then(async (format) => {
      if (!format) return undefined;
      const result = await this.engine.attackMentions(card.text, pathOf(document.uri), format);
      return { card, format, ...result };
    });
    const entry = { version: document.version, analysis };
    this.cache.set(document.uri, entry);
    // A failure forgets this version's entry only, never a newer one's.
    analysis.catch(() => this.cache.get(document.uri) === entry && this.cache.delete(document.uri));
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }

  private async formatOf(document: TextDocument, card: Card): Promise<'markdown' | 'yaml' | undefined> {
    const yaml = document.languageId === 'yaml' || YAML.test(document.uri);
    if (yaml && looksLikeSigma(card.text)) return 'yaml';
    const patterns = await this.settings.attackAwareFiles(document.uri);
    const file = pathOf(document.uri);
    if (patterns.length === 0 || !file) return undefined;
    const root = this.roots().find((r) => file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
    const relative = path
      .relative(root ?? path.dirname(file), file)
      .split(path.sep)
      .join('/');
    if (!ignore().add(patterns).ignores(relative)) return undefined;
    return yaml ? 'yaml' : 'markdown';
  }
}
