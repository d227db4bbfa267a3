import { stripClosingSequence } from '../format/text-edges.js';
import type { Heading, Link, ListItem, Nodes, RootContent, Table, TableCell } from 'mdast';
import { ANALYTIC_FIELDS, type AnalyticField, MAX_CARD_CHARS, MAX_PIECE_CHARS, normaliseSectionTitle, SECTIONS, type SectionSpec } from './card-format.js';
import type {
  AdversaryExampleRow,
  AnalyticNumberRef,
  AnalyticSectionKey,
  Card,
  CardAnalytic,
  CardSection,
  CardSource,
  DataSourceItem,
  LinkRef,
  Located,
  MetadataField,
  ReferenceItem,
  UsageRow,
} from './card-model.js';
import { LineIndex, type Span } from './line-index.js';
import { attackIdOfUrl } from '../attack/query/attack-ids.js';
import { longestPiece, parseMarkdown, type PieceMemo, type PiecePlan, planPieces } from './parse-markdown.js';
import { landmarks, walkTree } from './walk-tree.js';
import { recogniseCard } from './recognise.js';
import { findZoneBoundary } from './zone-boundary.js';

const BOLD_KEY = /^\*\*(.+?):\*\*[ \t]*/;
const BOLD_KEY_GREEDY = /^\*\*(.+):\*\*[ \t]*/;
const ANALYTIC_HEADING = /^Analytic[ \t]+(\d+)[ \t]*$/i;

/**
 * Parses a Markdown document into the hunt-card model. Never throws on any
 * text. Markdown that is not a card is not parsed at all: no front reads
 * anything but `isCard` from it. A memo makes parsing the next version of a
 * long document cost only the pieces an edit touched.
 */
export function parseCard(text: string, uri = '', source?: CardSource, memo?: PieceMemo): Card {
  const card = unparsedCard(text, uri, source);
  if (!card.title) return card;
  if (text.length > MAX_CARD_CHARS) return markOversized(card, { why: 'length' });
  // One plan of pieces serves both the size check and the parse.
  const plan = planPieces(text);
  const oversized = oversizedBlock(plan);
  if (oversized) return markOversized(card, oversized);
  const tree = parseMarkdown(text, memo, plan);

  const top = tree.children;
  findPullDate(card);
  card.sections = splitSections(card, top);

  // What rules look up again and again: code spans and links.
  for (const node of top) {
    const { code, links } = landmarks(node);
    for (const c of code) card.codeSpans.push(spanOf(c));
    for (const link of links) card.links.push(linkRef(text, link));
  }
  const nodesOf = nodesBySection(card.sections, top);
  for (const [index, section] of card.sections.entries()) {
    const nodes = nodesOf[index]!;
    switch (section.spec?.key) {
      case 'tactics':
        card.tactics = listItems(text, nodes).map((i) => i.content);
        break;
      case 'platforms':
        card.platforms = listItems(text, nodes).map((i) => i.content);
        break;
      case 'dataSources':
        card.dataSources = listItems(text, nodes).map((i) => dataSourceItem(text, i.content, i.span));
        break;
      case 'adversarialUsage':
        card.usage = tableRows(text, nodes).map((cells) => usageRow(text, cells));
        break;
      case 'references':
        card.references = listItems(text, nodes).map((i) => referenceItem(text, i.node, i.content, i.span));
        break;
      case 'metadata':
        card.metadata = listItems(text, nodes).flatMap((i) => metadataField(text, i.content, i.span));
        break;
      case 'adversaryExamples':
        card.adversaryExamples = tableRows(text, nodes).map((cells) => exampleRow(text, cells));
        break;
      case 'hostAnalytics':
      case 'networkAnalytics':
        card.analytics.push(...analyticsOf(card, section.spec.key, nodes, section.span));
        break;
    }
  }
  return card;
}

/** A text's card before parsing: its title (a card's) and nothing else. */
function unparsedCard(text: string, uri: string, source?: CardSource): Card {
  const lines = new LineIndex(text);
  const card: Card = {
    uri,
    ...(source ? { source } : {}),
    text,
    lines,
    isCard: false,
    sections: [],
    tactics: [],
    platforms: [],
    dataSources: [],
    usage: [],
    references: [],
    metadata: [],
    adversaryExamples: [],
    analytics: [],
    codeSpans: [],
    links: [],
  }; // Whether this is a card, and for which technique, is decided in one place for every front.
  const identity = recogniseCard(text);
  if (identity) {
    card.title = { id: identity.id, name: identity.name, span: identity.span, idSpan: identity.idSpan, nameSpan: identity.nameSpan };
    card.isCard = true;
  }
  return card;
}

/**
 * A card not parsed because parsing it would cost too much: `oversizedCard` is
 * for a front whose parser gave up (the language server's parser thread ran out
 * of its memory), so the card still gets its card-too-large finding.
 */
export function oversizedCard(text: string, uri: string, oversized: NonNullable<Card['oversized']>): Card {
  const card = unparsedCard(text, uri);
  return card.title ? markOversized(card, oversized) : card;
}

function markOversized(card: Card, oversized: NonNullable<Card['oversized']>): Card {
  card.oversized = oversized;
  card.zoneProblem = { message: `${tooLargeReason(card)}.`, hint: 'Move long material out of the card into files of its own, then refresh.', span: card.title!.span };
  return card;
}

function oversizedBlock(plan: PiecePlan): Card['oversized'] {
  if (plan.text.length <= MAX_PIECE_CHARS) return undefined;
  const { chars, whole } = longestPiece(plan);
  if (chars <= MAX_PIECE_CHARS) return undefined;
  return whole ? { why: 'definitions', chars } : { why: 'block', chars };
}

const count = (n: number) => n.toLocaleString('en-US');

/** Why an oversized card is not read, in words (the card-too-large finding and refresh's refusal). */
export function tooLargeReason(card: Card): string {
  if (card.oversized?.why === 'memory') return `Parsing this card needed more than the ${card.oversized.limitMb} MB Hunt Card's editor parser may use`;
  if (card.oversized?.why === 'definitions')
    return `This card holds a link reference definition (a line like "[name]: https://…" outside code), which makes Hunt Card parse it in one piece, and at ${count(card.oversized.chars)} characters it is over the ${count(MAX_PIECE_CHARS)} (256 KiB) parsed so. Write its links inline, [text](https://…)`;
  if (card.oversized?.why === 'block')
    return `This card has ${count(card.oversized.chars)} characters without a heading to divide it, over the ${count(MAX_PIECE_CHARS)} (256 KiB) Hunt Card parses in one piece`;
  return `This card is ${count(card.text.length)} characters long, over the ${count(MAX_CARD_CHARS)} (2 MiB) Hunt Card reads`;
}

function findPullDate(card: Card): void {
  const found = findZoneBoundary(card.text, card.lines);
  if ('boundary' in found) {
    card.pullDate = found.boundary.pullDate;
    card.attackZoneEnd = found.boundary.end;
  } else if ('problem' in found) {
    card.zoneProblem = found.problem;
  }
}

function headingText(text: string, heading: Heading): string {
  const span = spanOf(heading);
  return stripClosingSequence(text.slice(span.start, span.end).replace(/^#+[ \t]*/, '')).trim();
}

const SECTION_BY_TITLE = new Map(SECTIONS.map((s) => [normaliseSectionTitle(s.title), s]));

function matchSection(title: string): SectionSpec | undefined {
  return SECTION_BY_TITLE.get(normaliseSectionTitle(title));
}

function splitSections(card: Card, top: RootContent[]): CardSection[] {
  const headings = top.filter((n): n is Heading => n.type === 'heading');
  const starts: Array<{ heading: Heading; spec?: SectionSpec }> = [];
  headings.forEach((h) => {
    if (card.title && (h.position?.start.offset ?? -1) <= card.title.span.start && (h.position?.end.offset ?? -1) >= card.title.span.start) return;
    const spec = matchSection(headingText(card.text, h));
    if (spec) starts.push({ heading: h, spec });
  });
  const zoneStart = card.attackZoneEnd;
  return starts.map(({ heading, spec }, i) => {
    const headingSpan = spanOf(heading);
    const next = starts[i + 1];
    const end = next ? spanOf(next.heading).start : card.text.length;
    const zone = spec?.zone ?? (zoneStart !== undefined && headingSpan.start >= zoneStart ? 'author' : 'attack');
    return {
      ...(spec ? { spec } : {}),
      title: headingText(card.text, heading),
      depth: heading.depth,
      zone,
      headingSpan,
      span: { start: headingSpan.start, end },
    };
  });
}

interface Item {
  node: ListItem;
  content: Located;
  span: Span;
}

/** The list items of the lists among `nodes`, with the text of their first line(s). */
function listItems(text: string, nodes: RootContent[]): Item[] {
  const items: Item[] = [];
  for (const list of nodes) {
    if (list.type !== 'list') continue;
    for (const item of list.children) {
      if (!item.position) continue;
      const span = spanOf(item);
      const first = item.children[0];
      const content = first?.position ? trimmed(text, spanOf(first)) : { text: '', span: { start: span.end, end: span.end } };
      items.push({ node: item, content, span });
    }
  }
  return items;
}

function dataSourceItem(text: string, content: Located, span: Span): DataSourceItem {
  const match = BOLD_KEY_GREEDY.exec(content.text);
  if (!match) return { source: content, component: { text: '', span: { start: content.span.end, end: content.span.end } }, span };
  const sourceStart = content.span.start + 2;
  return {
    source: { text: match[1]!, span: { start: sourceStart, end: sourceStart + match[1]!.length } },
    component: trimmed(text, { start: content.span.start + match[0].length, end: content.span.end }),
    span,
  };
}

function metadataField(text: string, content: Located, span: Span): MetadataField[] {
  const match = BOLD_KEY.exec(content.text);
  if (!match) return [];
  return [
    {
      key: match[1]!.replace(/\s+/g, ' ').trim(),
      value: trimmed(text, { start: content.span.start + match[0].length, end: content.span.end }),
      span,
    },
  ];
}

function referenceItem(text: string, node: ListItem, content: Located, span: Span): ReferenceItem {
  const link = firstLink(text, node);
  if (!link) return { title: content, span };
  const after = text.slice(link.span.end, content.span.end).replace(/^,\s*/, '').trim();
  return { title: link.text, url: link.url, ...(after ? { description: after } : {}), span };
}

function firstLink(text: string, node: Nodes, wanted: (link: LinkRef) => boolean = () => true): LinkRef | undefined {
  let found: LinkRef | undefined;
  walkTree(node, (link) => {
    if (found || link.type !== 'link' || !link.position) return;
    const ref = linkRef(text, link);
    if (wanted(ref)) found = ref;
  });
  return found;
}

function linkRef(text: string, link: Link): LinkRef {
  const span = spanOf(link);
  const first = link.children[0];
  const last = link.children[link.children.length - 1];
  const textSpan = first?.position && last?.position ? { start: spanOf(first).start, end: spanOf(last).end } : { start: span.start + 1, end: span.start + 1 };
  const attackId = attackIdOfUrl(link.url);
  return { text: { text: text.slice(textSpan.start, textSpan.end), span: textSpan }, url: link.url, span, ...(attackId ? { attackId } : {}) };
}

/** Body rows of the tables among `nodes` (the header row is skipped). */
function tableRows(text: string, nodes: RootContent[]): Array<{ cells: Array<{ located: Located; node: TableCell }>; span: Span }> {
  return nodes
    .filter((n): n is Table => n.type === 'table')
    .flatMap((table) => table.children.slice(1))
    .filter((row) => row.position)
    .map((row) => ({
      span: spanOf(row),
      cells: row.children.map((cell) => ({ located: cellContent(text, cell), node: cell })),
    }));
}

function cellContent(text: string, cell: TableCell): Located {
  const first = cell.children[0];
  const last = cell.children[cell.children.length - 1];
  if (first?.position && last?.position) return trimmed(text, { start: spanOf(first).start, end: spanOf(last).end });
  const at = cell.position ? spanOf(cell).start + 1 : 0;
  return { text: '', span: { start: at, end: at } };
}

function usageRow(text: string, row: ReturnType<typeof tableRows>[number]): UsageRow {
  const [group, usage] = row.cells;
  const empty = { text: '', span: { start: row.span.end, end: row.span.end } };
  // The procedure's link to its group (a procedure may name the group's software first), else its first link.
  const link = usage ? (firstLink(text, usage.node, (l) => l.attackId?.startsWith('G') === true) ?? firstLink(text, usage.node)) : undefined;
  return {
    groupCell: group?.located ?? empty,
    usage: usage?.located ?? empty,
    ...(link ? { groupLink: link } : {}),
    span: row.span,
  };
}

function exampleRow(text: string, row: ReturnType<typeof tableRows>[number]): AdversaryExampleRow {
  const [adversary, host, network] = row.cells;
  const empty = { text: '', span: { start: row.span.end, end: row.span.end } };
  return {
    adversary: adversary?.located ?? empty,
    host: host ? numberRefs(host.located) : [],
    network: network ? numberRefs(network.located) : [],
    ...(host ? { hostCell: host.located } : {}),
    ...(network ? { networkCell: network.located } : {}),
    span: row.span,
  };
}

function numberRefs(cell: Located): AnalyticNumberRef[] {
  const refs: AnalyticNumberRef[] = [];
  for (const match of cell.text.matchAll(/\d+/g)) {
    const start = cell.span.start + match.index!;
    refs.push({ number: finiteNumber(match[0]), span: { start, end: start + match[0].length } });
  }
  return refs;
}

function analyticsOf(card: Card, section: AnalyticSectionKey, nodes: RootContent[], sectionSpan: Span): CardAnalytic[] {
  // One pass: each analytic runs from its heading to the next heading of any kind.
  const headingAt = nodes.flatMap((n, i) => (n.type === 'heading' ? [i] : []));
  const analytics: CardAnalytic[] = [];
  headingAt.forEach((i, h) => {
    const node = nodes[i] as Heading;
    const match = ANALYTIC_HEADING.exec(headingText(card.text, node));
    if (!match) return;
    const headingSpan = spanOf(node);
    const nextIndex = headingAt[h + 1];
    const end = nextIndex !== undefined ? spanOf(nodes[nextIndex]!).start : sectionSpan.end;
    const body = nodes.slice(i + 1, nextIndex ?? nodes.length);
    const fields = listItems(card.text, body).flatMap((item) => {
      const key = BOLD_KEY.exec(item.content.text);
      const field = key && ANALYTIC_FIELDS.find((f) => f.toLowerCase() === key[1]!.trim().toLowerCase());
      if (!key || !field) return [];
      const value = trimmed(card.text, { start: item.content.span.start + key[0].length, end: item.content.span.end });
      return [{ field: field as AnalyticField, value, span: item.span }];
    });
    const fencedQueries: CardAnalytic['fencedQueries'] = [];
    for (const n of body) {
      for (const code of landmarks(n).code) {
        if (code.type === 'code') fencedQueries.push({ lang: code.lang ?? '', code: code.value, span: spanOf(code) });
      }
    }
    analytics.push({ section, number: finiteNumber(match[1]!), headingSpan, span: { start: headingSpan.start, end }, fields, fencedQueries });
  });
  return analytics;
}

function spanOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Span {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** The top-level nodes under each section's heading (both lists are in document order). */
function nodesBySection(sections: CardSection[], top: RootContent[]): RootContent[][] {
  const out = sections.map((): RootContent[] => []);
  let at = 0;
  for (const node of top) {
    const { start, end } = spanOf(node);
    while (at < sections.length && start >= sections[at]!.span.end) at++;
    const section = sections[at];
    if (section && start >= section.headingSpan.end && end <= section.span.end) out[at]!.push(node);
  }
  return out;
}

/** The text of a span without surrounding white space, and the narrowed span. */
export function trimmed(text: string, span: Span): Located {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { text: text.slice(start, end), span: { start, end } };
}

/** A run of digits as a number: thousands of digits would be Infinity, which JSON (the model crossing threads) turns into null. */
function finiteNumber(digits: string): number {
  const n = Number(digits);
  return Number.isFinite(n) ? n : Number.MAX_VALUE;
}
