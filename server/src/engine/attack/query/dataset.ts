import { compareAttackIds } from './attack-ids.js';
import { DOMAIN_NAMES } from './model.js';
import type { ActorRecord, IndexCore, IndexFile, IndexRelations, ReferenceRecord, TechniqueRecord } from '../store/index-file.js';
import type { Actor, DataComponent, DatasetMeta, DetectionObject, DetectionStrategy, Reference, Tactic, Technique, Use } from './model.js';
import type { TextTable } from '../store/text-table.js';

/**
 * One ATT&CK domain release, ready to query. Built from an index (see
 * build-index.ts and index-store.ts); long texts are decoded on first use.
 */
export class Dataset {
  readonly meta: DatasetMeta;
  private readonly techniqueById = new Map<string, TechniqueRecord>();
  private readonly actorById = new Map<string, ActorRecord>();
  private actorsByName?: Map<string, { named: ActorRecord[]; aliased: ActorRecord[] }>;
  private liveNames?: ReadonlyArray<Pick<Actor, 'id' | 'name' | 'kind'>>;
  private citationByName?: Map<string, ReferenceRecord>;
  private usesByTarget?: Map<string, Array<IndexFile['uses'][number]>>;
  private usesBySource?: Map<string, Array<IndexFile['uses'][number]>>;
  private readonly techniqueCache = new Map<string, Technique>();
  private relations?: IndexRelations;
  private detection?: {
    analytics: Map<string, IndexRelations['analytics'][number]>;
    components: Map<string, IndexRelations['components'][number]>;
    byTechnique: Map<string, IndexRelations['strategies']>;
  };

  /** `relations` is the index itself when built in memory, or a loader for the on-disk relations file. */
  constructor(
    private readonly index: IndexCore,
    private readonly texts: TextTable,
    private readonly loadRelations: () => IndexRelations = () => index as IndexFile,
  ) {
    this.meta = index.meta;
    for (const t of index.techniques) {
      // A revoked object may share its ID with a live one; the live one wins.
      const known = this.techniqueById.get(t.id);
      if (!known || (known.revoked && !t.revoked)) this.techniqueById.set(t.id, t);
    }
    for (const a of index.actors) {
      const known = this.actorById.get(a.id);
      if (!known || (known.revoked && !a.revoked)) this.actorById.set(a.id, a);
    }
  }

  private get rel(): IndexRelations {
    this.relations ??= this.loadRelations();
    return this.relations;
  }

  /** "Enterprise ATT&CK v18.1" */
  get label(): string {
    const domain = this.meta.domain === 'unknown' ? 'ATT&CK' : DOMAIN_NAMES[this.meta.domain];
    return `${domain} v${this.meta.version}`;
  }

  technique(id: string): Technique | undefined {
    const cached = this.techniqueCache.get(id);
    if (cached) return cached;
    const record = this.techniqueById.get(id);
    if (!record) return undefined;
    const technique = this.toTechnique(record);
    this.techniqueCache.set(id, technique);
    return technique;
  }

  hasTechnique(id: string): boolean {
    return this.techniqueById.has(id);
  }

  /** Every technique ID with its name and state, cheaply (no texts decoded). */
  techniqueSummaries(): Array<Pick<Technique, 'id' | 'name' | 'revoked' | 'deprecated' | 'tactics' | 'isSubtechnique'>> {
    return [...this.techniqueById.values()].map((t) => ({
      id: t.id,
      name: t.name,
      revoked: t.revoked,
      deprecated: t.deprecated,
      tactics: t.tactics,
      isSubtechnique: t.sub,
    }));
  }

  /** Techniques that are neither revoked nor deprecated, in ID order. */
  currentTechniqueIds(): string[] {
    return [...this.techniqueById.values()].filter((t) => !t.revoked && !t.deprecated).map((t) => t.id);
  }

  tactics(): Tactic[] {
    return this.index.tactics.map((t) => ({ ...t, description: this.texts.get(t.description) }));
  }

  tacticByShortname(shortname: string): Tactic | undefined {
    return this.tactics().find((t) => t.shortname === shortname);
  }

  actor(id: string): Actor | undefined {
    const record = this.actorById.get(id);
    return record ? this.toActor(record) : undefined;
  }

  /**
   * The groups, software and campaigns called `name` (case-insensitive): those it names and
   * those that have it as an alias, apart, so a caller can put a name before an alias. With
   * `live`, revoked and deprecated ones are left out.
   */
  actorsCalled(name: string, live = true): { named: Actor[]; aliased: Actor[] } {
    if (!this.actorsByName) {
      this.actorsByName = new Map();
      for (const a of this.actorById.values()) {
        for (const [n, list] of [[a.name, 'named'] as const, ...a.aliases.filter((x) => x !== a.name).map((x) => [x, 'aliased'] as const)]) {
          const key = n.toLowerCase();
          let entry = this.actorsByName.get(key);
          if (!entry) this.actorsByName.set(key, (entry = { named: [], aliased: [] }));
          if (!entry[list].includes(a)) entry[list].push(a);
        }
      }
    }
    const entry = this.actorsByName.get(name.toLowerCase());
    const pick = (records: ActorRecord[] = []) => records.filter((a) => !live || (!a.revoked && !a.deprecated)).map((a) => this.toActor(a));
    return { named: pick(entry?.named), aliased: pick(entry?.aliased) };
  }

  /** The live (not revoked, not deprecated) actors' IDs, names and kinds, without decoding their texts: for completion as one types. */
  liveActorNames(): ReadonlyArray<Pick<Actor, 'id' | 'name' | 'kind'>> {
    this.liveNames ??= [...this.actorById.values()].filter((a) => !a.revoked && !a.deprecated).map((a) => ({ id: a.id, name: a.name, kind: a.kind }));
    return this.liveNames;
  }

  actors(kind?: Actor['kind']): Actor[] {
    return [...this.actorById.values()].filter((a) => !kind || a.kind === kind).map((a) => this.toActor(a));
  }

  /** The `uses` relationships that point at a technique (or software), any user kind. */
  usesOf(targetId: string): Use[] {
    this.usesByTarget ??= groupBy(this.rel.uses, (u) => u[1]);
    return (this.usesByTarget.get(targetId) ?? []).map((u) => this.toUse(u));
  }

  /** What a group, software or campaign uses. */
  usedBy(sourceId: string): Use[] {
    this.usesBySource ??= groupBy(this.rel.uses, (u) => u[0]);
    return (this.usesBySource.get(sourceId) ?? []).map((u) => this.toUse(u));
  }

  /**
   * What a revoked technique is now: the live end of its revocation chain (a
   * replacement can itself be revoked later: T1009 → T1027.001 → T1027), or
   * undefined when the chain ends nowhere live.
   */
  replacementOf(technique: Pick<Technique, 'revokedBy'>): Technique | undefined {
    let by = technique.revokedBy ? this.technique(technique.revokedBy) : undefined;
    for (let hops = 0; by?.revoked && by.revokedBy && hops < 8; hops++) by = this.technique(by.revokedBy);
    return by?.revoked ? undefined : by;
  }

  /** The campaigns ATT&CK attributes to a group (none from an index built before attributions were indexed). */
  campaignsOf(groupId: string): Actor[] {
    return (this.rel.attributions ?? []).filter(([, group]) => group === groupId).flatMap(([campaign]) => this.actor(campaign) ?? []);
  }

  /** Groups using a technique, highest group ID first (the card's row order). */
  groupUsesOf(techniqueId: string): Array<{ group: Actor; use: Use }> {
    return this.usesOf(techniqueId)
      .filter((u) => u.sourceId.startsWith('G'))
      .map((use) => ({ group: this.actor(use.sourceId)!, use }))
      .filter((x) => x.group && !x.group.revoked && !x.group.deprecated)
      .sort((a, b) => compareAttackIds(b.group.id, a.group.id));
  }

  detectionStrategies(techniqueId: string): DetectionStrategy[] {
    if (!this.detection) {
      const byTechnique = new Map<string, IndexRelations['strategies']>();
      for (const s of this.rel.strategies) {
        for (const t of s.techniques) byTechnique.set(t, [...(byTechnique.get(t) ?? []), s]);
      }
      this.detection = {
        analytics: new Map(this.rel.analytics.map((a) => [a.id, a])),
        components: new Map(this.rel.components.map((c) => [c.id, c])),
        byTechnique,
      };
    }
    const { analytics, components, byTechnique } = this.detection;
    return (byTechnique.get(techniqueId) ?? []).map((s) => ({
      id: s.id,
      name: s.name,
      url: s.url,
      analytics: s.analytics
        .map((id) => analytics.get(id))
        .filter((a) => a !== undefined)
        .map((a) => ({
          id: a.id,
          name: a.name,
          url: a.url,
          description: this.texts.get(a.description),
          platforms: a.platforms,
          logSources: a.logSources.map((l) => ({
            name: l.name,
            channel: l.channel,
            componentId: l.component,
            componentName: components.get(l.component)?.name ?? l.component,
          })),
        })),
    }));
  }

  /** Every detection strategy, analytic, data component and mitigation: ID and name (for completion). */
  detectionObjectNames(): Array<{ id: string; name: string }> {
    const rel = this.rel;
    return [...rel.strategies, ...rel.analytics, ...rel.components, ...(rel.mitigations ?? [])].map((o) => ({ id: o.id, name: o.name }));
  }

  /** A detection strategy (DET), analytic (AN) or data component (DC) by its ATT&CK ID (ATT&CK v18 on), or a mitigation (M). */
  detectionObject(id: string): DetectionObject | undefined {
    const rel = this.rel;
    const strategy = /^DET\d{4}$/.test(id) ? rel.strategies.find((s) => s.id === id) : undefined;
    if (strategy) return { kind: 'detection strategy', id, name: strategy.name, url: strategy.url, description: '', techniques: strategy.techniques, analytics: strategy.analytics };
    const analytic = /^AN\d{4}$/.test(id) ? rel.analytics.find((a) => a.id === id) : undefined;
    if (analytic) {
      const components = new Map(rel.components.map((c) => [c.id, c.name]));
      const strategies = rel.strategies.filter((s) => s.analytics.includes(id));
      return {
        kind: 'analytic',
        id,
        name: analytic.name,
        url: analytic.url,
        description: this.texts.get(analytic.description),
        platforms: analytic.platforms,
        logSources: analytic.logSources.map((l) => `${l.name}${l.channel ? ` (${l.channel})` : ''}: ${components.get(l.component) ?? l.component}`),
        techniques: strategies.flatMap((s) => s.techniques),
        strategies: strategies.map((s) => s.id),
      };
    }
    const mitigation = /^M\d{4}$/.test(id) ? (rel.mitigations ?? []).find((m) => m.id === id) : undefined;
    if (mitigation) return { kind: 'mitigation', id, name: mitigation.name, url: mitigation.url, description: this.texts.get(mitigation.description), techniques: mitigation.techniques };
    const component = /^DC\d{4}$/.test(id) ? rel.components.find((c) => c.id === id) : undefined;
    if (component) return { kind: 'data component', id, name: component.name, url: `https://attack.mitre.org/datacomponents/${id}`, description: this.texts.get(component.description) };
    return undefined;
  }

  dataComponents(): DataComponent[] {
    return this.rel.components.map((c) => ({ ...c, description: this.texts.get(c.description) }));
  }

  /** A citation by its source name, case-insensitively, from anywhere in the bundle. */
  citation(sourceName: string): Reference | undefined {
    if (!this.citationByName) {
      this.citationByName = new Map();
      for (const r of this.index.references) {
        const key = r.n.trim().toLowerCase();
        const known = this.citationByName.get(key);
        if (!known || (!known.d && r.d)) this.citationByName.set(key, r);
      }
    }
    const record = this.citationByName.get(sourceName.trim().toLowerCase());
    return record ? this.toReference(record) : undefined;
  }

  private toTechnique(t: TechniqueRecord): Technique {
    const texts = this.texts;
    const toReference = (i: number) => this.toReference(this.index.references[i]!);
    return {
      id: t.id,
      stixId: t.stixId,
      name: t.name,
      get description() {
        return texts.get(t.description);
      },
      get detection() {
        return texts.get(t.detection);
      },
      tactics: t.tactics,
      platforms: t.platforms,
      dataSources: t.dataSources,
      isSubtechnique: t.sub,
      ...(t.parent ? { parentId: t.parent } : {}),
      revoked: t.revoked,
      ...(t.revokedBy ? { revokedBy: t.revokedBy } : {}),
      deprecated: t.deprecated,
      created: t.created,
      modified: t.modified,
      url: t.url,
      get references() {
        return t.refs.map(toReference);
      },
    };
  }

  private toActor(a: ActorRecord): Actor {
    return { ...a, description: this.texts.get(a.description) };
  }

  private toUse(u: IndexFile['uses'][number]): Use {
    return {
      sourceId: u[0],
      targetId: u[1],
      description: this.texts.get(u[2]),
      references: u[3].map((i) => this.toReference(this.index.references[i]!)),
    };
  }

  private toReference(r: ReferenceRecord): Reference {
    const description = this.texts.get(r.d);
    return {
      sourceName: r.n,
      ...(r.u ? { url: r.u } : {}),
      ...(description ? { description } : {}),
      ...(r.x ? { externalId: r.x } : {}),
    };
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
