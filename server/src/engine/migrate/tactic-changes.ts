import type { Dataset } from '../attack/query/dataset.js';
import type { TacticChange } from '../../protocol.js';

/**
 * How a release changed the tactics of the data before it: a tactic whose ID
 * stays with a new name was renamed; one that is gone was split into (or folded
 * into) the tactics its techniques carry now, or retired when they went nowhere.
 */
export function tacticChanges(previous: Dataset, release: Dataset): TacticChange[] {
  const now = new Map(release.tactics().map((t) => [t.id, t]));
  const changes: TacticChange[] = [];
  for (const tactic of previous.tactics()) {
    const kept = now.get(tactic.id);
    if (kept) {
      if (kept.name !== tactic.name) changes.push({ kind: 'renamed', tactic: { id: tactic.id, name: tactic.name }, now: [{ id: kept.id, name: kept.name }] });
      continue;
    }
    // Where the tactic's techniques are now: the tactics they gained.
    const gained = new Map<string, number>();
    for (const summary of previous.techniqueSummaries()) {
      if (summary.revoked || summary.deprecated || !summary.tactics.includes(tactic.shortname)) continue;
      for (const shortname of release.technique(summary.id)?.tactics ?? []) {
        if (!summary.tactics.includes(shortname)) gained.set(shortname, (gained.get(shortname) ?? 0) + 1);
      }
    }
    const into = release.tactics().filter((t) => gained.has(t.shortname));
    changes.push({ kind: into.length ? 'split' : 'retired', tactic: { id: tactic.id, name: tactic.name }, now: into.map((t) => ({ id: t.id, name: t.name })) });
  }
  return changes;
}

/** Tactics a card's zone names that the release no longer has (when the data before it is unknown): what the technique carries now instead. */
export function tacticsGoneFromCard(zoneTactics: readonly string[], release: Dataset, techniqueTactics: readonly string[]): TacticChange[] {
  const names = new Set(release.tactics().map((t) => t.name.toLowerCase()));
  const current = techniqueTactics.map((s) => release.tacticByShortname(s)).filter((t) => t !== undefined);
  return zoneTactics
    .filter((name) => !names.has(name.toLowerCase()))
    .map((name) => {
      const instead = current.filter((t) => !zoneTactics.some((z) => z.toLowerCase() === t.name.toLowerCase()));
      return { kind: instead.length ? 'split' : 'retired', tactic: { id: '', name }, now: instead.map((t) => ({ id: t.id, name: t.name })) };
    });
}
