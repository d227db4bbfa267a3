import { z } from 'zod';

/**
 * The parts of a STIX 2.0 / 2.1 ATT&CK bundle that Hunt Card reads. Objects are
 * validated loosely (unknown fields pass through) so that newer ATT&CK releases
 * with extra properties still load; fields we rely on are typed strictly.
 */

export const externalReferenceSchema = z.object({
  source_name: z.string(),
  external_id: z.string().optional(),
  url: z.string().optional(),
  description: z.string().optional(),
});
export type ExternalReference = z.infer<typeof externalReferenceSchema>;

const killChainPhaseSchema = z.object({ kill_chain_name: z.string(), phase_name: z.string() });

const baseObject = {
  id: z.string(),
  type: z.string(),
  created: z.string().optional(),
  modified: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  revoked: z.boolean().optional(),
  x_mitre_deprecated: z.boolean().optional(),
  x_mitre_domains: z.array(z.string()).optional(),
  external_references: z.array(externalReferenceSchema).optional(),
};

export const stixObjectSchema = z.looseObject(baseObject);
export type StixObject = z.infer<typeof stixObjectSchema>;

export const attackPatternSchema = z.looseObject({
  ...baseObject,
  type: z.literal('attack-pattern'),
  name: z.string(),
  kill_chain_phases: z.array(killChainPhaseSchema).optional(),
  x_mitre_platforms: z.array(z.string()).optional(),
  x_mitre_detection: z.string().optional(),
  x_mitre_data_sources: z.array(z.string()).optional(),
  x_mitre_is_subtechnique: z.boolean().optional(),
});

export const relationshipSchema = z.looseObject({
  ...baseObject,
  type: z.literal('relationship'),
  relationship_type: z.string(),
  source_ref: z.string(),
  target_ref: z.string(),
});

export const tacticSchema = z.looseObject({
  ...baseObject,
  type: z.literal('x-mitre-tactic'),
  name: z.string(),
  x_mitre_shortname: z.string(),
});

export const namedWithAliasesSchema = z.looseObject({
  ...baseObject,
  name: z.string(),
  aliases: z.array(z.string()).optional(),
  x_mitre_aliases: z.array(z.string()).optional(),
  x_mitre_platforms: z.array(z.string()).optional(),
});

export const mitigationSchema = z.looseObject({
  ...baseObject,
  type: z.literal('course-of-action'),
  name: z.string(),
});

export const detectionStrategySchema = z.looseObject({
  ...baseObject,
  type: z.literal('x-mitre-detection-strategy'),
  name: z.string(),
  x_mitre_analytic_refs: z.array(z.string()).optional(),
});

export const analyticSchema = z.looseObject({
  ...baseObject,
  type: z.literal('x-mitre-analytic'),
  x_mitre_platforms: z.array(z.string()).optional(),
  x_mitre_log_source_references: z
    .array(
      z.looseObject({
        x_mitre_data_component_ref: z.string(),
        name: z.string().optional(),
        channel: z.string().optional(),
      }),
    )
    .optional(),
});

export const dataComponentSchema = z.looseObject({
  ...baseObject,
  type: z.literal('x-mitre-data-component'),
  name: z.string(),
  x_mitre_data_source_ref: z.string().optional(),
});

export const collectionSchema = z.looseObject({
  ...baseObject,
  type: z.literal('x-mitre-collection'),
  x_mitre_version: z.string().optional(),
});

export const bundleSchema = z.looseObject({
  type: z.literal('bundle'),
  id: z.string().optional(),
  spec_version: z.string().optional(),
  objects: z.array(z.unknown()),
});
