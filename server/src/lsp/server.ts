import {
  type Connection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysis.js';
import { codeActions, FIX_ALL_KIND, REFRESH_KIND } from './code-actions.js';
import { COMMANDS, DATASET_LOADED, datasetInfo, executeCommand, WORKSPACE_TRUSTED } from './commands.js';
import { completeAt, resolveCompletion } from './completion.js';
import { type CollectionDiagnostics, computeDiagnostics, DiagnosticsPublisher } from './diagnostics.js';
import { DuplicateCards } from './duplicate-cards.js';
import { hoverAt } from './hover.js';
import { SettingsStore, type WorkspaceTrust } from './settings.js';
import { citationDefinition, documentLinks, documentSymbols, foldingRanges } from './structure.js';
import { WorkspaceCards } from './workspace-symbols.js';
import { CodeActionKind, ErrorCodes, ResponseError } from 'vscode-languageserver/node';

export const SERVER_NAME = 'huntcard-language-server';

/** Wires the engine into an LSP connection. Every handler is guarded: one bad document never takes the server down. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let canPullConfiguration = false;
  let pullDiagnostics = false;
  let folders: string[] = [];
  let cacheDir: string | undefined;
  let trust: WorkspaceTrust = 'unknown';
  const log = (text: string) => connection.console.log(text);
  const settings = new SettingsStore(connection, {
    canPullConfiguration: () => canPullConfiguration,
    get cacheDir() {
      return cacheDir;
    },
    trust: () => trust,
    log,
    // Tells the client which data a card was checked with (the VS Code status bar), once per load.
    onLoaded: (catalog) => void connection.sendNotification(DATASET_LOADED, datasetInfo(catalog)),
  });
  const analyses = new AnalysisCache(settings, log);
  const workspaceCards = new WorkspaceCards(() => folders);
  const duplicates = new DuplicateCards(workspaceCards, () => refreshAll(), log);
  const collection: CollectionDiagnostics = async (card, uri) => duplicates.diagnostics(card, uri, (await settings.forDocument(uri)).severities['duplicate-card']);
  const publisher = new DiagnosticsPublisher(connection, analyses, (uri) => documents.get(uri), log, collection);

  // LSP: requests before initialize get ServerNotInitialized, after shutdown InvalidRequest.
  let lifecycle: 'starting' | 'running' | 'shut down' = 'starting';
  const ready = () => {
    if (lifecycle === 'starting') throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server has not been initialized yet.');
    if (lifecycle === 'shut down') throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
  };
  const guard =
    <P, R>(name: string, fallback: R, handler: (params: P) => Promise<R> | R) =>
    async (params: P): Promise<R> => {
      ready();
      try {
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        log(`${name} failed: ${(error as Error).message}`);
        return fallback;
      }
    };
  const refreshAll = () => {
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const d of documents.all()) publisher.schedule(d, 0);
  };

  connection.onShutdown(() => {
    lifecycle = 'shut down';
  });

  connection.onInitialize((params): InitializeResult => {
    lifecycle = 'running';
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    const init = (params.initializationOptions ?? {}) as { cacheDir?: unknown; workspaceTrusted?: unknown };
    cacheDir = typeof init.cacheDir === 'string' ? init.cacheDir : undefined;
    if (typeof init.workspaceTrusted === 'boolean') trust = init.workspaceTrusted ? 'trusted' : 'untrusted';
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { resolveProvider: true, triggerCharacters: ['T', '.', '#', '|'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, REFRESH_KIND], resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        workspaceSymbolProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'huntcard', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: SERVER_NAME, version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'huntcard' }).catch(() => undefined);
  });

  // VS Code's client: the user trusted the workspace, so its config may now choose the data.
  connection.onNotification(WORKSPACE_TRUSTED, () => {
    trust = 'trusted';
    settings.reset();
    analyses.clear();
    refreshAll();
  });

  connection.onDidChangeConfiguration(() => {
    settings.reset();
    analyses.clear();
    refreshAll();
  });

  // TextDocuments reports an open as onDidOpen followed by onDidChangeContent: a
  // freshly opened card is checked at once, only later edits wait for the debounce.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const immediate = justOpened.delete(e.document.uri);
    if (!pullDiagnostics) publisher.schedule(e.document, immediate ? 0 : undefined);
  });
  // The duplicate-card index follows the disk: saves here, and file events the client watches.
  documents.onDidSave(() => duplicates.invalidate());
  connection.onDidChangeWatchedFiles(() => duplicates.invalidate());
  documents.onDidClose((e) => {
    analyses.forget(e.document.uri);
    if (!pullDiagnostics) publisher.clear(e.document.uri);
  });

  connection.languages.diagnostics.on(
    guard('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params) => {
      const document = documents.get(params.textDocument.uri);
      return { kind: DocumentDiagnosticReportKind.Full, items: document ? await computeDiagnostics(analyses, document, collection) : [] };
    }),
  );

  connection.onHover(
    guard('hover', null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const analysis = await analyses.analyseCard(document);
      return analysis ? hoverAt(analysis.card, analysis.catalog, analysis.card.lines.offset(params.position)) : null;
    }),
  );

  connection.onCompletion(
    guard('completion', { isIncomplete: false, items: [] }, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return { isIncomplete: false, items: [] };
      const analysis = await analyses.analyseCard(document);
      return analysis ? completeAt(analysis.card, analysis.catalog, params.position) : { isIncomplete: false, items: [] };
    }),
  );
  connection.onCompletionResolve(
    // The item's own document says which data documents it (not the default data).
    guard('completion resolve', undefined as never, async (item) => resolveCompletion(item, (await settings.forDocument(typeof item.data?.uri === 'string' ? item.data.uri : '')).catalog)),
  );

  connection.onCodeAction(
    guard('code actions', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      const analysis = document && (await analyses.analyseCard(document));
      return analysis ? codeActions(analysis, params) : [];
    }),
  );

  connection.onDocumentSymbol(guard('symbols', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? documentSymbols(analyses.card(document)) : [];
  }));
  connection.onFoldingRanges(guard('folding', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? foldingRanges(analyses.card(document)) : [];
  }));
  connection.onDocumentLinks(guard('links', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? documentLinks(analyses.card(document)) : [];
  }));
  connection.onDefinition(guard('definition', null, (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const card = analyses.card(document);
    return card.isCard ? citationDefinition(card, document.uri, card.lines.offset(params.position)) : null;
  }));
  connection.onWorkspaceSymbol(guard('workspace symbols', [], (params) => workspaceCards.symbols(params.query)));

  connection.onExecuteCommand((params) => {
    ready();
    return executeCommand({ connection, documents, settings, analyses, afterReload: refreshAll, folders: () => folders }, params.command, params.arguments ?? []);
  });

  documents.listen(connection);
  connection.listen();
}
