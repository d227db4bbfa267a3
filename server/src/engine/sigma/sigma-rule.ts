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
  if (!looksLikeSigma(text) || !safeToParse(text)) return [];
  let documents;
  try {
    // uniqueKeys off: its check is quadratic in the keys of a mapping, and a rule's keys need no policing here.
    documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
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

/** Bounds on what is handed to the YAML parser: far above any Sigma rule, far below what makes it slow or exhausts memory. */
export const SIGMA_LIMITS = { chars: 128 * 1024, lines: 4000, indent: 96, flowDepth: 64 } as const;

/**
 * A YAML text the parser may be given: not too long, no line nested (block
 * indentation, `- ` and `? ` markers) past SIGMA_LIMITS.indent columns, flow
 * collections no deeper than SIGMA_LIMITS.flowDepth. Deep nesting made the
 * parser build a regular expression V8 could not compile (a 25 KB file
 * crashed the process out of memory). Linear, and errs on the side of "no".
 */
function safeToParse(text: string): boolean {
  if (text.length > SIGMA_LIMITS.chars) return false;
  let lines = 1;
  let lineStart = true;
  let leading = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (++lines > SIGMA_LIMITS.lines) return false;
      lineStart = true;
      leading = 0;
      continue;
    }
    if (lineStart) {
      // Spaces, tabs and the block markers "- ", "? ", ": " all nest.
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        if (++leading > SIGMA_LIMITS.indent) return false;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++depth > SIGMA_LIMITS.flowDepth) return false;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return true;
}

/**
 * Whether a YAML text is a Sigma rule (or a collection of them): a top-level
 * `title` and a top-level `detection` (a rule) or `correlation` (a
 * correlation rule). The one test, for coverage and for the editor.
 */
export function looksLikeSigma(text: string): boolean {
  return /^title[ \t]*:/m.test(text) && /^(?:detection|correlation)[ \t]*:/m.test(text);
}

/** A rule still in use: not `status: deprecated` or `unsupported`. */
export const isLive = (rule: SigmaRule) => rule.status !== 'deprecated' && rule.status !== 'unsupported';

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sigma rules by the technique they are tagged with, as `resolve` reads each
 * tag's ID against the data (a revoked technique counts for its replacement;
 * an ID the data does not know is not counted: undefined).
 */
export function detectionsByTechnique(rules: readonly SigmaRule[], resolve: (id: string) => string | undefined = (id) => id): Map<string, SigmaRule[]> {
  const by = new Map<string, SigmaRule[]>();
  // A deprecated or unsupported rule detects nothing any more.
  for (const rule of rules.filter(isLive)) {
    for (const id of new Set(rule.techniques.map(resolve).filter((x): x is string => x !== undefined))) {
      const list = by.get(id);
      if (list) list.push(rule);
      else by.set(id, [rule]);
    }
  }
  return by;
}
