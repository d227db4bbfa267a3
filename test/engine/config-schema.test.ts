// Issue 14: the JSON Schema editors use for .huntcard.json is generated from the
// engine's zod schema; parseConfig (which gives every problem a position) must
// accept exactly what that schema accepts, and the shipped file must be it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { configJsonSchema, configSchema } from '../../server/src/engine/config/config-schema.js';
import { parseConfig } from '../../server/src/engine/config/config.js';
import { HuntCardError } from '../../server/src/engine/errors.js';
import { RULE_IDS } from '../../server/src/engine/rules/registry.js';
import { REPO } from '../helpers/paths.js';

const anyJson = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
const severity = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('error', 'warning', 'info', 'off') }, { weight: 1, arbitrary: anyJson });
const ruleId = fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...RULE_IDS) }, { weight: 1, arbitrary: fc.constantFrom('MD013', 'Placeholder', '', 'placeholder ') });
const config = fc
  .record(
    {
      $schema: fc.oneof({ weight: 6, arbitrary: fc.constant('https://unpkg.com/huntcard/dist/schemas/huntcard.schema.json') }, { weight: 1, arbitrary: anyJson }),
      rules: fc.oneof({ weight: 6, arbitrary: fc.dictionary(ruleId, severity, { maxKeys: 3 }) }, { weight: 1, arbitrary: anyJson }),
      dataset: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('attack/enterprise-attack.json', 'https://example.org/b.json', '') }, { weight: 1, arbitrary: anyJson }),
      domain: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('enterprise', 'mobile', 'ics', 'enterprise-attack', 'ics-attack', 'Enterprise', 'pre') }, { weight: 1, arbitrary: anyJson }),
      extra: anyJson,
    },
    { requiredKeys: [] },
  )
  .map((c) => {
    // An unknown setting is refused by both; keep it to one case in ten so valid configs are common too.
    const { extra, ...rest } = c;
    return extra !== undefined && JSON.stringify(extra).length % 10 === 0 ? { ...rest, extra } : rest;
  });

function parses(value: unknown): boolean {
  try {
    parseConfig(JSON.stringify(value), '/repo/.huntcard.json');
    return true;
  } catch (error) {
    if (!(error instanceof HuntCardError)) throw error;
    return false;
  }
}

describe('engine: the .huntcard.json schema', () => {
  it('parseConfig, the zod schema and the generated JSON Schema (checked by Ajv) accept exactly the same configs', () => {
    const validate = new Ajv({ strict: false }).compile(configJsonSchema());
    let accepted = 0;
    fc.assert(
      fc.property(config, (value) => {
        const expected = configSchema.safeParse(value).success;
        assert.equal(parses(value), expected, `parseConfig vs zod on ${JSON.stringify(value)}`);
        assert.equal(validate(value), expected, `JSON Schema vs zod on ${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
        if (expected) accepted++;
      }),
      { numRuns: 2000, seed: 14 },
    );
    assert.ok(accepted > 200, `the generator reaches valid configs too (${accepted})`);
  });

  it('is shipped as built: dist/schemas/huntcard.schema.json, registered for .huntcard.json in the extension', () => {
    const shipped = JSON.parse(readFileSync(path.join(REPO, 'dist', 'schemas', 'huntcard.schema.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(shipped, configJsonSchema());
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { jsonValidation: Array<{ fileMatch: string; url: string }> } };
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.huntcard.json', url: './dist/schemas/huntcard.schema.json' }]);
    const described = shipped.properties as Record<string, { description?: string }>;
    for (const key of ['rules', 'dataset', 'domain']) assert.ok(described[key]?.description, `${key} is described for the editor's hover`);
  });
});
