import { formatCardDate } from '../../format/card-date.js';
import { HuntCardError } from '../../errors.js';
import { describeZoneChanges, regenerateAttackZone, zoneEdit } from '../../refresh/attack-zone.js';
import type { Rule } from '../rule.js';

export const staleAttackZone: Rule = {
  id: 'stale-attack-zone',
  defaultSeverity: 'info',
  summary: 'the ATT&CK zone differs from what the dataset generates now',
  run({ card, catalog, technique, report }) {
    if (!technique || technique.revoked || !card.pullDate || card.attackZoneEnd === undefined) return;
    let regenerated;
    try {
      regenerated = regenerateAttackZone(card, catalog, card.pullDate.text);
    } catch (error) {
      if (error instanceof HuntCardError) return;
      throw error;
    }
    const changes = describeZoneChanges(card, regenerated);
    if (changes.length === 0) return;
    const today = formatCardDate(new Date());
    const fresh = regenerateAttackZone(card, catalog, today);
    report({
      span: card.title!.span,
      message: `The ATT&CK zone differs from ${regenerated.dataset.label}: ${changes.join('; ')}.`,
      fixes: [{ title: 'Refresh the ATT&CK zone', edits: [zoneEdit(fresh)] }],
    });
  },
};
