import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';
import type { Technique } from '../attack/query/model.js';
import type { Card } from '../card/card-model.js';
import type { CardSummary } from '../coverage/card-summary.js';
import type { Span } from '../card/line-index.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  span: Span;
  newText: string;
}

/** An edit that resolves a finding; the LSP offers it as a quick fix, `check` could apply it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  tags?: Array<'deprecated' | 'unnecessary'>;
  fixes?: Fix[];
}

export interface RuleContext {
  card: Card;
  catalog: Catalog;
  /** The dataset that holds the card's technique, else the catalog's first. */
  dataset: Dataset;
  /** The card's technique, when the dataset knows it. */
  technique?: Technique;
  report(finding: Omit<Finding, 'rule' | 'severity'>): void;
}

/** What every rule has, whatever it looks at: one ID, one severity setting, one summary, one page (docs/rules/<id>.md). */
export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  summary: string;
}

/** A rule about one card's text: `huntcard check` and the editor's diagnostics. */
export interface Rule extends RuleInfo {
  run(context: RuleContext): void;
  /**
   * Its preferred fix is safe to apply unattended: `check --fix` and the editor's
   * Fix All apply it. Rules without it may still offer quick fixes, for a person
   * to choose (a judgement call, like moving a card to another technique).
   */
  autofix?: true;
}

/** A finding about the collection as a whole (placed on a card file, with the other files it concerns). */
export interface CollectionFinding {
  rule: string;
  severity: Severity;
  file: string;
  message: string;
  /** Other cards the finding concerns (the other copies of a duplicated card). */
  related?: string[];
}

export interface CollectionContext {
  /** Every card of the collection, grouped by technique ID. */
  byTechnique: ReadonlyMap<string, readonly CardSummary[]>;
  catalog: Catalog;
  /** The dataset the collection is read against (a coverage report is drawn for one domain). */
  dataset: Dataset;
  /** The domain was asked for, rather than taken from where most cards are. */
  domainGiven: boolean;
  report(finding: Omit<CollectionFinding, 'rule' | 'severity'>): void;
}

/** A rule about the collection: `huntcard coverage`, and the editor's diagnostics of each card it names. */
export interface CollectionRule extends RuleInfo {
  run(context: CollectionContext): void;
}
