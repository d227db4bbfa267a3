// The wire between the Hunt Card language server and its clients: every custom
// command (workspace/executeCommand) and notification, with its parameters and
// result, typed once. Plain data only: no engine class or internal type crosses;
// the server's handlers are typed against this module and the VS Code client
// imports nothing else of the server.

/** A position as LSP counts it (zero-based line, UTF-16 character). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Domain = 'enterprise-attack' | 'mobile-attack' | 'ics-attack';
export const DOMAINS: readonly Domain[] = ['enterprise-attack', 'mobile-attack', 'ics-attack'];

/** How each domain is named to people: MITRE writes "Enterprise ATT&CK", "Mobile ATT&CK", "ICS ATT&CK". */
export const DOMAIN_NAMES: Record<Domain, string> = { 'enterprise-attack': 'Enterprise ATT&CK', 'mobile-attack': 'Mobile ATT&CK', 'ics-attack': 'ICS ATT&CK' };

/** "enterprise" or "enterprise-attack" → "enterprise-attack"; undefined for anything that is not a domain. */
export function toDomain(value: string | undefined): Domain | undefined {
  if (!value) return undefined;
  const full = value.endsWith('-attack') ? value : `${value}-attack`;
  return (DOMAINS as readonly string[]).includes(full) ? (full as Domain) : undefined;
}

/** "enterprise-attack" → "enterprise": the short name the CLI's --domain takes. */
export function shortDomain(domain: Domain): string {
  return domain.replace(/-attack$/, '');
}

/** A card's maturity: 1 scaffold only, 2 hypothesis and an analytic written, 3 every analytic filled and validated. */
export type Maturity = 1 | 2 | 3;

/** Folders no walk enters and no watcher reports, whatever .gitignore says: they never hold cards, and they churn. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

export const MATURITY_LABELS: Record<Maturity, string> = {
  1: 'scaffold only',
  2: 'hypothesis and an analytic written',
  3: 'all analytics filled, validated',
};

export interface DatasetSummary {
  label: string;
  domain: string;
  version: string;
  source: string;
  /** ISO date-time of the newest object. */
  modified: string;
}

export interface DatasetInfo {
  datasets: DatasetSummary[];
  notes: string[];
}

/** One row of a "which technique?" picker: enough to search by ID, name, parent and tactic. */
export interface TechniqueChoice {
  id: string;
  name: string;
  /** "Parent: Sub-technique" for sub-techniques, else the name. */
  fullName: string;
  tactics: string[];
  /** First sentence of the description. */
  summary: string;
}

export interface MatrixCard {
  file: string;
  maturity: Maturity;
  placeholders: number;
}

export interface MatrixCell {
  id: string;
  name: string;
  parentId?: string;
  /** The best card's maturity; absent when no card covers the technique. */
  maturity?: Maturity;
  cards: MatrixCard[];
  /** Sigma rules of the workspace tagged with this technique (what is detected, beside what is hunted). */
  detections?: Array<{ file: string; title: string }>;
  /** A validated hunt (maturity 3) and no Sigma rule: the natural next detection to write. */
  nextDetection?: true;
  /** When the matrix is focused (on threat actors or a layer) and this technique is in the focus: its rank, and who uses it (or the layer's note). */
  focus?: { rank: number; reason: string; /** Selected itself (used, annotated), not only a parent of selected sub-techniques. */ direct: boolean };
}

export interface MatrixColumn {
  tactic: { id: string; name: string; shortname: string };
  techniques: MatrixCell[];
}

export interface CollectionFindingData {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  message: string;
}

export interface CoverageResult {
  dataset: string;
  cards: number;
  matrix: MatrixColumn[];
  findings: CollectionFindingData[];
  /** When a focus was asked for: what it is and how much of it lacks a card. */
  focus?: FocusSummary;
}

/** What coverage is narrowed to: threat actors (ATT&CK IDs, names or aliases), or a Navigator layer file (its URI). */
export type CoverageFocus = { actors: string[] } | { layer: string };

export interface FocusSummary {
  /** "APT29 (G0016)" or "layer "Red team plan"". */
  label: string;
  /** Techniques in the focus, and those without a card (gaps). */
  techniques: number;
  gaps: number;
  /** What the focus could not use as given (revoked or unknown techniques of a layer). */
  notes: string[];
}

/** A group, campaign or software to focus on: the techniques it uses itself and how many have a card. */
export interface ActorChoice {
  id: string;
  kind: 'group' | 'campaign' | 'software';
  name: string;
  aliases: string[];
  techniques: number;
  covered: number;
}

/** An ATT&CK object a report names: its ID and name. */
export interface NamedId {
  id: string;
  name: string;
}

/** Entries a release adds to and removes from one list of a card's ATT&CK zone. */
export interface ListDelta {
  added: string[];
  removed: string[];
}

/** What a release changes in a card's ATT&CK zone, part by part (empty lists: that part is unchanged). */
export interface ZoneDelta {
  name?: { from: string; to: string };
  description: boolean;
  /** The detection text changed; added and removed: the detection strategies and analytics (DET, AN) it names. */
  detection: ListDelta & { changed: boolean };
  tactics: ListDelta;
  platforms: ListDelta;
  /** Data sources ("Source: Component"), from v18 the analytics' log sources. */
  dataSources: ListDelta;
  groups: { added: NamedId[]; removed: NamedId[] };
  references: ListDelta;
}

/** A line of a card (1-based) and its text. */
export interface CardLine {
  line: number;
  text: string;
}

/** One thing a new ATT&CK release means for a card: applied by a migration, or put in front of a person. */
export type ReleaseChange =
  /** The ATT&CK zone differs from what the release generates: applied by a refresh. */
  | { kind: 'zone'; zone: ZoneDelta }
  /** The card's technique was revoked: the card moves to its replacement; each author-zone mention of the old ID is listed, and rewritten unless in code. */
  | { kind: 'revoked'; replacement?: NamedId; newFile?: string; blocked?: string; mentions: Array<CardLine & { rewritten: boolean }> }
  | { kind: 'deprecated'; note: string }
  /** The technique is not in the release at all. */
  | { kind: 'unknown' }
  /** Author-zone text names a tactic the release renamed, split or retired; `now` is what replaced it. */
  | { kind: 'retired-tactic'; tactic: string; now: string[]; where: CardLine }
  /** An Adversary Examples row names a group that no longer uses the technique, or no longer exists. */
  | { kind: 'stale-group-row'; group: NamedId; why: 'stopped' | 'gone'; where: CardLine; /** A gone group's activity, now a campaign's. */ now?: NamedId }
  /** Groups the release adds to the technique that no Adversary Examples row names. */
  | { kind: 'new-groups'; groups: NamedId[] }
  /** The card was pulled (its pull date) before the release before this one came out. */
  | { kind: 'old-pull'; pulled: string; previous: string; released: string }
  /** The card cannot be migrated as it is (its zone's end is unclear, say): the reason and what to do. */
  | { kind: 'blocked'; message: string; hint?: string };

/** What migrating one card does unattended. */
export interface MigrationSteps {
  refresh: boolean;
  /** Where the card moves (its replacement's file), for a revoked technique. */
  renameTo?: string;
  /** Author-zone mentions of a revoked ID rewritten to the replacement. */
  rewrites: number;
}

export interface CardReview {
  /** The card: a path (CLI) or a URI (editor). */
  file: string;
  id: string;
  name: string;
  changes: ReleaseChange[];
  /** What --apply (or Apply in the editor) would do; absent when nothing is mechanical. */
  steps?: MigrationSteps;
}

/** How a release changed a tactic: renamed (same ID), split into others, or retired. */
export interface TacticChange {
  kind: 'renamed' | 'split' | 'retired';
  tactic: NamedId;
  now: NamedId[];
}

/** A whole collection reviewed against a new ATT&CK release. */
export interface ReleaseReview {
  /** "Enterprise v19.0". */
  release: string;
  /** The data the cards were checked with until now, when known. */
  previous?: string;
  tactics: TacticChange[];
  /** Cards with something to review, in path order. */
  cards: CardReview[];
  counts: { cards: number; unchanged: number; zone: number; revoked: number; deprecated: number; unknown: number; tactics: number; groupRows: number; oldPulls: number; blocked: number };
  /** Files met that are not cards of the release's domain, and other notes. */
  notes: string[];
}

/** The commands, by name: what each takes (its one argument) and returns. */
export interface Commands {
  /**
   * A new card's text, and where the author starts typing. Without `author`, git's user.name for the
   * folder signs it (`author` in the result says who; empty when nobody). With `folder`, also the file it goes to.
   */
  'huntcard.scaffold': {
    params: { id: string; author?: string; date?: string; uri?: string; folder?: string; fileNamePattern?: string };
    result: { id: string; text: string; dataset: string; author: string; placeholder?: Range; target?: string };
  };
  /** Regenerates the open document's ATT&CK zone through one workspace edit. */
  'huntcard.refreshAttackZone': { params: { uri: string }; result: { changed: boolean; dataset: string } };
  'huntcard.datasetInfo': { params: Record<string, never>; result: DatasetInfo };
  /** Forgets loaded data and settings; the next request loads again. */
  'huntcard.reloadData': { params: Record<string, never>; result: { reloaded: true } };
  'huntcard.techniques': { params: { domain?: string; uri?: string }; result: { dataset: string; domain: string; techniques: TechniqueChoice[] } };
  /** The workspace's cards on the matrix, and the collection findings. */
  'huntcard.coverage': { params: { domain?: string; focus?: CoverageFocus }; result: CoverageResult };
  /** The same coverage as an ATT&CK Navigator layer (format 4.5); with a focus, its gaps layer. */
  'huntcard.navigatorLayer': {
    params: { domain?: string; /** A workspace folder's URI: its cards only (default: every folder). */ folder?: string; focus?: CoverageFocus };
    result: Record<string, unknown>;
  };
  /** The coverage heatmap as a page for a webview: its scripts run only with the nonce. */
  'huntcard.heatmap': { params: { domain?: string; cspSource?: string; nonce?: string; focus?: CoverageFocus }; result: { html: string } };
  /** The groups, campaigns and software of the coverage's dataset, for a focus picker. */
  'huntcard.actors': { params: { domain?: string }; result: { dataset: string; actors: ActorChoice[] } };
  /**
   * The workspace's cards reviewed against an ATT&CK release: `release` is a bundle file, URL or index folder
   * (default: the data in use); `previous` the data they were pulled from (default: the copy an update kept).
   */
  'huntcard.reviewRelease': { params: { release?: string; previous?: string }; result: ReleaseReview };
  /**
   * One card migrated to a release, nothing written: its new text, the same as edits of the current one, and the URI
   * it moves to (a revoked technique); `finishMove` when that file already holds it (only the old one is left to remove).
   */
  'huntcard.migrateCard': {
    params: { uri: string; release?: string; previous?: string };
    result: { changed: boolean; text: string; edits: Array<{ range: Range; newText: string }>; moveTo?: string; finishMove?: boolean };
  };
}

export type CommandName = keyof Commands;
export type CommandParams<C extends CommandName> = Commands[C]['params'];
export type CommandResult<C extends CommandName> = Commands[C]['result'];

/** Notifications, by name, with their payloads. */
export interface Notifications {
  /** Server → client: ATT&CK data was loaded (what datasetInfo returns). */
  'huntcard/datasetLoaded': DatasetInfo;
  /** Client → server: the user granted workspace trust, so the workspace's config may choose the data. */
  'huntcard/workspaceTrusted': Record<string, never>;
}

export type NotificationName = keyof Notifications;

/** What the client says about itself in `initialize`. */
export interface InitializationOptions {
  /** Folder of downloaded datasets (the extension's global storage). */
  cacheDir?: string;
  /** VS Code's workspace trust; absent for editors without it. */
  workspaceTrusted?: boolean;
}
