import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { Technique } from '../attack/query/model.js';
import type { Card } from '../card/card-model.js';
import { sectionOf } from '../card/card-model.js';
import { HuntCardError } from '../errors.js';
import type { TextEdit } from '../rules/rule.js';
import { type AttackZoneParts, attackZoneParts, renderZoneParts } from '../scaffold/render-attack-zone.js';

export interface ZoneRegeneration {
  dataset: Dataset;
  technique: Technique;
  /** The current zone: [zoneStart, zoneEnd), zoneEnd just past the pull-date line. */
  zoneStart: number;
  zoneEnd: number;
  newZone: string;
  parts: AttackZoneParts;
}

/**
 * The ATT&CK zone a card should have now. Everything from `zoneEnd` on is the
 * author zone and is never part of the result. Throws a HuntCardError that says
 * why when a card cannot be refreshed safely.
 */
export function regenerateAttackZone(card: Card, catalog: Catalog, pullDate: string): ZoneRegeneration {
  const where = card.uri || 'this file';
  if (!card.isCard || !card.title) throw new HuntCardError(`${where} is not a hunt card (it must open with "# <technique ID> <name>").`);
  if (card.zoneProblem) {
    throw new HuntCardError(`${where}: ${card.zoneProblem.message} Not refreshing it, so nothing is overwritten on a guess.`, card.zoneProblem.hint);
  }
  if (card.attackZoneEnd === undefined) {
    throw new HuntCardError(
      `${where} has no "*Last pulled from Mitre on: …*" line, so the end of its ATT&CK zone is unknown; not touching it.`,
      'Add the pull-date line after Mitre References (before ## Metadata), then refresh.',
    );
  }
  const found = catalog.technique(card.title.id);
  if (!found) throw new HuntCardError(`${where}: ${card.title.id} is not a technique in ${catalog.primary.label}; cannot refresh.`);
  if (found.technique.revoked) {
    const by = found.technique.revokedBy;
    throw new HuntCardError(
      `${where}: ${card.title.id} was revoked in ${found.dataset.label}${by ? ` and replaced by ${by}` : ''}; not refreshing.`,
      by ? `Change the card's technique to ${by} (a quick fix does it), then refresh.` : undefined,
    );
  }
  const eol = detectZoneEol(card.text, card.attackZoneEnd);
  const parts = attackZoneParts(found.dataset, found.technique);
  const rendered = renderZoneParts(parts, pullDate);
  return {
    dataset: found.dataset,
    technique: found.technique,
    parts,
    // A byte order mark an editor handed over with the text is not part of the zone, and stays.
    zoneStart: card.text.charCodeAt(0) === 0xfeff ? 1 : 0,
    zoneEnd: card.attackZoneEnd,
    newZone: eol === '\n' ? rendered : rendered.replace(/\n/g, eol),
  };
}

/** The line break the zone is written with: the one its current lines mostly use (\n, \r\n or a lone \r). */
function detectZoneEol(text: string, zoneEnd: number): string {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = 0; i < zoneEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/** The edit that puts the regenerated zone in place of the card's. */
export function zoneEdit(regenerated: ZoneRegeneration): TextEdit {
  return { span: { start: regenerated.zoneStart, end: regenerated.zoneEnd }, newText: regenerated.newZone };
}

/** The whole card with its ATT&CK zone replaced; the author zone's bytes are carried over untouched. */
export function refreshCardText(card: Card, catalog: Catalog, pullDate: string): { text: string; changed: boolean } {
  const { newZone, zoneStart, zoneEnd } = regenerateAttackZone(card, catalog, pullDate);
  const text = card.text.slice(0, zoneStart) + newZone + card.text.slice(zoneEnd);
  return { text, changed: text !== card.text };
}

/**
 * What differs between the card's ATT&CK zone and what the dataset generates now
 * (with the card's own pull date), in words; empty when nothing does.
 */
export function describeZoneChanges(card: Card, regenerated: ZoneRegeneration): string[] {
  const normalise = (s: string) => s.replace(/\r\n?/g, '\n');
  if (normalise(card.text.slice(regenerated.zoneStart, regenerated.zoneEnd)) === normalise(regenerated.newZone)) return [];
  const { parts } = regenerated;
  const changes: string[] = [];
  if (normalise(card.title!.name) !== parts.name) changes.push(`name is now "${parts.name}"`);
  for (const [key, label, expected] of [
    ['description', 'Technique Description', parts.description],
    ['detection', 'Technique Detection', parts.detection],
  ] as const) {
    const s = sectionOf(card, key);
    const actual = s
      ? normalise(card.text.slice(s.headingSpan.end, s.span.end))
          .replace(/\n-{3,}\s*$/, '')
          .trim()
      : '';
    if (actual !== normalise(expected).trim()) changes.push(`${label} changed`);
  }
  const lists: Array<[string, string[], string[]]> = [
    ['Tactics', card.tactics.map((t) => t.text), parts.tactics],
    ['Platforms', card.platforms.map((t) => t.text), parts.platforms],
    ['Data Sources', card.dataSources.map((d) => `${d.source.text}: ${d.component.text}`), parts.dataSources],
    ['Adversarial usage', card.usage.map((u) => u.groupLink?.attackId ?? u.groupCell.text), parts.usage.map((u) => u.groupId)],
    ['Mitre References', card.references.map((r) => r.title.text), parts.references.map((r) => r.title)],
  ];
  for (const [name, before, after] of lists) {
    const added = after.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !after.includes(x));
    if (added.length || removed.length) {
      const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')}, …` : xs.join(', '));
      changes.push(`${name}: ${[added.length ? `+${added.length} (${list(added)})` : '', removed.length ? `−${removed.length} (${list(removed)})` : ''].filter(Boolean).join(' ')}`);
    }
  }
  if (changes.length === 0) changes.push('layout or text differs');
  return changes;
}
