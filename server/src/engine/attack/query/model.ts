/** The query-side view of an ATT&CK dataset: what rules, hovers and the scaffold read. */

// The domains' names are wire vocabulary: they live in the protocol module, shared with the client.
export { type Domain, DOMAIN_NAMES, DOMAINS, shortDomain, toDomain } from '../../../protocol.js';
import type { Domain } from '../../../protocol.js';

export interface DatasetMeta {
  domain: Domain | 'unknown';
  /** ATT&CK release, e.g. "18.1", or "unknown". */
  version: string;
  /** Where the data came from: a file path, a URL, or "embedded". */
  source: string;
  /** Newest `modified` date of any object (ISO). */
  modified: string;
  /** STIX spec version of the bundle ("2.0" or "2.1"). */
  specVersion: string;
  counts: Record<string, number>;
}

export interface Reference {
  sourceName: string;
  url?: string;
  description?: string;
  externalId?: string;
}

export interface Tactic {
  id: string;
  name: string;
  shortname: string;
  description: string;
  url: string;
}

export interface Technique {
  id: string;
  stixId: string;
  name: string;
  description: string;
  /** `x_mitre_detection` (empty from ATT&CK v18 on: see detectionStrategies). */
  detection: string;
  /** Tactic shortnames in the technique's kill-chain order, e.g. "reconnaissance". */
  tactics: string[];
  platforms: string[];
  /** "Source: Component" strings; from v18 derived from analytics' log sources. */
  dataSources: string[];
  isSubtechnique: boolean;
  parentId?: string;
  revoked: boolean;
  /** ATT&CK ID of the replacement when revoked. */
  revokedBy?: string;
  deprecated: boolean;
  created: string;
  modified: string;
  url: string;
  references: Reference[];
}

export type ActorKind = 'group' | 'software' | 'campaign';

export interface Actor {
  kind: ActorKind;
  id: string;
  name: string;
  aliases: string[];
  description: string;
  url: string;
  revoked: boolean;
  deprecated: boolean;
  platforms: string[];
}

export interface Use {
  /** ATT&CK ID of the user (G, S or C). */
  sourceId: string;
  /** ATT&CK ID of what is used (a technique or software). */
  targetId: string;
  description: string;
  references: Reference[];
}

export interface LogSource {
  name: string;
  channel: string;
  componentId: string;
  componentName: string;
}

export interface Analytic {
  id: string;
  name: string;
  description: string;
  url: string;
  platforms: string[];
  logSources: LogSource[];
}

export interface DetectionStrategy {
  id: string;
  name: string;
  url: string;
  analytics: Analytic[];
}

export interface DataComponent {
  id: string;
  name: string;
  description: string;
  dataSource?: string;
}

/** A detection strategy (DET), an analytic (AN) or a data component (DC), ATT&CK v18's detection vocabulary, or a mitigation (M). */
export interface DetectionObject {
  kind: 'detection strategy' | 'analytic' | 'data component' | 'mitigation';
  id: string;
  name: string;
  url: string;
  description: string;
  /** Techniques it detects (for a strategy and an analytic, through its strategies), or mitigates. */
  techniques?: string[];
  /** A strategy's analytics; an analytic's strategies. */
  analytics?: string[];
  strategies?: string[];
  platforms?: string[];
  /** An analytic's log sources, "name (channel): component". */
  logSources?: string[];
}
