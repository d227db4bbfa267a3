import { type DocumentLink, type DocumentSymbol, type FoldingRange, FoldingRangeKind, type Location, SymbolKind } from 'vscode-languageserver/node';
import { attackUrl, citations, findMentions, GROUP_TOKEN, inCode, inSortedSpans, matchesOutsideCode, type Mention, SOFTWARE_TOKEN, TECHNIQUE_TOKEN, type Card, type Catalog } from '../engine/index.js';
import { toRange } from './convert.js';

/** Outline: the card's title, its sections, and each analytic under its section. */
export function documentSymbols(card: Card): DocumentSymbol[] {
  if (!card.isCard || !card.title) return [];
  const sections: DocumentSymbol[] = card.sections.map((s) => ({
    name: s.title,
    kind: s.zone === 'attack' ? SymbolKind.Namespace : SymbolKind.Module,
    detail: s.zone === 'attack' ? 'ATT&CK zone' : 'author zone',
    range: toRange(card, s.span),
    selectionRange: toRange(card, s.headingSpan),
    children: card.analytics
      .filter((a) => a.span.start >= s.span.start && a.span.start < s.span.end)
      .map((a) => ({ name: `Analytic ${a.number}`, kind: SymbolKind.Function, range: toRange(card, a.span), selectionRange: toRange(card, a.headingSpan) })),
  }));
  return [
    {
      name: `${card.title.id} ${card.title.name}`,
      kind: SymbolKind.File,
      range: toRange(card, { start: 0, end: card.text.length }),
      selectionRange: toRange(card, card.title.span),
      children: sections,
    },
  ];
}

export function foldingRanges(card: Card): FoldingRange[] {
  if (!card.isCard) return [];
  const ranges: FoldingRange[] = [];
  const fold = (start: number, end: number) => {
    const from = card.lines.position(start).line;
    let to = card.lines.position(end).line;
    while (to > from && card.lines.lineText(to).trim() === '') to--;
    if (end === card.lines.lineStart(to + 1) || card.lines.position(end).character === 0) to = Math.max(from, to);
    if (to > from) ranges.push({ startLine: from, endLine: to, kind: FoldingRangeKind.Region });
  };
  for (const s of card.sections) fold(s.headingSpan.start, Math.max(s.headingSpan.start, s.span.end - 1));
  for (const a of card.analytics) fold(a.headingSpan.start, Math.max(a.headingSpan.start, a.span.end - 1));
  return ranges;
}

export function documentLinks(card: Card, catalog?: Catalog): DocumentLink[] {
  if (!card.isCard) return [];
  const ids = [TECHNIQUE_TOKEN, GROUP_TOKEN, SOFTWARE_TOKEN].flatMap((re) =>
    matchesOutsideCode(card, re).map((m) => ({ range: toRange(card, m.span), target: attackUrl(m.text)!, tooltip: `${m.text} on attack.mitre.org` })),
  );
  // The rest of the vocabulary (tactic IDs, campaigns, mitigations, v18's detection objects), outside code and links.
  const linkSpans = card.links.map((l) => l.span);
  const rest = catalog
    ? mentionLinks(
        card,
        catalog,
        findMentions(card.text, 'markdown').filter(
          (m) => m.form === 'id' && !['technique', 'group', 'software'].includes(m.kind) && !inCode(card, m.span.start) && !inSortedSpans(linkSpans, m.span.start),
        ),
      )
    : [];
  return [...ids, ...rest];
}

/** Links from a file's ATT&CK mentions to their pages on attack.mitre.org (or the dataset's URL for v18's detection objects). */
export function mentionLinks(card: Card, catalog: Catalog, mentions: readonly Mention[]): DocumentLink[] {
  // Looked up once per request, not once per mention: a long file has thousands.
  const tacticUrls = new Map(catalog.datasets.flatMap((d) => d.tactics().map((t) => [t.shortname, t.url] as const)));
  const detectionUrls = new Map<string, string | undefined>();
  const detectionUrl = (id: string) => {
    if (!detectionUrls.has(id)) detectionUrls.set(id, catalog.datasets.map((d) => d.detectionObject(id)?.url).find(Boolean));
    return detectionUrls.get(id);
  };
  return mentions.flatMap((m) => {
    if (m.form === 'url') return [];
    const target = m.kind === 'detection' ? detectionUrl(m.id) : m.kind === 'tactic' && !/^TA\d{4}$/.test(m.id) ? tacticUrls.get(m.id) : attackUrl(m.id);
    return target ? [{ range: toRange(card, m.span), target, tooltip: `${m.id} on attack.mitre.org` }] : [];
  });
}

/** From a (Citation: X) to its line in Mitre References. */
export function citationDefinition(card: Card, uri: string, offset: number): Location | null {
  const line = card.lines.position(offset).line;
  const hit = citations(card, card.lines.lineStart(line), card.lines.lineEnd(line)).find((m) => offset >= m.span.start && offset <= m.span.end);
  if (!hit) return null;
  const name = hit.name.toLowerCase();
  const ref = card.references.find((r) => r.title.text.trim().toLowerCase() === name);
  return ref ? { uri, range: toRange(card, ref.span) } : null;
}
