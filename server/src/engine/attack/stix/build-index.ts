import { DatasetError } from '../../errors.js';
import { attackReference, compareAttackIds } from '../query/attack-ids.js';
import type { ActorRecord, AnalyticRecord, ComponentRecord, IndexFile, MitigationRecord, ReferenceRecord, StrategyRecord, TacticRecord, TechniqueRecord, UseRecord } from '../store/index-file.js';
import { INDEX_FORMAT_VERSION } from '../store/index-format.js';
import type { DatasetMeta, Domain } from '../query/model.js';
import { DOMAINS } from '../query/model.js';
import {
  analyticSchema,
  attackPatternSchema,
  bundleSchema,
  collectionSchema,
  dataComponentSchema,
  detectionStrategySchema,
  type ExternalReference,
  mitigationSchema,
  namedWithAliasesSchema,
  relationshipSchema,
  type StixObject,
  stixObjectSchema,
  tacticSchema,
} from './stix-schema.js';
import { TextTableBuilder } from '../store/text-table.js';
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
 * Builds the query-ready index from a parsed STIX 2.0 or 2.1 ATT&CK bundle, in
 * phases: read the objects, collect each kind, check the bundle is usable, link
 * the relationships, make the technique records, describe the dataset.
 * `source` names the file or URL in errors and in the dataset's metadata.
 */
export function buildIndex(bundle: unknown, source: string): BuiltIndex {
  const objects = readBundleObjects(bundle, source);
  const texts = new TextTableBuilder();
  const references = new ReferenceTable(texts);
  const byStixId = new Map<string, StixObject>();
  for (const o of objects) byStixId.set(o.id, o);
  const attackId = (stixId: string): string | undefined => attackReference(byStixId.get(stixId)?.external_references)?.external_id;

  const collected = collectObjects(objects, byStixId, texts);
  checkUsable(collected, source);
  const links = linkRelationships(collected, byStixId, attackId, texts, references);
  const techniques = techniqueRecords(collected, links, texts, references);
  // Every object's references resolve citations: a card quotes analytics, detection
  // strategies and groups too (Mobile and ICS analytics cite sources no technique lists).
  for (const o of objects) references.addAll(o.external_references);
  const tactics = orderedTactics(collected.tacticsByStixId, collected.matrixTacticRefs);
  return {
    index: {
      format: 'huntcard-attack-index',
      formatVersion: INDEX_FORMAT_VERSION,
      meta: datasetMeta(bundle, objects, source, collected, techniques, tactics, links.uses),
      references: references.records,
      tactics,
      techniques,
      actors: collected.actors,
      uses: links.uses,
      strategies: collected.strategies.map((s) => s.record),
      analytics: collected.analytics,
      components: collected.components,
      mitigations: collected.mitigations.map((m) => m.record),
      attributions: links.attributions,
    },
    texts,
  };
}

/** What the objects of a bundle hold, by kind, before relationships are followed. */
interface Collected {
  relationships: z.infer<typeof relationshipSchema>[];
  rawTechniques: z.infer<typeof attackPatternSchema>[];
  tacticsByStixId: Map<string, TacticRecord>;
  actors: ActorRecord[];
  strategies: { record: StrategyRecord; analyticRefs: string[]; stixId: string }[];
  mitigations: { record: MitigationRecord; stixId: string }[];
  analytics: AnalyticRecord[];
  components: ComponentRecord[];
  matrixTacticRefs: string[];
  collectionVersion?: string;
  matrixDomain?: string;
  /** The newest `modified` of any object. */
  newest: string;
  /** Objects that do not have the shape their type needs. */
  issues: string[];
}

/** Phase 1: each object checked against its schema and collected by kind (texts go to the string table). */
function collectObjects(objects: StixObject[], byStixId: Map<string, StixObject>, texts: TextTableBuilder): Collected {
  const c: Collected = {
    relationships: [],
    rawTechniques: [],
    tacticsByStixId: new Map(),
    actors: [],
    strategies: [],
    mitigations: [],
    analytics: [],
    components: [],
    matrixTacticRefs: [],
    newest: '',
    issues: [],
  };
  const parse = <S extends z.ZodType>(schema: S, o: StixObject, at: number): z.infer<S> | undefined => {
    const result = schema.safeParse(o);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    c.issues.push(`objects[${at}] (${o.id}): ${issue?.path.join('.') || '(object)'}: ${issue?.message}`);
    return undefined;
  };
  objects.forEach((o, at) => {
    if (o.modified && o.modified > c.newest) c.newest = o.modified;
    const ref = attackReference(o.external_references);
    switch (o.type) {
      case 'attack-pattern': {
        const t = parse(attackPatternSchema, o, at);
        if (t && ref) c.rawTechniques.push(t);
        break;
      }
      case 'relationship': {
        const r = parse(relationshipSchema, o, at);
        if (r) c.relationships.push(r);
        break;
      }
      case 'x-mitre-tactic': {
        const t = parse(tacticSchema, o, at);
        // A retired tactic (a release that splits one deprecates it) is no column of the matrix.
        const retired = (o as { revoked?: boolean; x_mitre_deprecated?: boolean }).revoked === true || (o as { x_mitre_deprecated?: boolean }).x_mitre_deprecated === true;
        if (t && ref?.external_id && !retired) {
          c.tacticsByStixId.set(t.id, { id: ref.external_id, name: t.name, shortname: t.x_mitre_shortname, description: texts.add(t.description), url: ref.url ?? '' });
        }
        break;
      }
      case 'x-mitre-matrix': {
        const refs = (o as { tactic_refs?: unknown }).tactic_refs;
        if (Array.isArray(refs)) c.matrixTacticRefs.push(...refs.filter((r): r is string => typeof r === 'string'));
        c.matrixDomain ??= ref?.external_id;
        break;
      }
      case 'x-mitre-collection': {
        const collection = parse(collectionSchema, o, at);
        c.collectionVersion ??= collection?.x_mitre_version;
        break;
      }
      case 'course-of-action': {
        const m = parse(mitigationSchema, o, at);
        // Only ATT&CK's own mitigations (M1036): old bundles hold a course of action per technique too, with no M ID.
        if (m && /^M\d{4}$/.test(ref?.external_id ?? '') && !m.revoked && !m.x_mitre_deprecated) {
          c.mitigations.push({ stixId: m.id, record: { id: ref!.external_id!, name: m.name, description: texts.add(m.description), url: ref!.url ?? '', techniques: [] } });
        }
        break;
      }
      case 'x-mitre-detection-strategy': {
        const s = parse(detectionStrategySchema, o, at);
        if (s && ref?.external_id && !s.revoked && !s.x_mitre_deprecated) {
          c.strategies.push({ stixId: s.id, analyticRefs: s.x_mitre_analytic_refs ?? [], record: { id: ref.external_id, name: s.name, url: ref.url ?? '', techniques: [], analytics: [] } });
        }
        break;
      }
      case 'x-mitre-analytic': {
        const a = parse(analyticSchema, o, at);
        if (a && ref?.external_id) {
          c.analytics.push({
            id: ref.external_id,
            name: a.name ?? ref.external_id,
            description: texts.add(a.description),
            url: ref.url ?? '',
            platforms: a.x_mitre_platforms ?? [],
            logSources: (a.x_mitre_log_source_references ?? []).map((l) => ({ name: l.name ?? '', channel: l.channel ?? '', component: l.x_mitre_data_component_ref })),
          });
        }
        break;
      }
      case 'x-mitre-data-component': {
        const component = parse(dataComponentSchema, o, at);
        if (component) {
          const sourceName = component.x_mitre_data_source_ref ? byStixId.get(component.x_mitre_data_source_ref)?.name : undefined;
          c.components.push({ id: ref?.external_id ?? component.id, name: component.name, description: texts.add(component.description), ...(sourceName ? { dataSource: sourceName } : {}) });
        }
        break;
      }
      default: {
        const kind = ACTOR_KINDS[o.type];
        if (!kind || !ref?.external_id) break;
        const a = parse(namedWithAliasesSchema, o, at);
        if (!a) break;
        c.actors.push({
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
  return c;
}

/** Phase 2: a bundle with malformed objects, or without techniques, is refused with what is wrong. */
function checkUsable({ issues, rawTechniques }: Collected, source: string): void {
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_REPORTED_ISSUES).map((i) => `  ${i}`);
    const more = issues.length > MAX_REPORTED_ISSUES ? [`  ... and ${issues.length - MAX_REPORTED_ISSUES} more`] : [];
    throw new DatasetError(
      `${source} is not a valid ATT&CK STIX bundle: ${issues.length} object(s) do not have the expected shape:\n${[...shown, ...more].join('\n')}`,
      'Use an official bundle from MITRE (enterprise-attack.json, mobile-attack.json or ics-attack.json).',
    );
  }
  if (rawTechniques.length === 0) {
    throw new DatasetError(`${source} is a STIX bundle but holds no ATT&CK techniques (no attack-pattern with a mitre-attack ID).`, 'Point at an ATT&CK domain bundle such as enterprise-attack.json.');
  }
}

interface Links {
  revokedBy: Map<string, string>;
  parentOf: Map<string, string>;
  uses: UseRecord[];
  /** [campaign, group]: a campaign attributed to a group. */
  attributions: Array<[string, string]>;
  strategiesByTechnique: Map<string, StrategyRecord[]>;
  analyticsById: Map<string, AnalyticRecord>;
  componentNameById: Map<string, string>;
}

/** Phase 3: relationships followed (revocations, parents, detection, `uses`), STIX IDs turned into ATT&CK IDs. */
function linkRelationships(c: Collected, byStixId: Map<string, StixObject>, attackId: (stixId: string) => string | undefined, texts: TextTableBuilder, references: ReferenceTable): Links {
  const revokedBy = new Map<string, string>();
  const parentOf = new Map<string, string>();
  const uses: UseRecord[] = [];
  const attributions: Array<[string, string]> = [];
  const strategyByStixId = new Map(c.strategies.map((s) => [s.stixId, s.record]));
  const mitigationByStixId = new Map(c.mitigations.map((m) => [m.stixId, m.record]));
  for (const r of c.relationships) {
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
      case 'mitigates': {
        const mitigation = mitigationByStixId.get(r.source_ref);
        const technique = attackId(r.target_ref);
        if (mitigation && technique && !mitigation.techniques.includes(technique)) mitigation.techniques.push(technique);
        break;
      }
      case 'detects': {
        const strategy = strategyByStixId.get(r.source_ref);
        const technique = attackId(r.target_ref);
        if (strategy && technique) strategy.techniques.push(technique);
        break;
      }
      case 'attributed-to': {
        const campaign = attackId(r.source_ref);
        const group = attackId(r.target_ref);
        if (campaign?.startsWith('C') && group?.startsWith('G')) attributions.push([campaign, group]);
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
  for (const s of c.strategies) s.record.analytics = s.analyticRefs.map(attackId).filter((id): id is string => !!id);
  for (const a of c.analytics) for (const l of a.logSources) l.component = attackId(l.component) ?? l.component;
  const strategiesByTechnique = new Map<string, StrategyRecord[]>();
  for (const s of c.strategies) for (const t of s.record.techniques) pushTo(strategiesByTechnique, t, s.record);
  return {
    revokedBy,
    parentOf,
    uses,
    attributions,
    strategiesByTechnique,
    analyticsById: new Map(c.analytics.map((a) => [a.id, a])),
    componentNameById: new Map(c.components.map((x) => [x.id, x.name])),
  };
}

/** Phase 4: one record per technique, sorted by ID (a live technique before a revoked one of the same ID). */
function techniqueRecords(c: Collected, links: Links, texts: TextTableBuilder, references: ReferenceTable): TechniqueRecord[] {
  const techniques: TechniqueRecord[] = c.rawTechniques.map((t) => {
    const ref = attackReference(t.external_references)!;
    const id = ref.external_id!;
    const isSub = t.x_mitre_is_subtechnique === true || id.includes('.');
    const parent = links.parentOf.get(t.id) ?? (isSub ? id.split('.')[0] : undefined);
    const replacement = links.revokedBy.get(t.id);
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
          : dataSourcesFromAnalytics(links.strategiesByTechnique.get(id) ?? [], links.analyticsById, links.componentNameById),
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
  return techniques.sort((a, b) => compareAttackIds(a.id, b.id) || Number(a.revoked) - Number(b.revoked));
}

/** Phase 5: what the dataset is (domain, release, source) and what it holds. */
function datasetMeta(bundle: unknown, objects: StixObject[], source: string, c: Collected, techniques: TechniqueRecord[], tactics: TacticRecord[], uses: UseRecord[]): DatasetMeta {
  return {
    domain: detectDomain(c.matrixDomain, source, c.rawTechniques),
    version: c.collectionVersion ?? versionFromName(source) ?? 'unknown',
    source,
    modified: c.newest,
    specVersion: specVersionOf(bundle, objects),
    counts: {
      techniques: techniques.filter((t) => !t.revoked && !t.deprecated).length,
      revoked: techniques.filter((t) => t.revoked).length,
      deprecated: techniques.filter((t) => t.deprecated && !t.revoked).length,
      tactics: tactics.length,
      groups: c.actors.filter((a) => a.kind === 'group').length,
      software: c.actors.filter((a) => a.kind === 'software').length,
      campaigns: c.actors.filter((a) => a.kind === 'campaign').length,
      uses: uses.length,
      detectionStrategies: c.strategies.length,
      analytics: c.analytics.length,
      dataComponents: c.components.length,
    },
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
function dataSourcesFromAnalytics(strategies: StrategyRecord[], analyticsById: Map<string, AnalyticRecord>, componentNameById: Map<string, string>): string[] {
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

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
