#!/usr/bin/env node
// Bundles the shipped entry points into dist/ with esbuild: one file each, so the
// CLI and the language server start without resolving hundreds of modules.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Start clean: chunk names carry content hashes, and stale ones would ship in the .vsix.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    huntcard: 'server/src/cli/bin.ts',
    'huntcard-language-server': 'server/src/lsp/bin.ts',
    'check-worker': 'server/src/cli/check-worker.ts',
    'parse-worker': 'server/src/lsp/parse-worker.ts',
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

// The VS Code client: CommonJS (what every VS Code since 1.91 loads), `vscode` provided by the host.
await build({
  absWorkingDir: root,
  entryPoints: { extension: 'client/src/extension.ts', update: 'client/src/update-entry.ts' },
  outdir: 'dist/client',
  bundle: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  format: 'cjs',
  target: 'node20',
  external: ['vscode', '*/update.js'],
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'import.meta.url': '__huntcardImportMetaUrl' },
  banner: { js: "const __huntcardImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
mkdirSync(path.join(root, 'dist', 'client'), { recursive: true });
writeFileSync(path.join(root, 'dist', 'client', 'package.json'), '{ "type": "commonjs" }\n');

// The JSON Schema of .huntcard.json, generated from the engine's zod schema (compiled to out/ first).
const { configJsonSchema } = await import('../out/server/src/engine/config/config-schema.js');
mkdirSync(path.join(root, 'dist', 'schemas'), { recursive: true });
writeFileSync(path.join(root, 'dist', 'schemas', 'huntcard.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
