import path from 'node:path';
import type { SigmaRule } from '../sigma/sigma-rule.js';
import type { CoverageReport } from './collection.js';

/** The Sigma rules tagged with a technique (none: an empty list). */
export function detectionsOf(report: CoverageReport, id: string): SigmaRule[] {
  return report.detections.get(id) ?? [];
}

/**
 * Techniques with a validated hunt (maturity 3) and no Sigma rule: the hunt
 * proved the behaviour can be found, so it is the natural next detection to
 * write. In ID order.
 */
export function nextDetections(report: CoverageReport): string[] {
  return [...report.covered.values()]
    .filter((c) => c.maturity === 3 && detectionsOf(report, c.technique.id).length === 0)
    .map((c) => c.technique.id)
    .sort();
}

/** "detected by 2 Sigma rules": one wording for every output. */
export function detectedBy(rules: readonly SigmaRule[]): string {
  return `detected by ${rules.length} Sigma rule${rules.length === 1 ? '' : 's'}`;
}

/** Layer metadata naming Sigma rules (Navigator shows metadata in the technique's tooltip). */
export function sigmaMetadata(rules: readonly SigmaRule[]): Array<{ name: string; value: string }> {
  return rules.map((r) => ({ name: 'Sigma rule', value: `${r.title} (${path.basename(r.file)})` }));
}

/** How a technique stands for detection, in a few words, for comments and tooltips. */
export function detectionNote(report: CoverageReport, id: string): string {
  const rules = detectionsOf(report, id);
  if (rules.length > 0) return detectedBy(rules);
  return report.covered.get(id)?.maturity === 3 ? 'validated hunt, no detection yet: the next one to write' : 'no Sigma rule';
}

/** The techniques of the report's dataset detected by a Sigma rule but without a hunt card. */
export function detectedOnly(report: CoverageReport): string[] {
  return [...report.detections.keys()].filter((id) => !report.covered.has(id) && report.dataset.technique(id) && !report.dataset.technique(id)!.revoked).sort();
}
