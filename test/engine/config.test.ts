// Issue 12: .huntcard.json errors are all reported at once, at their positions,
// briefly even when there are thousands, and a config that is not flat is refused
// before the JSON parser recurses into it.
import assert from 'node:assert/strict';
import { parseConfig } from '../../server/src/engine/config/config.js';
import { HuntCardError } from '../../server/src/engine/errors.js';

const problems = (text: string): string => {
  try {
    parseConfig(text, 'c.json');
  } catch (error) {
    assert.ok(error instanceof HuntCardError);
    return `${error.message}\n${error.hint ?? ''}`;
  }
  return '';
};

describe('config: .huntcard.json', () => {
  it('reports every mistake in one run: a bad severity, an unknown domain, an unknown rule, an unknown setting', () => {
    const message = problems('{\n  "rules": {"placeholder": "errr", "nope": "off"},\n  "domain": "enterprize",\n  "colour": 1\n}');
    assert.match(message, /Invalid config \(4 problems\)/);
    assert.match(message, /c\.json:2:\d+: rule "placeholder" has severity "errr"/);
    assert.match(message, /c\.json:3:3: unknown domain "enterprize"/);
    assert.match(message, /c\.json:4:3: unknown setting "colour"/);
    assert.match(message, /c\.json:2:\d+: unknown rule "nope"/);
  });

  it('accepts collection rules (duplicate-card, ...) like card rules', () => {
    assert.deepEqual(parseConfig('{"rules": {"duplicate-card": "off", "outdated-card": "error"}}', 'c.json').rules, { 'duplicate-card': 'off', 'outdated-card': 'error' });
  });

  it('40,000 unknown rule names: 20 listed, the rest counted, the rule list given once', () => {
    const rules = Object.fromEntries(Array.from({ length: 40000 }, (_, i) => [`rule-${i}`, 'off']));
    const message = problems(JSON.stringify({ rules }));
    assert.match(message, /Invalid config \(40000 problems\)/);
    assert.match(message, /… and 39980 more/);
    assert.equal(message.match(/Known rules:/g)?.length, 1);
    assert.ok(message.length < 5000, `${message.length} characters`);
  });

  it('a config nested 100,000 deep is refused without recursing', () => {
    assert.match(problems(`{"rules": ${'['.repeat(100000)}${']'.repeat(100000)}}`), /nested 33\+ levels deep/);
  });

  it('is a JSON object', () => {
    assert.match(problems('[1, 2]'), /the config must be a JSON object/);
  });
});
