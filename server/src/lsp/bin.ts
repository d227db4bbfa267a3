#!/usr/bin/env node
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

// createConnection picks the transport from the command line: --stdio, --node-ipc or --socket=<port>.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('huntcard-language-server: pass --stdio (any LSP editor) or --node-ipc (VS Code).\n');
  process.exit(2);
}
process.on('uncaughtException', (error) => process.stderr.write(`huntcard-language-server: uncaught ${error.stack ?? error}\n`));
process.on('unhandledRejection', (error) => process.stderr.write(`huntcard-language-server: unhandled ${(error as Error)?.stack ?? error}\n`));
startServer(createConnection(ProposedFeatures.all));
