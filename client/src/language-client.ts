import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** Starts the language server over IPC for Markdown files; the server decides which are cards. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, cacheDir: string): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'huntcard-language-server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    // Cards, and the .huntcard.json files that configure them: a change re-checks what it affects.
    synchronize: { configurationSection: 'huntcard', fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.md,*.markdown,.huntcard.json}') },
    outputChannel: output,
    // The server lets a workspace's .huntcard.json choose the ATT&CK data only in a trusted workspace.
    initializationOptions: { cacheDir, workspaceTrusted: vscode.workspace.isTrusted },
  };
  return new LanguageClient('huntcard', 'Hunt Card', serverOptions, clientOptions);
}
