import { type CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { type Card, type Finding, fixAllEdits, type TextEdit } from '../engine/index.js';
import type { Analysis } from './analysis.js';
import { sameRange, toDiagnostic, toRange } from './convert.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.huntcard`;
export const REFRESH_KIND = `${CodeActionKind.Source}.refreshAttackZone.huntcard`;
/** A client command (the VS Code client implements it) that selects a range so the author types over it. */
export const SELECT_RANGE_COMMAND = 'huntcard.selectRange';

/** Quick fixes, fix-all, and (given the refreshed zone, when it would change) the refresh source action. */
export function codeActions(analysis: Pick<Analysis, 'card' | 'findings'>, params: CodeActionParams, refreshedZone?: TextEdit): CodeAction[] {
  const { card, findings } = analysis;
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'huntcard') continue;
      const finding = findings.find((f) => f.rule === diagnostic.code && sameRange(toRange(card, f.span), diagnostic.range));
      if (!finding) continue;
      actions.push(...quickFixes(card, uri, finding, diagnostic));
    }
  }
  if (card.isCard && wants(FIX_ALL_KIND)) {
    const edits = fixAllEdits(findings);
    if (edits.length > 0) actions.push({ title: 'Fix all auto-fixable hunt-card problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits.map((e) => lspEdit(card, e)) } } });
  }
  if (card.isCard && refreshedZone && wants(REFRESH_KIND) && (only?.length ?? 0) > 0) {
    actions.push({ title: 'Refresh the ATT&CK zone', kind: REFRESH_KIND, edit: { changes: { [uri]: [lspEdit(card, refreshedZone)] } } });
  }
  return actions;
}

function quickFixes(card: Card, uri: string, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  const actions: CodeAction[] = (finding.fixes ?? []).map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(fix.preferred ? { isPreferred: true } : {}),
    edit: { changes: { [uri]: fix.edits.map((e) => lspEdit(card, e)) } },
  }));
  if (finding.rule === 'placeholder') {
    actions.push({
      title: 'Select the placeholder to type over it',
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      command: { title: 'Select the placeholder to type over it', command: SELECT_RANGE_COMMAND, arguments: [uri, diagnostic.range] },
    });
  }
  // Inline directives are read in cards only (a Sigma rule's YAML has no place for an HTML comment).
  if (!card.isCard) return actions;
  const line = diagnostic.range.start.line;
  const eol = card.text.includes('\r\n') ? '\r\n' : '\n';
  const at = card.lines.lineStart(line);
  actions.push({
    title: `Disable ${finding.rule} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [lspEdit(card, { span: { start: at, end: at }, newText: `<!-- huntcard-disable-next-line ${finding.rule} -->${eol}` })] } },
  });
  return actions;
}

export function lspEdit(card: Card, edit: TextEdit): LspTextEdit {
  return { range: toRange(card, edit.span), newText: edit.newText };
}

export { toDiagnostic };
