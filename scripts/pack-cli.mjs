#!/usr/bin/env node
// Packs the CLI and the language server as the npm package `huntcard`: the esbuild
// bundles (every dependency inside them, so the package has none at run time), the
// embedded ATT&CK snapshot with its notice, the rule pages, the licence and a README.
// Usage: node scripts/pack-cli.mjs [--out <dir>]   (run after `npm run build`)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const out = path.resolve(outFlag > 0 ? process.argv[outFlag + 1] : root);
// A stage of its own per run: two packs at once (tests run in parallel) never share one.
mkdirSync(path.join(root, '.cache', 'pack'), { recursive: true });
const stage = path.join(mkdtempSync(path.join(root, '.cache', 'pack', 'run-')), 'huntcard');

for (const needed of ['dist/schemas/huntcard.schema.json', 'dist/huntcard.js', 'dist/huntcard-language-server.js', 'dist/check-worker.js', 'dist/parse-worker.js', 'data/attack/NOTICE.md']) {
  if (!existsSync(path.join(root, needed))) {
    console.error(`pack-cli: ${needed} is missing; run \`npm run build\` first.`);
    process.exit(2);
  }
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'dist'), { recursive: true });
// Only what runs: the bundles and their chunks (source maps stay behind; the client is the extension's).
const shipped = (name) => name.endsWith('.js') || name.endsWith('.LEGAL.txt');
for (const name of readdirSync(path.join(root, 'dist')).filter(shipped)) cpSync(path.join(root, 'dist', name), path.join(stage, 'dist', name));
mkdirSync(path.join(stage, 'dist', 'chunks'));
for (const name of readdirSync(path.join(root, 'dist', 'chunks')).filter(shipped)) cpSync(path.join(root, 'dist', 'chunks', name), path.join(stage, 'dist', 'chunks', name));
cpSync(path.join(root, 'dist', 'schemas'), path.join(stage, 'dist', 'schemas'), { recursive: true });
cpSync(path.join(root, 'data', 'attack'), path.join(stage, 'data', 'attack'), { recursive: true });
// Rule pages: SARIF carries them as help text, and `huntcard rules` links them.
cpSync(path.join(root, 'docs', 'rules'), path.join(stage, 'docs', 'rules'), { recursive: true });
cpSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
cpSync(path.join(root, 'docs', 'packages', 'npm-readme.md'), path.join(stage, 'README.md'));

const project = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const manifest = {
  name: 'huntcard',
  version: project.version,
  description: 'Scaffold, check, refresh and measure coverage of MITRE ATT&CK hunt cards; the Hunt Card language server',
  license: project.license,
  homepage: project.homepage,
  repository: project.repository,
  bugs: project.bugs,
  keywords: project.keywords,
  type: 'module',
  bin: { huntcard: 'dist/huntcard.js', 'huntcard-language-server': 'dist/huntcard-language-server.js' },
  // The bundles target Node 20 and use undici, which needs 20.18.1.
  engines: { node: project.engines.node },
  files: ['dist/', 'data/', 'docs/rules/', 'LICENSE', 'README.md'],
};
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

mkdirSync(out, { recursive: true });
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }));
rmSync(path.dirname(stage), { recursive: true, force: true });
console.log(path.join(out, packed[0].filename));
