import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES, projectUrl, ruleDocText, rulePublishedUrl } from '../../engine/index.js';
import type { FileFinding } from './file-finding.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * SARIF 2.1.0 with every rule declared, ready for code-scanning upload: rule help
 * links to the published rule pages (https) and carries the page itself as
 * Markdown; files under `root` are relative to SRCROOT, others absolute file URIs.
 */
export function toSarif(findings: FileFinding[], root: string, version: string): object {
  const index = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const base = pathToFileURL(path.resolve(root)).href.replace(/\/?$/, '/');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'huntcard',
            version,
            informationUri: projectUrl(),
            rules: ALL_RULES.map((r) => {
              const page = ruleDocText(r.id);
              return {
                id: r.id,
                name: r.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
                shortDescription: { text: r.summary.charAt(0).toUpperCase() + r.summary.slice(1) + '.' },
                fullDescription: { text: `Reports when ${r.summary}.` },
                helpUri: rulePublishedUrl(r.id),
                help: { text: `See ${rulePublishedUrl(r.id)}`, ...(page ? { markdown: page } : {}) },
                defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: base } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: artifact(f.file, root), region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } }],
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function artifact(file: string, root: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(root, file);
  const relative = path.relative(path.resolve(root), absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(absolute).href };
}
