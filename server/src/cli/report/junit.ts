import { rulePublishedUrl } from '../../engine/index.js';
import type { FileFinding } from './file-finding.js';

// XML 1.0 cannot carry most control characters, even escaped: they are written as \xNN.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (text: string) =>
  text
    .replace(NOT_XML, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * JUnit XML, as CI test reports read it: a test suite per checked card and a test
 * case per finding. Errors are failures, so the report fails exactly when
 * `huntcard check` exits 1; warnings and infos are passing cases that carry their
 * message. A card without findings is one passing case.
 */
export function toJunit(cards: readonly string[], findings: readonly FileFinding[]): string {
  const byFile = new Map<string, FileFinding[]>(cards.map((c) => [c, []]));
  for (const f of findings) {
    const found = byFile.get(f.file);
    if (found) found.push(f);
    else byFile.set(f.file, [f]);
  }
  const suites = [...byFile].map(([file, found]) => {
    const failures = found.filter((f) => f.severity === 'error').length;
    const cases = found.length
      ? found.map((f) => {
          const name = `${f.rule} at ${f.line}:${f.column}`;
          const detail = `${file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}\n${rulePublishedUrl(f.rule)}`;
          const body = f.severity === 'error' ? `<failure type="${f.rule}" message="${xml(f.message)}">${xml(detail)}</failure>` : `<system-out>${xml(detail)}</system-out>`;
          return `    <testcase classname="${xml(file)}" name="${xml(name)}">${body}</testcase>\n`;
        })
      : [`    <testcase classname="${xml(file)}" name="huntcard check"/>\n`];
    return `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${failures}" errors="0">\n${cases.join('')}  </testsuite>\n`;
  });
  const tests = [...byFile.values()].reduce((n, found) => n + Math.max(1, found.length), 0);
  const failures = findings.filter((f) => f.severity === 'error').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="huntcard check" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('')}</testsuites>\n`;
}
