import { z } from 'zod';
import { INDEX_FORMAT_VERSION, type RELATION_KEYS } from './index-format.js';
import type { DatasetMeta } from '../query/model.js';

/**
 * The on-disk shape of a built index (`index.json` + `relations.json` + `texts.bin`).
 * Fields that hold long text are handles into the text table.
 */

const text = z.number().int().nonnegative();

const referenceRecord = z.object({
  n: z.string(),
  u: z.string().optional(),
  d: text,
  x: z.string().optional(),
});

const tacticRecord = z.object({
  id: z.string(),
  name: z.string(),
  shortname: z.string(),
  description: text,
  url: z.string(),
});

const techniqueRecord = z.object({
  id: z.string(),
  stixId: z.string(),
  name: z.string(),
  description: text,
  detection: text,
  tactics: z.array(z.string()),
  platforms: z.array(z.string()),
  dataSources: z.array(z.string()),
  sub: z.boolean(),
  parent: z.string().optional(),
  revoked: z.boolean(),
  revokedBy: z.string().optional(),
  deprecated: z.boolean(),
  created: z.string(),
  modified: z.string(),
  url: z.string(),
  refs: z.array(z.number().int()),
});

const actorRecord = z.object({
  kind: z.enum(['group', 'software', 'campaign']),
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  description: text,
  url: z.string(),
  revoked: z.boolean(),
  deprecated: z.boolean(),
  platforms: z.array(z.string()),
});

/** A `uses` relationship: [source ATT&CK ID, target ATT&CK ID, description, reference indices]. */
const useRecord = z.tuple([z.string(), z.string(), text, z.array(z.number().int())]);

const analyticRecord = z.object({
  id: z.string(),
  name: z.string(),
  description: text,
  url: z.string(),
  platforms: z.array(z.string()),
  logSources: z.array(z.object({ name: z.string(), channel: z.string(), component: z.string() })),
});

const strategyRecord = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  techniques: z.array(z.string()),
  analytics: z.array(z.string()),
});

const componentRecord = z.object({
  id: z.string(),
  name: z.string(),
  description: text,
  dataSource: z.string().optional(),
});

const mitigationRecord = z.object({
  id: z.string(),
  name: z.string(),
  description: text,
  url: z.string(),
  /** Techniques it mitigates (`mitigates` relationships). */
  techniques: z.array(z.string()),
});

export const indexFileSchema = z.object({
  format: z.literal('huntcard-attack-index'),
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  meta: z.object({
    domain: z.string(),
    version: z.string(),
    source: z.string(),
    modified: z.string(),
    specVersion: z.string(),
    counts: z.record(z.string(), z.number()),
  }),
  references: z.array(referenceRecord),
  tactics: z.array(tacticRecord),
  techniques: z.array(techniqueRecord),
  actors: z.array(actorRecord),
  uses: z.array(useRecord),
  strategies: z.array(strategyRecord),
  analytics: z.array(analyticRecord),
  components: z.array(componentRecord),
  // Optional: indexes built before mitigations were indexed lack it.
  mitigations: z.array(mitigationRecord).optional(),
  // Optional, as mitigations: [campaign ID, group ID] for each campaign ATT&CK attributes to a group.
  attributions: z.array(z.tuple([z.string(), z.string()])).optional(),
});

export type IndexFile = Omit<z.infer<typeof indexFileSchema>, 'meta'> & { meta: DatasetMeta };

export type IndexRelations = Pick<IndexFile, (typeof RELATION_KEYS)[number]>;
export type IndexCore = Omit<IndexFile, (typeof RELATION_KEYS)[number]>;
export type ReferenceRecord = z.infer<typeof referenceRecord>;
export type TechniqueRecord = z.infer<typeof techniqueRecord>;
export type ActorRecord = z.infer<typeof actorRecord>;
export type UseRecord = z.infer<typeof useRecord>;
export type AnalyticRecord = z.infer<typeof analyticRecord>;
export type StrategyRecord = z.infer<typeof strategyRecord>;
export type ComponentRecord = z.infer<typeof componentRecord>;
export type MitigationRecord = z.infer<typeof mitigationRecord>;
export type TacticRecord = z.infer<typeof tacticRecord>;
