import type { Actor } from '../../attack/query/model.js';
import type { Rule } from '../rule.js';

const names = (g: Actor) => [g.name, ...g.aliases].map((n) => n.toLowerCase());

export const groupNameMismatch: Rule = {
  id: 'group-name-mismatch',
  defaultSeverity: 'warning',
  autofix: true,
  summary: "a group link's text is neither the group's name nor one of its aliases",
  run({ card, catalog, report }) {
    const group = (id: string) => catalog.datasets.map((d) => d.actor(id)).find((a) => a?.kind === 'group');
    for (const link of card.links) {
      if (!link.attackId?.startsWith('G')) continue;
      const g = group(link.attackId);
      if (!g || names(g).includes(link.text.text.trim().toLowerCase())) continue;
      report({
        span: link.text.span,
        message: `The link to ${g.id} says "${link.text.text}", but ${g.id} is ${g.name}${g.aliases.length ? ` (also ${g.aliases.join(', ')})` : ''}.`,
        fixes: [{ title: `Change the link text to "${g.name}"`, preferred: true, edits: [{ span: link.text.span, newText: g.name }] }],
      });
    }
    for (const row of card.usage) {
      const g = row.groupLink?.attackId ? group(row.groupLink.attackId) : undefined;
      if (!g || names(g).includes(row.groupCell.text.toLowerCase())) continue;
      report({
        span: row.groupCell.span,
        message: `This row's group is ${g.id} ${g.name}, not "${row.groupCell.text}".`,
        fixes: [{ title: `Change to "${g.name}"`, preferred: true, edits: [{ span: row.groupCell.span, newText: g.name }] }],
      });
    }
  },
};
