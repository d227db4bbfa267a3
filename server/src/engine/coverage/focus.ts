import { distance } from 'fastest-levenshtein';
import type { Dataset } from '../attack/query/dataset.js';
import type { Actor, ActorKind } from '../attack/query/model.js';
import { HuntCardError } from '../errors.js';
import type { ActorChoice } from '../../protocol.js';

/** A group, campaign or software a hunter asked about, and what they typed for it. */
export interface FocusActor {
  id: string;
  name: string;
  kind: ActorKind;
  /** What was asked for (an ID, the name or an alias). */
  asked: string;
}

/** Why a technique is in a focus: the actors that use it, or the layer's annotation of it. */
export interface FocusReason {
  /** IDs of the focus's actors that use the technique (directly or, for a parent, through a sub-technique). */
  actors: string[];
  /** For a parent technique: its sub-techniques in the focus it is counted through. */
  via: string[];
  /** Used directly (not only through sub-techniques), or annotated in the layer itself. */
  direct: boolean;
  /** A layer's score and comment for it. */
  score?: number;
  comment?: string;
}

/**
 * What a coverage report is narrowed to: the techniques some actors use, or the
 * techniques a Navigator layer annotates. Only current techniques of the
 * dataset are selected. A parent technique is selected when any of its
 * sub-techniques is (sub-technique use rolls up), and says through which.
 */
export interface Focus {
  kind: 'actors' | 'layer';
  /** "APT29 (G0016)" or "layer "Red team plan"": for headings. */
  label: string;
  actors: FocusActor[];
  layer?: { name: string; file: string };
  selected: Map<string, FocusReason>;
  /** What was asked for but could not be used as given (revoked or unknown techniques in a layer), in words. */
  notes: string[];
}

/**
 * Each query as a group, campaign or software of the dataset: by ATT&CK ID
 * (G0016, c0024, S0154), or by name or alias, case-insensitively ("APT29",
 * "Midnight Blizzard", "cozy bear" are all G0016). An unknown query is an
 * error that names the closest actors.
 */
export function resolveActors(dataset: Dataset, queries: readonly string[]): FocusActor[] {
  const found = new Map<string, FocusActor>();
  for (const raw of queries) {
    const asked = raw.trim();
    const actor = /^[GSC]\d{4}$/i.test(asked) ? byId(dataset, asked.toUpperCase()) : byName(dataset, asked);
    if (!found.has(actor.id)) found.set(actor.id, { id: actor.id, name: actor.name, kind: actor.kind, asked });
  }
  return [...found.values()];
}

function byId(dataset: Dataset, id: string): Actor {
  const actor = dataset.actor(id);
  if (actor && !actor.revoked && !actor.deprecated) return actor;
  throw new HuntCardError(
    actor ? `${actor.id} (${actor.name}) is ${actor.revoked ? 'revoked' : 'deprecated'} in ${dataset.label}.` : `No group, campaign or software in ${dataset.label} has the ID ${id}.`,
    suggest(closestActors(dataset, actor?.name ?? id)),
  );
}

/**
 * An actor by name or alias, any case. A name beats an alias ("Thrip" is
 * G0076, though it is also an alias of G0030); revoked and deprecated actors
 * do not count. A name two live actors share is an error that lists them.
 */
function byName(dataset: Dataset, asked: string): Actor {
  const { named, aliased } = dataset.actorsCalled(asked);
  const candidates = named.length ? named : aliased;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new HuntCardError(
      `"${asked}" ${named.length ? 'names' : 'is an alias of'} ${candidates.length} actors in ${dataset.label}: ${candidates.map((a) => `${a.name} (${a.id}, ${a.kind})`).join(', ')}.`,
      `Give the ID of the one you mean, e.g. --actor ${candidates[0]!.id}.`,
    );
  }
  const all = dataset.actorsCalled(asked, false);
  const gone = all.named[0] ?? all.aliased[0];
  throw new HuntCardError(
    gone ? `"${asked}" is ${gone.name} (${gone.id}), ${gone.revoked ? 'revoked' : 'deprecated'} in ${dataset.label}.` : `No group, campaign or software in ${dataset.label} is named "${asked}".`,
    suggest(closestActors(dataset, asked)),
  );
}

function suggest(near: Actor[]): string {
  return near.length
    ? `Did you mean ${near.map((a) => `"${a.name}" (${a.id})`).join(', ')}? \`huntcard data actors\` lists them all.`
    : '`huntcard data actors` lists every group, campaign and software.';
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Up to three actors whose name or an alias is within a few edits of the query, ignoring case, spaces and punctuation ("APT-29", "sandworm"). */
function closestActors(dataset: Dataset, query: string): Actor[] {
  const q = squash(query);
  if (!q) return [];
  const scored = dataset
    .actors()
    .filter((a) => !a.revoked && !a.deprecated)
    .map((actor) => {
      const names = [actor.name, ...actor.aliases].map(squash);
      const best = Math.min(...names.map((n) => (n === q ? 0 : q.length >= 3 && n.startsWith(q) ? 0.5 : distance(n, q))));
      return { actor, best };
    })
    .filter((s) => s.best <= Math.max(2, Math.floor(q.length / 4)))
    .sort((a, b) => a.best - b.best || a.actor.name.localeCompare(b.actor.name));
  return scored.slice(0, 3).map((s) => s.actor);
}

const currentSets = new WeakMap<Dataset, ReadonlySet<string>>();

function currentTechniques(dataset: Dataset): ReadonlySet<string> {
  let set = currentSets.get(dataset);
  if (!set) currentSets.set(dataset, (set = new Set(dataset.currentTechniqueIds())));
  return set;
}

/** The techniques the actors use, by their `uses` relationships in the dataset (not through the software they use). */
export function focusOnActors(dataset: Dataset, actors: readonly FocusActor[]): Focus {
  const current = currentTechniques(dataset);
  const direct = new Map<string, Set<string>>();
  for (const actor of actors) {
    for (const use of dataset.usedBy(actor.id)) {
      if (!current.has(use.targetId)) continue;
      let users = direct.get(use.targetId);
      if (!users) direct.set(use.targetId, (users = new Set()));
      users.add(actor.id);
    }
  }
  const selected = rollUp(dataset, direct, new Map());
  const label = actors.map((a) => `${a.name} (${a.id})`).join(', ');
  return { kind: 'actors', label, actors: [...actors], selected, notes: [] };
}

/** Adds each selected sub-technique's parent, counted through it. */
export function rollUp(dataset: Dataset, direct: Map<string, Set<string>>, annotations: Map<string, { score?: number; comment?: string }>): Map<string, FocusReason> {
  const selected = new Map<string, FocusReason>();
  for (const [id, users] of direct) selected.set(id, { actors: [...users], via: [], direct: true, ...annotations.get(id) });
  for (const [id, users] of direct) {
    const parentId = dataset.technique(id)?.parentId;
    if (!parentId) continue;
    const parent = selected.get(parentId) ?? { actors: [], via: [], direct: false };
    parent.via.push(id);
    parent.actors = [...new Set([...parent.actors, ...users])];
    // A parent the layer does not score itself ranks with its best-scored sub-technique.
    const subScore = annotations.get(id)?.score;
    if (annotations.get(parentId)?.score === undefined && subScore !== undefined && (parent.score === undefined || subScore > parent.score)) parent.score = subScore;
    selected.set(parentId, parent);
  }
  for (const reason of selected.values()) reason.via.sort();
  return selected;
}

/** A group, campaign or software as a list shows it: the wire's ActorChoice, `covered` only when a collection was given. */
export type ActorListing = Omit<ActorChoice, 'covered'> & { covered?: number };

/**
 * The dataset's groups, campaigns and software (neither revoked nor deprecated), in ID order,
 * those whose ID, name or an alias contains `query` (any case, spaces and
 * punctuation ignored) when one is given; with `covered` (the technique IDs a
 * collection has cards for), how many of each one's techniques have a card.
 */
export function listActors(dataset: Dataset, options: { query?: string; kind?: ActorKind; covered?: ReadonlySet<string> | ReadonlyMap<string, unknown> } = {}): ActorListing[] {
  const q = options.query ? squash(options.query) : '';
  return dataset
    .actors(options.kind)
    .filter((a) => !a.revoked && !a.deprecated && (!q || [a.id, a.name, ...a.aliases].some((n) => squash(n).includes(q))))
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((a) => {
      const all = focusOnActors(dataset, [{ id: a.id, name: a.name, kind: a.kind, asked: a.id }]).selected;
      const selected = new Map([...all].filter(([, reason]) => reason.direct));
      const covered = options.covered;
      return {
        id: a.id,
        kind: a.kind,
        name: a.name,
        aliases: a.aliases.filter((n) => n !== a.name),
        techniques: selected.size,
        ...(covered ? { covered: [...selected.keys()].filter((id) => covered.has(id)).length } : {}),
      };
    });
}
