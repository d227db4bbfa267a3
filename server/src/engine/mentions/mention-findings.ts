import type { Catalog } from '../attack/query/catalog.js';
import { closestTechniques } from '../attack/query/technique-lookup.js';
import type { Finding, SeveritySetting } from '../rules/rule.js';
import { RULES } from '../rules/registry.js';
import { type Mention, writeAs } from './attack-mentions.js';

const DEFAULTS = new Map(RULES.map((r) => [r.id, r.defaultSeverity]));

/**
 * What is wrong with the ATT&CK mentions of a file that is not a card (a Sigma
 * rule, a notes page): a technique that no loaded dataset knows (with the
 * closest IDs as fixes), a revoked one (with its replacement, written the way
 * the mention is: `T1059.001`, `attack.t1059.001` or `T1059/001` in a URL), a
 * deprecated one, and a Sigma tag naming a group that is not there. The card
 * rules' IDs and severities apply
 * (`unknown-technique`, `revoked-technique`, `deprecated-technique`,
 * `unknown-group`).
 */
export function mentionFindings(mentions: readonly Mention[], catalog: Catalog, severities: Record<string, SeveritySetting> = {}): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: string, finding: Omit<Finding, 'rule' | 'severity'>) => {
    const severity = severities[rule] ?? DEFAULTS.get(rule) ?? 'warning';
    if (severity !== 'off') findings.push({ rule, severity, ...finding });
  };
  const labels = catalog.datasets.map((d) => d.label).join(' or ');
  let highest: number | undefined;
  for (const m of mentions) {
    if (m.kind === 'technique') {
      const found = catalog.technique(m.id);
      if (!found) {
        const close = closestTechniques(catalog.primary, m.id, 3);
        // An ID past every technique the data knows is most likely newer than the data.
        highest ??= Math.max(...catalog.datasets.flatMap((d) => d.techniqueSummaries().map((t) => Number(t.id.slice(1, 5)))));
        const newer = Number(m.id.slice(1, 5)) > highest ? ' It is past every technique ID of that data: if it comes from a newer ATT&CK release, update the data (huntcard data update).' : '';
        report('unknown-technique', {
          span: m.span,
          message: `${m.id} is not a technique in ${labels}.${newer}${close.length && !newer ? ` Did you mean ${close.map((t) => `${t.id} (${t.name})`).join(', ')}?` : ''}`,
          fixes: newer ? [] : close.map((t) => ({ title: `Change to ${t.id} ${t.name}`, edits: [{ span: m.span, newText: writeAs(m.form, t.id) }] })),
        });
      } else if (found.technique.revoked) {
        const by = found.dataset.replacementOf(found.technique);
        report('revoked-technique', {
          span: m.span,
          tags: ['deprecated'],
          message: `${m.id} was revoked in ${found.dataset.label}${by ? `; it is now ${by.id} ${by.name}` : ''}.`,
          ...(by ? { fixes: [{ title: `Replace with ${by.id} ${by.name}`, preferred: true, edits: [{ span: m.span, newText: writeAs(m.form, by.id) }] }] } : {}),
        });
      } else if (found.technique.deprecated) {
        report('deprecated-technique', { span: m.span, tags: ['deprecated'], message: `${m.id} ${found.technique.name} is deprecated in ${found.dataset.label}.` });
      }
    } else if (m.form === 'tag' && m.kind === 'group') {
      if (!catalog.datasets.some((d) => d.actor(m.id)?.kind === 'group')) report('unknown-group', { span: m.span, message: `${m.id} is not a group in ${labels}.` });
    }
  }
  return findings;
}
