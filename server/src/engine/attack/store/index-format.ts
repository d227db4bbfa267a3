/**
 * Constants of the on-disk index, kept apart from its zod schema (index-file.ts)
 * so that loading an index does not load the schema library.
 */

/** Bump whenever the index shape changes so stale caches are rebuilt instead of misread. */
export const INDEX_FORMAT_VERSION = 3;

/**
 * The relationship-heavy sections, stored in their own file and parsed on first
 * use: scaffolding and hovers need them, a start-up or a name lookup does not.
 */
export const RELATION_KEYS = ['uses', 'strategies', 'analytics', 'components', 'mitigations', 'attributions'] as const;

/** Sections an index of this format always has; `mitigations` and `attributions` came later and an index built before lacks them (read as none). */
export const REQUIRED_RELATION_KEYS = ['uses', 'strategies', 'analytics', 'components'] as const;
