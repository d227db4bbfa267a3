import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MONTHS } from '../../server/src/engine/format/card-date.js';
import { scaffoldCard } from '../../server/src/engine/scaffold/scaffold.js';
import { check, filledCard } from '../helpers/cards.js';
import { bundle } from '../helpers/datasets.js';
import { REPO } from '../helpers/paths.js';

interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(path.join(REPO, 'snippets', 'huntcard.code-snippets'), 'utf8')) as Record<string, Snippet>;

/**
 * Expands a snippet as VS Code does when the user accepts every default:
 * `${1:text}` → text, `${1|a,b|}` → a, `$1` → '', variables (with /regex/format/ transforms).
 */
function expand(body: string[], now = new Date(2026, 2, 5)): string {
  const variables: Record<string, string> = {
    CURRENT_DATE: String(now.getDate()).padStart(2, '0'),
    CURRENT_MONTH_NAME: MONTHS[now.getMonth()]!,
    CURRENT_YEAR: String(now.getFullYear()),
  };
  let text = body.join('\n');
  for (let pass = 0; pass < 5; pass++) {
    text = text
      .replace(/\$\{([A-Z_]+)\/((?:[^/\\]|\\.)*)\/((?:[^/\\]|\\.)*)\/([gimsuy]*)\}/g, (_, name: string, re: string, format: string, flags: string) => {
        assert.ok(name in variables, `unknown variable ${name}`);
        return variables[name]!.replace(new RegExp(re, flags), format);
      })
      .replace(/\$\{([A-Z_]+)\}|\$([A-Z_]+)\b/g, (_, a: string | undefined, b: string | undefined) => {
        const name = (a ?? b)!;
        assert.ok(name in variables, `unknown variable ${name}`);
        return variables[name]!;
      })
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
  }
  assert.doesNotMatch(text, /\$\{|\$\d/, 'every tabstop and variable is resolved');
  return text;
}

const body = (name: string) => {
  const s = snippets[name];
  assert.ok(s, `snippet "${name}" exists`);
  assert.ok(s.prefix.length > 0 && s.description.length > 0);
  return s.body;
};

describe('snippets: each expands to text the rules accept', () => {
  const clean = filledCard();
  const problems = (text: string) => check(text).map((f) => `${f.rule}: ${f.message}`);

  it('the filled card they are inserted into is clean', () => {
    assert.deepEqual(problems(clean), []);
  });

  it('analytic block, appended as Analytic 3 of Host Analytics', () => {
    for (const name of ['Hunt Card: analytic', 'Hunt Card: analytic with fenced query']) {
      const at = clean.indexOf('\n\n\n-----', clean.indexOf('## Host Analytics'));
      const card = `${clean.slice(0, at)}\n\n${expand(body(name))}${clean.slice(at)}`;
      assert.match(card, /#### Analytic 3\n/);
      assert.deepEqual(problems(card), [], name);
    }
  });

  it('adversary example row, added to the table', () => {
    const row = '| APT29 | 1, 2 | 1, 2 |';
    assert.ok(clean.includes(row));
    const card = clean.replace(row, `${row}\n${expand(body('Hunt Card: adversary example row'))}`);
    assert.deepEqual(problems(card), []);
  });

  it('hunter notes, replacing Network Analytics notes', () => {
    const at = clean.indexOf('### Hunter Notes', clean.indexOf('## Network Analytics'));
    const end = clean.indexOf('#### Analytic 1', at);
    const card = `${clean.slice(0, at)}${expand(body('Hunt Card: hunter notes'))}\n\n${clean.slice(end)}`;
    assert.deepEqual(problems(card), []);
  });

  it('author zone, after a freshly scaffolded ATT&CK zone, dated today without a leading zero', () => {
    const scaffold = scaffoldCard(bundle('enterprise18'), 'T1059.001', { date: '12 March 2026', author: 'x' });
    const zoneEnd = scaffold.indexOf('\n', scaffold.indexOf('*Last pulled from Mitre on:')) + 1;
    const expanded = expand(body('Hunt Card: author zone'));
    assert.match(expanded, /\*\*Last Updated {2}Date:\*\* 5 March 2026\n/);
    const card = `${scaffold.slice(0, zoneEnd)}\n${expanded}\n`;
    assert.deepEqual(problems(card), []);
  });
});
