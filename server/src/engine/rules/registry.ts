import { attackZoneBoundary } from './all/attack-zone-boundary.js';
import { fileEncoding } from './all/file-encoding.js';
import { titleZoneMismatch } from './all/title-zone-mismatch.js';
import { missingAuthor } from './all/missing-author.js';
import { analyticMissingField } from './all/analytic-missing-field.js';
import { analyticNumbering } from './all/analytic-numbering.js';
import { danglingAnalyticRef } from './all/dangling-analytic-ref.js';
import { deprecatedTechnique } from './all/deprecated-technique.js';
import { duplicateSection } from './all/duplicate-section.js';
import { groupNameMismatch } from './all/group-name-mismatch.js';
import { invalidDate } from './all/invalid-date.js';
import { invalidValidated } from './all/invalid-validated.js';
import { missingSection } from './all/missing-section.js';
import { placeholder } from './all/placeholder.js';
import { revokedTechnique } from './all/revoked-technique.js';
import { sectionOrder } from './all/section-order.js';
import { staleAttackZone } from './all/stale-attack-zone.js';
import { techniqueNameMismatch } from './all/technique-name-mismatch.js';
import { unknownGroup } from './all/unknown-group.js';
import { unknownTechnique } from './all/unknown-technique.js';
import { unresolvedCitation } from './all/unresolved-citation.js';
import type { Rule } from './rule.js';

export const RULES: readonly Rule[] = [
  missingSection,
  duplicateSection,
  sectionOrder,
  placeholder,
  unknownTechnique,
  revokedTechnique,
  deprecatedTechnique,
  techniqueNameMismatch,
  titleZoneMismatch,
  unknownGroup,
  groupNameMismatch,
  unresolvedCitation,
  danglingAnalyticRef,
  analyticMissingField,
  analyticNumbering,
  invalidDate,
  missingAuthor,
  invalidValidated,
  staleAttackZone,
  attackZoneBoundary,
  fileEncoding,
];

export const RULE_IDS = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
