import { DatasetError } from '../errors.js';
import { attackReference, compareAttackIds } from './attack-ids.js';
import type {
  ActorRecord,
  AnalyticRecord,
  ComponentRecord,
  IndexFile,
  ReferenceRecord,
  StrategyRecord,
  TacticRecord,
  TechniqueRecord,
  UseRecord,
} from './index-file.js';
import { INDEX_FORMAT_VERSION } from './index-format.js';
import type { DatasetMeta, Domain } from './model.js';
import { DOMAINS } from './model.js';
import {
  analyticSchema,
  attackPatternSchema,
  bundleSchema,
  collectionSchema,
  dataComponentSchema,
  detectionStrategySchema,
  type ExternalReference,
  namedWithAliasesSchema,
  relationshipSchema,
  type StixObject,
  stixObjectSchema,
  tacticSchema,
} from './stix-schema.js';
import { TextTableBuilder } from './text-table.js';
import type { z } from 'zod';

export interface BuiltIndex {
  index: IndexFile;
  texts: TextTableBuilder;
}

const ACTOR_KINDS: Record<string, ActorRecord['kind']> = {
  'intrusion-set': 'group',
  malware: 'software',
  tool: 'software',
  campaign: 'campaign',
};

const MAX_REPORTED_ISSUES = 5;

/**
 * Builds the query-ready index from a parsed STIX 2.0 or 2.1 ATT&CK bundle.
 * `source` names the file or URL in errors and in the dataset's metadata.
 */
export function buildIndex(bundle: unknown, source: string): BuiltIndex {
  const objects = readBundleObjects(bundle, source);
  const texts = new TextTableBuilder();
  const references = new ReferenceTable(texts);
  const byStixId = new Map<string, StixObject>();
  for (const o of objects) byStixId.set(o.id, o);
  const attackId = (stixId: string): string | undefined =>
    attackReference(byStixId.get(stixId)?.external_references)?.external_id;

  const issues: string[] = [];
  const parse = <S extends z.ZodType>(schema: S, o: StixObject, at: number): z.infer<S> | undefined => {
    const result = schema.safeParse(o);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    issues.push(`objects[${at}] (${o.id}): ${issue?.path.join('.') || '(object)'}: ${issue?.message}`);
    return undefined;
  };

  const relationships: z.infer<typeof relationshipSchema>[] = [];
  const rawTechniques: z.infer<typeof attackPatternSchema>[] = [];
  const tacticsByStixId = new Map<string, TacticRecord>();
  const actors: ActorRecord[] = [];
  const strategies: { record: StrategyRecord; analyticRefs: string[]; stixId: string }[] = [];
  const analytics: AnalyticRecord[] = [];
  const components: ComponentRecord[] = [];
  const componentNames = new Map<string, string>();
  const matrixTacticRefs: string[] = [];
  let collectionVersion: string | undefined;
  let matrixDomain: string | undefined;
  let newest = '';

  objects.forEach((o, at) => {
    if (o.modified && o.modified > newest) newest = o.modified;
    const ref = attackReference(o.external_references);
    switch (o.type) {
      case 'attack-pattern': {
        const t = parse(attackPatternSchema, o, at);
        if (t && ref) rawTechniques.push(t);
        break;
      }
      case 'relationship': {
        const r = parse(relationshipSchema, o, at);
        if (r) relationships.push(r);
        break;
      }
      case 'x-mitre-tactic': {
        const t = parse(tacticSchema, o, at);
        if (t && ref?.external_id) {
          tacticsByStixId.set(t.id, {
            id: ref.external_id,
            name: t.name,
            shortname: t.x_mitre_shortname,
            description: texts.add(t.description),
            url: ref.url ?? '',
          });
        }
        break;
      }
      case 'x-mitre-matrix': {
        const refs = (o as { tactic_refs?: unknown }).tactic_refs;
        if (Array.isArray(refs)) matrixTacticRefs.push(...refs.filter((r): r is string => typeof r === 'string'));
        matrixDomain ??= ref?.external_id;
        break;
      }
      case 'x-mitre-collection': {
        const c = parse(collectionSchema, o, at);
        collectionVersion ??= c?.x_mitre_version;
        break;
      }
      case 'x-mitre-detection-strategy': {
        const s = parse(detectionStrategySchema, o, at);
        if (s && ref?.external_id && !s.revoked && !s.x_mitre_deprecated) {
          strategies.push({
            stixId: s.id,
            analyticRefs: s.x_mitre_analytic_refs ?? [],
            record: { id: ref.external_id, name: s.name, url: ref.url ?? '', techniques: [], analytics: [] },
          });
        }
        break;
      }
      case 'x-mitre-analytic': {
        const a = parse(analyticSchema, o, at);
        if (a && ref?.external_id) {
          analytics.push({
            id: ref.external_id,
            name: a.name ?? ref.external_id,
            description: texts.add(a.description),
            url: ref.url ?? '',
            platforms: a.x_mitre_platforms ?? [],
            logSources: (a.x_mitre_log_source_references ?? []).map((l) => ({
              name: l.name ?? '',
              channel: l.channel ?? '',
              component: l.x_mitre_data_component_ref,
            })),
          });
        }
        break;
      }
      case 'x-mitre-data-component': {
        const c = parse(dataComponentSchema, o, at);
        if (c) {
          componentNames.set(c.id, c.name);
          const sourceName = c.x_mitre_data_source_ref ? byStixId.get(c.x_mitre_data_source_ref)?.name : undefined;
          components.push({
            id: ref?.external_id ?? c.id,
            name: c.name,
            description: texts.add(c.description),
            ...(sourceName ? { dataSource: sourceName } : {}),
          });
        }
        break;
      }
      default: {
        const kind = ACTOR_KINDS[o.type];
        if (!kind || !ref?.external_id) break;
        const a = parse(namedWithAliasesSchema, o, at);
        if (!a) break;
        actors.push({
          kind,
          id: ref.external_id,
          name: a.name,
          aliases: (a.aliases ?? a.x_mitre_aliases ?? []).filter((alias) => alias !== a.name),
          description: texts.add(a.description),
          url: ref.url ?? '',
          revoked: a.revoked === true,
          deprecated: a.x_mitre_deprecated === true,
          platforms: a.x_mitre_platforms ?? [],
        });
      }
    }
  });

  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_REPORTED_ISSUES).map((i) => `  ${i}`);
    const more = issues.length > MAX_REPORTED_ISSUES ? [`  ... and ${issues.length - MAX_REPORTED_ISSUES} more`] : [];
    throw new DatasetError(
      `${source} is not a valid ATT&CK STIX bundle: ${issues.length} object(s) do not have the expected shape:\n${[...shown, ...more].join('\n')}`,
      'Use an official bundle from MITRE (enterprise-attack.json, mobile-attack.json or ics-attack.json).',
    );
  }
  if (rawTechniques.length === 0) {
    throw new DatasetError(
      `${source} is a STIX bundle but holds no ATT&CK techniques (no attack-pattern with a mitre-attack ID).`,
      'Point at an ATT&CK domain bundle such as enterprise-attack.json.',
    );
  }

  // Relationships: revocations, parents, detection links and `uses`.
  const revokedBy = new Map<string, string>();
  const parentOf = new Map<string, string>();
  const uses: UseRecord[] = [];
  const strategyByStixId = new Map(strategies.map((s) => [s.stixId, s.record]));
  for (const r of relationships) {
    if (r.revoked || r.x_mitre_deprecated) continue;
    switch (r.relationship_type) {
      case 'revoked-by': {
        const target = attackId(r.target_ref);
        if (target) revokedBy.set(r.source_ref, target);
        break;
      }
      case 'subtechnique-of': {
        const parent = attackId(r.target_ref);
        if (parent) parentOf.set(r.source_ref, parent);
        break;
      }
      case 'detects': {
        const strategy = strategyByStixId.get(r.source_ref);
        const technique = attackId(r.target_ref);
        if (strategy && technique) strategy.techniques.push(technique);
        break;
      }
      case 'uses': {
        const source = byStixId.get(r.source_ref);
        const target = byStixId.get(r.target_ref);
        const sourceId = attackId(r.source_ref);
        const targetId = attackId(r.target_ref);
        if (!source || !target || !sourceId || !targetId) break;
        if (source.revoked || source.x_mitre_deprecated || target.revoked || target.x_mitre_deprecated) break;
        uses.push([sourceId, targetId, texts.add(r.description), references.addAll(r.external_references)]);
        break;
      }
    }
  }

  for (const s of strategies) {
    s.record.analytics = s.analyticRefs.map(attackId).filter((id): id is string => !!id);
  }
  const analyticsById = new Map(analytics.map((a) => [a.id, a]));
  for (const a of analytics) {
    for (const l of a.logSources) l.component = attackId(l.component) ?? l.component;
  }
  const componentNameById = new Map(components.map((c) => [c.id, c.name]));
  const strategiesByTechnique = new Map<string, StrategyRecord[]>();
  for (const s of strategies) {
    for (const t of s.record.techniques) {
      const list = strategiesByTechnique.get(t) ?? [];
      list.push(s.record);
      strategiesByTechnique.set(t, list);
    }
  }

  const techniques: TechniqueRecord[] = rawTechniques.map((t) => {
    const ref = attackReference(t.external_references)!;
    const id = ref.external_id!;
    const isSub = t.x_mitre_is_subtechnique === true || id.includes('.');
    const parent = parentOf.get(t.id) ?? (isSub ? id.split('.')[0] : undefined);
    const replacement = revokedBy.get(t.id);
    return {
      id,
      stixId: t.id,
      name: t.name,
      description: texts.add(t.description),
      detection: texts.add(t.x_mitre_detection),
      tactics: (t.kill_chain_phases ?? []).map((p) => p.phase_name),
      platforms: t.x_mitre_platforms ?? [],
      dataSources:
        t.x_mitre_data_sources && t.x_mitre_data_sources.length > 0
          ? t.x_mitre_data_sources
          : dataSourcesFromAnalytics(strategiesByTechnique.get(id) ?? [], analyticsById, componentNameById),
      sub: isSub,
      ...(parent ? { parent } : {}),
      revoked: t.revoked === true,
      ...(replacement ? { revokedBy: replacement } : {}),
      deprecated: t.x_mitre_deprecated === true,
      created: t.created ?? '',
      modified: t.modified ?? '',
      url: ref.url ?? '',
      refs: references.addAll(t.external_references),
    };
  });
  techniques.sort((a, b) => compareAttackIds(a.id, b.id) || Number(a.revoked) - Number(b.revoked));
  // Every object's references resolve citations: a card quotes analytics, detection
  // strategies and groups too (Mobile and ICS analytics cite sources no technique lists).
  for (const o of objects) references.addAll(o.external_references);

  const tactics = orderedTactics(tacticsByStixId, matrixTacticRefs);
  const meta: DatasetMeta = {
    domain: detectDomain(matrixDomain, source, rawTechniques),
    version: collectionVersion ?? versionFromName(source) ?? 'unknown',
    source,
    modified: newest,
    specVersion: specVersionOf(bundle, objects),
    counts: {
      techniques: techniques.filter((t) => !t.revoked && !t.deprecated).length,
      revoked: techniques.filter((t) => t.revoked).length,
      deprecated: techniques.filter((t) => t.deprecated && !t.revoked).length,
      tactics: tactics.length,
      groups: actors.filter((a) => a.kind === 'group').length,
      software: actors.filter((a) => a.kind === 'software').length,
      campaigns: actors.filter((a) => a.kind === 'campaign').length,
      uses: uses.length,
      detectionStrategies: strategies.length,
      analytics: analytics.length,
      dataComponents: components.length,
    },
  };
  return {
    index: {
      format: 'huntcard-attack-index',
      formatVersion: INDEX_FORMAT_VERSION,
      meta,
      references: references.records,
      tactics,
      techniques,
      actors,
      uses,
      strategies: strategies.map((s) => s.record),
      analytics,
      components,
    },
    texts,
  };
}

function readBundleObjects(bundle: unknown, source: string): StixObject[] {
  const parsed = bundleSchema.safeParse(bundle);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new DatasetError(
      `${source} is JSON but not a STIX bundle${where}: ${issue?.message ?? 'unexpected shape'} (a bundle is {"type": "bundle", "objects": [...]}).`,
      'Download an ATT&CK bundle from MITRE, e.g. enterprise-attack/enterprise-attack.json from attack-stix-data.',
    );
  }
  const objects: StixObject[] = [];
  parsed.data.objects.forEach((o, at) => {
    const result = stixObjectSchema.safeParse(o);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new DatasetError(
        `${source} is not a valid STIX bundle: objects[${at}]${idOf(o)}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message}.`,
        'The file may be damaged; download it again.',
      );
    }
    objects.push(result.data);
  });
  return objects;
}

function idOf(o: unknown): string {
  const id = (o as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? ` (${id})` : '';
}

/** From v18, a technique's data sources are the log sources (and data components) of its analytics. */
function dataSourcesFromAnalytics(
  strategies: StrategyRecord[],
  analyticsById: Map<string, AnalyticRecord>,
  componentNameById: Map<string, string>,
): string[] {
  const seen = new Set<string>();
  for (const s of strategies) {
    for (const analyticId of s.analytics) {
      for (const l of analyticsById.get(analyticId)?.logSources ?? []) {
        const component = componentNameById.get(l.component);
        if (component) seen.add(`${l.name || component}: ${component}`);
      }
    }
  }
  return [...seen];
}

function orderedTactics(byStixId: Map<string, TacticRecord>, matrixOrder: string[]): TacticRecord[] {
  const ordered = matrixOrder.map((id) => byStixId.get(id)).filter((t): t is TacticRecord => !!t);
  const rest = [...byStixId.values()].filter((t) => !ordered.includes(t));
  return [...ordered, ...rest];
}

function detectDomain(matrixId: string | undefined, source: string, techniques: StixObject[]): Domain | 'unknown' {
  if (matrixId && (DOMAINS as readonly string[]).includes(matrixId)) return matrixId as Domain;
  const fromName = DOMAINS.find((d) => source.includes(d));
  if (fromName) return fromName;
  const votes = new Map<string, number>();
  for (const t of techniques) for (const d of t.x_mitre_domains ?? []) votes.set(d, (votes.get(d) ?? 0) + 1);
  const best = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  return best && (DOMAINS as readonly string[]).includes(best) ? (best as Domain) : 'unknown';
}

/** "…/enterprise-attack-18.1.json" → "18.1". */
export function versionFromName(source: string): string | undefined {
  return /(?:enterprise|mobile|ics)-attack-(\d+(?:\.\d+)*)\.json/i.exec(source)?.[1];
}

function specVersionOf(bundle: unknown, objects: StixObject[]): string {
  const onBundle = (bundle as { spec_version?: unknown }).spec_version;
  if (typeof onBundle === 'string') return onBundle;
  const onObject = (objects[0] as { spec_version?: unknown } | undefined)?.spec_version;
  return typeof onObject === 'string' ? onObject : 'unknown';
}

/** Deduplicates external references across the bundle; records are shared by techniques and `uses`. */
class ReferenceTable {
  readonly records: ReferenceRecord[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly texts: TextTableBuilder) {}

  addAll(refs: readonly ExternalReference[] | undefined): number[] {
    return (refs ?? []).map((r) => this.add(r));
  }

  private add(r: ExternalReference): number {
    const key = `${r.source_name}\u0000${r.url ?? ''}\u0000${r.description ?? ''}\u0000${r.external_id ?? ''}`;
    const known = this.seen.get(key);
    if (known !== undefined) return known;
    const at = this.records.length;
    this.records.push({
      n: r.source_name,
      ...(r.url ? { u: r.url } : {}),
      d: this.texts.add(r.description),
      ...(r.external_id ? { x: r.external_id } : {}),
    });
    this.seen.set(key, at);
    return at;
  }
}
