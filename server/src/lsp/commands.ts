import { type Connection, ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../engine/attack/catalog.js';
import { type DatasetMeta, toDomain } from '../engine/attack/model.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coverageOf } from '../engine/coverage/collect-cards.js';
import { coverageMatrix } from '../engine/coverage/matrix.js';
import { navigatorLayer } from '../engine/coverage/navigator-layer.js';
import { describeError, HuntCardError } from '../engine/errors.js';
import { formatCardDate } from '../engine/format/card-date.js';
import { regenerateAttackZone } from '../engine/refresh/attack-zone.js';
import { PULL_DATE_PREFIX } from '../engine/card/card-format.js';
import { LineIndex } from '../engine/card/line-index.js';
import { placeholderSpans } from '../engine/card/placeholders.js';
import { scaffoldCard } from '../engine/scaffold/scaffold.js';
import { techniqueChoices } from '../engine/scaffold/technique-choices.js';
import type { AnalysisCache } from './analysis.js';
import { lspEdit } from './code-actions.js';
import { commandParams } from './command-params.js';
import type { SettingsStore } from './settings.js';

export const COMMANDS = {
  scaffold: 'huntcard.scaffold',
  refresh: 'huntcard.refreshAttackZone',
  datasetInfo: 'huntcard.datasetInfo',
  reloadData: 'huntcard.reloadData',
  techniques: 'huntcard.techniques',
  coverage: 'huntcard.coverage',
  navigatorLayer: 'huntcard.navigatorLayer',
} as const;

/** Notification the server sends when it has loaded ATT&CK data, with what datasetInfo returns. */
export const DATASET_LOADED = 'huntcard/datasetLoaded';

/** Notification from the client: the user granted workspace trust. */
export const WORKSPACE_TRUSTED = 'huntcard/workspaceTrusted';

export function datasetInfo(catalog: Catalog): { datasets: Array<DatasetMeta & { label: string }>; notes: readonly string[] } {
  return { datasets: catalog.datasets.map((d) => ({ ...d.meta, label: d.label })), notes: catalog.notes };
}

interface Context {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  analyses: AnalysisCache;
  afterReload: () => void;
  /** Workspace folder URIs. */
  folders: () => string[];
}

/** workspace/executeCommand: the engine's actions for any LSP client. */
export async function executeCommand(ctx: Context, command: string, args: unknown[]): Promise<unknown> {
  try {
    switch (command) {
      case COMMANDS.scaffold: {
        const { id, author, date, uri } = commandParams(COMMANDS.scaffold, args);
        const { catalog } = await ctx.settings.forDocument(uri ?? '');
        const dataset = catalog.datasetFor(id.trim().toUpperCase()) ?? catalog.primary;
        const text = scaffoldCard(dataset, id, { ...(author ? { author } : {}), ...(date ? { date } : {}) });
        // Where the author starts typing: the first placeholder after the pull date (no re-parse of the card).
        const first = placeholderSpans(text, text.indexOf(PULL_DATE_PREFIX))[0];
        const lines = new LineIndex(text);
        return {
          id: id.trim().toUpperCase(),
          text,
          dataset: dataset.label,
          ...(first ? { placeholder: { start: lines.position(first.start), end: lines.position(first.end) } } : {}),
        };
      }
      case COMMANDS.coverage:
      case COMMANDS.navigatorLayer: {
        const { domain } = commandParams(command, args);
        const roots = ctx.folders().filter((f) => f.startsWith('file:')).map((f) => fileURLToPath(f));
        if (roots.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'Coverage needs an open folder: open the folder that holds your cards.');
        const { catalog } = await ctx.settings.forDocument(pathToFileURL(path.join(roots[0]!, 'card.md')).href);
        const { report } = await coverageOf(roots, catalog, toDomain(domain));
        if (command === COMMANDS.navigatorLayer) return navigatorLayer(report, { root: roots[0]!, generator: 'Hunt Card for VS Code' });
        return { dataset: report.dataset.label, cards: report.cards.length, matrix: coverageMatrix(report), findings: report.findings };
      }
      case COMMANDS.techniques: {
        const { domain, uri } = commandParams(COMMANDS.techniques, args);
        const { catalog } = await ctx.settings.forDocument(uri ?? '');
        const wanted = toDomain(domain);
        const dataset = domain ? catalog.datasets.find((d) => d.meta.domain === wanted) : catalog.primary;
        if (!dataset) throw new ResponseError(ErrorCodes.InvalidParams, `No ATT&CK data for ${domain} is loaded; enable it in huntcard.domains or run Update ATT&CK Data.`);
        return { dataset: dataset.label, domain: dataset.meta.domain, techniques: techniqueChoices(dataset) };
      }
      case COMMANDS.refresh: {
        const { uri } = commandParams(COMMANDS.refresh, args);
        const document = ctx.documents.get(uri);
        if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `huntcard.refreshAttackZone needs { uri } of an open document`);
        const { card, catalog } = await ctx.analyses.analyse(document);
        const z = regenerateAttackZone(card, catalog, formatCardDate(new Date()));
        const current = card.text.slice(0, z.zoneEnd);
        const sameApartFromDate = current.replace(/\*Last pulled from Mitre on: [^*]*\*/, '') === z.newZone.replace(/\*Last pulled from Mitre on: [^*]*\*/, '');
        if (sameApartFromDate) return { changed: false, dataset: z.dataset.label };
        const result = await ctx.connection.workspace.applyEdit({
          label: 'Refresh ATT&CK zone',
          edit: { changes: { [uri]: [lspEdit(card, { span: { start: 0, end: z.zoneEnd }, newText: z.newZone })] } },
        });
        return { changed: result.applied, dataset: z.dataset.label };
      }
      case COMMANDS.datasetInfo: {
        commandParams(command, args);
        const { catalog } = await ctx.settings.forDocument('');
        return datasetInfo(catalog);
      }
      case COMMANDS.reloadData: {
        commandParams(command, args);
        ctx.settings.reset();
        ctx.analyses.clear();
        ctx.afterReload();
        return { reloaded: true };
      }
      default:
        throw new ResponseError(ErrorCodes.MethodNotFound, `Unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    if (error instanceof HuntCardError) throw new ResponseError(ErrorCodes.InvalidParams, describeError(error));
    throw new ResponseError(ErrorCodes.InternalError, describeError(error));
  }
}
