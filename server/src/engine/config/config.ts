import path from 'node:path';
import { parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { type Domain, toDomain } from '../attack/query/model.js';
import { HuntCardError } from '../errors.js';
import { isUrl } from '../attack/choose/locations.js';
import { LineIndex } from '../card/line-index.js';
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

const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning', 'info', 'off']);
const KNOWN_RULES = new Set(RULE_IDS);

/** Deeper than this is not a config (it is flat): refused before parsing, which recurses. */
const MAX_NESTING = 32;
/** Problems listed one by one before the rest are counted. */
const MAX_LISTED = 20;

/**
 * Validates a config text and reports every problem at once, each at its
 * file:line:column. Collection rules (duplicate-card, ...) are accepted like card
 * rules.
 */
export function parseConfig(text: string, file: string): HuntCardConfig {
  const lines = new LineIndex(text);
  const at = (offset: number) => {
    const p = lines.position(offset);
    return `${file}:${p.line + 1}:${p.character + 1}`;
  };
  const deepest = nestingDepth(text);
  if (deepest.depth > MAX_NESTING) {
    throw new HuntCardError(`${at(deepest.offset)}: the config is nested ${deepest.depth}+ levels deep; it is a flat object of rules, dataset and domain.`, 'See the README for the format.');
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    throw new HuntCardError(
      `${first ? at(first.offset) : file}: the config is not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'}).`,
      'Fix the JSON syntax; see the README for the format.',
    );
  }
  if (tree.type !== 'object') throw new HuntCardError(`${at(tree.offset)}: the config must be a JSON object, e.g. {"rules": {"placeholder": "off"}}.`, 'See the README for the format.');

  const problems: string[] = [];
  const unknownRules: string[] = [];
  const config: HuntCardConfig = { file, rules: {} };
  for (const property of tree.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    const key = String(keyNode?.value);
    const where = at(property.offset);
    if (!value) continue;
    switch (key) {
      case '$schema':
        if (value.type !== 'string') problems.push(`${where}: "$schema" must be a string (a URL or path of the schema)`);
        break;
      case 'rules':
        if (value.type !== 'object') {
          problems.push(`${where}: "rules" must be an object of rule → severity, e.g. {"placeholder": "off"}`);
          break;
        }
        for (const rule of value.children ?? []) {
          const [idNode, severityNode] = rule.children ?? [];
          const id = String(idNode?.value);
          const level = severityNode?.value;
          if (!KNOWN_RULES.has(id)) {
            unknownRules.push(id);
            problems.push(`${at(rule.offset)}: unknown rule "${id}"`);
          } else if (!SEVERITIES.has(level)) problems.push(`${at(rule.offset)}: rule "${id}" has severity ${JSON.stringify(level ?? null)}; use "error", "warning", "info" or "off"`);
          else config.rules[id] = level as SeveritySetting;
        }
        break;
      case 'dataset':
        if (value.type !== 'string' || value.value === '') problems.push(`${where}: "dataset" must be the path or http(s) URL of an ATT&CK bundle or index`);
        else config.dataset = isUrl(value.value as string) ? (value.value as string) : path.resolve(path.dirname(file), value.value as string);
        break;
      case 'domain': {
        const domain = value.type === 'string' ? toDomain(value.value as string) : undefined;
        if (!domain) problems.push(`${where}: unknown domain ${JSON.stringify(value.value ?? null)} (enterprise, mobile or ics)`);
        else config.domain = domain;
        break;
      }
      default:
        problems.push(`${where}: unknown setting "${key}" (allowed: rules, dataset, domain, $schema)`);
    }
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `  ${p}`);
    if (problems.length > MAX_LISTED) listed.push(`  … and ${problems.length - MAX_LISTED} more`);
    const rulesHint = unknownRules.length > 0 ? ` Known rules: ${[...KNOWN_RULES].join(', ')}.` : '';
    throw new HuntCardError(`Invalid config (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${listed.join('\n')}`, `Fix the settings named above.${rulesHint}`);
  }
  return config;
}

/** The deepest nesting of objects and arrays, outside strings and comments, with where it is first reached. */
function nestingDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let deepest = { depth: 0, offset: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth > deepest.depth) deepest = { depth, offset: i };
      if (depth > MAX_NESTING) return deepest;
    } else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}
