import type { CollectionFinding } from '../../server/src/engine/coverage/collection.js';
import type { MatrixColumn } from '../../server/src/engine/coverage/matrix.js';
import type { TechniqueChoice } from '../../server/src/engine/scaffold/technique-choices.js';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The server's workspace/executeCommand commands and their results, typed for the client. */
export interface DatasetInfo {
  datasets: Array<{ label: string; domain: string; version: string; source: string; modified: string }>;
  notes: string[];
}

export type { TechniqueChoice } from '../../server/src/engine/scaffold/technique-choices.js';

export interface ScaffoldResult {
  id: string;
  text: string;
  dataset: string;
  placeholder?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export type { MatrixCell } from '../../server/src/engine/coverage/matrix.js';

export interface CoverageData {
  dataset: string;
  cards: number;
  matrix: MatrixColumn[];
  findings: CollectionFinding[];
}

export class ServerApi {
  constructor(private readonly client: LanguageClient) {}

  private run<T>(command: string, arg: object = {}): Promise<T> {
    return this.client.sendRequest<T>('workspace/executeCommand', { command, arguments: [arg] });
  }

  datasetInfo(): Promise<DatasetInfo> {
    return this.run('huntcard.datasetInfo');
  }

  techniques(domain?: string, uri?: string): Promise<{ dataset: string; domain: string; techniques: TechniqueChoice[] }> {
    return this.run('huntcard.techniques', { ...(domain ? { domain } : {}), ...(uri ? { uri } : {}) });
  }

  scaffold(id: string, author: string | undefined, uri: string): Promise<ScaffoldResult> {
    return this.run('huntcard.scaffold', { id, uri, ...(author ? { author } : {}) });
  }

  refresh(uri: string): Promise<{ changed: boolean; dataset: string }> {
    return this.run('huntcard.refreshAttackZone', { uri });
  }

  coverage(): Promise<CoverageData> {
    return this.run('huntcard.coverage');
  }

  navigatorLayer(): Promise<Record<string, unknown>> {
    return this.run('huntcard.navigatorLayer');
  }

  reloadData(): Promise<unknown> {
    return this.run('huntcard.reloadData');
  }
}
