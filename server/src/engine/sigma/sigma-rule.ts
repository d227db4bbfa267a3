import { parseAllDocuments } from 'yaml';
import { TECHNIQUE_ID } from '../attack/query/attack-ids.js';

/** A Sigma rule as coverage counts it: what it is and which ATT&CK techniques its tags name. */
export interface SigmaRule {
  file: string;
  title: string;
  id?: string;
  level?: string;
  status?: string;
  /** Technique IDs from `attack.t1059.001`-style tags, upper-cased, in tag order, once each. */
  techniques: string[];
}

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/**
 * The Sigma rules in a YAML file (a file may hold several documents): every
 * document with a `title` and a `detection` (or a correlation's `correlation`).
 * Anything else, broken YAML included, is simply not a Sigma rule: YAML files
 * of all kinds sit in a hunting repository, and none of them is an error here.
 * The `yaml` library reads the file; aliases are capped, so a hostile file
 * cannot blow up in memory.
 */
export function readSigmaRules(text: string, file: string): SigmaRule[] {
  let documents;
  try {
    documents = parseAllDocuments(text, { prettyErrors: false });
  } catch {
    return [];
  }
  const list = Array.isArray(documents) ? documents : [documents];
  const rules: SigmaRule[] = [];
  for (const document of list) {
    if (document.errors.length > 0) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 50 });
    } catch {
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const rule = value as Record<string, unknown>;
    if (typeof rule.title !== 'string' || !(isObject(rule.detection) || isObject(rule.correlation))) continue;
    const tags = Array.isArray(rule.tags) ? rule.tags.filter((t): t is string => typeof t === 'string') : [];
    const techniques = [...new Set(tags.map((t) => TECHNIQUE_TAG.exec(t.trim())?.[1]?.toUpperCase()).filter((id): id is string => id !== undefined && TECHNIQUE_ID.test(id)))];
    rules.push({
      file,
      title: rule.title,
      ...(typeof rule.id === 'string' ? { id: rule.id } : {}),
      ...(typeof rule.level === 'string' ? { level: rule.level } : {}),
      ...(typeof rule.status === 'string' ? { status: rule.status } : {}),
      techniques,
    });
  }
  return rules;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sigma rules by the technique they are tagged with. */
export function detectionsByTechnique(rules: readonly SigmaRule[]): Map<string, SigmaRule[]> {
  const by = new Map<string, SigmaRule[]>();
  for (const rule of rules) {
    for (const id of rule.techniques) {
      const list = by.get(id);
      if (list) list.push(rule);
      else by.set(id, [rule]);
    }
  }
  return by;
}
