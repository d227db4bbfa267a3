import path from 'node:path';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { type CancellationToken, type Connection, type Diagnostic, DocumentDiagnosticReportKind, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import type { Card, CardSource, Engine } from '../engine/index.js';
import { collectionDiagnostic, toDiagnostic } from './convert.js';
import { pathOf, uriOf } from './documents.js';
import type { WorkspaceCollection } from './workspace-collection.js';

interface FileResult {
  /** The file's stamp and the settings generation it was checked under. */
  key: string;
  diagnostics: Diagnostic[];
}

/**
 * Every card's problems, not only the open ones': the workspace's Markdown files
 * are checked in the background (one at a time, yielding to requests between
 * files, with a cancellable progress report), kept current as files change, and
 * handed to the editor as LSP workspace diagnostics (pulled; the request waits
 * until something changes) or, for editors without pull, published. Open
 * documents are left to document diagnostics.
 */
export class WorkspaceDiagnostics {
  private readonly results = new Map<string, FileResult>();
  private generation = 0;
  private scanning?: Promise<void>;
  private again = false;
  private changed = new Set<string>();
  private waiters: Array<() => void> = [];
  private progressShown = false;

  constructor(
    private readonly connection: Connection,
    private readonly engine: Engine,
    private readonly collection: WorkspaceCollection,
    private readonly options: {
      /** Parses a closed card (long ones off the request path). */
      parse: (text: string, uri: string, source?: CardSource) => Promise<Card>;
      roots: () => string[];
      isOpen: (file: string) => boolean;
      enabled: () => Promise<boolean>;
      /** The editor cannot pull: publish instead. */
      push: () => boolean;
      log: (text: string) => void;
    },
  ) {}

  /** A file changed or went away, or (no file) settings changed: check again what it affects. */
  invalidate(file?: string): void {
    if (file === undefined) this.generation++;
    this.schedule();
  }

  /** Whether a scan is under way. */
  get busy(): boolean {
    return this.scanning !== undefined;
  }

  /** Whether a file with results lies under this folder. */
  holdsUnder(folder: string): boolean {
    const prefix = folder + path.sep;
    for (const file of this.results.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  schedule(): void {
    if (this.scanning) this.again = true;
    else
      this.scanning = this.scan().finally(() => {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  /** workspace/diagnostic: reports for every card that changed since the editor's last result; waits while nothing has. */
  async pull(previous: Array<{ uri: string; value: string }>, token: CancellationToken): Promise<WorkspaceDocumentDiagnosticReport[]> {
    if (this.results.size === 0 && !this.scanning) this.schedule();
    if (this.scanning) await this.scanning;
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    const reports = (): WorkspaceDocumentDiagnosticReport[] => {
      const out: WorkspaceDocumentDiagnosticReport[] = [];
      for (const [file, result] of this.results) {
        if (this.options.isOpen(file)) continue;
        const uri = uriOf(file);
        if (known.get(uri) === result.key) continue;
        out.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: result.key, items: result.diagnostics });
      }
      // A card that went away (deleted, no longer a card): its problems go with it.
      for (const [uri, value] of known) {
        if (value !== 'gone' && !this.results.has(pathOf(uri) ?? uri)) out.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: 'gone', items: [] });
      }
      return out;
    };
    let found = reports();
    // Long poll: hold the request until a scan changes something or the editor cancels.
    while (found.length === 0 && !token.isCancellationRequested) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
      found = reports();
    }
    return found;
  }

  private async scan(): Promise<void> {
    if (!(await this.options.enabled())) {
      this.clear();
      return;
    }
    const roots = this.options.roots();
    if (roots.length === 0) return;
    const { files } = await this.engine.findMarkdown(roots);
    const progress = files.length > 50 && !this.progressShown ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    if (progress) {
      this.progressShown = true;
      progress.begin('Checking hunt cards', 0, `0 of ${files.length}`, true);
    }
    await this.collection.current();
    const seen = new Set<string>();
    try {
      for (const [i, file] of files.entries()) {
        if (progress?.token.isCancellationRequested) break;
        seen.add(file);
        if (this.options.isOpen(file)) continue;
        await this.check(file);
        if (progress && i % 25 === 0) progress.report(Math.round((i / files.length) * 100), `${i} of ${files.length}`);
        await yieldToRequests(); // hovers and completions in open cards go first
      }
    } finally {
      progress?.done();
    }
    for (const file of [...this.results.keys()]) {
      if (!seen.has(file)) {
        this.results.delete(file);
        this.changed.add(file);
      }
    }
    this.publish();
  }

  private async check(file: string): Promise<void> {
    let read;
    try {
      read = await this.engine.workspace.read(file);
    } catch {
      if (this.results.delete(file)) this.changed.add(file);
      return;
    }
    const collectionFindings = this.collection.findings(file);
    const key = `${read.stamp}#${this.generation}#${JSON.stringify(collectionFindings)}`;
    if (this.results.get(file)?.key === key) return;
    let diagnostics: Diagnostic[] = [];
    if (this.engine.recognise(read.text)) {
      try {
        const card = await this.options.parse(read.text, uriOf(file), read.source);
        const analysis = await this.engine.analyse(card, file);
        diagnostics = [...analysis.findings.map((f) => toDiagnostic(card, f)), ...collectionFindings.map((f) => collectionDiagnostic(card, f, (other) => this.collection.lineOf(other)))];
      } catch (error) {
        // Not remembered: a failure (a parser thread that stopped) is tried again on the next scan.
        this.options.log(`checking ${file} failed: ${(error as Error).message}`);
        return;
      }
    }
    this.results.set(file, { key, diagnostics });
    this.changed.add(file);
  }

  private publish(): void {
    if (this.options.push()) {
      for (const file of this.changed) {
        if (this.options.isOpen(file)) continue;
        void this.connection.sendDiagnostics({ uri: uriOf(file), diagnostics: this.results.get(file)?.diagnostics ?? [] });
      }
    }
    this.changed.clear();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Scope "open files": what was reported for closed cards goes away. */
  private clear(): void {
    for (const file of this.results.keys()) this.changed.add(file);
    this.results.clear();
    this.publish();
  }

  /** A document was closed: its workspace result (if any) is what the editor shows again. */
  closed(file: string): void {
    const result = this.results.get(file);
    if (result && this.options.push()) void this.connection.sendDiagnostics({ uri: uriOf(file), diagnostics: result.diagnostics });
    this.schedule();
  }
}
