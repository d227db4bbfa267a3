import type { Catalog } from '../attack/query/catalog.js';
import type { Card } from '../card/card-model.js';
import { Directives } from './directives.js';
import { cardTooLarge } from './all/card-too-large.js';
import { RULES } from './registry.js';
import type { Finding, Rule, SeveritySetting } from './rule.js';

export interface CheckOptions {
  /** Per-rule severity or "off" (from .huntcard.json or editor settings). */
  severities?: Record<string, SeveritySetting>;
  /** Called when a rule throws: the rule is skipped, the others still run. */
  onRuleError?: (rule: Rule, error: unknown) => void;
  /** The rules to run (default: all). */
  rules?: readonly Rule[];
}

/** Runs every rule on a hunt card; non-card Markdown gets no findings at all. */
export function checkCard(card: Card, catalog: Catalog, options: CheckOptions = {}): Finding[] {
  if (!card.isCard || !card.title) return [];
  const dataset = catalog.datasetFor(card.title.id) ?? catalog.primary;
  const technique = dataset.technique(card.title.id);
  const directives = Directives.of(card);
  const findings: Finding[] = [];
  // An oversized card was not parsed: only the rule that says so has anything to look at.
  const rules = (options.rules ?? RULES).filter((rule) => !card.oversized || rule === cardTooLarge);
  for (const rule of rules) {
    const severity = options.severities?.[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const found: Finding[] = [];
    try {
      rule.run({
        card,
        catalog,
        dataset,
        ...(technique ? { technique } : {}),
        report: (f) => found.push({ ...f, rule: rule.id, severity }),
      });
    } catch (error) {
      options.onRuleError?.(rule, error);
      continue;
    }
    for (const f of found) {
      if (directives.empty || !directives.isDisabled(rule.id, card.lines.position(f.span.start).line)) findings.push(f);
    }
  }
  return findings.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
}

export { ruleDocUrl } from './rule-docs.js';
