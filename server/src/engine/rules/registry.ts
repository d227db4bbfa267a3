import { attackZoneBoundary } from './all/attack-zone-boundary.js';
import { cardTooLarge } from './all/card-too-large.js';
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
import { deprecatedCard } from './collection/deprecated-card.js';
import { duplicateCard } from './collection/duplicate-card.js';
import { otherDomainCard } from './collection/other-domain-card.js';
import { outdatedCard } from './collection/outdated-card.js';
import { revokedCard } from './collection/revoked-card.js';
import { unknownCard } from './collection/unknown-card.js';
import type { CollectionRule, Rule, RuleInfo } from './rule.js';

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
  cardTooLarge,
];

/** Rules about the collection as a whole (coverage, and the editor for the cards they name). */
export const COLLECTION_RULES: readonly CollectionRule[] = [duplicateCard, revokedCard, deprecatedCard, outdatedCard, otherDomainCard];

/** What a collection run evaluates: its own rules, and unknown-technique (a card rule) for cards coverage leaves out. */
export const COLLECTION_CHECKS: readonly CollectionRule[] = [...COLLECTION_RULES, unknownCard];

/** Every rule, each once: the IDs .huntcard.json, huntcard.rules and SARIF accept. */
export const ALL_RULES: readonly RuleInfo[] = [...RULES, ...COLLECTION_RULES];

export const RULE_IDS = ALL_RULES.map((r) => r.id);
