import path from 'node:path';
import { type Connection, ErrorCodes, LSPErrorCodes, ResponseError, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type Catalog,
  coverageMatrix,
  type CoverageReport,
  describeError,
  type Engine,
  focusLayer,
  type FocusReport,
  focusSummary,
  heatmapHtml,
  HuntCardError,
  LineIndex,
  listActors,
  navigatorLayer,
  toDomain,
} from '../engine/index.js';
import type { CommandName, CommandParams, CommandResult, CoverageFocus, DatasetInfo } from '../protocol.js';
import type { AnalysisCache } from './analysis.js';
import { lspEdit } from './code-actions.js';
import { pathOf, uriOf } from './documents.js';

export function datasetInfo(catalog: Catalog): DatasetInfo {
  return { datasets: catalog.datasets.map((d) => ({ ...d.meta, label: d.label })), notes: [...catalog.notes] };
}

export interface CommandContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  engine: Engine;
  analyses: AnalysisCache;
  /** Forget settings and data, and check again. */
  reload: () => void;
  /** Workspace folder paths. */
  roots: () => string[];
  /** The editor applies versioned edits (workspace.workspaceEdit.documentChanges), refusing them on a changed document. */
  versionedEdits: () => boolean;
}

type Handlers = { [C in CommandName]: (params: CommandParams<C>, ctx: CommandContext) => Promise<CommandResult<C>> };

/** workspace/executeCommand: one handler per command of the protocol, each a thin call into the engine. */
const HANDLERS: Handlers = {
  async 'huntcard.scaffold'({ id, author, date, uri, folder, fileNamePattern }, { engine }) {
    const file = uri ? pathOf(uri) : undefined;
    const signer = author ?? engine.defaultAuthor(folder ?? (file ? path.dirname(file) : undefined)) ?? '';
    const card = await engine.scaffold(id, { author: signer, ...(date ? { date } : {}), ...(file ? { file } : {}), ...(folder ? { folder } : {}), ...(fileNamePattern ? { fileNamePattern } : {}) });
    const lines = new LineIndex(card.text);
    return {
      id: card.id,
      text: card.text,
      dataset: card.dataset,
      author: signer,
      ...(card.placeholder ? { placeholder: { start: lines.position(card.placeholder.start), end: lines.position(card.placeholder.end) } } : {}),
      ...(card.target ? { target: card.target } : {}),
    };
  },

  async 'huntcard.refreshAttackZone'({ uri }, { documents, analyses, engine, connection, versionedEdits }) {
    const document = documents.get(uri);
    if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `huntcard.refreshAttackZone: ${uri} is not an open document`);
    // A long card takes a while to read: the edit is for this version only, never for text typed meanwhile.
    const version = document.version;
    const card = await analyses.card(document);
    const plan = await engine.planRefresh(card, pathOf(uri));
    if (plan.status === 'revoked')
      throw new HuntCardError(
        `${plan.id} was revoked in ${plan.dataset}${plan.replacement ? `; it is now ${plan.replacement.id} ${plan.replacement.name}` : ''}; not refreshing.`,
        plan.replacement ? `Change the card's technique to ${plan.replacement.id} (a quick fix does it), then refresh.` : undefined,
      );
    if (plan.status === 'unknown') throw new HuntCardError(`${plan.id} is not a technique in ${plan.dataset}; cannot refresh.`);
    if (plan.status === 'current') return { changed: false, dataset: plan.dataset };
    if (documents.get(uri) !== document || document.version !== version)
      throw new ResponseError(LSPErrorCodes.ContentModified, 'The card changed while its refresh was being worked out; nothing was changed. Run Refresh ATT&CK Zone again.');
    const edits = [lspEdit(card, plan.zone)];
    const edit = versionedEdits() ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
    const result = await connection.workspace.applyEdit({ label: 'Refresh ATT&CK zone', edit });
    return { changed: result.applied, dataset: plan.dataset };
  },

  async 'huntcard.datasetInfo'(_params, { engine }) {
    return datasetInfo(await engine.catalog());
  },

  async 'huntcard.reloadData'(_params, { reload }) {
    reload();
    return { reloaded: true };
  },

  async 'huntcard.techniques'({ domain, uri }, { engine }) {
    const { dataset, techniques } = await engine.techniques(domain, uri ? pathOf(uri) : undefined);
    return { dataset: dataset.label, domain: dataset.meta.domain, techniques };
  },

  async 'huntcard.coverage'({ domain, focus }, ctx) {
    const report = await collection(ctx, domain);
    const focused = await focusOf(ctx, report, focus);
    return {
      dataset: report.dataset.label,
      cards: report.cards.length,
      matrix: coverageMatrix(report, focused),
      findings: report.findings,
      ...(focused ? { focus: { label: focused.focus.label, techniques: focused.counts.techniques, gaps: focused.counts.gaps, notes: focused.focus.notes } } : {}),
    };
  },

  async 'huntcard.navigatorLayer'({ domain, folder, focus }, ctx) {
    const root = folder ? pathOf(folder) : undefined;
    if (root && !ctx.roots().includes(root)) throw new ResponseError(ErrorCodes.InvalidParams, `${folder} is not a folder of this workspace.`);
    const report = await collection(ctx, domain, root);
    const focused = await focusOf(ctx, report, focus);
    const options = { root: root ?? ctx.roots()[0]!, generator: 'Hunt Card for VS Code' };
    return focused ? focusLayer(focused, options) : navigatorLayer(report, options);
  },

  async 'huntcard.heatmap'({ domain, cspSource, nonce, focus }, ctx) {
    const report = await collection(ctx, domain);
    const focused = await focusOf(ctx, report, focus);
    return {
      html: heatmapHtml(coverageMatrix(report, focused), {
        title: focused ? `Hunt card gaps: ${focused.focus.label}` : `Hunt card coverage: ${report.dataset.label}`,
        ...(focused ? { summary: focusSummary(focused) } : {}),
        ...(cspSource ? { cspSource } : {}),
        ...(nonce ? { nonce } : {}),
      }),
    };
  },

  async 'huntcard.reviewRelease'({ release, previous }, ctx) {
    const roots = ctx.roots();
    if (roots.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'Reviewing an ATT&CK release needs an open folder: open the folder that holds your cards.');
    const reviewer = await ctx.engine.releaseReviewer(reviewRequest(release, previous, path.join(roots[0]!, '.huntcard-release.md')));
    return (await ctx.engine.reviewRelease(roots, reviewer, uriOf)).review;
  },
  async 'huntcard.migrateCard'({ uri, release, previous }, { engine }) {
    const file = pathOf(uri);
    if (!file) throw new ResponseError(ErrorCodes.InvalidParams, `huntcard.migrateCard: ${uri} is not a file URI`);
    const read = await engine.workspace.read(file).catch((error: unknown) => {
      throw new ResponseError(ErrorCodes.InvalidParams, describeError(error));
    });
    const card = engine.parse(read.text, file, read.source);
    if (!card.isCard) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not a hunt card.`);
    const reviewer = await engine.releaseReviewer(reviewRequest(release, previous, file));
    const verdict = await reviewer.review(card, file, uri);
    const plan = 'plan' in verdict ? verdict.plan : undefined;
    if (!plan) return { changed: false, text: card.text, edits: [] };
    return {
      changed: true,
      text: plan.text,
      edits: plan.edits.map((e) => ({ range: { start: card.lines.position(e.span.start), end: card.lines.position(e.span.end) }, newText: e.newText })),
      ...(plan.moveTo ? { moveTo: uriOf(path.join(path.dirname(file), plan.moveTo)) } : {}),
      ...(plan.finishMove ? { finishMove: true } : {}),
    };
  },
  async 'huntcard.actors'({ domain }, ctx) {
    const report = await collection(ctx, domain);
    const actors = listActors(report.dataset, { covered: report.covered }).map((a) => ({ ...a, covered: a.covered ?? 0 }));
    return { dataset: report.dataset.label, actors };
  },
};

function focusOf(ctx: CommandContext, report: CoverageReport, focus: CoverageFocus | undefined): Promise<FocusReport | undefined> {
  if (!focus) return Promise.resolve(undefined);
  if ('actors' in focus) return ctx.engine.focus(report, { actors: focus.actors });
  const file = pathOf(focus.layer);
  if (!file) throw new ResponseError(ErrorCodes.InvalidParams, `focus.layer: ${focus.layer} is not a file URI.`);
  return ctx.engine.focus(report, { layerFile: file, display: path.basename(file) });
}

async function collection(ctx: CommandContext, domain: string | undefined, only?: string) {
  const roots = only ? [only] : ctx.roots();
  if (roots.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'Coverage needs an open folder: open the folder that holds your cards.');
  return (await ctx.engine.collection(roots, toDomain(domain))).report;
}

export const COMMAND_NAMES = Object.keys(HANDLERS) as CommandName[];

/** Runs a command: its argument checked, engine errors as InvalidParams with what to do, anything else as InternalError. */
export async function executeCommand(ctx: CommandContext, command: string, args: unknown[]): Promise<unknown> {
  const handler = (HANDLERS as Record<string, ((params: never, ctx: CommandContext) => Promise<unknown>) | undefined>)[command];
  if (!handler) throw new ResponseError(ErrorCodes.MethodNotFound, `Unknown command ${command}`);
  try {
    // The argument schemas (zod) load with the first command, not with the server: start-up is what users wait for.
    const { commandParams } = await import('./command-params.js');
    return await handler(commandParams(command as CommandName, args) as never, ctx);
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    if (error instanceof HuntCardError) throw new ResponseError(ErrorCodes.InvalidParams, describeError(error));
    throw new ResponseError(ErrorCodes.InternalError, describeError(error));
  }
}

/** A review as a client asks for it: the data named (file URIs as paths); without either, the data in use from the copy the last update kept. */
function reviewRequest(release: string | undefined, previous: string | undefined, keptFrom: string): { release?: string; previous?: string; keptFrom: string } {
  return { ...(release ? { release: datasetArgument(release) } : {}), ...(previous ? { previous: datasetArgument(previous) } : {}), keptFrom };
}

/** A dataset named by a client: a file URI becomes its path; a path or an http(s) URL is taken as it is. */
function datasetArgument(value: string): string {
  return value.startsWith('file:') ? (pathOf(value) ?? value) : value;
}
