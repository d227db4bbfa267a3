import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { installProcessGuards } from '../process-guards.js';
import { startServer } from './server.js';

// createConnection picks the transport from the command line: --stdio, --node-ipc or --socket=<port>.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('huntcard-language-server: pass --stdio (any LSP editor) or --node-ipc (VS Code).\n');
  process.exit(2);
}
// The editor went away (its end of stdout closed): nothing is listening, so stop.
installProcessGuards('huntcard-language-server', { onOutputClosed: () => process.exit(0), survivesRejections: true });
startServer(createConnection(ProposedFeatures.all));
