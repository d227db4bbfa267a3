#!/usr/bin/env node
// Runs the extension-host suite (test/vscode/suite) with @vscode/test-electron's runTests:
// here through code-server (vscode-shim.mjs), or with --electron in a downloaded desktop
// VS Code (npm run test:electron, where update.code.visualstudio.com is reachable).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from '../vscode/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = process.env.HUNTCARD_SHARED ?? path.resolve(root, '..', 'shared');
const electron = process.argv.includes('--electron');
/** Where the suite records what a hunter waits for in a fresh window (read by the e2e test and npm run bench). */
export const METRICS = path.join(root, 'out', 'e2e-metrics.json');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'huntcard-ext-tests-'));
// A multi-root workspace: the first folder holds the reference card and plain notes; the second
// a card of its own and folder settings that turn the placeholder rule off there only.
const workspace = path.join(scratch, 'workspace');
const second = path.join(scratch, 'second');
mkdirSync(workspace);
mkdirSync(path.join(second, '.vscode'), { recursive: true });
copyFileSync(path.join(shared, 'cards', 'T1589.002.md'), path.join(workspace, 'T1589.002.md'));
writeFileSync(path.join(workspace, 'notes.md'), '# Meeting notes\n\nWe talked about T1059 and G0016 but this is not a card.\n');
writeFileSync(
  path.join(second, 'T1003.md'),
  readFileSync(path.join(shared, 'cards', 'T1589.002.md'), 'utf8')
    .replace('# T1589.002 Email Addresses', '# T1003 OS Credential Dumping')
    .replace('attack.mitre.org/techniques/T1589/002', 'attack.mitre.org/techniques/T1003'),
);
writeFileSync(path.join(second, '.vscode', 'settings.json'), JSON.stringify({ 'huntcard.rules': { placeholder: 'off' } }));
const workspaceFile = path.join(scratch, 'suite.code-workspace');
writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: workspace }, { path: second }] }));

let code = 1;
try {
  code = await runTests({
    ...(electron ? {} : { vscodeExecutablePath: path.join(root, 'test', 'e2e', 'vscode-shim.mjs') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: await buildSuite(),
    launchArgs: [workspaceFile, '--disable-extensions'],
    extensionTestsEnv: { HUNTCARD_SHARED: shared, HUNTCARD_CACHE_DIR: path.join(scratch, 'cache'), HUNTCARD_E2E_METRICS: METRICS },
  });
} catch (error) {
  process.stderr.write(`extension tests failed: ${error instanceof Error ? error.message : error}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(code);
