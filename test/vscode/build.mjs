// Bundles the extension-host suite into out/vscode-suite/ as CommonJS, the form VS Code's
// test runner loads; `vscode` comes from the host and mocha from node_modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUITE_DIR = path.join(root, 'out', 'vscode-suite');

export async function buildSuite() {
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'test/vscode/suite/index.ts', 'extension.test': 'test/vscode/suite/extension.test.ts' },
    outdir: SUITE_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  mkdirSync(SUITE_DIR, { recursive: true });
  writeFileSync(path.join(SUITE_DIR, 'package.json'), '{ "type": "commonjs" }\n');
  return path.join(SUITE_DIR, 'index.js');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildSuite());
