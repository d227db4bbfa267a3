// Starts code-server (VS Code in the browser, Node 24) and Debian Chromium through
// playwright-core, as ../shared/vscode-e2e-recipe.md describes. Each run gets fresh
// profiles; code-server runs in its own process group, killed whole at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { setupE2E } from '../../scripts/e2e-setup.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'huntcard.autoCheckForUpdates': false,
  'huntcard.author': 'E2E Hunter',
};

/**
 * @param {{ folder: string, env?: Record<string,string>, smokeTestDriver?: boolean, extensionsDir?: string, log?: (line: string) => void }} options
 */
export async function startCodeServer(options) {
  const { node24, codeServer } = setupE2E();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'huntcard-e2e-'));
  const home = path.join(scratch, 'home');
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(home, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const config = path.join(scratch, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const port = await freePort();
  const args = [
    codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--config',
    config,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.folder,
  ];
  const child = spawn(node24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), ...options.env },
  });
  const output = [];
  const collect = (d) => {
    for (const line of d.toString().split('\n'))
      if (line.trim()) {
        output.push(line);
        options.log?.(`[code-server] ${line}`);
      }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForHealth(base, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, base, extensionsDir, output, stop, node24, codeServer };
}

async function waitForHealth(base, child, output) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output.join('\n')}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${base}/healthz within 60 s:\n${output.join('\n')}`);
}

export async function launchBrowser() {
  const { chromium: executablePath } = setupE2E();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'huntcard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, HOME: profile },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
