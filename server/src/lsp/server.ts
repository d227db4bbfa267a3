import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  type InitializeResult,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type ConfigDatasetPolicy, createEngine, DiskWorkspace, OverlayWorkspace } from '../engine/index.js';
import type { InitializationOptions, Notifications } from '../protocol.js';
import { AnalysisCache } from './analysis.js';
import { CardParser } from './card-parser.js';
import { codeActions, FIX_ALL_KIND, REFRESH_KIND } from './code-actions.js';
import { COMMAND_NAMES, datasetInfo, executeCommand } from './commands.js';
import { AttackAwareFiles } from './attack-aware.js';
import { completeAt, mentionCompletion, resolveCompletion } from './completion.js';
import { DiagnosticsPublisher, documentDiagnostics } from './diagnostics.js';
import { openDocuments, pathOf, uriOf } from './documents.js';
import { EditorSettings } from './editor-settings.js';
import { hoverAt, mentionHover } from './hover.js';
import { citationDefinition, documentLinks, documentSymbols, foldingRanges, mentionLinks } from './structure.js';
import { WorkspaceCollection } from './workspace-collection.js';
import { WorkspaceDiagnostics } from './workspace-diagnostics.js';

/** The files the client's watcher reports one by one; any other path in a file event is a folder's. */
const WATCHED_FILE = /\.(?:md|markdown)$|(?:^|[\\/])\.huntcard\.json$/i;

export const SERVER_NAME = 'huntcard-language-server';

const DATASET_LOADED: keyof Notifications = 'huntcard/datasetLoaded';
const WORKSPACE_TRUSTED: keyof Notifications = 'huntcard/workspaceTrusted';

/**
 * The language server: LSP requests translated into engine calls, the results
 * into LSP. Every handler is guarded: one bad document never takes the server
 * down. The engine reads the disk overlaid with the open buffers.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let canPullConfiguration = false;
  let pullDiagnostics = false;
  /** The client accepts workspace/diagnostic/refresh (asking it otherwise is an error it must answer). */
  let diagnosticRefresh = false;
  let versionedEdits = false;
  let roots: string[] = [];
  let cacheDir: string | undefined;
  // VS Code says whether the workspace is trusted; other editors say nothing.
  let trust: 'trusted' | 'untrusted' | 'unknown' = 'unknown';
  const log = (text: string) => connection.console.log(text);
  const editorSettings = new EditorSettings(connection, () => canPullConfiguration);
  const policy = (): ConfigDatasetPolicy => (trust === 'trusted' ? 'any' : trust === 'untrusted' ? 'none' : 'local');

  const engine = createEngine({
    workspace: new OverlayWorkspace(new DiskWorkspace(), openDocuments(documents)),
    // Per resource: in a multi-root workspace each folder may set its own huntcard.* settings.
    overrides: (file) => editorSettings.overrides(file ? uriOf(file) : undefined),
    configDataset: policy,
    onDatasetFailure: 'default',
    cacheDir: () => cacheDir,
    note: (message, important) => {
      log(message);
      if (important) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: message.split('\n')[0]! });
    },
    // Tells the client which data a card was checked with (the VS Code status bar), once per load.
    onCatalogLoaded: (catalog) => void connection.sendNotification(DATASET_LOADED, datasetInfo(catalog)),
    onRuleError: (rule, file, error) => log(`rule ${rule.id} failed on ${file ?? 'a document'} and was skipped: ${(error as Error).message}`),
  });
  const parser = new CardParser(engine, log);
  // The background scan of closed cards has a parser thread of its own: open cards never wait behind it.
  const scanParser = new CardParser(engine, log);
  const analyses = new AnalysisCache(engine, parser);
  const collection = new WorkspaceCollection(
    engine,
    () => roots,
    () => refreshOpen(),
    log,
  );
  const attackAware = new AttackAwareFiles(engine, editorSettings, () => roots);
  /** A document that is not a card, read for its ATT&CK mentions when it is a Sigma rule or the settings name it. */
  const mentionsOf = async (document: TextDocument) => attackAware.analyse(document, await analyses.card(document));
  const compute = (document: TextDocument) => documentDiagnostics(analyses, collection, document, !pullDiagnostics || diagnosticRefresh, attackAware);
  const publisher = new DiagnosticsPublisher(connection, compute, (uri) => documents.get(uri), log);
  const workspaceDiagnostics = new WorkspaceDiagnostics(connection, engine, collection, {
    parse: (text, uri, source) => scanParser.parse(text, uri, source, false),
    roots: () => roots,
    isOpen: (file) => documents.get(uriOf(file)) !== undefined,
    enabled: async () => (await editorSettings.diagnosticsScope()) === 'workspace',
    push: () => !pullDiagnostics,
    log,
  });

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
  /** Open documents' diagnostics again (collection findings or settings changed). */
  const refreshOpen = () => {
    if (pullDiagnostics) {
      if (diagnosticRefresh) void connection.languages.diagnostics.refresh();
    } else for (const d of documents.all()) publisher.schedule(d, 0);
  };
  /** Settings, trust or data changed: everything is checked again. */
  const recheckAll = () => {
    engine.reset();
    editorSettings.reset();
    analyses.clear();
    attackAware.clear();
    collection.invalidate();
    workspaceDiagnostics.invalidate();
    refreshOpen();
  };

  connection.onShutdown(() => {
    lifecycle = 'shut down';
    parser.dispose();
    scanParser.dispose();
  });

  connection.onInitialize((params): InitializeResult => {
    lifecycle = 'running';
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    diagnosticRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
    versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true;
    const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders.push(params.rootUri);
    roots = folders.flatMap((f) => pathOf(f) ?? []);
    const init = (params.initializationOptions ?? {}) as Record<keyof InitializationOptions, unknown>;
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
        executeCommandProvider: { commands: COMMAND_NAMES },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'huntcard', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: SERVER_NAME, version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'huntcard' }).catch(() => undefined);
    collection.invalidate();
    // Push-only editors get every card's diagnostics without asking.
    if (!pullDiagnostics) workspaceDiagnostics.schedule();
  });

  // VS Code's client: the user trusted the workspace, so its config may now choose the data.
  connection.onNotification(WORKSPACE_TRUSTED, () => {
    trust = 'trusted';
    recheckAll();
  });

  connection.onDidChangeConfiguration(() => recheckAll());

  // TextDocuments reports an open as onDidOpen followed by onDidChangeContent: a
  // freshly opened card is checked at once, only later edits wait for the debounce.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const immediate = justOpened.delete(e.document.uri);
    if (!pullDiagnostics) publisher.schedule(e.document, immediate ? 0 : undefined);
    // An unsaved .huntcard.json counts: the cards it covers are checked again.
    const file = pathOf(e.document.uri);
    if (file?.endsWith('.huntcard.json')) onFileChanged(file);
  });
  // A saved Sigma rule changes no card's findings (the coverage view re-reads rules itself).
  documents.onDidSave((e) => (e.document.languageId === 'yaml' ? undefined : onFileChanged(pathOf(e.document.uri))));
  // The client watches Markdown files and .huntcard.json on disk, and folders that appear or go.
  // A folder's event means files nobody reported: cards, and settings (a renamed folder's
  // .huntcard.json), so everything is read and checked again, once for a batch. A path gone
  // that held no card changes nothing, unless a scan under way may have read it.
  connection.onDidChangeWatchedFiles((params) => {
    let folders = false;
    for (const change of params.changes) {
      const file = pathOf(change.uri);
      if (!file || WATCHED_FILE.test(file)) onFileChanged(file);
      else if (change.type !== FileChangeType.Deleted || collection.busy || workspaceDiagnostics.busy || collection.holdsUnder(file) || workspaceDiagnostics.holdsUnder(file)) folders = true;
    }
    if (folders) onFileChanged(undefined);
  });
  const onFileChanged = (file: string | undefined) => {
    // The engine says whether the change touched settings (a .huntcard.json): then every card is checked again.
    const settingsChanged = engine.invalidate(file);
    if (settingsChanged) {
      analyses.clear();
      attackAware.clear();
      refreshOpen();
    }
    collection.invalidate();
    workspaceDiagnostics.invalidate(settingsChanged ? undefined : file);
  };
  documents.onDidClose((e) => {
    analyses.forget(e.document.uri);
    attackAware.forget(e.document.uri);
    if (!pullDiagnostics) publisher.clear(e.document.uri);
    const file = pathOf(e.document.uri);
    if (file) workspaceDiagnostics.closed(file);
  });

  connection.languages.diagnostics.on(
    guard('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params) => {
      const document = documents.get(params.textDocument.uri);
      return { kind: DocumentDiagnosticReportKind.Full, items: document ? await compute(document) : [] };
    }),
  );
  connection.languages.diagnostics.onWorkspace(async (params, token) => {
    ready();
    try {
      return { items: await workspaceDiagnostics.pull(params.previousResultIds, token) };
    } catch (error) {
      log(`workspace diagnostics failed: ${(error as Error).message}`);
      return { items: [] };
    }
  });

  connection.onHover(
    guard('hover', null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const analysis = await analyses.analyseCard(document);
      if (analysis) return hoverAt(analysis.card, analysis.catalog, analysis.card.lines.offset(params.position));
      const mentions = await mentionsOf(document);
      return mentions ? mentionHover(mentions.card, mentions.catalog, mentions.mentions, mentions.card.lines.offset(params.position)) : null;
    }),
  );

  connection.onCompletion(
    guard('completion', { isIncomplete: false, items: [] }, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return { isIncomplete: false, items: [] };
      const analysis = await analyses.analyseCard(document);
      if (analysis) return completeAt(analysis.card, analysis.catalog, params.position);
      const mentions = await mentionsOf(document);
      return mentions ? mentionCompletion(mentions.card, mentions.catalog, params.position, mentions.format) : { isIncomplete: false, items: [] };
    }),
  );
  connection.onCompletionResolve(
    // The item's own document says which data documents it (not the default data).
    guard('completion resolve', undefined as never, async (item) => resolveCompletion(item, await engine.catalog(typeof item.data?.uri === 'string' ? pathOf(item.data.uri) : undefined))),
  );

  connection.onCodeAction(
    guard('code actions', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      const analysis = document && (await analyses.analyseCard(document));
      if (!analysis) {
        const mentions = document && (await mentionsOf(document));
        return mentions ? codeActions(mentions, params) : [];
      }
      const wantsRefresh = params.context.only?.some((k) => REFRESH_KIND === k || REFRESH_KIND.startsWith(`${k}.`));
      const plan = wantsRefresh ? await engine.planRefresh(analysis.card, pathOf(params.textDocument.uri)).catch(() => undefined) : undefined;
      return codeActions(analysis, params, plan?.status === 'stale' ? plan.zone : undefined);
    }),
  );

  connection.onDocumentSymbol(
    guard('symbols', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? documentSymbols(await analyses.card(document)) : [];
    }),
  );
  connection.onFoldingRanges(
    guard('folding', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? foldingRanges(await analyses.card(document)) : [];
    }),
  );
  connection.onDocumentLinks(
    guard('links', [], async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const card = await analyses.card(document);
      if (card.isCard) return documentLinks(card, (await analyses.analyseCard(document))?.catalog);
      const mentions = await mentionsOf(document);
      return mentions ? mentionLinks(mentions.card, mentions.catalog, mentions.mentions) : [];
    }),
  );
  connection.onDefinition(
    guard('definition', null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const card = await analyses.card(document);
      return card.isCard ? citationDefinition(card, document.uri, card.lines.offset(params.position)) : null;
    }),
  );
  connection.onWorkspaceSymbol(guard('workspace symbols', [], (params) => collection.symbols(params.query)));

  connection.onExecuteCommand((params) => {
    ready();
    return executeCommand({ connection, documents, engine, analyses, reload: recheckAll, roots: () => roots, versionedEdits: () => versionedEdits }, params.command, params.arguments ?? []);
  });

  documents.listen(connection);
  connection.listen();
}
