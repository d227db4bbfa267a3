import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { Card } from '../card/card-model.js';
import { parseCard } from '../card/parse-card.js';
import { HuntCardError } from '../errors.js';
import { refuseUnwritable } from '../fs/refuse-unwritable.js';
import { writeTargetInside } from '../fs/write-target.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CardReview, ReleaseReview, TacticChange } from '../../protocol.js';
import { type CardVerdict, type MigrationPlan, reviewCard } from './review-card.js';
import { tacticChanges } from './tactic-changes.js';

/** Where a review gets its data: the release a card is migrated to, and the data it was checked with until now. */
export interface ReleaseSources {
  release: (file: string) => Promise<Catalog>;
  previous: (file: string) => Promise<Catalog | undefined>;
  /** The card's own data (its settings), which knows every domain: a card of another domain than the release's is not reviewed. */
  own?: (file: string) => Promise<Catalog | undefined>;
  /** Pull date a migrated card gets. */
  date: string;
}

/**
 * Reviews cards against a release, one at a time, keeping what they share (the
 * tactic changes of each pair of datasets).
 */
export class ReleaseReviewer {
  private readonly tactics = new Map<Dataset, Map<Dataset, TacticChange[]>>();

  constructor(
    private readonly workspace: Workspace,
    private readonly sources: ReleaseSources,
  ) {}

  /** A card against the release; for a move, whether the replacement's file is free (or holds this very move, finished). */
  async review(card: Card, file: string, name: string): Promise<CardVerdict> {
    const release = await this.sources.release(file);
    const releaseDataset = release.primary;
    const previousCatalog = await this.sources.previous(file);
    // A release is one domain's: a card that the data before it, or the card's own data, holds under another domain is not this release's.
    const id = card.title!.id;
    const before = [previousCatalog?.technique(id), (await this.sources.own?.(file))?.technique(id)].find((t) => t && t.dataset.meta.domain !== releaseDataset.meta.domain);
    if (before && !releaseDataset.technique(id)) return { otherDomain: before.dataset.label };
    const previous = sameData(previousCatalog, releaseDataset);
    const verdict = reviewCard(card, file, name, {
      release,
      releaseDataset,
      ...(previous ? { previous } : {}),
      tactics: previous ? this.tacticChanges(previous, releaseDataset) : [],
      date: this.sources.date,
    });
    if ('review' in verdict && verdict.plan?.moveTo && !(await this.checkMove(verdict.review, verdict.plan, file))) {
      // A move that cannot happen is not done in place either: the card stays as it is, for a person.
      return { review: verdict.review };
    }
    return verdict;
  }

  /** The release's label and the previous data's, for a report's heading. */
  async labels(file: string): Promise<{ release: string; previous?: string; tactics: TacticChange[]; downgrade: boolean }> {
    const release = (await this.sources.release(file)).primary;
    const previous = sameData(await this.sources.previous(file), release);
    return {
      release: release.label,
      ...(previous ? { previous: previous.label } : {}),
      tactics: previous ? this.tacticChanges(previous, release) : [],
      downgrade: previous !== undefined && compareVersions(release.meta.version, previous.meta.version) < 0,
    };
  }

  private tacticChanges(previous: Dataset, release: Dataset): TacticChange[] {
    const byRelease = this.tactics.get(previous) ?? new Map<Dataset, TacticChange[]>();
    this.tactics.set(previous, byRelease);
    let changes = byRelease.get(release);
    if (!changes) byRelease.set(release, (changes = tacticChanges(previous, release)));
    return changes;
  }

  /**
   * Whether a move can go ahead. The card already under the replacement's name
   * (a file named so by hand) is migrated in place. A move is refused when the
   * card is a symbolic link, or when the replacement's file exists, unless that
   * file is this card already moved (a run stopped between writing it and
   * removing the old one): then finishing the move only removes the old file.
   */
  private async checkMove(review: CardReview, plan: MigrationPlan, file: string): Promise<boolean> {
    const target = path.join(path.dirname(file), plan.moveTo!);
    const [self, there] = await Promise.all([fs.lstat(file).catch(() => undefined), fs.stat(target).catch(() => undefined)]);
    if (self && there && self.ino === there.ino && self.dev === there.dev) {
      delete plan.moveTo;
      delete review.steps?.renameTo;
      const revoked = review.changes.find((c) => c.kind === 'revoked');
      if (revoked) delete revoked.newFile;
      return true;
    }
    const refuse = (why: string) => {
      blockMove(review, why);
      return false;
    };
    if (self?.isSymbolicLink()) return refuse(`${path.basename(file)} is a symbolic link: move the card it leads to by hand`);
    if (!there) return true;
    const existing = await this.workspace.readIfExists(target).catch(() => undefined);
    const card = existing ? parseCard(existing.text, target) : undefined;
    if (card && sameAuthorZone(card, plan)) {
      plan.finishMove = true;
      return true;
    }
    return refuse(`${plan.moveTo} already exists: merge this card into it by hand, then delete this one`);
  }
}

/**
 * The file under the replacement's name is this card moved: the replacement's card, with
 * this card's author zone as migrated and the same lines above its title.
 */
export function sameAuthorZone(there: Card, plan: MigrationPlan): boolean {
  const planned = parseCard(plan.text, there.uri);
  return (
    there.isCard &&
    there.title?.id === planned.title?.id &&
    there.attackZoneEnd !== undefined &&
    there.text.slice(there.attackZoneEnd) === plan.text.slice(plan.authorFrom) &&
    aboveTitle(there) === aboveTitle(planned)
  );
}

/** What stands above a card's title, without a byte order mark. */
function aboveTitle(card: Card): string {
  const start = card.title ? card.lines.lineStart(card.lines.position(card.title.span.start).line) : 0;
  return card.text.slice(0, start).replace(/^\uFEFF/, '');
}

/** ATT&CK versions ("18.1", "9.0") compared as numbers; an unknown one sorts first. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The previous data, unless it is the release itself (a review against the data in use). */
function sameData(previous: Catalog | undefined, release: Dataset): Dataset | undefined {
  const domain = release.meta.domain;
  const data = previous && (domain === 'unknown' ? previous.primary : previous.forDomain(domain));
  if (!data || data === release || (data.meta.version === release.meta.version && data.meta.modified === release.meta.modified)) return undefined;
  return data;
}

/**
 * Two cards that would move to one file (two revoked techniques with one
 * replacement, or two cards of one technique): neither moves, and each says
 * which other card wants the same file.
 */
export function refuseCollidingMoves(reviews: ReadonlyMap<string, CardReview>, plans: Map<string, MigrationPlan>): void {
  const byTarget = new Map<string, string[]>();
  for (const [file, plan] of plans) {
    if (!plan.moveTo) continue;
    const target = path.join(path.dirname(file), plan.moveTo);
    byTarget.set(target, [...(byTarget.get(target) ?? []), file]);
  }
  for (const [target, files] of byTarget) {
    if (files.length < 2) continue;
    for (const file of files) {
      plans.delete(file);
      const review = reviews.get(file);
      if (review) blockMove(review, `${path.basename(target)} is where ${files.length} cards would move: merge them by hand`);
    }
  }
}

/**
 * Cards their write would refuse (read-only, hard-linked, reached through a link out of
 * the folder they were found under) are blocked in the review, so a dry run does not
 * promise what --apply refuses. For fronts that write the files themselves (the CLI).
 */
export async function refuseUnwritableCards(
  reviews: ReadonlyMap<string, CardReview>,
  plans: Map<string, MigrationPlan>,
  name: (file: string) => string,
  rootFor: (file: string) => string,
): Promise<void> {
  for (const file of plans.keys()) {
    const review = reviews.get(file);
    try {
      await refuseUnwritable(file, name(file), await fs.stat(file), 'migrating');
      await writeTargetInside(file, rootFor(file));
    } catch (error) {
      if (!(error instanceof HuntCardError) || !review) throw error;
      plans.delete(file);
      notApplied(review);
      review.changes.push({ kind: 'blocked', message: error.message, ...(error.hint ? { hint: error.hint } : {}) });
    }
  }
}

/** A revoked card's move that cannot happen: the review says why, and nothing of it is applied. */
function blockMove(review: CardReview, why: string): void {
  const revoked = review.changes.find((c) => c.kind === 'revoked');
  if (revoked) revoked.blocked = why;
  notApplied(review);
}

/** A card nothing is applied to: no steps, and no mention said to be rewritten. */
function notApplied(review: CardReview): void {
  delete review.steps;
  for (const change of review.changes) if (change.kind === 'revoked') for (const m of change.mentions) m.rewritten = false;
}

/** Counts for a report, from the reviews. */
export function countReviews(reviews: readonly CardReview[], unchanged: number): ReleaseReview['counts'] {
  const has = (kind: string) => reviews.filter((r) => r.changes.some((c) => c.kind === kind)).length;
  const all = reviews.flatMap((r) => r.changes);
  return {
    cards: reviews.length + unchanged,
    unchanged,
    zone: has('zone'),
    revoked: has('revoked'),
    deprecated: has('deprecated'),
    unknown: has('unknown'),
    tactics: all.filter((c) => c.kind === 'retired-tactic').length,
    groupRows: all.filter((c) => c.kind === 'stale-group-row' || c.kind === 'new-groups').length,
    oldPulls: has('old-pull'),
    blocked: reviews.filter((r) => r.changes.some((c) => c.kind === 'blocked' || (c.kind === 'revoked' && c.blocked))).length,
  };
}
