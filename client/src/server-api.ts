import type { LanguageClient } from 'vscode-languageclient/node';

/** The server's workspace/executeCommand commands and their results, typed for the client. */
export interface DatasetInfo {
  datasets: Array<{ label: string; domain: string; version: string; source: string; modified: string }>;
  notes: string[];
}

export interface TechniqueChoice {
  id: string;
  name: string;
  fullName: string;
  tactics: string[];
  summary: string;
}

export interface ScaffoldResult {
  id: string;
  text: string;
  dataset: string;
  placeholder?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface MatrixCell {
  id: string;
  name: string;
  parentId?: string;
  maturity?: 1 | 2 | 3;
  cards: Array<{ file: string; maturity: 1 | 2 | 3; placeholders: number }>;
}

export interface CoverageData {
  dataset: string;
  cards: number;
  matrix: Array<{ tactic: { id: string; name: string; shortname: string }; techniques: MatrixCell[] }>;
  findings: Array<{ rule: string; severity: string; file: string; message: string }>;
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
