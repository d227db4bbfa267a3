import path from 'node:path';
import * as vscode from 'vscode';
import { MATURITY_LABELS as MATURITY_TEXT } from '../../../server/src/protocol.js';
import type { CoverageData, MatrixCell, ServerApi } from '../server-api.js';
import type { FolderEvent } from '../folder-events.js';
import type { CoverageFocusState } from './coverage-focus.js';

type Column = CoverageData['matrix'][number];
export type CoverageNode =
  | { kind: 'tactic'; column: Column }
  | { kind: 'technique'; cell: MatrixCell; tactic: string; subs: MatrixCell[] }
  | { kind: 'card'; card: MatrixCell['cards'][number] }
  | { kind: 'rule'; rule: NonNullable<MatrixCell['detections']>[number] }
  | { kind: 'message'; text: string; tooltip?: string; icon?: string };

const MATURITY_ICON: Record<1 | 2 | 3, vscode.ThemeIcon> = {
  1: new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('charts.red')),
  // Amber in every theme, as in the heatmap and the layer (charts.yellow reads as olive in light themes).
  2: new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('charts.orange')),
  3: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
};

/**
 * The "ATT&CK Coverage" view: tactic → technique → card. Techniques without a
 * card are listed too, with New Hunt Card inline. Data comes from the server
 * (huntcard.coverage) the first time the view shows, and again whenever a
 * Markdown file in the workspace changes or the focus does. With a focus
 * (threat actors, a layer), the view lists only its techniques, most used
 * first, under a line that counts the gaps.
 */
export class CoverageTree implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CoverageNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private data?: Promise<CoverageData>;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown,yml,yaml}');

  private readonly focusListener: vscode.Disposable;

  constructor(
    private readonly api: ServerApi,
    private readonly ready: Promise<void>,
    private readonly focus: CoverageFocusState,
  ) {
    for (const event of [this.watcher.onDidChange, this.watcher.onDidCreate, this.watcher.onDidDelete]) event(() => this.refreshSoon());
    this.focusListener = focus.onDidChange(() => this.refresh());
  }

  /** Re-reads the workspace after a short pause, so a burst of saves costs one pass. */
  refreshSoon(delayMs = 500): void {
    if (!this.data) return; // never shown yet: nothing to update
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delayMs);
  }

  /** A folder appeared (its files may have gone unreported), or a path went that may have held cards or rules. */
  async foldersChanged(events: FolderEvent[]): Promise<void> {
    if (events.some((e) => e.kind === 'created')) return this.refreshSoon();
    const data = await this.data?.catch(() => undefined);
    const files = data?.matrix.flatMap((c) => c.techniques.flatMap((t) => [...t.cards.map((k) => k.file), ...(t.detections ?? []).map((r) => r.file)])) ?? [];
    const held = events.some((e) => files.some((file) => file.startsWith(e.uri.fsPath + path.sep)));
    if (held) this.refreshSoon();
  }

  refresh(): void {
    this.data = undefined;
    this.changed.fire(undefined);
  }

  /** The current coverage, loading it if needed (for tests and the heatmap). */
  load(): Promise<CoverageData> {
    const focus = this.focus.current;
    this.data ??= this.ready.then(() => this.api.run('huntcard.coverage', focus ? { focus } : {}));
    this.data.catch(() => (this.data = undefined));
    return this.data;
  }

  async getChildren(node?: CoverageNode): Promise<CoverageNode[]> {
    if (!node) {
      try {
        const data = await this.load();
        if (!data.focus) return data.matrix.map((column) => ({ kind: 'tactic', column }));
        const { label, techniques, gaps, notes } = data.focus;
        const headline: CoverageNode = {
          kind: 'message',
          text: `${label}: ${gaps} of ${techniques} techniques have no card`,
          tooltip: [`Focus: ${label}`, `${techniques} techniques, ${gaps} without a card (gaps)`, ...notes].join('\n'),
          icon: 'filter',
        };
        const columns = data.matrix.filter((column) => column.techniques.some((t) => t.focus)).map((column): CoverageNode => ({ kind: 'tactic', column }));
        return [headline, ...columns];
      } catch (error) {
        return [{ kind: 'message', text: (error as Error).message }];
      }
    }
    if (node.kind === 'tactic') {
      // Covered techniques first, then the gaps, each in ID order; in a focus, only its techniques, in its order.
      // Sub-techniques nest under their parent.
      const focused = node.column.techniques.filter((t) => t.focus);
      const shown = focused.length ? focused : node.column.techniques;
      const ids = new Set(shown.map((t) => t.id));
      const subsOf = new Map<string, MatrixCell[]>();
      for (const t of shown) if (t.parentId && ids.has(t.parentId)) subsOf.set(t.parentId, [...(subsOf.get(t.parentId) ?? []), t]);
      const best = (t: MatrixCell) => Math.max(t.maturity ?? 0, ...(subsOf.get(t.id) ?? []).map((s) => s.maturity ?? 0));
      const order = (a: MatrixCell, b: MatrixCell) => (focused.length ? a.focus!.rank - b.focus!.rank : best(b) - best(a) || a.id.localeCompare(b.id));
      const tactic = node.column.tactic.shortname;
      return shown
        .filter((t) => !t.parentId || !ids.has(t.parentId))
        .sort(order)
        .map((cell) => ({ kind: 'technique', cell, tactic, subs: [...(subsOf.get(cell.id) ?? [])].sort(order) }));
    }
    if (node.kind === 'technique')
      return [
        ...node.subs.map((cell): CoverageNode => ({ kind: 'technique', cell, tactic: node.tactic, subs: [] })),
        ...node.cell.cards.map((card): CoverageNode => ({ kind: 'card', card })),
        ...(node.cell.detections ?? []).map((rule): CoverageNode => ({ kind: 'rule', rule })),
      ];
    return [];
  }

  getTreeItem(node: CoverageNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        if (node.tooltip) item.tooltip = node.tooltip;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'message';
        return item;
      }
      case 'tactic': {
        const focused = node.column.techniques.filter((t) => t.focus);
        const shown = focused.length ? focused : node.column.techniques;
        const covered = shown.filter((t) => t.maturity).length;
        const item = new vscode.TreeItem(node.column.tactic.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = focused.length ? `${shown.length - covered} gaps of ${shown.length}` : `${covered}/${shown.length}`;
        item.id = `tactic/${node.column.tactic.shortname}`;
        item.contextValue = 'tactic';
        return item;
      }
      case 'technique': {
        const { cell } = node;
        const rules = cell.detections?.length ?? 0;
        const item = new vscode.TreeItem(`${cell.id} ${cell.name}`, cell.cards.length || rules || node.subs.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `technique/${node.tactic}/${cell.id}`;
        item.iconPath = cell.maturity ? MATURITY_ICON[cell.maturity] : new vscode.ThemeIcon('dash');
        const status = cell.maturity ? MATURITY_TEXT[cell.maturity] : cell.focus?.direct ? 'gap: no card' : 'no card';
        // Hunted (the card's maturity) and detected (Sigma rules tagged with the technique), side by side.
        const detected = rules ? `${rules} Sigma rule${rules === 1 ? '' : 's'}` : cell.nextDetection ? 'validated, no detection yet' : '';
        const subs = node.subs.length ? `${node.subs.filter((s) => s.maturity).length}/${node.subs.length} sub-techniques` : '';
        item.description = [status, subs, detected, cell.focus?.reason].filter(Boolean).join(' · ');
        item.contextValue = cell.maturity ? 'technique-covered' : 'technique-uncovered';
        item.tooltip = `${cell.id} ${cell.name}: ${cell.maturity ? `${cell.cards.length} card(s), best ${MATURITY_TEXT[cell.maturity]}` : 'no card yet'}${cell.focus ? `\n#${cell.focus.rank} in the focus: ${cell.focus.reason}` : ''}`;
        return item;
      }
      case 'rule': {
        const uri = vscode.Uri.file(node.rule.file);
        const item = new vscode.TreeItem(node.rule.title, vscode.TreeItemCollapsibleState.None);
        item.resourceUri = uri;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.description = path.basename(node.rule.file);
        item.tooltip = `Sigma rule: ${node.rule.title} (${node.rule.file})`;
        item.command = { command: 'vscode.open', title: 'Open rule', arguments: [uri] };
        item.contextValue = 'sigma-rule';
        return item;
      }
      case 'card': {
        const uri = vscode.Uri.file(node.card.file);
        const item = new vscode.TreeItem(path.basename(node.card.file), vscode.TreeItemCollapsibleState.None);
        item.resourceUri = uri;
        item.iconPath = MATURITY_ICON[node.card.maturity];
        item.description = `${MATURITY_TEXT[node.card.maturity]}${node.card.placeholders ? `, ${node.card.placeholders} placeholders left` : ''}`;
        item.command = { command: 'vscode.open', title: 'Open card', arguments: [uri] };
        item.contextValue = 'card';
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.focusListener.dispose();
    this.watcher.dispose();
    this.changed.dispose();
  }
}
