import path from 'node:path';
import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import { authorZoneStart, type Card } from '../card/card-model.js';
import { HuntCardError } from '../errors.js';
import { parseCardDate } from '../format/card-date.js';
import { regenerateAttackZone, zoneDelta } from '../refresh/attack-zone.js';
import { techniqueStatus } from '../refresh/technique-status.js';
import { applyEdits } from '../rules/apply-edits.js';
import { inCode } from '../card/scan.js';
import type { TextEdit } from '../rules/rule.js';
import type { CardReview, ReleaseChange, TacticChange } from '../../protocol.js';
import { rewriteEdits, techniqueMentions } from './author-mentions.js';
import { cardLine } from './card-lines.js';
import { groupRowChanges } from './group-rows.js';
import { lineEdits } from './line-edits.js';
import { tacticsGoneFromCard } from './tactic-changes.js';

export interface ReleaseContext {
  /** The data the card is checked with under the release (the release is its domain's dataset). */
  release: Catalog;
  /** The release itself. */
  releaseDataset: Dataset;
  /** The data the card was checked with until now, when known. */
  previous?: Dataset;
  /** How the release changed the previous data's tactics (empty when the previous data is unknown). */
  tactics: readonly TacticChange[];
  /** Pull date a migrated card gets. */
  date: string;
}

/** What migrating a card writes: its whole new text, and the file name it moves to (a revoked technique's replacement), in its folder. */
export interface MigrationPlan {
  /** The card's text the plan was made from: a plan is applied only to that text. */
  source: string;
  text: string;
  /** How many lines the author zone moves down (up, when negative) in `text`. */
  lineShift: number;
  /** The same change as edits of the card's text: the zone, and each rewritten mention. */
  edits: TextEdit[];
  /** Where the author zone starts in `text`. */
  authorFrom: number;
  moveTo?: string;
  /** The replacement's file already holds this card moved: only the old file is left to remove. */
  finishMove?: boolean;
}

export type CardVerdict = { review: CardReview; plan?: MigrationPlan } | { otherDomain: string };

/**
 * A card against a new release: what a migration applies (the zone refreshed,
 * a revoked card moved to its replacement with the author zone's mentions of the
 * old ID rewritten) and what a person has to judge (deprecations, retired
 * tactics named in the author zone, Adversary Examples rows, old pulls).
 */
export function reviewCard(card: Card, file: string, name: string, ctx: ReleaseContext): CardVerdict {
  const id = card.title!.id;
  const status = techniqueStatus(ctx.release, id);
  if (status.status === 'found' && status.dataset !== ctx.releaseDataset) return { otherDomain: status.dataset.label };
  const review: CardReview = { file: name, id, name: card.title!.name, changes: [] };
  const changes = review.changes;
  const authorStart = authorZoneStart(card);
  if (status.status === 'unknown') {
    changes.push({ kind: 'unknown' });
    return { review };
  }
  const replacement = status.status === 'revoked' ? status.replacement : undefined;
  const target = status.status === 'found' ? id : replacement?.id;
  if (status.status === 'revoked') {
    const mentions = techniqueMentions(card, id, authorStart);
    changes.push({
      kind: 'revoked',
      ...(replacement ? { replacement, newFile: movedName(file, card.title!, replacement) } : {}),
      mentions: mentions.map((m) => ({ ...cardLine(card, m.span.start), rewritten: !m.kept && !!replacement })),
    });
  }
  // Deprecated: the card's technique, or the end of its revocation chain.
  const live = target ? ctx.release.technique(target) : undefined;
  if (live?.technique.deprecated) changes.push({ kind: 'deprecated', note: deprecationNote(live.technique.description) });
  let plan: MigrationPlan | undefined;
  if (target) {
    try {
      const asIs = regenerateAttackZone(card, ctx.release, card.pullDate?.text ?? ctx.date, target);
      const delta = zoneDelta(card, asIs);
      if (delta) changes.push({ kind: 'zone', zone: delta });
      const moving = target !== id;
      if (delta || moving) {
        const rewrites = moving ? rewriteEdits(techniqueMentions(card, id, authorStart), target) : [];
        const next = regenerateAttackZone(card, ctx.release, ctx.date, target);
        // The zone as line edits: a diff (and the editor's refactor preview) shows the lines that change.
        const edits = [...lineEdits(card.text.slice(next.zoneStart, next.zoneEnd), next.newZone, next.zoneStart), ...rewrites];
        const authorFrom = next.zoneStart + next.newZone.length;
        const text = applyEdits(card.text, edits);
        const lineShift = lineBreaks(text.slice(0, authorFrom)) - lineBreaks(card.text.slice(0, next.zoneEnd));
        plan = { source: card.text, text, lineShift, edits, authorFrom, ...(moving ? { moveTo: movedName(file, card.title!, replacement!) } : {}) };
        review.steps = { refresh: true, ...(moving ? { renameTo: plan.moveTo! } : {}), rewrites: rewrites.length };
      }
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      changes.push({ kind: 'blocked', message: error.message, ...(error.hint ? { hint: error.hint } : {}) });
    }
    const technique = ctx.releaseDataset.technique(target);
    const retired = ctx.previous
      ? ctx.tactics
      : tacticsGoneFromCard(
          card.tactics.map((t) => t.text),
          ctx.releaseDataset,
          technique?.tactics ?? [],
        );
    changes.push(...retiredTacticMentions(card, authorStart, retired));
    changes.push(...groupRowChanges(card, target, ctx.releaseDataset, ctx.previous));
  }
  const oldPull = pulledBefore(card, ctx.previous);
  if (oldPull) changes.push(oldPull);
  return { review, ...(plan ? { plan } : {}) };
}

/**
 * The file name a card takes when its technique moves: the old ID in its name
 * replaced (and the old technique's name, if the file carries it), else `<id>.md`.
 */
export function movedName(file: string, from: { id: string; name: string }, to: { id: string; name: string }): string {
  const base = path.basename(file);
  if (!base.includes(from.id)) return `${to.id}.md`;
  const renamed = base.split(from.id).join(to.id);
  return from.name && renamed.includes(from.name) ? renamed.split(from.name).join(to.name.replace(/[\\/:*?"<>|]/g, '-')) : renamed;
}

const lineBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/** ATT&CK's note on a deprecated technique: its first paragraph, shortened. */
function deprecationNote(description: string): string {
  const first = description
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

/** Each author-zone line naming a tactic the release renamed, split or retired (by name or ID, outside code). */
function retiredTacticMentions(card: Card, from: number, retired: readonly TacticChange[]): ReleaseChange[] {
  const found: ReleaseChange[] = [];
  const author = card.text.slice(from);
  for (const change of retired) {
    const words = [change.tactic.name, change.tactic.id].filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // Tactic names are written in title case: "collection" in prose is not the tactic.
    const pattern = new RegExp(`(?<![\\w-])(?:${words.join('|')})(?![\\w-])`, 'g');
    const lines = new Set<number>();
    for (const m of author.matchAll(pattern)) {
      const where = cardLine(card, from + m.index);
      if (lines.has(where.line) || inCode(card, from + m.index)) continue;
      // Part of a longer name ("Email Collection", "Data Collection"): a technique or the new tactic, not the retired one.
      if (inLongerName(author, m.index, m.index + m[0].length)) continue;
      lines.add(where.line);
      found.push({ kind: 'retired-tactic', tactic: change.tactic.name, now: change.now.map((t) => t.name), where });
    }
  }
  return found;
}

/** Whether [start, end) is preceded or followed by a capitalised word, one blank apart: part of a longer name. */
function inLongerName(text: string, start: number, end: number): boolean {
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  const capital = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
  if (blank(text[end]) && capital(text[end + 1])) return true;
  if (!blank(text[start - 1])) return false;
  let i = start - 2;
  while (i >= 0 && /[\w-]/.test(text[i]!)) i--;
  return i < start - 2 && capital(text[i + 1]);
}

/** A card pulled before the data it was checked with until now came out: it missed more than one release. */
function pulledBefore(card: Card, previous: Dataset | undefined): ReleaseChange | undefined {
  if (!previous || !card.pullDate || !previous.meta.modified) return undefined;
  const parsed = parseCardDate(card.pullDate.text);
  if ('problem' in parsed) return undefined;
  const released = new Date(previous.meta.modified);
  if (Number.isNaN(released.getTime()) || parsed.date >= released) return undefined;
  return { kind: 'old-pull', pulled: card.pullDate.text, previous: previous.label, released: previous.meta.modified.slice(0, 10) };
}
