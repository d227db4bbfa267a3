import path from 'node:path';
import { findNodeAtLocation, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { z } from 'zod';
import { type Domain, toDomain } from '../attack/model.js';
import { HuntCardError } from '../errors.js';
import { lineColumn } from '../format/json-position.js';
import { LIMITS, readRegularFileSync } from '../fs/read-regular.js';
import { decodeText } from '../fs/text-encoding.js';
import { RULE_IDS } from '../rules/registry.js';
import type { SeveritySetting } from '../rules/rule.js';

export { CONFIG_FILE, findConfigFile } from './find-config.js';

export interface HuntCardConfig {
  file?: string;
  rules: Record<string, SeveritySetting>;
  /** Absolute path or URL of the dataset to use. */
  dataset?: string;
  domain?: Domain;
}

const severity = z.enum(['error', 'warning', 'info', 'off']);
const configSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.record(z.string(), severity).optional(),
  dataset: z.string().min(1).optional(),
  domain: z.string().optional(),
});

/** Reads and validates a config file; errors name the file, line and column. */
export function loadConfig(file: string): HuntCardConfig {
  const { bytes } = readRegularFileSync(file, LIMITS.config);
  // Editors on Windows save JSON with a byte-order mark; it is not part of the JSON.
  const text = decodeText(bytes).text;
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): HuntCardConfig {
  const at = (offset: number) => {
    const { line, column } = lineColumn(text, offset);
    return `${file}:${line}:${column}`;
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    throw new HuntCardError(
      `${first ? at(first.offset) : file}: the config is not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'}).`,
      'Fix the JSON syntax; see the README for the format.',
    );
  }
  const raw: unknown = JSON.parse(JSON.stringify(nodeValue(tree)));
  const parsed = configSchema.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const location = key === undefined ? issue.path : [...issue.path, key];
        const node = findNodeAtLocation(tree, location as Array<string | number>);
        const where = node ? at(key !== undefined && node.parent?.type === 'property' ? node.parent.offset : node.offset) : file;
        const message = key !== undefined ? `unknown setting "${key}" (allowed: rules, dataset, domain)` : `${issue.path.join('.') || 'config'}: ${issue.message}`;
        problems.push(`${where}: ${message}`);
      }
    }
  }
  const config = parsed.success ? parsed.data : {};
  const rawRules = (raw as { rules?: unknown } | null)?.rules;
  for (const rule of rawRules && typeof rawRules === 'object' ? Object.keys(rawRules) : []) {
    if (!RULE_IDS.includes(rule)) {
      const node = findNodeAtLocation(tree, ['rules', rule]);
      problems.push(`${node?.parent ? at(node.parent.offset) : file}: unknown rule "${rule}" (rules: ${RULE_IDS.join(', ')})`);
    }
  }
  let domain: Domain | undefined;
  if (config.domain !== undefined) {
    domain = toDomain(config.domain);
    if (!domain) problems.push(`${at(findNodeAtLocation(tree, ['domain'])?.offset ?? 0)}: unknown domain "${config.domain}" (enterprise, mobile or ics)`);
  }
  if (problems.length > 0) {
    throw new HuntCardError(`Invalid config:\n${problems.map((p) => `  ${p}`).join('\n')}`, 'Fix the settings named above.');
  }
  const dataset = config.dataset && !/^https?:\/\//i.test(config.dataset) ? path.resolve(path.dirname(file), config.dataset) : config.dataset;
  return { file, rules: config.rules ?? {}, ...(dataset ? { dataset } : {}), ...(domain ? { domain } : {}) };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0]!.value as string, p.children![1] ? nodeValue(p.children![1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
