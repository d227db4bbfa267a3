import type { Card, Finding, Severity } from '../../engine/index.js';

/** A finding placed in a file, 1-based, as every output format reports it. */
export interface FileFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
}

export function placeFinding(file: string, card: Card, f: Finding): FileFinding {
  const start = card.lines.position(f.span.start);
  const end = card.lines.position(f.span.end);
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  };
}
