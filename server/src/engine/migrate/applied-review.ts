import type { CardReview, ReleaseChange, ReleaseReview } from '../../protocol.js';

/** What --apply did to one card, by the name the review gives it. */
export interface AppliedCard {
  /** The name the card moved to (a revoked technique's replacement). */
  movedTo?: string;
  /** How far its author zone's lines moved. */
  lineShift: number;
}

/**
 * A review taken before --apply, told as the cards are now: a migrated card under
 * the name it moved to, and the line numbers of its author zone where they are
 * after the ATT&CK zone before them changed length (rewrites keep lines as they are).
 */
export function reviewAsApplied(review: ReleaseReview, applied: ReadonlyMap<string, AppliedCard>): ReleaseReview {
  return {
    ...review,
    cards: review.cards.map((card): CardReview => {
      const done = applied.get(card.file);
      if (!done) return card;
      const line = <T extends { line: number }>(where: T): T => ({ ...where, line: where.line + done.lineShift });
      const changes = card.changes.map((change): ReleaseChange => {
        if (change.kind === 'retired-tactic' || change.kind === 'stale-group-row') return { ...change, where: line(change.where) };
        if (change.kind === 'revoked') return { ...change, mentions: change.mentions.map(line) };
        return change;
      });
      return { ...card, ...(done.movedTo ? { file: done.movedTo } : {}), changes };
    }),
  };
}
