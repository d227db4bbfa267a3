import { joinLines } from '../format/text-edges.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { DetectionStrategy, Technique } from '../attack/query/model.js';
import { ATTACK_ZONE_NOTE, PULL_DATE_PREFIX, SECTION_RULE } from '../card/card-format.js';
import { titleCase } from '../format/title-case.js';
import { blockText, inlineText, linkTarget } from './dataset-text.js';

/**
 * Renders a technique's ATT&CK zone, from `# <ID> <Name>` down to and including
 * the pull-date line and its newline. Byte-compatible with the reference card
 * for pre-v18 data; see docs/rendering.md for the v18 detection rendering.
 */
export function renderAttackZone(dataset: Dataset, technique: Technique, pullDate: string): string {
  return renderZoneParts(attackZoneParts(dataset, technique), pullDate);
}

/** What the ATT&CK zone says, before layout: also what a stale-zone check compares against. */
export type AttackZoneParts = Pick<Technique, 'id' | 'name' | 'description' | 'detection' | 'platforms' | 'dataSources'> & {
  /** Tactic display names, as the card lists them. */
  tactics: string[];
  usage: Array<{ groupId: string; groupName: string; description: string }>;
  references: Array<{ title: string; url?: string; description?: string }>;
};

export function attackZoneParts(dataset: Dataset, technique: Technique): AttackZoneParts {
  return {
    id: technique.id,
    name: technique.name,
    description: technique.description,
    detection: detectionText(dataset, technique),
    tactics: technique.tactics.map((t) => tacticName(dataset, t)),
    platforms: technique.platforms,
    dataSources: technique.dataSources,
    usage: dataset.groupUsesOf(technique.id).map(({ group, use }) => ({ groupId: group.id, groupName: group.name, description: use.description })),
    references: technique.references.map((r) => ({
      title: titleCase(r.sourceName),
      ...(r.url ? { url: r.url } : {}),
      ...(r.description ? { description: r.description } : {}),
    })),
  };
}

export function renderZoneParts(parts: AttackZoneParts, pullDate: string): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(`# ${parts.id} ${inlineText(parts.name)}`, '', SECTION_RULE, '');
  push('## Technique Description', '', blockText(parts.description), '');
  push('## Technique Detection', '', blockText(parts.detection), '');
  push(SECTION_RULE, '');
  push('### Tactics:', '', ...parts.tactics.map((t) => `  *   ${inlineText(t)}`), '');
  push('### Platforms:', '', ...parts.platforms.map((p) => `  * ${inlineText(p)}`), '');
  push('### Data Sources:', '', ...parts.dataSources.map(dataSourceItem), '');
  push(SECTION_RULE, '');
  push('### Adversarial usage:', '', '| Adversary Group |  Adversarial Usage |', '|----|----|');
  for (const row of parts.usage) push(`| ${tableCell(inlineText(row.groupName))} | ${tableCell(inlineText(row.description))}| `);
  push(SECTION_RULE, '');
  push('## Mitre References', '');
  for (const ref of parts.references) {
    const url = linkTarget(ref.url);
    const title = inlineText(ref.title);
    const link = url ? `[${title}](${url})` : title;
    push(ref.description ? `  * ${link}, ${inlineText(ref.description)}` : `  * ${link}`, '');
  }
  push(ATTACK_ZONE_NOTE, '', `${PULL_DATE_PREFIX}${pullDate}*`, '');
  return lines.join('\n');
}

function tacticName(dataset: Dataset, shortname: string): string {
  return dataset.tacticByShortname(shortname)?.name ?? titleCase(shortname.replace(/-/g, ' '));
}

/** "Network Traffic: Network Traffic Content" → "  * **Network Traffic:** Network Traffic Content" */
function dataSourceItem(raw: string): string {
  const entry = inlineText(raw);
  const at = entry.indexOf(': ');
  return at < 0 ? `  * **${entry}**` : `  * **${entry.slice(0, at)}:** ${entry.slice(at + 2)}`;
}

/** A table cell must stay on one line and must not close itself early. */
function tableCell(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

function detectionText(dataset: Dataset, technique: Technique): string {
  if (technique.detection.trim()) return technique.detection;
  const strategies = dataset.detectionStrategies(technique.id);
  if (strategies.length === 0) {
    return `No detection guidance is published for this technique in ${dataset.label}.`;
  }
  return strategies.map(renderStrategy).join('\n\n');
}

/** v18+: one paragraph per detection strategy, one list item per analytic. */
function renderStrategy(strategy: DetectionStrategy): string {
  const link = (id: string, url: string) => (linkTarget(url) ? `[${id}](${url})` : id);
  const head = `**${inlineText(strategy.name)}** (${link(strategy.id, strategy.url)})`;
  const items = strategy.analytics.map((a) => {
    const platforms = a.platforms.length ? inlineText(a.platforms.join(', ')) : 'Any platform';
    const text = inlineText(joinLines(a.description));
    return `  * *${platforms}* (${link(a.id, a.url)}): ${text}`;
  });
  return items.length ? `${head}\n\n${items.join('\n')}` : head;
}
