import type { LanguageClient } from 'vscode-languageclient/node';
import type { CommandName, CommandParams, CommandResult, DatasetInfo } from '../../server/src/protocol.js';

export type { CoverageResult as CoverageData, DatasetInfo, MatrixCell, TechniqueChoice } from '../../server/src/protocol.js';

/** The server's commands, typed by the protocol module: the client's only way to the engine. */
export class ServerApi {
  constructor(private readonly client: LanguageClient) {}

  run<C extends CommandName>(command: C, params: CommandParams<C>): Promise<CommandResult<C>> {
    return this.client.sendRequest<CommandResult<C>>('workspace/executeCommand', { command, arguments: [params] });
  }

  datasetInfo(): Promise<DatasetInfo> {
    return this.run('huntcard.datasetInfo', {});
  }
}
