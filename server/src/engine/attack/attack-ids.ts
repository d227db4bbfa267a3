import type { ExternalReference } from './stix-schema.js';

/** `source_name`s whose `external_id` is an ATT&CK ID (the latter two in older mobile/ICS data). */
export const ATTACK_SOURCE_NAMES = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);

export function attackReference(refs: readonly ExternalReference[] | undefined): ExternalReference | undefined {
  return refs?.find((r) => ATTACK_SOURCE_NAMES.has(r.source_name) && r.external_id);
}

export const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;
export const GROUP_ID = /^G\d{4}$/;
export const SOFTWARE_ID = /^S\d{4}$/;
export const CAMPAIGN_ID = /^C\d{4}$/;
export const TACTIC_ID = /^TA\d{4}$/;

/** Normalises user input such as "t1059.001 " to "T1059.001". */
export function normaliseTechniqueId(input: string): string {
  return input.trim().toUpperCase();
}

export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}`;
}

/** Sorts ATT&CK IDs numerically (T1003 < T1003.001 < T1005 < T1589.002). */
export function compareAttackIds(a: string, b: string): number {
  return idCollator.compare(a, b);
}

const idCollator = new Intl.Collator('en', { numeric: true });
