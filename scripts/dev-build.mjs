#!/usr/bin/env node
// postinstall: in a checkout (sources and dev dependencies present), `npm ci` and
// `npm install` build everything (`npm run build`). Installed as a package (by
// pre-commit's `npm install -g`), there is nothing to build: the bundles came with
// it. A postinstall rather than a prepare, so `npm pack` prints only the tarball's
// name, which pre-commit reads.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checkout = existsSync(path.join(root, 'server', 'src')) && existsSync(path.join(root, 'node_modules', 'typescript7'));
if (checkout) execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
