import path from 'node:path';
import type { Catalog } from './attack/query/catalog.js';
import type { Dataset } from './attack/query/dataset.js';
import { type Domain, toDomain } from './attack/query/model.js';
import { normaliseTechniqueId } from './attack/query/attack-ids.js';
import type { Card, CardSource } from './card/card-model.js';
import { PULL_DATE_PREFIX } from './card/card-format.js';
import type { Span } from './card/line-index.js';
import { parseCard } from './card/parse-card.js';
import type { PieceMemo } from './card/parse-markdown.js';
import { placeholderSpans } from './card/placeholders.js';
import { recogniseCard } from './card/recognise.js';
import { type CardSummary, summarizeCard } from './coverage/card-summary.js';
import { buildCoverage, type CoverageReport } from './coverage/collection.js';
import { focusOnActors, resolveActors } from './coverage/focus.js';
import { focusCoverage, type FocusReport } from './coverage/focus-report.js';
import { focusOnLayer } from './coverage/layer-focus.js';
import { LIMITS, readRegularFile } from './fs/read-regular.js';
import { readSigmaRules, type SigmaRule } from './sigma/sigma-rule.js';
import { findMentions, type Mention } from './mentions/attack-mentions.js';
import { mentionFindings } from './mentions/mention-findings.js';
import { describeError, HuntCardError } from './errors.js';
import { rootOf } from './fs/write-target.js';
import { formatCardDate } from './format/card-date.js';
import { type FoundFiles, skippedLinksNote } from './fs/find-markdown.js';
import { fixCardFile, type FixOutcome } from './fix/fix-file.js';
import { initRepository, type InitOptions, type InitStep } from './setup/init-repo.js';
import { describeZoneChanges, regenerateAttackZone, zoneEdit } from './refresh/attack-zone.js';
import { refreshCardFile, type RefreshOutcome } from './refresh/refresh-file.js';
import { type TechniqueGone, techniqueStatus } from './refresh/technique-status.js';
import { checkCard } from './rules/check-card.js';
import type { Finding, Rule, SeveritySetting } from './rules/rule.js';
import { cardFilePath } from './scaffold/card-file-name.js';
import { gitUserName } from './scaffold/git-author.js';
import { scaffoldCard } from './scaffold/scaffold.js';
import { type TechniqueChoice, techniqueChoices } from './scaffold/technique-choices.js';
import { type CardSettings, type SettingsOptions, SettingsResolver } from './settings/settings.js';
import { keptCacheEntry } from './attack/choose/load-catalog.js';
import { migrateCardFile, type MigrationOutcome } from './migrate/migrate-file.js';
import { countReviews, refuseCollidingMoves, refuseUnwritableCards, ReleaseReviewer } from './migrate/release-review.js';
import type { MigrationPlan } from './migrate/review-card.js';
import type { CardReview, ReleaseReview } from '../protocol.js';
import type { Workspace } from './workspace/workspace.js';

export interface EngineOptions extends SettingsOptions {
  /** A rule threw on a card: it was skipped, the other rules ran. */
  onRuleError?: (rule: Rule, file: string | undefined, error: unknown) => void;
}

/** A card checked: its model, the data it was checked with, its findings. */
export interface Analysis {
  card: Card;
  catalog: Catalog;
  settings: CardSettings;
  findings: Finding[];
}

/** A file of the collection checked from the workspace. */
export interface CheckedFile {
  file: string;
  /** Absent when the file is not a card, or could not be read (then `error` says why). */
  analysis?: Analysis;
  error?: string;
}

/** What a refresh of one card would do. */
export type RefreshPlan =
  { status: 'current'; dataset: string; deprecated?: boolean } | { status: 'stale'; dataset: string; changes: string[]; deprecated?: boolean; zone: { span: Span; newText: string } } | TechniqueGone;

export interface Scaffolded {
  id: string;
  text: string;
  dataset: string;
  /** Where the author starts typing: the first placeholder after the pull date. */
  placeholder?: Span;
  /** With a folder: the file the card belongs in. */
  target?: string;
}

export interface Collection {
  report: CoverageReport;
  summaries: CardSummary[];
  missing: string[];
  /** Files that could not be read, and other things met on the way. */
  problems: string[];
  /** Symbolic links named like cards that the walk did not follow. */
  links: string[];
}

/**
 * The engine's one face: every decision the CLI, the language server and the
 * VS Code client rely on (which settings and data apply to a card, whether a
 * file is a card, what the rules find in it and in the collection, what refresh
 * and scaffold write, what coverage counts) is made here, reading files through
 * a `Workspace`. The fronts translate flags or LSP requests into these calls and
 * the results into output.
 */
export class Engine {
  readonly settings: SettingsResolver;

  constructor(
    readonly workspace: Workspace,
    private readonly options: Omit<EngineOptions, 'workspace'> = {},
  ) {
    this.settings = new SettingsResolver({ ...options, workspace });
  }

  /** A file changed, appeared or went away (a card or a .huntcard.json); true when that changed settings, so every card needs checking again. */
  invalidate(file?: string): boolean {
    return this.settings.invalidate(file);
  }

  /** Settings or data changed: forget every cached config and dataset. */
  reset(): void {
    this.settings.reset();
  }

  /** Whether a text is a hunt card, and for which technique: the one recogniser. */
  recognise(text: string) {
    return recogniseCard(text);
  }

  /** The card model of a text; with a memo of the document's last parse, a long card costs only the pieces an edit touched. */
  parse(text: string, file?: string, source?: CardSource, memo?: PieceMemo): Card {
    return parseCard(text, file ?? '', source, memo);
  }

  /** The card model and the card rules' findings, at the severities the card's settings give. */
  async analyse(card: Card, file: string | undefined): Promise<Analysis> {
    const settings = await this.settings.settings(file);
    const catalog = await this.settings.catalog(file);
    const findings = checkCard(card, catalog, {
      severities: settings.severities,
      onRuleError: (rule, error) => this.options.onRuleError?.(rule, file, error),
    });
    return { card, catalog, settings, findings };
  }

  /** Reads a file through the workspace and, if it is a card, checks it. Read and config errors are reported, not thrown. */
  async checkFile(file: string, display = file): Promise<CheckedFile> {
    try {
      const read = await this.workspace.read(file);
      const card = parseCard(read.text, display, read.source);
      if (!card.isCard) return { file };
      return { file, analysis: await this.analyse(card, file) };
    } catch (error) {
      if (!(error instanceof HuntCardError)) throw error;
      return { file, error: error.describe() };
    }
  }

  findMarkdown(paths: readonly string[]): Promise<FoundFiles> {
    return this.workspace.findMarkdown(paths);
  }

  /**
   * The collection under `paths`: every card's summary (read through the
   * workspace, so open buffers count in the editor), coverage for one domain
   * and the collection rules' findings at each card's severities. The data and
   * domain are those of the first path's settings unless `domain` is given.
   * `detections: false` leaves the Sigma rules unread (collection findings need none).
   */
  async collection(paths: readonly string[], domain?: Domain, options: { detections?: boolean } = {}): Promise<Collection> {
    const { files, yaml, missing, problems, links } = await this.workspace.findMarkdown(paths);
    const summaries: CardSummary[] = [];
    // Reads run 32 at a time: enough to keep the disk busy without exhausting file handles.
    for (let i = 0; i < files.length; i += 32) {
      const read = await Promise.all(files.slice(i, i + 32).map((f) => this.workspace.read(f).catch((error: unknown) => void problems.push(describeError(error).split('\n')[0]!))));
      read.forEach((r) => {
        const summary = r ? summarizeCard(r.text, r.path) : undefined;
        if (summary) summaries.push(summary);
      });
    }
    const probe = paths[0] ? path.join(path.resolve(paths[0]), '.huntcard-collection.md') : undefined;
    const [catalog, settings] = await Promise.all([this.settings.catalog(probe), this.settings.settings(probe)]);
    const severities = new Map<string, Record<string, SeveritySetting>>();
    for (const s of summaries) severities.set(s.file, (await this.settings.settings(s.file).catch(() => settings)).severities);
    // Sigma rules are read for coverage reports, not for the collection rules' findings (the editor's background use).
    const rules = options.detections === false ? [] : await this.sigmaRules(yaml);
    const report = buildCoverage(summaries, catalog, domain ?? settings.domain, (file) => severities.get(file) ?? settings.severities, rules);
    return { report, summaries, missing, problems, links };
  }

  /** The Sigma rules among YAML files (an unreadable or huge YAML file is not one: repositories hold YAML of every kind). */
  private async sigmaRules(files: readonly string[]): Promise<SigmaRule[]> {
    const rules: SigmaRule[] = [];
    for (let i = 0; i < files.length; i += 32) {
      const read = await Promise.all(files.slice(i, i + 32).map((f) => this.workspace.read(f, LIMITS.sigma).catch(() => undefined)));
      for (const r of read) if (r) rules.push(...readSigmaRules(r.text, r.path));
    }
    return rules;
  }

  /**
   * A coverage report narrowed to what a team is up against: the techniques
   * some threat actors use (groups, campaigns or software by ID, name or alias)
   * or a Navigator layer file annotates, ranked, each with its cards or none.
   */
  async focus(report: CoverageReport, on: { actors: readonly string[] } | { layerFile: string; display?: string }): Promise<FocusReport> {
    if ('actors' in on) return focusCoverage(report, focusOnActors(report.dataset, resolveActors(report.dataset, on.actors)));
    const { bytes } = await readRegularFile(on.layerFile, LIMITS.layer);
    return focusCoverage(report, await focusOnLayer(report.dataset, bytes.toString('utf8'), on.display ?? on.layerFile));
  }

  /**
   * The ATT&CK mentions of a file that is not a card (a Sigma rule, a notes
   * page): IDs, Sigma tags and attack.mitre.org links, and what is wrong with
   * them (unknown, revoked, deprecated), at the severities of the file's settings.
   */
  async attackMentions(text: string, file: string | undefined, format: 'markdown' | 'yaml'): Promise<{ mentions: Mention[]; findings: Finding[]; catalog: Catalog }> {
    const [catalog, settings] = await Promise.all([this.settings.catalog(file), this.settings.settings(file)]);
    const mentions = findMentions(text, format);
    return { mentions, findings: mentionFindings(mentions, catalog, settings.severities), catalog };
  }

  /** What refreshing a card would change: the new zone, or why it is not refreshed (revoked, unknown). Refusals throw. */
  async planRefresh(card: Card, file: string | undefined, date = formatCardDate(new Date())): Promise<RefreshPlan> {
    if (!card.isCard || !card.title) throw new HuntCardError(`${card.uri || 'This file'} is not a hunt card (it must open with "# <technique ID> <name>").`);
    const catalog = await this.settings.catalog(file);
    const status = techniqueStatus(catalog, card.title.id);
    if (status.status !== 'found') return status;
    const deprecated = status.deprecated ? { deprecated: true } : {};
    const current = regenerateAttackZone(card, catalog, card.pullDate?.text ?? date);
    const changes = describeZoneChanges(card, current);
    if (changes.length === 0) return { status: 'current', dataset: current.dataset.label, ...deprecated };
    const next = regenerateAttackZone(card, catalog, date);
    return { status: 'stale', dataset: current.dataset.label, changes, ...deprecated, zone: zoneEdit(next) };
  }

  /**
   * Reviews cards against an ATT&CK release (a bundle file, URL or index folder;
   * default: the data in use). `previous` is the data they were checked with
   * until now: by default each card's settings, or, reviewing the data in use,
   * the copy the last update kept (`keptFrom`: a file in the workspace whose
   * settings name the domain).
   */
  async releaseReviewer(options: { release?: string; previous?: string; date?: string; keptFrom?: string }): Promise<ReleaseReviewer> {
    // Data named for a review must load: falling back to the default data would review against the wrong release.
    const withData = (dataset: string) =>
      new SettingsResolver({ ...this.options, onDatasetFailure: 'fail', workspace: this.workspace, overrides: async (f) => ({ ...(await this.options.overrides?.(f)), dataset }) });
    const kept = !options.release && !options.previous && options.keptFrom ? await this.keptPreviousData(options.keptFrom) : undefined;
    const release = options.release ? withData(options.release) : this.settings;
    const named = options.previous ?? kept;
    const previous = named ? withData(named) : undefined;
    const own = (f: string) => this.settings.catalog(f).catch(() => undefined);
    return new ReleaseReviewer(this.workspace, {
      release: (f) => release.catalog(f),
      previous: (f) => (previous ? previous.catalog(f) : own(f)),
      own,
      date: options.date ?? formatCardDate(new Date()),
    });
  }

  /** A .huntcard.json that names other data than the release: once the cards are migrated, check would read them against it. */
  private async pinnedDataNotes(files: readonly string[], release: string, name: (file: string) => string): Promise<string[]> {
    const pinned = new Map<string, string>();
    for (const file of files) {
      const settings = await this.settings.settings(file).catch(() => undefined);
      if (!settings?.configFile || !settings.dataset || pinned.has(settings.configFile)) continue;
      const own = await this.settings.catalog(file).catch(() => undefined);
      if (own && own.primary.label !== release) pinned.set(settings.configFile, own.primary.label);
    }
    return [...pinned].map(([config, label]) => `${name(config)} sets "dataset" to ${label}: once the cards are migrated, point it at ${release}, or check reads them against the old data.`);
  }

  /** The data an ATT&CK update replaced (kept beside the newest download), for a review of the update: undefined when there is none. */
  private async keptPreviousData(file: string): Promise<string | undefined> {
    const domain = (await this.settings.catalog(file)).primary.meta.domain;
    const cacheDir = typeof this.options.cacheDir === 'function' ? this.options.cacheDir() : this.options.cacheDir;
    return domain === 'unknown' ? undefined : keptCacheEntry(cacheDir, domain);
  }

  /**
   * Every card under `paths` reviewed against a release (see releaseReviewer); `name` is how a report names a file.
   * With `onDisk` (the CLI, which writes the files itself), a card its write would refuse is blocked in the review.
   */
  async reviewRelease(
    paths: readonly string[],
    reviewer: ReleaseReviewer,
    name: (file: string) => string = (f) => f,
    options: { onDisk?: boolean } = {},
  ): Promise<{ review: ReleaseReview; reviews: Map<string, CardReview>; plans: Map<string, MigrationPlan>; missing: string[]; otherDomain: number; downgrade: boolean }> {
    const { files, missing, problems, links } = await this.workspace.findMarkdown(paths);
    const notes = [...problems, ...(links.length ? [skippedLinksNote(links, name)] : [])];
    const cards: CardReview[] = [];
    const plans = new Map<string, MigrationPlan>();
    const reviewed = new Map<string, CardReview>();
    let unchanged = 0;
    let otherDomain = 0;
    for (const file of files) {
      let card: Card;
      try {
        const read = await this.workspace.read(file);
        card = parseCard(read.text, name(file), read.source);
      } catch (error) {
        if (!(error instanceof HuntCardError)) throw error;
        notes.push(error.describe());
        continue;
      }
      if (!card.isCard) continue;
      const verdict = await reviewer.review(card, file, name(file));
      if (!('review' in verdict)) {
        otherDomain++;
        notes.push(`${name(file)}: a card of ${verdict.otherDomain}, not of this release's domain; not reviewed.`);
        continue;
      }
      reviewed.set(file, verdict.review);
      if (verdict.review.changes.length === 0) unchanged++;
      else cards.push(verdict.review);
      if (verdict.plan) plans.set(file, verdict.plan);
    }
    if (options.onDisk) await refuseUnwritableCards(reviewed, plans, name, (file) => rootOf(file, paths));
    refuseCollidingMoves(reviewed, plans);
    const probe = paths[0] ? path.join(path.resolve(paths[0]), '.huntcard-release.md') : '.huntcard-release.md';
    const { downgrade, ...labels } = await reviewer.labels(probe);
    notes.push(...(await this.pinnedDataNotes(files, labels.release, name)));
    return { review: { ...labels, cards, counts: countReviews(cards, unchanged), notes }, reviews: reviewed, plans, missing, otherDomain, downgrade };
  }

  /** Migrates a card file on disk to a release (see migrateCardFile): atomic per card; a stopped run finishes when run again. */
  migrateFile(file: string, options: { display: string; root: string; reviewer: ReleaseReviewer; planned?: { review: CardReview; plan?: MigrationPlan } }): Promise<MigrationOutcome> {
    return migrateCardFile(file, options);
  }

  /** Refreshes a card file on disk, byte-exactly outside the zone (see refreshCardFile). */
  refreshFile(file: string, options: { display: string; root: string; date: string; checkOnly?: boolean }): Promise<RefreshOutcome> {
    return refreshCardFile(file, { ...options, catalog: (f) => this.settings.catalog(f) });
  }

  /** Applies every preferred fix to a card file, as the editor's Fix All would (see fixCardFile); `dryRun` only says what would change. */
  fixFile(file: string, options: { display: string; root: string; dryRun?: boolean }): Promise<FixOutcome> {
    return fixCardFile(file, { ...options, findings: async (card) => (await this.analyse(card, file)).findings });
  }

  /**
   * Where a repository keeps its cards: the top-most folders that hold cards,
   * and every Markdown file under the root that is not a card (so a front can
   * say which of them sit among the cards it sets up).
   */
  async cardLayout(root: string): Promise<{ cardFolders: string[]; notCards: string[] }> {
    const { files } = await this.findMarkdown([root]);
    const cards: string[] = [];
    const others: string[] = [];
    for (const file of files) {
      const text = await this.workspace.read(file).then(
        (r) => r.text,
        () => undefined,
      );
      if (text !== undefined && this.recognise(text)) cards.push(file);
      else others.push(file);
    }
    const holding = [...new Set(cards.map((f) => path.dirname(f)))].sort();
    // Settings in a folder reach the folders under it: only the top-most need them.
    const cardFolders = holding.filter((d) => !holding.some((o) => o !== d && d.startsWith(o + path.sep)));
    return { cardFolders, notCards: others };
  }

  /** Sets a repository up: .huntcard.json, markdownlint settings for cards, a CI workflow (see initRepository). Nothing existing is overwritten. */
  init(options: InitOptions): Promise<InitStep[]> {
    return initRepository(options);
  }

  /** A new card for a current technique, from the data the card's place uses; with a folder, the file it belongs in. */
  async scaffold(id: string, options: { author?: string; date?: string; file?: string; folder?: string; fileNamePattern?: string; domain?: Domain } = {}): Promise<Scaffolded> {
    const where = options.file ?? (options.folder ? path.join(options.folder, 'new-card.md') : undefined);
    const catalog = await this.settings.catalog(where);
    const wanted = normaliseTechniqueId(id);
    const dataset = (options.domain && catalog.forDomain(options.domain)) || catalog.datasetFor(wanted) || catalog.primary;
    const date = options.date ?? formatCardDate(new Date());
    const text = scaffoldCard(dataset, wanted, { date, author: options.author ?? '' });
    const first = placeholderSpans(text, text.indexOf(PULL_DATE_PREFIX))[0];
    return {
      id: wanted,
      text,
      dataset: dataset.label,
      ...(first ? { placeholder: { start: first.start, end: first.end } } : {}),
      ...(options.folder ? { target: cardFilePath(options.folder, wanted, options.fileNamePattern) } : {}),
    };
  }

  /** Every current technique of a domain, for a picker. */
  async techniques(domain: string | undefined, file?: string): Promise<{ dataset: Dataset; techniques: TechniqueChoice[] }> {
    const catalog = await this.settings.catalog(file);
    const wanted = toDomain(domain);
    const dataset = domain ? wanted && catalog.forDomain(wanted) : catalog.primary;
    if (!dataset) throw new HuntCardError(`No ATT&CK data for ${domain} is loaded.`, 'Enable the domain (huntcard.domains) or update the data.');
    return { dataset, techniques: techniqueChoices(dataset) };
  }

  /** Whom a new card names as author when nothing else says: git's user.name for that folder. */
  defaultAuthor(folder?: string): string | undefined {
    return gitUserName(folder);
  }

  catalog(file?: string): Promise<Catalog> {
    return this.settings.catalog(file);
  }
}

export function createEngine(options: EngineOptions): Engine {
  const { workspace, ...rest } = options;
  return new Engine(workspace, rest);
}
