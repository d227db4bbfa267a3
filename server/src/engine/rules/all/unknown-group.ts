import { GROUP_TOKEN, matchesOutsideCode } from '../../card/scan.js';
import type { Rule } from '../rule.js';

export const unknownGroup: Rule = {
  id: 'unknown-group',
  defaultSeverity: 'error',
  summary: 'a group link or group ID is not in the ATT&CK dataset',
  run({ card, catalog, report }) {
    const known = (id: string) => catalog.datasets.some((d) => d.actor(id)?.kind === 'group');
    const links = card.links.filter((l) => l.attackId?.startsWith('G'));
    for (const link of links) {
      if (!known(link.attackId!)) report({ span: link.span, message: `${link.attackId} (linked as "${link.text.text}") is not a group in ${catalog.primary.label}.` });
    }
    const inLink = (offset: number) => links.some((l) => offset >= l.span.start && offset < l.span.end);
    for (const m of matchesOutsideCode(card, GROUP_TOKEN)) {
      if (!inLink(m.span.start) && !known(m.text)) report({ span: m.span, message: `${m.text} is not a group in ${catalog.primary.label}.` });
    }
  },
};
