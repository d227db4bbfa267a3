import type { Code, InlineCode, Link, Nodes } from 'mdast';

/**
 * Calls `visit` on a node and every node under it, in document order. The
 * card model walks each tree a few times, and on a long card a plain walk is
 * several times faster than unist-util-visit, which builds an ancestor list
 * and runs a test at every node (neither needed here).
 */
export function walkTree(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walkTree(child, visit);
}

/** The nodes under a node that the card model collects: code (fenced and inline) and links, in document order. */
export interface Landmarks {
  code: Array<Code | InlineCode>;
  links: Link[];
}

const remembered = new WeakMap<Nodes, Landmarks>();

/**
 * The landmarks under a node, found once per node object: the pieces a memo
 * hands back for a long card keep their node objects, so after an edit only
 * the new pieces are walked. (Positions are read from the nodes when used,
 * so a piece moved by the edit still reports where it now stands.)
 */
export function landmarks(node: Nodes): Landmarks {
  let found = remembered.get(node);
  if (!found) {
    const code: Landmarks['code'] = [];
    const links: Link[] = [];
    walkTree(node, (n) => {
      if (!n.position) return;
      if (n.type === 'code' || n.type === 'inlineCode') code.push(n);
      else if (n.type === 'link') links.push(n);
    });
    found = { code, links };
    remembered.set(node, found);
  }
  return found;
}
