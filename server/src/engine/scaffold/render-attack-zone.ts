import type { Dataset } from '../attack/dataset.js';
import type { DetectionStrategy, Technique } from '../attack/model.js';
import { ATTACK_ZONE_NOTE, PULL_DATE_PREFIX, SECTION_RULE } from '../card/card-format.js';
import { titleCase } from '../format/title-case.js';

/**
 * Renders a technique's ATT&CK zone, from `# <ID> <Name>` down to and including
 * the pull-date line and its newline. Byte-compatible with the reference card
 * for pre-v18 data; see docs/rendering.md for the v18 detection rendering.
 */
export function renderAttackZone(dataset: Dataset, technique: Technique, pullDate: string): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);

  push(`# ${technique.id} ${technique.name}`, '', SECTION_RULE, '');
  push('## Technique Description', '', technique.description, '');
  push('## Technique Detection', '', detectionText(dataset, technique), '');
  push(SECTION_RULE, '');
  push('### Tactics:', '', ...technique.tactics.map((t) => `  *   ${tacticName(dataset, t)}`), '');
  push('### Platforms:', '', ...technique.platforms.map((p) => `  * ${p}`), '');
  push('### Data Sources:', '', ...technique.dataSources.map(dataSourceItem), '');
  push(SECTION_RULE, '');
  push('### Adversarial usage:', '', '| Adversary Group |  Adversarial Usage |', '|----|----|');
  for (const { group, use } of dataset.groupUsesOf(technique.id)) {
    push(`| ${tableCell(group.name)} | ${tableCell(use.description)}| `);
  }
  push(SECTION_RULE, '');
  push('## Mitre References', '');
  for (const ref of technique.references) {
    const title = titleCase(ref.sourceName);
    const link = ref.url ? `[${title}](${ref.url})` : title;
    push(ref.description ? `  * ${link}, ${ref.description}` : `  * ${link}`, '');
  }
  push(ATTACK_ZONE_NOTE, '', `${PULL_DATE_PREFIX}${pullDate}*`, '');
  return lines.join('\n');
}

function tacticName(dataset: Dataset, shortname: string): string {
  return dataset.tacticByShortname(shortname)?.name ?? titleCase(shortname.replace(/-/g, ' '));
}

/** "Network Traffic: Network Traffic Content" → "  * **Network Traffic:** Network Traffic Content" */
function dataSourceItem(entry: string): string {
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
  const head = `**${strategy.name}** ([${strategy.id}](${strategy.url}))`;
  const items = strategy.analytics.map((a) => {
    const platforms = a.platforms.length ? a.platforms.join(', ') : 'Any platform';
    const text = a.description.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    return `  * *${platforms}* ([${a.id}](${a.url})): ${text}`;
  });
  return items.length ? `${head}\n\n${items.join('\n')}` : head;
}
