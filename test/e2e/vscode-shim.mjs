#!/usr/bin/env node
// A "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }):
// it maps --extensionDevelopmentPath= and --extensionTestsPath= onto code-server's
// smoke-test driver in Chromium, prints the suite's log and exits with its code.
// So the same suite runs here (no desktop VS Code can be downloaded) and, with a
// plain runTests, in a desktop VS Code (npm run test:electron).
import path from 'node:path';
import { format } from 'node:util';
import { launchBrowser, startCodeServer } from './code-server.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
};
const developmentPath = flag('extensionDevelopmentPath');
const testsPath = flag('extensionTestsPath');
const folder = args.find((a, i) => !a.startsWith('-') && !(args[i - 1] ?? '').match(/^--(extensionDevelopmentPath|extensionTestsPath|user-data-dir|extensions-dir)$/));
if (!developmentPath || !testsPath || !folder) {
  process.stderr.write('usage: vscode-shim.mjs <folder> --extensionDevelopmentPath=<dir> --extensionTestsPath=<suite index.js>\n');
  process.exit(2);
}

// Workbench chatter that says nothing about the suite (the closed network, reconnects).
const quiet = (text) =>
  !process.env.HUNTCARD_E2E_DEBUG && /open-vsx\.org|^\s+at |Creating a socket|connection token|reconnection-grace|AccountPolicyGate|AgentHost|Service Worker|builtin extensions cache/.test(text);
const timeoutMs = Number(process.env.HUNTCARD_E2E_TIMEOUT_MS ?? 600000);
const server = await startCodeServer({ folder: path.resolve(folder), smokeTestDriver: true, ...(process.env.HUNTCARD_E2E_DEBUG ? { log: console.error } : {}) });
const browser = await launchBrowser();
let code = 1;
try {
  const exited = new Promise((resolve) => {
    void browser.page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c)));
  });
  await browser.page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    // The suite's console output, printf-style, plus the workbench's own log lines.
    const text = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
    if (!quiet(text)) process.stdout.write(`${text}\n`);
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  // A folder, or a multi-root workspace (.code-workspace file).
  const open = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  await browser.page.goto(`${server.base}/?${open}=${encodeURIComponent(path.resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))]);
  if (code === 'timeout') {
    const shot = path.resolve('out', 'e2e-timeout.png');
    await browser.page.screenshot({ path: shot }).catch(() => undefined);
    process.stderr.write(`vscode-shim: the extension tests did not finish within ${timeoutMs / 1000} s (screenshot: ${shot}).\n${server.output.slice(-30).join('\n')}\n`);
    code = 1;
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(code);
