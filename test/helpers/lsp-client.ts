import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, type InitializeParams, type ProtocolConnection, type PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { REPO } from './paths.js';

export const SERVER = path.join(REPO, 'dist', 'huntcard-language-server.js');

export interface LspClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  stderr: () => string;
  /** Resolves with the next diagnostics published for `uri` (and matching `version`, if given). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): Promise<void>;
  close(): Promise<void>;
  settings: Record<string, unknown>;
  logs: string[];
  applied: unknown[];
}

/** Spawns the real language server and speaks LSP to it over stdio. */
export async function startClient(
  options: {
    capabilities?: InitializeParams['capabilities'];
    workspace?: string;
    settings?: Record<string, unknown>;
    env?: NodeJS.ProcessEnv;
    initializationOptions?: Record<string, unknown>;
    /** Another build of the server (an installed package), run as an executable. */
    server?: string;
  } = {},
): Promise<LspClient> {
  const child = spawn(options.server ?? process.execPath, options.server ? ['--stdio'] : [SERVER, '--stdio'], {
    env: { ...process.env, HUNTCARD_CACHE_DIR: '/nonexistent-huntcard-cache', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const client: LspClient = {
    connection,
    process: child,
    stderr: () => stderr,
    settings: options.settings ?? {},
    logs: [],
    applied: [],
    diagnostics: (uri, version) => new Promise((resolve) => waiting.push({ uri, ...(version !== undefined ? { version } : {}), resolve })),
    open: async (uri, text, version = 1) => {
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    },
    close: async () => {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      connection.dispose();
      child.kill();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiting.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(p);
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    client.logs.push(p.message);
  });
  connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => p.items.map(() => client.settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onRequest('workspace/applyEdit', (p: unknown) => {
    client.applied.push(p);
    return { applied: true };
  });
  connection.listen();
  const workspace = options.workspace;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: workspace ? pathToFileURL(workspace).href : null,
    workspaceFolders: workspace ? [{ uri: pathToFileURL(workspace).href, name: 'ws' }] : null,
    capabilities: options.capabilities ?? { workspace: { configuration: true } },
    ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
  } satisfies InitializeParams);
  await connection.sendNotification('initialized', {});
  return client;
}
