import * as vscode from 'vscode';
import { DidChangeWatchedFilesNotification, type FileEvent, FileChangeType, LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { FolderEvent } from './folder-events.js';

/** Starts the language server over IPC for Markdown and YAML files; the server decides which are cards and Sigma rules. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, cacheDir: string): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'huntcard-language-server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Markdown (cards, and notes the huntcard.attackAwareFiles setting names) and YAML (Sigma rules): the server decides which it reads.
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // Cards, and the .huntcard.json files that configure them: a change re-checks what it affects.
    synchronize: { configurationSection: 'huntcard', fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.md,*.markdown,.huntcard.json}') },
    outputChannel: output,
    // The server lets a workspace's .huntcard.json choose the ATT&CK data only in a trusted workspace.
    initializationOptions: { cacheDir, workspaceTrusted: vscode.workspace.isTrusted },
  };
  return new LanguageClient('huntcard', 'Hunt Card', serverOptions, clientOptions);
}

/** Folders that appeared or went, told to the server as file events: it reads the workspace again. */
export function reportFolderEvents(client: LanguageClient, events: FolderEvent[]): Promise<void> {
  const changes = events.map((e): FileEvent => ({ uri: client.code2ProtocolConverter.asUri(e.uri), type: e.kind === 'created' ? FileChangeType.Created : FileChangeType.Deleted }));
  return client.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
}
