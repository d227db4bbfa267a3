import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Card } from '../engine/card/card-model.js';
import { ruleDocUrl } from '../engine/rules/check-card.js';
import type { SeveritySetting } from '../engine/rules/rule.js';
import { toRange } from './convert.js';
import type { WorkspaceCards } from './workspace-symbols.js';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** How long a workspace scan is trusted before the next diagnostics run starts a new one. */
const FRESH_MS = 3000;

/**
 * The duplicate-card collection rule in the editor: another card on disk for the
 * same technique. The workspace is scanned in the background (never while a
 * diagnostics run waits); when a scan changes what is known, `onChange` asks
 * for open documents to be checked again.
 */
export class DuplicateCards {
  private byId = new Map<string, string[]>();
  private scannedAt = 0;
  private scanning?: Promise<void>;

  constructor(
    private readonly cards: WorkspaceCards,
    private readonly onChange: () => void,
    private readonly log: (text: string) => void,
  ) {}

  /** Marks the index stale (a Markdown file was saved, created or deleted). */
  invalidate(): void {
    this.scannedAt = 0;
  }

  diagnostics(card: Card, uri: string, severity: SeveritySetting | undefined): Diagnostic[] {
    if (Date.now() - this.scannedAt > FRESH_MS) this.rescan();
    if (!card.title || severity === 'off') return [];
    const others = (this.byId.get(card.title.id) ?? []).filter((other) => other !== uri);
    if (others.length === 0) return [];
    return [
      {
        range: toRange(card, card.title.idSpan),
        severity: SEVERITY[severity ?? 'warning'],
        code: 'duplicate-card',
        codeDescription: { href: ruleDocUrl('duplicate-card') },
        source: 'huntcard',
        message: `${card.title.id} also has ${others.length === 1 ? 'a card' : `${others.length} cards`} in this workspace; merge them so the team works from one.`,
        relatedInformation: others.map((uri) => ({ location: { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: `another card for ${card.title!.id}` })),
      },
    ];
  }

  private rescan(): void {
    this.scanning ??= (async () => {
      try {
        const byId = new Map<string, string[]>();
        for (const symbol of await this.cards.symbols('')) {
          const id = symbol.name.split(' ')[0]!;
          byId.set(id, [...(byId.get(id) ?? []), (symbol.location as { uri: string }).uri]);
        }
        const before = JSON.stringify([...this.byId].filter(([, v]) => v.length > 1).sort());
        const after = JSON.stringify([...byId].filter(([, v]) => v.length > 1).sort());
        this.byId = byId;
        this.scannedAt = Date.now();
        if (before !== after) this.onChange();
      } catch (error) {
        this.log(`workspace scan for duplicate cards failed: ${(error as Error).message}`);
      } finally {
        this.scanning = undefined;
      }
    })();
  }
}
