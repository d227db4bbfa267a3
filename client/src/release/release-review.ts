import path from 'node:path';
import * as vscode from 'vscode';
import type { CardReview, ReleaseChange, ReleaseReview } from '../../../server/src/protocol.js';
import type { ServerApi } from '../server-api.js';

export type ReviewNode = { kind: 'card'; card: CardReview } | { kind: 'change'; card: CardReview; change: ReleaseChange } | { kind: 'message'; text: string };

/** Where a review's proposed card texts are read from: `huntcard-release:<card path>?<card URI>`. */
export const PROPOSED_SCHEME = 'huntcard-release';

/** What the review was asked of the server: a release other than the data in use, the data before it. */
export interface ReviewRequest {
  release?: string;
  previous?: string;
}

/**
 * "ATT&CK Update Review": the workspace's cards against a release, card → change.
 * A card with mechanical changes can be shown as a diff and applied (one
 * workspace edit, one undo); Apply All goes through the refactor preview.
 * Applied cards keep their entries (what is left is for a person) with a check.
 */
export class ReleaseReviewTree implements vscode.TreeDataProvider<ReviewNode>, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private review?: ReleaseReview;
  private request: ReviewRequest = {};
  private readonly applied = new Set<string>();
  /** The proposed texts shown in diffs: read again after anything is applied. */
  private readonly proposedChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.proposedChanged.event;
  private readonly shown = new Map<string, vscode.Uri>();

  constructor(private readonly api: ServerApi) {}

  dispose(): void {
    this.changed.dispose();
    this.proposedChanged.dispose();
  }

  get current(): ReleaseReview | undefined {
    return this.review;
  }

  /** Reviews the workspace against the release and shows the result. */
  async load(request: ReviewRequest = {}): Promise<ReleaseReview> {
    this.request = request;
    this.review = await this.api.run('huntcard.reviewRelease', request);
    this.applied.clear();
    await vscode.commands.executeCommand('setContext', 'huntcard.reviewing', true);
    this.changed.fire(undefined);
    return this.review;
  }

  async close(): Promise<void> {
    this.review = undefined;
    await vscode.commands.executeCommand('setContext', 'huntcard.reviewing', false);
    this.changed.fire(undefined);
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    if (!this.review) return [];
    if (!node) {
      if (this.review.cards.length === 0) return [{ kind: 'message', text: `Every card is current with ${this.review.release}.` }];
      return this.review.cards.map((card) => ({ kind: 'card', card }));
    }
    return node.kind === 'card' ? node.card.changes.map((change) => ({ kind: 'change', card: node.card, change })) : [];
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    if (node.kind === 'message') return new vscode.TreeItem(node.text);
    if (node.kind === 'card') {
      const { card } = node;
      const item = new vscode.TreeItem(`${card.id} ${card.name}`, vscode.TreeItemCollapsibleState.Expanded);
      const uri = vscode.Uri.parse(card.file);
      const done = this.applied.has(card.file);
      item.description = `${vscode.workspace.asRelativePath(uri)}${done ? ' · applied' : ''}`;
      item.resourceUri = uri;
      item.iconPath = new vscode.ThemeIcon(done ? 'pass-filled' : card.steps ? 'git-pull-request-draft' : 'eye', done ? new vscode.ThemeColor('charts.green') : undefined);
      item.contextValue = card.steps && !done ? 'releaseCard.applicable' : 'releaseCard';
      item.tooltip = card.steps
        ? `Apply: ATT&CK zone refreshed${card.steps.renameTo ? `, moved to ${card.steps.renameTo}` : ''}${card.steps.rewrites ? `, ${card.steps.rewrites} mention(s) rewritten` : ''}`
        : 'Nothing to apply: the entries below are for you to judge.';
      return item;
    }
    const { card, change } = node;
    const [label, description] = changeWords(change, card);
    const item = new vscode.TreeItem(label);
    item.description = description;
    item.tooltip = description ? `${label}: ${description}` : label;
    item.iconPath = new vscode.ThemeIcon(change.kind === 'zone' || (change.kind === 'revoked' && !change.blocked) ? 'diff' : 'warning');
    const line = 'where' in change ? change.where.line - 1 : undefined;
    item.command =
      (change.kind === 'zone' || change.kind === 'revoked') && card.steps && !this.applied.has(card.file)
        ? { command: 'huntcard.releaseReview.diff', title: 'Show Changes', arguments: [node] }
        : { command: 'vscode.open', title: 'Open Card', arguments: [vscode.Uri.parse(card.file), line === undefined ? {} : { selection: new vscode.Range(line, 0, line, 0) }] };
    return item;
  }

  /** The card as the release would make it: the diff's right side. */
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.shown.set(uri.toString(), uri);
    // A card moved meanwhile has no file under its old name: its diff shows nothing more to apply.
    const result = await this.api.run('huntcard.migrateCard', { uri: uri.query, ...this.releaseParam() }).catch(() => undefined);
    return result?.text ?? '';
  }

  async showDiff(node: ReviewNode | undefined): Promise<void> {
    const card = cardOf(node);
    if (!card) return;
    const original = vscode.Uri.parse(card.file);
    const proposed = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: original.path, query: card.file });
    const title = `${path.basename(original.path)} ↔ ${this.review?.release ?? 'ATT&CK update'}${card.steps?.renameTo ? ` (as ${card.steps.renameTo})` : ''}`;
    await vscode.commands.executeCommand('vscode.diff', original, proposed, title);
  }

  /** Applies one card's migration: one workspace edit, undone in one step. */
  async applyCard(node: ReviewNode | undefined): Promise<boolean> {
    const card = cardOf(node);
    if (!card) return false;
    const edit = new vscode.WorkspaceEdit();
    if (!(await this.addCard(edit, card, false))) {
      void vscode.window.showInformationMessage(`${card.id}: nothing left to apply.`);
      return false;
    }
    const done = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    if (done) this.markApplied([card]);
    return done;
  }

  /** Applies every card's migration through the refactor preview, where cards can be left out. */
  async applyAll(): Promise<number> {
    const cards = (this.review?.cards ?? []).filter((c) => c.steps && !this.applied.has(c.file));
    const edit = new vscode.WorkspaceEdit();
    const added: CardReview[] = [];
    for (const card of cards) if (await this.addCard(edit, card, true)) added.push(card);
    if (added.length === 0) {
      void vscode.window.showInformationMessage('Nothing left to apply: what remains in the review is for you to judge.');
      return 0;
    }
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) return 0;
    // Cards left out in the preview still have changes to apply.
    const still = await Promise.all(
      added.map((c) =>
        this.api.run('huntcard.migrateCard', { uri: c.file, ...this.releaseParam() }).then(
          (r) => r.changed,
          () => false,
        ),
      ),
    );
    const applied = added.filter((_, i) => !still[i]);
    this.markApplied(applied);
    return applied.length;
  }

  private async addCard(edit: vscode.WorkspaceEdit, card: CardReview, confirm: boolean): Promise<boolean> {
    const result = await this.api.run('huntcard.migrateCard', { uri: card.file, ...this.releaseParam() });
    const uri = vscode.Uri.parse(card.file);
    const metadata: vscode.WorkspaceEditEntryMetadata = { label: `${card.id} ${card.name}`, description: this.review?.release ?? '', needsConfirmation: confirm };
    if (result.finishMove) {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
      return true;
    }
    if (!result.changed) return false;
    for (const e of result.edits) {
      edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText, metadata);
    }
    if (result.moveTo) {
      edit.renameFile(uri, vscode.Uri.parse(result.moveTo), { overwrite: false }, metadata);
      this.moves.set(card.file, result.moveTo);
    }
    return true;
  }

  private readonly moves = new Map<string, string>();

  private releaseParam(): { release?: string; previous?: string } {
    return { ...(this.request.release ? { release: this.request.release } : {}), ...(this.request.previous ? { previous: this.request.previous } : {}) };
  }

  /** Applied cards keep their entries, under their new name when they moved. */
  private markApplied(cards: readonly CardReview[]): void {
    for (const card of cards) {
      const moved = this.moves.get(card.file);
      if (moved) card.file = moved;
      this.applied.add(card.file);
    }
    this.moves.clear();
    for (const uri of this.shown.values()) this.proposedChanged.fire(uri);
    this.changed.fire(undefined);
  }
}

function cardOf(node: ReviewNode | undefined): CardReview | undefined {
  return node && node.kind !== 'message' ? node.card : undefined;
}

/** A change as a tree row: what it is, and its detail. */
function changeWords(change: ReleaseChange, card: CardReview): [string, string] {
  switch (change.kind) {
    case 'zone': {
      const z = change.zone;
      const parts = [
        z.name ? 'name' : '',
        z.description ? 'description' : '',
        z.detection.changed ? 'detection' : '',
        z.tactics.added.length || z.tactics.removed.length ? 'tactics' : '',
        z.dataSources.added.length || z.dataSources.removed.length ? 'data sources' : '',
        z.groups.added.length || z.groups.removed.length ? `groups +${z.groups.added.length} −${z.groups.removed.length}` : '',
        z.references.added.length || z.references.removed.length ? 'references' : '',
      ].filter(Boolean);
      return ['ATT&CK zone changes', parts.join(', ') || 'layout'];
    }
    case 'revoked':
      return change.replacement
        ? [
            `Revoked: now ${change.replacement.id} ${change.replacement.name}`,
            change.blocked ?? `moves to ${change.newFile}; ${change.mentions.filter((m) => m.rewritten).length} mention(s) of ${card.id} rewritten`,
          ]
        : ['Revoked, with no replacement', 'retire the card'];
    case 'deprecated':
      return ['Deprecated', change.note];
    case 'unknown':
      return ['Not in this release', 'check the technique ID'];
    case 'retired-tactic':
      return [`Line ${change.where.line} names ${change.tactic}`, change.now.length ? `now ${change.now.join(' or ')}` : 'retired'];
    case 'stale-group-row':
      return [`Adversary Examples: ${change.group.name} (${change.group.id})`, change.why === 'gone' ? 'no longer a group' : `no longer uses ${card.id}`];
    case 'new-groups':
      return [`${change.groups.length} group(s) newly using it, with no row`, change.groups.map((g) => g.name).join(', ')];
    case 'old-pull':
      return [`Pulled ${change.pulled}`, `before ${change.previous}: skipped a release`];
    case 'blocked':
      return ['Cannot be migrated as it is', change.message];
  }
}
