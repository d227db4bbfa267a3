import assert from 'node:assert/strict';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import fc from 'fast-check';
import { parseCard } from '../../server/src/engine/card/parse-card.js';
import { CHUNKED_ABOVE, parseMarkdown, PieceMemo } from '../../server/src/engine/card/parse-markdown.js';
import { referenceCard } from '../helpers/cards.js';

const whole = (text: string) => unified().use(remarkParse).use(remarkGfm).parse(text) as Root;

/** A long card whose analytics hold headings-lookalikes inside fences, HTML blocks and comments. */
function longCard(eol: string, length = CHUNKED_ABOVE * 3): string {
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
  for (let n = 3; text.length < length; n++) text += `\n${tricky.replace('Analytic N', `Analytic ${n}`)}\n`;
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

const REPEATED_BLOCK = `\n\n#### Notes\n\n${'- the same [line](https://example.org) `again`\n'.repeat(110)}\n`;

describe('parseMarkdown: a memo of the last parse', () => {
  /** Edits of every kind a typist makes: inserting, deleting, replacing, anywhere (in fences, headings, tables). */
  const edits = fc.array(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.nat({ max: 400 }),
      // The same long block inserted twice makes one piece text come back in one document (found in review: copies shared nodes).
      insert: fc.constantFrom(
        '',
        'x',
        '\n',
        '\n\n#### Analytic 99\n\n',
        '```\n',
        '~~~~\n',
        '<!--',
        '-->',
        '| c | d |\n|---|---|\n',
        '[ref]: https://example.org\n',
        '\r\n',
        '# heading\n',
        REPEATED_BLOCK,
      ),
    }),
    { minLength: 1, maxLength: 5 },
  );

  // Each version is held to a parse without the memo, the last also to one whole parse (of every version it would take minutes).
  it('gives exactly the tree of a parse without it after any sequence of edits', function () {
    this.timeout(300_000);
    const plain = (text: string) => JSON.parse(JSON.stringify(parseMarkdown(text)));
    fc.assert(
      fc.property(fc.constantFrom('\n', '\r\n'), edits, (eol, steps) => {
        const memo = new PieceMemo();
        let text = longCard(eol, CHUNKED_ABOVE * 1.3);
        parseMarkdown(text, memo);
        for (const step of steps) {
          const at = Math.floor(step.at * text.length);
          text = text.slice(0, at) + step.insert + text.slice(at + step.remove);
          const tree = parseMarkdown(text, memo);
          assert.equal(new Set(tree.children).size, tree.children.length, 'no node object appears twice');
          assert.deepEqual(JSON.parse(JSON.stringify(tree)), plain(text));
        }
        assert.deepEqual(JSON.parse(JSON.stringify(parseMarkdown(text, memo))), JSON.parse(JSON.stringify(whole(text))));
      }),
      { numRuns: 6 },
    );
  });

  it('gives every copy of a repeated piece its own nodes and positions (the card model of a memo parse equals one without)', () => {
    // Identical blocks longer than a piece: the same piece text comes back again and again in one document.
    const block = `#### Notes\n\n${'- the same line, [a link](https://example.org) and `code`\n'.repeat(90)}\n`;
    let text = `${referenceCard()}\n${block.repeat(25)}`;
    const memo = new PieceMemo();
    const model = (t: string, m?: PieceMemo) => {
      const card = parseCard(t, 'T1589.002.md', undefined, m);
      return JSON.stringify({ links: card.links, code: card.codeSpans, sections: card.sections });
    };
    assert.equal(model(text, memo), model(text));
    text = text.replace('#### Notes', '#### Notes on the first block');
    assert.equal(model(text, memo), model(text));
    const tree = parseMarkdown(text, new PieceMemo());
    assert.equal(new Set(tree.children).size, tree.children.length, 'no node object appears twice');
  });

  it('parses again only the pieces an edit touched', () => {
    const memo = new PieceMemo();
    const text = longCard('\n');
    const first = parseMarkdown(text, memo);
    const at = text.lastIndexOf('#### Analytic');
    const edited = `${text.slice(0, at)}- a new line\n\n${text.slice(at)}`;
    const second = parseMarkdown(edited, memo);
    // The first pieces' nodes are the same objects (reused, not parsed again); the last piece is new.
    assert.equal(second.children[0], first.children[0]);
    assert.notEqual(second.children.at(-1), first.children.at(-1));
  });
});
