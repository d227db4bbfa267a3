import type { FileFinding } from './file-finding.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

// GitHub's workflow-command escaping: the message escapes %, CR and LF; a
// property value also escapes the separators : and ,.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), one line a
 * finding, which a workflow run shows as annotations on the pull request's files.
 * Paths are as given (relative to the working directory, which in a workflow is
 * the repository).
 */
export function toGithubAnnotations(findings: readonly FileFinding[]): string {
  return findings
    .map((f) => {
      const properties = [
        `file=${escapeProperty(f.file)}`,
        `line=${f.line}`,
        `endLine=${f.endLine}`,
        `col=${f.column}`,
        // GitHub draws a column range only on one line.
        ...(f.endLine === f.line ? [`endColumn=${f.endColumn}`] : []),
        `title=${escapeProperty(`huntcard ${f.rule}`)}`,
      ];
      return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
