import type { Dataset } from '../attack/query/dataset.js';
import type { Actor } from '../attack/query/model.js';
import type { AdversaryExampleRow, Card } from '../card/card-model.js';
import type { NamedId, ReleaseChange } from '../../protocol.js';
import { cardLine } from './card-lines.js';

const GROUP_ID = /\bG\d{4}\b/;

/**
 * What a release means for the card's Adversary Examples: rows naming a group
 * that no longer uses the technique (it did in the card's zone or the data
 * before) or that is gone from the release, and (on a card whose rows name
 * ATT&CK groups) the groups the release adds to the technique that no row names. Rows naming no ATT&CK group (the template's
 * example, an actor of the team's own) are the author's business.
 */
export function groupRowChanges(card: Card, techniqueId: string, release: Dataset, previous: Dataset | undefined): ReleaseChange[] {
  const usesNow = new Map(release.groupUsesOf(techniqueId).map(({ group }) => [group.id, group]));
  const usedBefore = new Set(card.usage.map((u) => u.groupLink?.attackId).filter((id) => id?.startsWith('G')) as string[]);
  for (const { group } of previous?.groupUsesOf(card.title!.id) ?? []) usedBefore.add(group.id);
  const changes: ReleaseChange[] = [];
  const named = new Set<string>();
  for (const row of card.adversaryExamples) {
    const group = rowGroup(card, row, release, previous);
    if (!group) continue;
    named.add(group.id);
    const live = release.actor(group.id);
    const where = cardLine(card, row.span.start);
    if (!live || live.kind !== 'group' || live.revoked || live.deprecated) {
      // ATT&CK turned some groups into campaigns (Operation Wocao, Night Dragon): the row's activity lives on there.
      const campaign = release.actorsCalled(group.name).named.find((a) => a.kind === 'campaign');
      changes.push({ kind: 'stale-group-row', group: idAndName(group), why: 'gone', where, ...(campaign ? { now: idAndName(campaign) } : {}) });
    } else if (usedBefore.has(group.id) && !usesNow.has(group.id) && !usedThroughCampaign(release, group.id, techniqueId)) {
      changes.push({ kind: 'stale-group-row', group: idAndName(live), why: 'stopped', where });
    }
  }
  // Only where the author keeps a row per ATT&CK group: a card whose rows name none does not track them that way.
  const added = [...usesNow.values()].filter((g) => !usedBefore.has(g.id) && !named.has(g.id));
  if (added.length && named.size > 0) changes.push({ kind: 'new-groups', groups: added.map(idAndName) });
  return changes;
}

/** A campaign attributed to the group uses the technique: ATT&CK still ties the group to it (APT29 through the SolarWinds Compromise). */
function usedThroughCampaign(release: Dataset, groupId: string, techniqueId: string): boolean {
  return release.campaignsOf(groupId).some((c) => !c.revoked && !c.deprecated && release.usedBy(c.id).some((u) => u.targetId === techniqueId));
}

const idAndName = (actor: Pick<Actor, 'id' | 'name'>): NamedId => ({ id: actor.id, name: actor.name });

/** The group a row names: by a link or an ID in its adversary cell, else by name or alias (the release first, then the data before). */
function rowGroup(card: Card, row: AdversaryExampleRow, release: Dataset, previous: Dataset | undefined): Pick<Actor, 'id' | 'name'> | undefined {
  const cell = row.adversary;
  const link = card.links.find((l) => l.span.start >= cell.span.start && l.span.end <= cell.span.end && l.attackId?.startsWith('G'));
  const id = link?.attackId ?? GROUP_ID.exec(cell.text)?.[0];
  if (id) return release.actor(id) ?? previous?.actor(id);
  const name = (link?.text.text ?? cell.text).trim();
  if (!name) return undefined;
  // A live group by name or alias first (Charming Kitten is Magic Hound's alias, and a revoked group's name); then one gone.
  for (const live of [true, false]) {
    for (const data of [release, previous]) {
      if (!data) continue;
      const { named, aliased } = data.actorsCalled(name, live);
      const group = [...named, ...aliased].find((a) => a.kind === 'group');
      if (group) return group;
    }
  }
  return undefined;
}
