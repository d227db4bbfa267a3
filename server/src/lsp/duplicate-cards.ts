import type { Diagnostic } from 'vscode-languageserver/node';
import type { Card } from '../engine/card/card-model.js';
import type { SeveritySetting } from '../engine/rules/rule.js';
import { toDiagnostic } from './convert.js';
import type { WorkspaceCard, WorkspaceCards } from './workspace-symbols.js';

/** How long a workspace scan is trusted before the next diagnostics run starts a new one. */
const FRESH_MS = 3000;

/**
 * The duplicate-card collection rule in the editor: another card on disk for the
 * same technique. The workspace is scanned in the background (never while a
 * diagnostics run waits); when a scan changes which technique has several
 * cards, `onChange` asks for open documents to be checked again.
 */
export class DuplicateCards {
  private byId = new Map<string, WorkspaceCard[]>();
  private scannedAt = 0;
  private scanning?: Promise<void>;
  /** A change arrived while a scan was running: that scan may have missed it. */
  private again = false;

  constructor(
    private readonly cards: WorkspaceCards,
    private readonly onChange: () => void,
    private readonly log: (text: string) => void,
  ) {}

  /** A Markdown file was saved, created or deleted: scan again now. */
  invalidate(): void {
    this.scannedAt = 0;
    if (this.scanning) this.again = true;
    else this.rescan();
  }

  diagnostics(card: Card, uri: string, severity: SeveritySetting | undefined): Diagnostic[] {
    if (Date.now() - this.scannedAt > FRESH_MS) this.rescan();
    if (!card.title || severity === 'off') return [];
    const others = (this.byId.get(card.title.id) ?? []).filter((other) => other.uri !== uri);
    if (others.length === 0) return [];
    const id = card.title.id;
    const diagnostic = toDiagnostic(card, {
      rule: 'duplicate-card',
      severity: severity ?? 'warning',
      span: card.title.idSpan,
      message: `${id} also has ${others.length === 1 ? 'a card' : `${others.length} cards`} in this workspace; merge them so the team works from one.`,
    });
    const at = (line: number) => ({ line, character: 0 });
    diagnostic.relatedInformation = others.map((o) => ({ location: { uri: o.uri, range: { start: at(o.line), end: at(o.line) } }, message: `another card for ${id}` }));
    return [diagnostic];
  }

  private rescan(): void {
    this.scanning ??= (async () => {
      try {
        const byId = new Map<string, WorkspaceCard[]>();
        for (const card of await this.cards.all()) byId.set(card.id, [...(byId.get(card.id) ?? []), card]);
        const shared = (m: Map<string, WorkspaceCard[]>) => JSON.stringify([...m].filter(([, v]) => v.length > 1).map(([k, v]) => [k, v.map((c) => c.uri)]).sort());
        const changed = shared(this.byId) !== shared(byId);
        this.byId = byId;
        this.scannedAt = Date.now();
        if (changed) this.onChange();
      } catch (error) {
        this.log(`workspace scan for duplicate cards failed: ${(error as Error).message}`);
      } finally {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          this.rescan();
        }
      }
    })();
  }
}
