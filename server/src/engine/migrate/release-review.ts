import path from 'node:path';
import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { Card } from '../card/card-model.js';
import { parseCard } from '../card/parse-card.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CardReview, ReleaseReview, TacticChange } from '../../protocol.js';
import { type CardVerdict, type MigrationPlan, reviewCard } from './review-card.js';
import { tacticChanges } from './tactic-changes.js';

/** Where a review gets its data: the release a card is migrated to, and the data it was checked with until now. */
export interface ReleaseSources {
  release: (file: string) => Promise<Catalog>;
  previous: (file: string) => Promise<Catalog | undefined>;
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
    // A release is one domain's: a card the data before it holds under another domain is not this release's.
    const before = previousCatalog?.technique(card.title!.id);
    if (before && before.dataset.meta.domain !== releaseDataset.meta.domain && !releaseDataset.technique(card.title!.id)) return { otherDomain: before.dataset.label };
    const previous = sameData(previousCatalog, releaseDataset);
    const verdict = reviewCard(card, file, name, {
      release,
      releaseDataset,
      ...(previous ? { previous } : {}),
      tactics: previous ? this.tacticChanges(previous, releaseDataset) : [],
      date: this.sources.date,
    });
    if ('review' in verdict && verdict.plan?.moveTo) await this.checkMove(verdict.review, verdict.plan, file);
    return verdict;
  }

  /** The release's label and the previous data's, for a report's heading. */
  async labels(file: string): Promise<{ release: string; previous?: string; tactics: TacticChange[] }> {
    const release = (await this.sources.release(file)).primary;
    const previous = sameData(await this.sources.previous(file), release);
    return { release: release.label, ...(previous ? { previous: previous.label } : {}), tactics: previous ? this.tacticChanges(previous, release) : [] };
  }

  private tacticChanges(previous: Dataset, release: Dataset): TacticChange[] {
    const byRelease = this.tactics.get(previous) ?? new Map<Dataset, TacticChange[]>();
    this.tactics.set(previous, byRelease);
    let changes = byRelease.get(release);
    if (!changes) byRelease.set(release, (changes = tacticChanges(previous, release)));
    return changes;
  }

  /**
   * A move is refused when the replacement's file exists, unless it is this
   * card already moved (a run stopped between writing it and removing the old
   * file): then finishing the move only removes the old file.
   */
  private async checkMove(review: CardReview, plan: MigrationPlan, file: string): Promise<void> {
    const target = plan.moveTo!;
    const absolute = path.join(path.dirname(file), target);
    const existing = await this.workspace.readIfExists(absolute).catch(() => ({ text: '' }));
    if (!existing) return;
    const there = parseCard(existing.text, absolute);
    if (sameAuthorZone(there, plan)) {
      plan.finishMove = true;
      return;
    }
    const revoked = review.changes.find((c) => c.kind === 'revoked');
    if (revoked) revoked.blocked = `${target} already exists: merge this card into it by hand, then delete this one`;
    delete plan.moveTo;
    delete review.steps;
  }
}

function sameAuthorZone(there: Card, plan: MigrationPlan): boolean {
  return there.isCard && there.attackZoneEnd !== undefined && there.text.slice(there.attackZoneEnd) === plan.text.slice(plan.authorFrom);
}

/** The previous data, unless it is the release itself (a review against the data in use). */
function sameData(previous: Catalog | undefined, release: Dataset): Dataset | undefined {
  const domain = release.meta.domain;
  const data = previous && (domain === 'unknown' ? previous.primary : previous.forDomain(domain));
  if (!data || data === release || (data.meta.version === release.meta.version && data.meta.modified === release.meta.modified)) return undefined;
  return data;
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
    groupRows: all.filter((c) => c.kind === 'stale-group-row').length + all.filter((c) => c.kind === 'new-groups').reduce((n, c) => n + (c.kind === 'new-groups' ? c.groups.length : 0), 0),
    oldPulls: has('old-pull'),
    blocked: has('blocked') + reviews.filter((r) => r.changes.some((c) => c.kind === 'revoked' && c.blocked)).length,
  };
}
