import { RULES } from '../rules/registry.js';
import type { Finding, Fix, TextEdit } from '../rules/rule.js';

const AUTOFIX = new Set(RULES.filter((r) => r.autofix).map((r) => r.id));

/**
 * The fixes "fix all" applies: the preferred fix of each finding whose rule is
 * `autofix`, skipping one that overlaps (or replaces the same span as) a fix
 * chosen before it. Quick fixes that take judgement (a revoked technique's
 * replacement, a title that disagrees with its zone) and a stale zone (refresh's
 * job) are left to a person. `check --fix` and the editor's Fix All both choose
 * here, so they always agree.
 */
export function chooseFixes(findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> {
  const chosen: Array<{ finding: Finding; fix: Fix }> = [];
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes?.find((x) => x.preferred);
    if (!fix || !AUTOFIX.has(finding.rule)) continue;
    const overlaps = fix.edits.some((e) => taken.some((c) => (e.span.start < c.span.end && c.span.start < e.span.end) || (e.span.start === c.span.start && e.span.end === c.span.end)));
    if (overlaps) continue;
    taken.push(...fix.edits);
    chosen.push({ finding, fix });
  }
  return chosen;
}

export const fixAllEdits = (findings: readonly Finding[]): TextEdit[] => chooseFixes(findings).flatMap((c) => c.fix.edits);
