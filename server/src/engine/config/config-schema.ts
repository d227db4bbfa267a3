import { z } from 'zod';
import { DOMAINS, shortDomain } from '../attack/query/model.js';
import { RULE_IDS } from '../rules/registry.js';

const severity = z.enum(['error', 'warning', 'info', 'off']);
const domain = z.enum([...DOMAINS.map(shortDomain), ...DOMAINS] as [string, ...string[]]);

/**
 * The shape of `.huntcard.json`, declared once: the JSON Schema editors use
 * (written at build time by scripts/bundle.mjs, shipped with the extension
 * and the npm package) is generated from it, and a property test holds
 * `parseConfig`, which reads the file with a position for every problem, to
 * accept exactly what this schema accepts.
 */
export const configSchema = z
  .object({
    $schema: z.string().describe('Where the JSON Schema of this file is.').optional(),
    rules: z
      .partialRecord(z.enum(RULE_IDS as [string, ...string[]]), severity)
      .describe('Severity per rule ID, card and collection rules alike ("off" turns a rule off). `huntcard rules` lists them.')
      .optional(),
    dataset: z.string().min(1).describe('An ATT&CK STIX bundle or built index: a path relative to this file, or an http(s) URL (downloaded only with --allow-config-url).').optional(),
    domain: domain.describe('The ATT&CK domain of the cards under this folder: enterprise, mobile or ics.').optional(),
  })
  .strict()
  .describe('Hunt Card settings for the cards in this folder and the folders below it (https://github.com/huntcard/hunt-card).');

/** The JSON Schema (draft-07, what every editor reads) of `.huntcard.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(configSchema, { target: 'draft-07' }), title: '.huntcard.json' };
}
