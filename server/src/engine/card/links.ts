import { visit } from 'unist-util-visit';
import type { Card, LinkRef } from './card-model.js';
import { attackIdOf } from './parse-card.js';

const cache = new WeakMap<Card, LinkRef[]>();

/** Every Markdown link in the card, with the ATT&CK ID its URL names (computed once per card). */
export function cardLinks(card: Card): LinkRef[] {
  let links = cache.get(card);
  if (links) return links;
  links = [];
  const found = links;
  visit(card.tree, 'link', (link) => {
    if (!link.position) return;
    const span = { start: link.position.start.offset ?? 0, end: link.position.end.offset ?? 0 };
    const first = link.children[0]?.position;
    const last = link.children[link.children.length - 1]?.position;
    const textSpan = first && last ? { start: first.start.offset ?? 0, end: last.end.offset ?? 0 } : { start: span.start + 1, end: span.start + 1 };
    found.push({ text: { text: card.text.slice(textSpan.start, textSpan.end), span: textSpan }, url: link.url, span, ...attackIdOf(link.url) });
  });
  cache.set(card, links);
  return links;
}
