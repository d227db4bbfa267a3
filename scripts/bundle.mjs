#!/usr/bin/env node
// Bundles the shipped entry points into dist/ with esbuild: one file each, so the
// CLI and the language server start without resolving hundreds of modules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: {
    huntcard: 'server/src/cli/bin.ts',
    'huntcard-language-server': 'server/src/lsp/bin.ts',
    'check-worker': 'server/src/cli/check-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  // Prefer ESM builds: jsonc-parser's UMD build requires its own files at run time.
  mainFields: ['module', 'main'],
  format: 'esm',
  // Code only some runs need (raw bundles, downloads, config) goes in chunks loaded on demand.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies (vscode-languageserver) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __huntcardCreateRequire } from 'node:module'; const require = __huntcardCreateRequire(import.meta.url);" },
});
