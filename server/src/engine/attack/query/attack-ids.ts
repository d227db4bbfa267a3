import type { ExternalReference } from '../stix/stix-schema.js';

/** `source_name`s whose `external_id` is an ATT&CK ID (the latter two in older mobile/ICS data). */
export const ATTACK_SOURCE_NAMES = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);

export function attackReference(refs: readonly ExternalReference[] | undefined): ExternalReference | undefined {
  return refs?.find((r) => ATTACK_SOURCE_NAMES.has(r.source_name) && r.external_id);
}

export const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;

/** Normalises user input such as "t1059.001 " to "T1059.001". */
export function normaliseTechniqueId(input: string): string {
  return input.trim().toUpperCase();
}

const URL_KINDS: Array<[RegExp, string]> = [
  [/^TA\d{4}$/, 'tactics'],
  [/^T\d{4}(?:\.\d{3})?$/, 'techniques'],
  [/^G\d{4}$/, 'groups'],
  [/^S\d{4}$/, 'software'],
  [/^C\d{4}$/, 'campaigns'],
  [/^M\d{4}$/, 'mitigations'],
];

/** The page of an ATT&CK object on attack.mitre.org (T1589.002 → …/techniques/T1589/002); undefined for other IDs. */
export function attackUrl(id: string): string | undefined {
  const kind = URL_KINDS.find(([re]) => re.test(id))?.[1];
  return kind ? `https://attack.mitre.org/${kind}/${id.replace('.', '/')}` : undefined;
}

const ATTACK_PAGE = /attack\.mitre\.org\/(techniques|groups|software|campaigns|tactics|mitigations)\/([A-Z]+\d{4})(?:\/(\d{3}))?/;

/** The ATT&CK ID an attack.mitre.org URL names (…/techniques/T1593/001 → T1593.001), if any. */
export function attackIdOfUrl(url: string): string | undefined {
  const match = ATTACK_PAGE.exec(url);
  if (!match) return undefined;
  return match[3] ? `${match[2]}.${match[3]}` : match[2]!;
}

/** Sorts ATT&CK IDs numerically (T1003 < T1003.001 < T1005 < T1589.002). */
export function compareAttackIds(a: string, b: string): number {
  return idCollator.compare(a, b);
}

const idCollator = new Intl.Collator('en', { numeric: true });
