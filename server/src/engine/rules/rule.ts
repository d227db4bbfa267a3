import type { Catalog } from '../attack/catalog.js';
import type { Dataset } from '../attack/dataset.js';
import type { Technique } from '../attack/model.js';
import type { Card } from '../card/card-model.js';
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

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  summary: string;
  run(context: RuleContext): void;
}
