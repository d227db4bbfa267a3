import type { Catalog } from '../attack/query/catalog.js';
import { readCardFile } from '../card/card-file.js';
import { ChangedMeanwhileError, writeFileAtomic } from '../fs/atomic-write.js';
import { refuseUnwritable } from '../fs/refuse-unwritable.js';
import { byteOffsetOfLineStart, replaceBytes } from '../fs/text-encoding.js';
import { writeTargetInside } from '../fs/write-target.js';
import { describeZoneChanges, regenerateAttackZone } from './attack-zone.js';
import { type TechniqueGone, techniqueStatus } from './technique-status.js';

export interface RefreshFileOptions {
  /** The name messages use for the file. */
  display: string;
  /** The folder the user named: a write never leaves it through a link. */
  root: string;
  /** The data the card is refreshed from. */
  catalog: (file: string) => Promise<Catalog>;
  /** Pull date written into a refreshed card. */
  date: string;
  /** Only say whether the zone is stale. */
  checkOnly?: boolean;
}

export type RefreshOutcome =
  | { status: 'not-a-card' }
  | { status: 'current'; dataset: string; deprecated?: boolean }
  | { status: 'stale'; dataset: string; changes: string[]; deprecated?: boolean }
  | { status: 'refreshed'; dataset: string; changes: string[]; deprecated?: boolean }
  /** The card's technique is gone from the dataset: a finding, not refreshed. */
  | TechniqueGone;

/** Saves racing a refresh are retried this many times before the card is left alone. */
const ATTEMPTS = 3;

/**
 * Regenerates the ATT&CK zone of a card file on disk. Every byte after the
 * pull-date line is written back exactly as it was read (whatever its encoding,
 * a UTF-8 BOM included); the file keeps its mode and owner; a card that changed
 * while it was being refreshed is read again, and a read-only or hard-linked card
 * is refused. Refusals are HuntCardErrors that say why.
 */
export async function refreshCardFile(file: string, options: RefreshFileOptions): Promise<RefreshOutcome> {
  for (let attempt = 1; ; attempt++) {
    const { card, decoded, stat } = await readCardFile(file, options.display);
    if (!card.isCard) return { status: 'not-a-card' };
    const catalog = await options.catalog(file);
    const status = techniqueStatus(catalog, card.title!.id);
    if (status.status !== 'found') return status;
    const deprecated = status.deprecated ? { deprecated: true } : {};
    const current = regenerateAttackZone(card, catalog, card.pullDate?.text ?? options.date);
    const changes = describeZoneChanges(card, current);
    const dataset = current.dataset.label;
    if (changes.length === 0) return { status: 'current', dataset, ...deprecated };
    if (options.checkOnly) return { status: 'stale', dataset, changes, ...deprecated };

    await refuseUnwritable(file, options.display, stat, 'refreshing');
    const next = regenerateAttackZone(card, catalog, options.date);
    // Only the zone's bytes are replaced: what is above the title and the author zone are copied as read.
    const byteAt = (offset: number) => byteOffsetOfLineStart(decoded, offset, card.lines.position(offset).line);
    const bytes = replaceBytes(decoded, byteAt(next.zoneStart), byteAt(next.zoneEnd), next.newZone);
    const target = await writeTargetInside(file, options.root);
    try {
      await writeFileAtomic(target, bytes, { expect: decoded.bytes, keep: stat });
      return { status: 'refreshed', dataset, changes, ...deprecated };
    } catch (error) {
      if (!(error instanceof ChangedMeanwhileError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
