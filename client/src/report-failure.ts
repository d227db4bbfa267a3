import * as vscode from 'vscode';

/** How every command reports a failure: what went wrong and what to do, the details in the output. */
export function reportFailure(what: string, error: unknown, output: vscode.LogOutputChannel): void {
  const text = describe(error);
  output.appendLine(`[error] ${what}: ${text}`);
  const show = 'Show Output';
  void vscode.window.showErrorMessage(`${what} failed: ${text.replace(/\n/g, ' ')}`, show).then((c) => (c === show ? output.show() : undefined));
}

/** An error's message, and its hint when it has one (the engine's errors say what to do next). */
function describe(error: unknown): string {
  const e = error as { message?: unknown; hint?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.hint === 'string' && e.hint ? `${message}\n${e.hint}` : message;
}
