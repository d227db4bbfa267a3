import { attackIdOfUrl } from '../../attack/query/attack-ids.js';
import { formatCardDate } from '../../format/card-date.js';
import { HuntCardError } from '../../errors.js';
import { regenerateAttackZone, zoneEdit } from '../../refresh/attack-zone.js';
import type { Fix } from '../rule.js';
import type { Rule } from '../rule.js';

/**
 * The title and the ATT&CK zone under it must name the same technique: the zone's
 * own Mitre-Attack reference link says which technique it was generated for. A
 * title changed to another real ID and name (T1110 Brute Force over a zone about
 * T1589.002) otherwise passes every other rule.
 */
export const titleZoneMismatch: Rule = {
  id: 'title-zone-mismatch',
  defaultSeverity: 'error',
  summary: "the title names a different technique than the ATT&CK zone under it (the zone's Mitre-Attack reference)",
  run({ card, catalog, report }) {
    const title = card.title!;
    const own = card.references.find((r) => r.url && /attack\.mitre\.org\/techniques\//.test(r.url) && /^mitre-attack$/i.test(r.title.text));
    const zoneId = own?.url ? attackIdOfUrl(own.url) : undefined;
    if (!zoneId || zoneId === title.id) return;
    const zoneTechnique = catalog.technique(zoneId)?.technique;
    const fixes: Fix[] = [];
    if (zoneTechnique) {
      fixes.push({
        title: `Restore the title to ${zoneId} ${zoneTechnique.name}`,
        preferred: true,
        edits: [{ span: { start: title.idSpan.start, end: Math.max(title.idSpan.end, title.nameSpan.end) }, newText: `${zoneId} ${zoneTechnique.name}` }],
      });
    }
    try {
      const fresh = regenerateAttackZone(card, catalog, formatCardDate(new Date()));
      fixes.push({ title: `Refresh the ATT&CK zone for ${title.id}`, edits: [zoneEdit(fresh)] });
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
    }
    report({
      span: title.idSpan,
      message: `The title says ${title.id}, but the ATT&CK zone below it describes ${zoneId}${zoneTechnique ? ` ${zoneTechnique.name}` : ''} (its Mitre-Attack reference). Restore the title, or refresh the zone for ${title.id}.`,
      fixes,
    });
  },
};
