import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { Technique } from '../attack/query/model.js';
import type { Card } from '../card/card-model.js';
import { sectionOf } from '../card/card-model.js';
import { HuntCardError } from '../errors.js';
import type { TextEdit } from '../rules/rule.js';
import type { ListDelta, ZoneDelta } from '../../protocol.js';
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
 * author zone and is never part of the result. With `as`, the zone of that
 * technique instead of the card's (a revoked card moving to its replacement). Throws a HuntCardError that says
 * why when a card cannot be refreshed safely.
 */
export function regenerateAttackZone(card: Card, catalog: Catalog, pullDate: string, as?: string): ZoneRegeneration {
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
  const id = as ?? card.title.id;
  const found = catalog.technique(id);
  if (!found) throw new HuntCardError(`${where}: ${id} is not a technique in ${catalog.primary.label}; cannot refresh.`);
  if (found.technique.revoked) {
    const by = found.technique.revokedBy;
    throw new HuntCardError(
      `${where}: ${id} was revoked in ${found.dataset.label}${by ? ` and replaced by ${by}` : ''}; not refreshing.`,
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
    zoneStart: zoneStartOf(card),
    zoneEnd: card.attackZoneEnd,
    newZone: eol === '\n' ? rendered : rendered.replace(/\n/g, eol),
  };
}

/**
 * Where the ATT&CK zone starts: at its title's line. What is above the title (blank
 * lines, comments such as markdownlint's directives) is the author's and stays, as
 * does a byte order mark an editor handed over with the text.
 */
function zoneStartOf(card: Card): number {
  const start = card.lines.lineStart(card.lines.position(card.title!.span.start).line);
  return start === 0 && card.text.charCodeAt(0) === 0xfeff ? 1 : start;
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
  const delta = zoneDelta(card, regenerated);
  if (!delta) return [];
  const changes: string[] = [];
  if (delta.name) changes.push(`name is now "${delta.name.to}"`);
  if (delta.description) changes.push('Technique Description changed');
  if (delta.detection.changed) changes.push('Technique Detection changed');
  const lists: Array<[string, ListDelta]> = [
    ['Tactics', delta.tactics],
    ['Platforms', delta.platforms],
    ['Data Sources', delta.dataSources],
    ['Adversarial usage', { added: delta.groups.added.map((g) => g.id), removed: delta.groups.removed.map((g) => g.id) }],
    ['Mitre References', delta.references],
  ];
  for (const [name, { added, removed }] of lists) {
    if (added.length || removed.length) {
      const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')}, …` : xs.join(', '));
      changes.push(`${name}: ${[added.length ? `+${added.length} (${list(added)})` : '', removed.length ? `−${removed.length} (${list(removed)})` : ''].filter(Boolean).join(' ')}`);
    }
  }
  if (changes.length === 0) changes.push('layout or text differs');
  return changes;
}

const DETECTION_IDS = /\b(?:DET|AN)\d{4}\b/g;

/** The card's zone against the regenerated one, part by part; undefined when the two are the same text. */
export function zoneDelta(card: Card, regenerated: ZoneRegeneration): ZoneDelta | undefined {
  const normalise = (s: string) => s.replace(/\r\n?/g, '\n');
  if (normalise(card.text.slice(regenerated.zoneStart, regenerated.zoneEnd)) === normalise(regenerated.newZone)) return undefined;
  const { parts } = regenerated;
  const sectionText = (key: string) => {
    const s = sectionOf(card, key);
    return s
      ? normalise(card.text.slice(s.headingSpan.end, s.span.end))
          .replace(/\n-{3,}\s*$/, '')
          .trim()
      : '';
  };
  const delta = (before: string[], after: string[]): ListDelta => ({ added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) });
  const oldDetection = sectionText('detection');
  const ids = (text: string) => [...new Set(text.match(DETECTION_IDS) ?? [])];
  // A row's group: the group its procedure links (the first link may be a software's), else the group of that name, else its name alone.
  const groupNamed = (name: string) => regenerated.dataset.actorsCalled(name, false).named.find((a) => a.kind === 'group')?.id ?? '';
  const before = card.usage.map((u) => ({ id: u.groupLink?.attackId?.startsWith('G') ? u.groupLink.attackId : groupNamed(u.groupCell.text), name: u.groupCell.text }));
  const after = parts.usage.map((u) => ({ id: u.groupId, name: u.groupName }));
  const same = (a: { id: string; name: string }, b: { id: string; name: string }) => (a.id && b.id ? a.id === b.id : a.name === b.name);
  return {
    ...(normalise(card.title!.name) !== parts.name ? { name: { from: card.title!.name, to: parts.name } } : {}),
    description: sectionText('description') !== normalise(parts.description).trim(),
    detection: { changed: oldDetection !== normalise(parts.detection).trim(), ...delta(ids(oldDetection), ids(parts.detection)) },
    tactics: delta(
      card.tactics.map((t) => t.text),
      parts.tactics,
    ),
    platforms: delta(
      card.platforms.map((t) => t.text),
      parts.platforms,
    ),
    dataSources: delta(
      card.dataSources.map((d) => `${d.source.text}: ${d.component.text}`),
      parts.dataSources,
    ),
    groups: { added: after.filter((g) => !before.some((b) => same(b, g))), removed: before.filter((b) => !after.some((g) => same(b, g))) },
    references: delta(
      card.references.map((r) => r.title.text),
      parts.references.map((r) => r.title),
    ),
  };
}
