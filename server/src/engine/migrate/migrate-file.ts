import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readCardFile } from '../card/card-file.js';
import { ChangedMeanwhileError, TargetExistsError, writeFileAtomic } from '../fs/atomic-write.js';
import { LIMITS, readRegularFile } from '../fs/read-regular.js';
import { refuseUnwritable } from '../fs/refuse-unwritable.js';
import { rewriteLines } from '../fs/rewrite-lines.js';
import { writeTargetInside } from '../fs/write-target.js';
import type { CardReview } from '../../protocol.js';
import { type ReleaseReviewer, sameAuthorZone } from './release-review.js';
import type { MigrationPlan } from './review-card.js';

export type MigrationOutcome =
  | { status: 'not-a-card' | 'other-domain' }
  /** Nothing mechanical to do; the review may still hold judgement calls. */
  | { status: 'untouched'; review: CardReview }
  /** `lineShift`: how far the author zone's lines moved (the review's line numbers plus this are the new ones). */
  | { status: 'migrated'; review: CardReview; lineShift: number; movedTo?: string; finishedMove?: boolean };

const ATTEMPTS = 3;

/**
 * Migrates one card file on disk to the release: the zone refreshed, and for a
 * revoked technique the card written under its replacement's name (never over
 * an existing file) with the author zone's mentions of the old ID rewritten,
 * then the old file removed. Every other author byte is copied as read. Each
 * card is one atomic write; a run stopped between a move's write and the old
 * file's removal is finished by the next run.
 */
export async function migrateCardFile(
  file: string,
  options: { display: string; root: string; reviewer: ReleaseReviewer; planned?: { review: CardReview; plan?: MigrationPlan } },
): Promise<MigrationOutcome> {
  for (let attempt = 1; ; attempt++) {
    const { card, decoded, stat } = await readCardFile(file, options.display);
    if (!card.isCard) return { status: 'not-a-card' };
    // The review's plan, when the card is still the text it was made from; else the card is reviewed again.
    const planned = attempt === 1 && options.planned && (!options.planned.plan || options.planned.plan.source === card.text) ? options.planned : undefined;
    const verdict = planned ?? (await options.reviewer.review(card, file, options.display));
    if (!('review' in verdict)) return { status: 'other-domain' };
    const { review, plan } = verdict;
    if (!plan) return { status: 'untouched', review };
    await refuseUnwritable(file, options.display, stat, 'migrating');
    const real = await writeTargetInside(file, options.root);
    try {
      if (plan.moveTo) {
        const target = path.join(path.dirname(real), plan.moveTo);
        if (plan.finishMove) await stillMovedThere(target, plan, options.display);
        else await writeFileAtomic(target, rewriteLines(decoded, plan.text, options.display), { exclusive: true, keep: stat });
        await removeIfUnchanged(real, decoded.bytes);
        return { status: 'migrated', review, lineShift: plan.lineShift, movedTo: path.join(path.dirname(file), plan.moveTo), ...(plan.finishMove ? { finishedMove: true } : {}) };
      }
      await writeFileAtomic(real, rewriteLines(decoded, plan.text, options.display), { expect: decoded.bytes, keep: stat });
      return { status: 'migrated', review, lineShift: plan.lineShift };
    } catch (error) {
      // A file that appeared under the replacement's name meanwhile: the review, run again, says what it is.
      if (!(error instanceof ChangedMeanwhileError || error instanceof TargetExistsError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Finishing a move removes the old card: only while the file under the new name
 * still holds its author zone (the review found it so, but a checkout or an editor
 * may have changed it since).
 */
async function stillMovedThere(target: string, plan: MigrationPlan, display: string): Promise<void> {
  const there = await readCardFile(target, display).catch(() => undefined);
  if (!there || !sameAuthorZone(there.card, plan)) throw new ChangedMeanwhileError(`${target} changed while this card's move was being finished; the old card was kept.`, 'Run the command again.');
}

/** The old card goes only if it is still what was migrated (not saved meanwhile). */
async function removeIfUnchanged(file: string, bytes: Uint8Array): Promise<void> {
  const now = await readRegularFile(file, LIMITS.card);
  if (!now.bytes.equals(bytes)) throw new ChangedMeanwhileError(`${file} changed while it was being moved; it was left as it is now.`, 'Run the command again.');
  await fs.rm(file);
}
