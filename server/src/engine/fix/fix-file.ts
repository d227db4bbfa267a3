import { readCardFile } from '../card/card-file.js';
import type { Card } from '../card/card-model.js';
import { parseCard } from '../card/parse-card.js';
import { ChangedMeanwhileError, writeFileAtomic } from '../fs/atomic-write.js';
import { refuseUnwritable } from '../fs/refuse-unwritable.js';
import { rewriteLines } from '../fs/rewrite-lines.js';
import { writeTargetInside } from '../fs/write-target.js';
import { applyEdits } from '../rules/apply-edits.js';
import type { Finding } from '../rules/rule.js';
import { chooseFixes } from './fix-all.js';

export interface AppliedFix {
  rule: string;
  title: string;
  /** 1-based line of the finding, in the text the fix was applied to. */
  line: number;
}

export type FixOutcome =
  | { status: 'not-a-card' }
  /** Nothing to fix: the card was not rewritten. */
  | { status: 'clean' }
  /** `fixed` was written; with `dryRun`, `would-fix` (nothing written). */
  | { status: 'fixed' | 'would-fix'; applied: AppliedFix[]; before: string; after: string };

export interface FixFileOptions {
  display: string;
  /** The folder the user named: a write never leaves it through a link. */
  root: string;
  dryRun?: boolean;
  /** The card's findings at the severities its settings give ("off" rules are not fixed). */
  findings: (card: Card) => Promise<Finding[]>;
}

/** Fixes whose result offers more fixes are applied again, this many rounds at most (as ESLint does). */
const PASSES = 10;
const ATTEMPTS = 3;

/**
 * Applies every finding's preferred fix to a card file (what the editor's Fix All
 * applies), round after round until none is left, so a second run changes
 * nothing. Only the lines the fixes change are rewritten: every other byte stays
 * as it was read (encoding, BOM, line ends, invalid bytes), the file keeps its
 * mode and owner, the write is atomic, and a save in between is never overwritten.
 */
export async function fixCardFile(file: string, options: FixFileOptions): Promise<FixOutcome> {
  for (let attempt = 1; ; attempt++) {
    const { card, decoded, stat } = await readCardFile(file, options.display);
    if (!card.isCard) return { status: 'not-a-card' };
    const { text, applied } = await fixText(card, options);
    if (text === card.text) return { status: 'clean' };
    const bytes = rewriteLines(decoded, text, options.display);
    if (options.dryRun) return { status: 'would-fix', applied, before: card.text, after: text };
    await refuseUnwritable(file, options.display, stat, 'fixing');
    try {
      await writeFileAtomic(await writeTargetInside(file, options.root), bytes, { expect: decoded.bytes, keep: stat });
      return { status: 'fixed', applied, before: card.text, after: text };
    } catch (error) {
      if (!(error instanceof ChangedMeanwhileError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Rounds of fix-all. A fix is kept only if its finding is gone afterwards: one that
 * leaves its own finding in place (a section inserted where the Markdown around it
 * hides it, say) is undone and not tried again, so fixing never piles up text and
 * a second run has nothing to do.
 */
async function fixText(card: Card, options: FixFileOptions): Promise<{ text: string; applied: AppliedFix[] }> {
  const applied: AppliedFix[] = [];
  const ineffective = new Set<string>();
  const key = (f: Finding) => `${f.rule}\u0000${f.message}`;
  const source = card.source ? { encoding: card.source.encoding, bom: card.source.bom } : undefined;
  let current = card;
  let findings = await options.findings(current);
  const seen = new Set([card.text]);
  for (let pass = 0; pass < PASSES; pass++) {
    const chosen = chooseFixes(findings.filter((f) => !ineffective.has(key(f))));
    if (chosen.length === 0) break;
    const next = parseCard(
      applyEdits(
        current.text,
        chosen.flatMap((c) => c.fix.edits),
      ),
      options.display,
      source,
    );
    const nextFindings = await options.findings(next);
    // Findings are told apart by rule and message (positions move): n fixes of one kind must leave n fewer.
    const before = countBy(findings, key);
    const after = countBy(nextFindings, key);
    const fixing = countBy(
      chosen.map((c) => c.finding),
      key,
    );
    // A round that brings back a text already seen would go round in circles: none of its fixes took.
    const failed = seen.has(next.text) ? [...fixing.keys()] : [...fixing].filter(([k, n]) => (after.get(k) ?? 0) > (before.get(k) ?? 0) - n).map(([k]) => k);
    if (failed.length > 0) {
      // Try the round again without the kinds of fix that did not take.
      for (const k of failed) ineffective.add(k);
      continue;
    }
    const at = current;
    applied.push(...chosen.map(({ finding, fix }) => ({ rule: finding.rule, title: fix.title, line: at.lines.position(finding.span.start).line + 1 })));
    current = next;
    findings = nextFindings;
    seen.add(next.text);
  }
  return { text: current.text, applied };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
