import assert from 'node:assert/strict';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { CHUNKED_ABOVE, parseMarkdown } from '../../server/src/engine/card/parse-markdown.js';
import { referenceCard } from '../helpers/cards.js';

const whole = (text: string) => unified().use(remarkParse).use(remarkGfm).parse(text) as Root;

/** A long card whose analytics hold headings-lookalikes inside fences, HTML blocks and comments. */
function longCard(eol: string): string {
  const base = referenceCard();
  const tricky = [
    '#### Analytic N',
    '',
    '  * **Query:**',
    '',
    '```kql',
    '# not a heading inside a fence',
    '',
    '## still code',
    '```',
    '',
    '<!--',
    '',
    '# inside an HTML comment',
    '-->',
    '',
    '<pre>',
    '',
    '# inside pre',
    '</pre>',
    '',
    '~~~~',
    '```',
    '# inside a tilde fence',
    '~~~~',
    '',
    '| a | b |',
    '|---|---|',
    '| 1, 2 | (Citation: X) |',
    '',
  ].join('\n');
  let text = base;
  for (let n = 3; text.length < CHUNKED_ABOVE * 3; n++) text += `\n${tricky.replace('Analytic N', `Analytic ${n}`)}\n`;
  return text.replace(/\n/g, eol);
}

describe('parseMarkdown: long documents in pieces', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`gives exactly the tree of one whole parse (${name})`, () => {
      const text = longCard(eol);
      assert.ok(text.length > CHUNKED_ABOVE);
      assert.deepEqual(JSON.parse(JSON.stringify(parseMarkdown(text))), JSON.parse(JSON.stringify(whole(text))));
    });
  }

  it('parses a document with link reference definitions whole', () => {
    const text = `${longCard('\n')}\n[ref]: https://example.org\n\nSee [the ref][ref].\n`;
    assert.deepEqual(JSON.parse(JSON.stringify(parseMarkdown(text))), JSON.parse(JSON.stringify(whole(text))));
  });
});
