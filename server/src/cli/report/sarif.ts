import { ruleDocUrl } from '../../engine/rules/check-card.js';
import { RULES } from '../../engine/rules/registry.js';
import type { FileFinding } from './file-finding.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0 with every rule declared, ready for code-scanning upload. */
export function toSarif(findings: FileFinding[], root: string, version: string): object {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'huntcard',
            version,
            informationUri: 'https://attack.mitre.org/',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
              shortDescription: { text: r.summary.charAt(0).toUpperCase() + r.summary.slice(1) + '.' },
              fullDescription: { text: `Reports when ${r.summary}.` },
              helpUri: ruleDocUrl(r.id),
              help: { text: `See ${ruleDocUrl(r.id)}` },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${root.endsWith('/') ? root : `${root}/`}` } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/'), uriBaseId: 'SRCROOT' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
