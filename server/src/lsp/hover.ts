import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import {
  attackUrl,
  compareAttackIds,
  citations,
  findMentions,
  GROUP_TOKEN,
  inCode,
  matchesOutsideCode,
  type Mention,
  mentionAt,
  SOFTWARE_TOKEN,
  TECHNIQUE_TOKEN,
  type Card,
  type Catalog,
  type Span,
} from '../engine/index.js';
import { toRange } from './convert.js';
import { escapeMarkdown, firstParagraph, safeMarkdown } from './safe-markdown.js';

const contains = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/** The thing under the cursor: an ATT&CK ID, a citation, or a tactic name. */
export type Target =
  | { kind: 'technique' | 'group' | 'software'; id: string; span: Span }
  | { kind: 'citation'; name: string; span: Span }
  | { kind: 'tactic'; name: string; span: Span }
  | { kind: 'mention'; mention: Mention }
  | { kind: 'logSource'; source: string; component: string; span: Span };

export function targetAt(card: Card, offset: number): Target | undefined {
  const lineStart = card.lines.lineStart(card.lines.position(offset).line);
  const lineEnd = card.lines.lineEnd(card.lines.position(offset).line);
  const onLine = (re: RegExp) => matchesOutsideCode(card, re, lineStart, lineEnd).find((m) => contains(m.span, offset));
  const citation = citations(card, lineStart, lineEnd).find((m) => contains(m.span, offset));
  if (citation) return { kind: 'citation', name: citation.name, span: citation.span };
  for (const [re, kind] of [
    [TECHNIQUE_TOKEN, 'technique'],
    [GROUP_TOKEN, 'group'],
    [SOFTWARE_TOKEN, 'software'],
  ] as const) {
    const m = onLine(re);
    if (m) return { kind, id: m.text, span: m.span };
  }
  const link = card.links.find((l) => l.attackId && contains(l.span, offset));
  if (link?.attackId) {
    const kind = link.attackId.startsWith('T') ? 'technique' : link.attackId.startsWith('G') ? 'group' : link.attackId.startsWith('S') ? 'software' : undefined;
    if (kind) return { kind, id: link.attackId, span: link.span };
  }
  const tactic = card.tactics.find((t) => contains(t.span, offset));
  if (tactic) return { kind: 'tactic', name: tactic.text, span: tactic.span };
  // A Data Sources line of a v18 card is a log source and a data component ("**WinEventLog:Sysmon:** Process Creation").
  const source = card.dataSources.find((d) => contains(d.span, offset));
  if (source) return { kind: 'logSource', source: source.source.text, component: source.component.text, span: contains(source.source.span, offset) ? source.source.span : source.component.span };
  // The rest of ATT&CK's vocabulary: tactic IDs, campaigns, mitigations, detection strategies, analytics, data components.
  const lineText = card.text.slice(lineStart, lineEnd);
  const mention = mentionAt(findMentions(lineText, 'markdown'), offset - lineStart);
  if (mention && !inCode(card, lineStart + mention.span.start)) {
    return { kind: 'mention', mention: { ...mention, span: { start: lineStart + mention.span.start, end: lineStart + mention.span.end } } };
  }
  return undefined;
}

/** A hover on an ATT&CK mention of a file that is not a card (a Sigma rule, notes). */
export function mentionHover(card: Card, catalog: Catalog, mentions: readonly Mention[], offset: number): Hover | null {
  const mention = mentionAt(mentions, offset);
  if (!mention) return null;
  return { contents: { kind: 'markdown', value: mentionMarkdown(catalog, mention) }, range: toRange(card, mention.span) };
}

/** What ATT&CK says about a mention, whatever it names. */
export function mentionMarkdown(catalog: Catalog, mention: Mention): string {
  const { id } = mention;
  switch (mention.kind) {
    case 'technique':
      return techniqueMarkdown(catalog, id);
    case 'group':
    case 'software':
    case 'campaign':
      return actorMarkdown(catalog, id);
    case 'tactic': {
      const tactic = catalog.datasets.flatMap((d) => d.tactics()).find((t) => t.id === id || t.shortname === id);
      if (!tactic) return `**attack.${escapeMarkdown(id)}**: not an ATT&CK tactic in ${catalog.primary.label}.`;
      return tacticMarkdown(tactic);
    }
    case 'detection':
    case 'mitigation': {
      const found = catalog.datasets.map((d) => ({ d, o: d.detectionObject(id) })).find((x) => x.o);
      if (!found?.o && mention.kind === 'mitigation')
        return `**${id}** (mitigation): not in the data in use (update the ATT&CK data to read mitigations) · [${id} on attack.mitre.org](${attackUrl(id)})`;
      if (!found?.o) return `**${id}**: not in ${catalog.datasets.map((d) => d.label).join(' or ')} (detection strategies, analytics and data components came with ATT&CK v18).`;
      const { d, o } = found;
      const techniques = [...new Set(o.techniques ?? [])].sort(compareAttackIds).map((t) => `${t} ${escapeMarkdown(d.technique(t)?.name ?? '')}`.trim());
      return [
        `**${o.id} ${escapeMarkdown(o.name)}** (${o.kind})`,
        o.description ? safeMarkdown(excerpt(firstParagraph(o.description))) : '',
        o.platforms?.length ? `*Platforms:* ${o.platforms.map(escapeMarkdown).join(', ')}` : '',
        o.logSources?.length ? `*Log sources:* ${o.logSources.map(escapeMarkdown).join('; ')}` : '',
        o.analytics?.length ? `*Analytics:* ${o.analytics.join(', ')}` : '',
        o.strategies?.length ? `*Detection strategy:* ${o.strategies.join(', ')}` : '',
        techniques.length ? `*${o.kind === 'mitigation' ? 'Mitigates' : 'Detects'}:* ${techniques.slice(0, 12).join(', ')}${techniques.length > 12 ? `, … (${techniques.length} in all)` : ''}` : '',
        `[${o.id} on attack.mitre.org](${o.url}) · ${d.label}`,
      ]
        .filter(Boolean)
        .join('\n\n');
    }
  }
}

/** A log source of the card's technique: the analytics that read it (with the channel), and its data component. */
function logSourceMarkdown(card: Card, catalog: Catalog, source: string, component: string): string | undefined {
  const found = card.title ? catalog.technique(card.title.id) : undefined;
  if (!found) return undefined;
  const uses = found.dataset
    .detectionStrategies(found.technique.id)
    .flatMap((s) => s.analytics.flatMap((a) => a.logSources.filter((l) => l.name === source && l.componentName === component).map((l) => ({ analytic: a, log: l }))));
  if (uses.length === 0) return undefined;
  const dc = found.dataset.detectionObject(uses[0]!.log.componentId);
  const channels = [...new Set(uses.map((u) => u.log.channel).filter(Boolean))];
  return [
    `**${escapeMarkdown(source)}** (log source) · **${escapeMarkdown(component)}**${dc ? ` (${dc.id}, data component)` : ''}`,
    dc?.description ? safeMarkdown(excerpt(firstParagraph(dc.description), 300)) : '',
    channels.length ? `*Channel:* ${channels.map(escapeMarkdown).join('; ')}` : '',
    `*Read by:* ${[...new Set(uses.map((u) => u.analytic.id))].join(', ')} (${found.technique.id})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function tacticMarkdown(tactic: { id: string; name: string; description: string; url: string }): string {
  return [`**${escapeMarkdown(tactic.name)}** (${tactic.id}, tactic)`, safeMarkdown(firstParagraph(tactic.description)), tactic.url ? `[${tactic.id} on attack.mitre.org](${tactic.url})` : '']
    .filter(Boolean)
    .join('\n\n');
}

function actorMarkdown(catalog: Catalog, id: string): string {
  const found = catalog.datasets.map((d) => ({ d, a: d.actor(id) })).find((x) => x.a);
  if (!found?.a) return `**${id}**: not in ${catalog.primary.label}.`;
  const { d, a } = found;
  const used = d.usedBy(a.id).filter((u) => u.targetId.startsWith('T')).length;
  return [
    `**${escapeMarkdown(a.name)}** (${a.id}, ${a.kind})${a.revoked ? ' — revoked' : ''}`,
    a.aliases.length ? `*Also known as:* ${a.aliases.map(escapeMarkdown).join(', ')}` : '',
    safeMarkdown(withCitationLinks(excerpt(firstParagraph(a.description)), d)),
    `Uses ${used} technique${used === 1 ? '' : 's'} in ${d.label}.`,
    a.url ? `[${a.id} on attack.mitre.org](${a.url})` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** ATT&CK's "(Citation: Name)" markers as links to the source (or the name in italics when it has no URL), not raw text. */
function withCitationLinks(text: string, dataset: { citation(name: string): { url?: string } | undefined }): string {
  // An excerpt may end inside a marker: that half is dropped.
  const open = text.lastIndexOf('(Citation:');
  if (open >= 0 && !text.includes(')', open)) text = `${text.slice(0, open).trimEnd()} …`;
  return text.replace(/\(Citation:([^()\r\n]*)\)/g, (_m, raw: string) => {
    const name = raw.trim().replace(/[[\]]/g, '');
    const url = dataset.citation(raw.trim())?.url;
    return url && /^https?:\/\//i.test(url) ? ` [${name}](${url.replace(/[()\s]/g, encodeURIComponent)})` : ` *(${name})*`;
  });
}

export function hoverAt(card: Card, catalog: Catalog, offset: number): Hover | null {
  const target = targetAt(card, offset);
  if (!target) return null;
  const value = hoverText(card, catalog, target);
  if (!value) return null;
  const contents: MarkupContent = { kind: 'markdown', value };
  return { contents, range: toRange(card, target.kind === 'mention' ? target.mention.span : target.span) };
}

function hoverText(card: Card, catalog: Catalog, target: Target): string | undefined {
  switch (target.kind) {
    case 'technique':
      return techniqueMarkdown(catalog, target.id);
    case 'group':
    case 'software':
      return actorMarkdown(catalog, target.id);
    case 'mention':
      return mentionMarkdown(catalog, target.mention);
    case 'logSource':
      return logSourceMarkdown(card, catalog, target.source, target.component);
    case 'citation': {
      const own = card.references.find((r) => r.title.text.toLowerCase() === target.name.trim().toLowerCase());
      if (own) return citationMarkdown(target.name, own.description, own.url, 'this card');
      const found = catalog.datasets.map((d) => ({ d, r: d.citation(target.name) })).find((x) => x.r);
      if (found?.r) return citationMarkdown(target.name, found.r.description, found.r.url, found.d.label);
      return `**${escapeMarkdown(target.name)}**: no such reference in this card or in ${catalog.primary.label}.`;
    }
    case 'tactic': {
      const tactic = catalog.datasets.flatMap((d) => d.tactics()).find((t) => t.name.toLowerCase() === target.name.toLowerCase());
      return tactic ? tacticMarkdown(tactic) : undefined;
    }
  }
}

export function techniqueMarkdown(catalog: Catalog, id: string): string {
  const found = catalog.technique(id);
  if (!found) return `**${id}**: not a technique in ${catalog.datasets.map((d) => d.label).join(' or ')}.`;
  const { dataset, technique: t } = found;
  const replacement = dataset.replacementOf(t);
  const tactics = t.tactics.map((s) => dataset.tacticByShortname(s)?.name ?? s);
  return [
    `**${t.id} ${escapeMarkdown(t.name)}**${t.deprecated ? ' — deprecated' : ''}`,
    t.revoked ? `Revoked → ${replacement ? `**${replacement.id} ${escapeMarkdown(replacement.name)}**` : 'no replacement named'}` : '',
    tactics.length ? `*Tactics:* ${tactics.map(escapeMarkdown).join(', ')}` : '',
    t.platforms.length ? `*Platforms:* ${t.platforms.map(escapeMarkdown).join(', ')}` : '',
    safeMarkdown(withCitationLinks(firstParagraph(t.description), dataset)),
    `[${t.id} on attack.mitre.org](${t.url || attackUrl(t.id)}) · ${dataset.label}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function citationMarkdown(name: string, description: string | undefined, url: string | undefined, from: string): string {
  return [`**${escapeMarkdown(name)}**`, description ? safeMarkdown(description) : '', url && /^https?:\/\//i.test(url) ? `<${url.replace(/[<>\s]/g, encodeURIComponent)}>` : '', `*From ${from}.*`]
    .filter(Boolean)
    .join('\n\n');
}

function excerpt(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max).replace(/\s+\S*$/, '')} …` : text;
}
