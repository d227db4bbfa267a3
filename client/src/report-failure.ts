import * as vscode from 'vscode';
import { describeError } from '../../server/src/engine/errors.js';

/** How every command reports a failure: what went wrong and what to do, the details in the output. */
export function reportFailure(what: string, error: unknown, output: vscode.LogOutputChannel): void {
  const text = describeError(error);
  output.appendLine(`[error] ${what}: ${text}`);
  const show = 'Show Output';
  void vscode.window.showErrorMessage(`${what} failed: ${text.replace(/\n/g, ' ')}`, show).then((c) => (c === show ? output.show() : undefined));
}
