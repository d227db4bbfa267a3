import { type Diagnostic, DiagnosticSeverity, DiagnosticTag, type Range } from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import { ruleDocUrl, type Card, type CollectionFinding, type Finding, type Span } from '../engine/index.js';

export function toRange(card: Card, span: Span): Range {
  return { start: card.lines.position(span.start), end: card.lines.position(span.end) };
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

/** A collection finding about a card, shown on its title's ID, with the other cards it concerns linked. */
export function collectionDiagnostic(card: Card, finding: CollectionFinding, titleLineOf: (file: string) => number): Diagnostic {
  const diagnostic = toDiagnostic(card, { rule: finding.rule, severity: finding.severity, message: finding.message, span: card.title?.idSpan ?? { start: 0, end: 0 } });
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((file) => {
      const at = { line: titleLineOf(file), character: 0 };
      return { location: { uri: pathToFileURL(file).href, range: { start: at, end: at } }, message: `the other card (${finding.rule})` };
    });
  }
  return diagnostic;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
