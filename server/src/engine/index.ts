// The engine's public face. The CLI (server/src/cli) and the language server
// (server/src/lsp) import the engine from here and nowhere else; the VS Code
// client does not import the engine at all (it speaks the protocol). Everything
// not exported here is the engine's own business. See docs/architecture.md.

export { createEngine, Engine, type Analysis, type CheckedFile, type Collection, type EngineOptions, type RefreshPlan, type Scaffolded } from './engine.js';
export { DiskWorkspace, MemoryWorkspace, type OpenDocuments, OverlayWorkspace, type Workspace, type WorkspaceFile } from './workspace/workspace.js';
export type { CardSettings, ConfigDatasetPolicy, Overrides } from './settings/settings.js';

// The card model and what rules report about it.
export type { Card, CardSource, CardSection, Located, LinkRef } from './card/card-model.js';
export { sectionOf } from './card/card-model.js';
export { type CardData, cardData, reviveCard } from './card/card-transfer.js';
export { CHUNKED_ABOVE, PieceMemo } from './card/parse-markdown.js';
export { oversizedCard, parseCard } from './card/parse-card.js';
export { MAX_CARD_CHARS, SECTIONS } from './card/card-format.js';
export { repositoryRoot, skippedLinksNote, YAML } from './fs/find-markdown.js';
export { inSortedSpans, LineIndex, type Position, type Span } from './card/line-index.js';
export { citations, GROUP_TOKEN, inCode, matchesOutsideCode, SOFTWARE_TOKEN, TECHNIQUE_TOKEN } from './card/scan.js';
export type { CollectionFinding, Finding, Fix, RuleInfo, Severity, SeveritySetting, TextEdit } from './rules/rule.js';
export { ALL_RULES, COLLECTION_RULES, RULES } from './rules/registry.js';
export { projectUrl, ruleDocText, ruleDocUrl, rulePublishedUrl } from './rules/rule-docs.js';

// ATT&CK data.
export type { Catalog } from './attack/query/catalog.js';
export type { Dataset } from './attack/query/dataset.js';
export { type ActorKind, type DatasetMeta, type Domain, DOMAIN_NAMES, shortDomain, toDomain } from './attack/query/model.js';
export { attackUrl, compareAttackIds } from './attack/query/attack-ids.js';
export { searchTechniques, type TechniqueHit } from './attack/query/technique-search.js';
export type { TechniqueChoice } from './scaffold/technique-choices.js';
/** The downloader (undici, the STIX reader): loaded only by what downloads. */
export const loadUpdater = () => import('./attack/download/update-dataset.js');

// Coverage and its formats.
export type { CardSummary, Maturity } from './coverage/card-summary.js';
export { MATURITY_LABELS } from './coverage/card-summary.js';
export type { CoverageReport } from './coverage/collection.js';
export { coverageMatrix, type MatrixColumn } from './coverage/matrix.js';
export { cardLink, navigatorLayer } from './coverage/navigator-layer.js';
export { heatmapHtml } from './coverage/heatmap-html.js';
export { coverageCsv, coverageJson, coverageText } from './coverage/summary-formats.js';
export { textTable } from './format/text-table.js';
export { type ActorListing, type Focus, type FocusActor, focusOnActors, listActors, resolveActors } from './coverage/focus.js';
export { focusOnLayer } from './coverage/layer-focus.js';
export { findMentions, kindOfId, type Mention, mentionAt, type MentionKind, writeAs } from './mentions/attack-mentions.js';
export { looksLikeSigma, readSigmaRules, type SigmaRule } from './sigma/sigma-rule.js';
export { focusCoverage, type FocusReport } from './coverage/focus-report.js';
export { focusCsv, focusJson, focusLayer, focusSummary, focusText } from './coverage/focus-formats.js';

// Refresh outcomes on disk, and writing new cards and reports.
export type { RefreshOutcome } from './refresh/refresh-file.js';
export type { AppliedFix, FixOutcome } from './fix/fix-file.js';
export { fixAllEdits } from './fix/fix-all.js';
export type { InitOptions, InitStep } from './setup/init-repo.js';
export { githubWorkflow } from './setup/github-workflow.js';
export { CardExistsError, writeNewCard } from './fs/write-card.js';
export { refuseReportOverCard, writeOutputFile } from './fs/write-output.js';
export { rootOf } from './fs/write-target.js';
export { makeFolders } from './fs/make-folders.js';
export { fileError } from './fs/fs-errors.js';

// Errors and dates.
export { DatasetError, describeError, HuntCardError } from './errors.js';
export { formatCardDate, parseCardDate } from './format/card-date.js';

// ATT&CK releases: a collection reviewed against a new release, and migrated.
export type { ReleaseReviewer } from './migrate/release-review.js';
export type { MigrationOutcome } from './migrate/migrate-file.js';
export { reviewMarkdown, summaryLine, zoneWords } from './migrate/review-markdown.js';
export { type AppliedCard, reviewAsApplied } from './migrate/applied-review.js';
