import { type Diagnostic, DiagnosticSeverity, DiagnosticTag, type Range } from 'vscode-languageserver/node';
import type { Card } from '../engine/card/card-model.js';
import type { Span } from '../engine/card/line-index.js';
import { ruleDocUrl } from '../engine/rules/check-card.js';
import type { Finding } from '../engine/rules/rule.js';

export function toRange(card: Card, span: Span): Range {
  return { start: card.lines.position(span.start), end: card.lines.position(span.end) };
}

export function toSpan(card: Card, range: Range): Span {
  return { start: card.lines.offset(range.start), end: card.lines.offset(range.end) };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(card: Card, finding: Finding): Diagnostic {
  return {
    range: toRange(card, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: ruleDocUrl(finding.rule) },
    source: 'huntcard',
    message: finding.message,
    ...(finding.tags?.includes('deprecated') ? { tags: [DiagnosticTag.Deprecated] } : {}),
  };
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
