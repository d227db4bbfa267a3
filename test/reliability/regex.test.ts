import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO } from '../helpers/paths.js';
import { DEEP_INDENT, DEEP_INDENT_ALL, tameDeepIndentation } from '../../server/src/engine/card/parse-markdown.js';
import { joinLines, stripClosingSequence, stripLineBreak, trailingCommaLength } from '../../server/src/engine/format/text-edges.js';
import { adversarialInputs, findRegexLiterals } from './regex-scan.js';

describe('reliability: no regular expression backtracks catastrophically', function () {
  this.timeout(300000);
  const BOUND_MS = 150;

  // recheck analyses each pattern's automaton: it finds exponential and polynomial
  // (quadratic, cubic) backtracking and gives an attack string, with no timing involved.
  it('recheck finds every regex literal in server/ and client/, and the patterns built at run time, safe (linear)', async () => {
    const { check } = await import('recheck');
    const regexes = [...findRegexLiterals(path.join(REPO, 'server', 'src')), ...findRegexLiterals(path.join(REPO, 'client', 'src'))];
    assert.ok(regexes.length > 80, `found only ${regexes.length} regex literals: the scanner is broken`);
    const runtime = [DEEP_INDENT, DEEP_INDENT_ALL].map((re) => ({ file: 'engine/card/parse-markdown.ts (built at run time)', line: 0, source: re.source, flags: re.flags }));
    const results = await Promise.all([...regexes, ...runtime].map(async (r) => ({ r, result: await check(r.source, r.flags.replace(/[gy]/g, ''), { timeout: 20000 }) })));
    const unsafe = results
      .filter(({ result }) => result.status !== 'safe')
      .map(
        ({ r, result }) =>
          `${r.file}:${r.line} /${r.source}/${r.flags}: ${result.status}${result.status === 'vulnerable' ? ` (${result.complexity.type}; attack ${result.attack.pattern})` : result.status === 'unknown' ? ` (${result.error.kind})` : ''}`,
      );
    assert.deepEqual(unsafe, []);
  });

  it('every regex literal in server/ and client/ runs on adversarial 20,000-character input within the bound', () => {
    const regexes = [...findRegexLiterals(path.join(REPO, 'server', 'src')), ...findRegexLiterals(path.join(REPO, 'client', 'src'))];
    assert.ok(regexes.length > 80, `found only ${regexes.length} regex literals: the scanner is broken`);
    const slow: string[] = [];
    for (const r of regexes) {
      let re: RegExp;
      try {
        re = new RegExp(r.source, r.flags);
      } catch (error) {
        assert.fail(`${r.file}:${r.line} /${r.source}/${r.flags} does not compile: ${(error as Error).message}`);
      }
      for (const input of adversarialInputs(r.source)) {
        re.lastIndex = 0;
        const started = performance.now();
        if (re.global || re.sticky) input.replace(re, '');
        else re.exec(input);
        const took = performance.now() - started;
        if (took > BOUND_MS) {
          slow.push(`${r.file}:${r.line} /${r.source}/${r.flags} took ${took.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars)`);
          break;
        }
      }
    }
    assert.deepEqual(slow, []);
  });

  it('the patterns built at run time (deep-indentation taming, the linear trims) are linear too', () => {
    const inputs = [' '.repeat(200000), `${' '.repeat(200000)}x`, '\t'.repeat(200000), ` ${'#'.repeat(100000)} ${' '.repeat(100000)}`, `${',  '.repeat(60000)}1`, '\n'.repeat(200000)];
    for (const input of inputs) {
      const started = performance.now();
      tameDeepIndentation(input);
      stripClosingSequence(input);
      stripLineBreak(input);
      trailingCommaLength(input);
      joinLines(input);
      const took = performance.now() - started;
      assert.ok(took < BOUND_MS * 2, `${took.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 8))}… (${input.length} chars)`);
    }
  });
});
