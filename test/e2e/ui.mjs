#!/usr/bin/env node
// The packaged extension in the real UI: installs hunt-card.vsix into a fresh code-server,
// opens the workspace in Chromium and checks what a hunter sees: squiggles, the Problems
// panel, a hover, the status bar, and New Hunt Card from the command palette. Screenshots
// go to out/e2e-screenshots/. Prints one "ok <step>" line per check; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startCodeServer } from './code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = process.env.HUNTCARD_SHARED ?? path.resolve(root, '..', 'shared');
const shots = path.join(root, 'out', 'e2e-screenshots');
const vsix = process.argv[2] ?? path.join(root, 'hunt-card.vsix');
mkdirSync(shots, { recursive: true });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'huntcard-ui-'));
const workspace = path.join(scratch, 'workspace');
mkdirSync(workspace);
copyFileSync(path.join(shared, 'cards', 'T1589.002.md'), path.join(workspace, 'T1589.002.md'));
writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\nNot a card.\n');

const step = (name) => process.stdout.write(`ok ${name}\n`);
/** A crop of the real UI for the README: docs/images/ holds copies of these (small PNGs, committed). */
async function docShot(page, name, clip) {
  mkdirSync(path.join(shots, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(shots, 'docs', `${name}.png`), clip });
}

let server;
let browser;
let failed = false;
try {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first.`);
  const size = statSync(vsix).size;
  if (size > 15 * 1024 * 1024) throw new Error(`${vsix} is ${(size / 1024 / 1024).toFixed(1)} MB, over the 15 MB budget.`);
  step(`vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);

  const extensionsDir = path.join(scratch, 'extensions');
  server = await startCodeServer({ folder: workspace, extensionsDir, env: { HUNTCARD_CACHE_DIR: path.join(scratch, 'cache') } });
  execFileSync(server.node24, [server.codeServer, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, HOME: path.join(scratch, 'home') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8').includes('huntcard.hunt-card')) throw new Error('the .vsix did not install');
  step('code-server --install-extension hunt-card.vsix');

  browser = await launchBrowser();
  const { page } = browser;
  await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForTimeout(1500);

  // Open the card with Quick Open: wait for its row before Enter.
  await page.keyboard.press('Control+P');
  await page.keyboard.type('T1589.002.md');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-line', { timeout: 20000 });
  await page.waitForSelector('.squiggly-error, .squiggly-warning, .squiggly-info', { timeout: 60000 });
  await page.screenshot({ path: path.join(shots, '1-squiggles.png') });
  step('squiggles on the card');

  await page.waitForSelector('.statusbar-item:has-text("ATT&CK v18.1")', { timeout: 30000 });
  step('status bar shows ATT&CK v18.1');

  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel');
  await problems
    .getByText(/dangling-analytic-ref/)
    .first()
    .waitFor({ timeout: 20000 });
  await page.screenshot({ path: path.join(shots, '2-problems.png') });
  step('Problems panel lists dangling-analytic-ref');
  await page.keyboard.press('Control+Shift+M');

  // Hover the title's technique ID (retry once: the first move can land before the hover service is ready).
  const title = page.locator('.monaco-editor .view-line').filter({ hasText: 'T1589.002 Email Addresses' }).first();
  const hover = page.locator('.monaco-hover:visible').filter({ hasText: 'Reconnaissance' });
  for (let attempt = 0; attempt < 3; attempt++) {
    const box = await title.boundingBox();
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    try {
      await hover.first().waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt === 2) throw error;
      await page.mouse.move(0, 0);
    }
  }
  await page.screenshot({ path: path.join(shots, '3-hover.png') });
  await docShot(page, 'hover', { x: 345, y: 40, width: 1055, height: 330 });
  step('hover shows the technique');
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');

  // New Hunt Card from the command palette, typing the ID into its QuickPick.
  await page.keyboard.press('F1');
  await page.keyboard.type('Hunt Card: New Hunt Card');
  await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("New Hunt Card")', { timeout: 20000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("T1001")', { timeout: 30000 });
  await page.keyboard.type('T1059.001');
  await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("PowerShell")', { timeout: 20000 });
  await page.screenshot({ path: path.join(shots, '4-new-hunt-card-picker.png') });
  await docShot(page, 'new-hunt-card', await page.locator('.quick-input-widget').boundingBox());
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tab:has-text("T1059.001.md")', { timeout: 20000 });
  const created = path.join(workspace, 'T1059.001.md');
  if (!existsSync(created) || !readFileSync(created, 'utf8').startsWith('# T1059.001 PowerShell\n')) throw new Error('New Hunt Card did not write T1059.001.md');
  if (!readFileSync(created, 'utf8').includes('**Author(s):** E2E Hunter')) throw new Error('the configured author is not on the card');
  await page.screenshot({ path: path.join(shots, '5-new-card.png') });
  step('New Hunt Card writes and opens T1059.001.md');

  // The coverage heatmap: a webview, whose page sits in nested frames.
  await page.keyboard.press('F1');
  await page.keyboard.type('Hunt Card: Show Coverage Heatmap');
  await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Show Coverage Heatmap")', { timeout: 20000 });
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 30000;
  let heatmapFrame;
  while (!heatmapFrame && Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('h2:has-text("Reconnaissance")')
          .count()
          .catch(() => 0)
      )
        heatmapFrame = frame;
    }
    if (!heatmapFrame) await page.waitForTimeout(250);
  }
  if (!heatmapFrame) throw new Error('the heatmap webview did not render the matrix');
  const coveredCells = await heatmapFrame.locator('.t.covered').count();
  if (coveredCells < 2) throw new Error(`the heatmap shows ${coveredCells} covered techniques; expected T1589.002 and T1059.001`);
  await page.screenshot({ path: path.join(shots, '6-heatmap.png') });
  await docShot(page, 'heatmap', { x: 345, y: 40, width: 1055, height: 520 });
  step(`heatmap renders the matrix with ${coveredCells} covered cells`);

  // The focused heatmap, in code-server's default light theme and then in a dark one: the page follows the theme.
  // Typed keys can land before the quick input has focus, so the text is set on its input box instead. The
  // highlight is then moved down to the row wanted: the palette ranks "Preferences: Browse Color Themes in
  // Marketplace" above "Preferences: Color Theme" in some code-server releases.
  const quickInput = page.locator('.quick-input-widget input.input');
  const focusedLabel = () =>
    page
      .locator('.quick-input-list .monaco-list-row.focused .label-name')
      .first()
      .textContent({ timeout: 2000 })
      .then((text) => text.trim())
      .catch(() => '');
  const choose = async (text, row, ready) => {
    await quickInput.waitFor({ state: 'visible', timeout: 20000 });
    if (ready) await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${ready}")`, { timeout: 30000 });
    await quickInput.fill(text);
    await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${row}")`, { timeout: 10000 });
    for (let moves = 0; !(await focusedLabel()).startsWith(row); moves++) {
      if (moves === 8) throw new Error(`the quick input never highlighted "${row}" (last: "${await focusedLabel()}")`);
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
  };
  // A palette or picker that did not come up as expected (a keystroke lost to a busy page) is closed and the command run again.
  const command = async (title, pick) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await page.keyboard.press('F1');
        await choose(`>${title}`, title);
        // The picker is open once a row only it has shows (the palette's rows linger a moment).
        if (pick) await choose(pick.type, pick.row, pick.ready);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
    }
  };
  await command('Hunt Card: Focus Coverage on Threat Actor…', { ready: 'campaign', type: 'Midnight Blizzard', row: 'APT29' });
  const focusedBackground = async () => {
    const until = Date.now() + 30000;
    for (;;) {
      for (const frame of page.frames()) {
        const summary = await frame
          .locator('.summary')
          .textContent({ timeout: 500 })
          .catch(() => '');
        if (summary?.startsWith('Focus: APT29 (G0016)')) {
          const gaps = await frame.locator('.t.gap').count();
          return { gaps, background: await frame.locator('body').evaluate((body) => body.ownerDocument.defaultView.getComputedStyle(body).backgroundColor) };
        }
      }
      if (Date.now() > until) throw new Error('the heatmap did not show the focus on APT29');
      await page.waitForTimeout(250);
    }
  };
  const light = await focusedBackground();
  if (light.gaps < 10) throw new Error(`the focused heatmap marks ${light.gaps} gaps`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, '8-heatmap-focused-light.png') });
  await docShot(page, 'heatmap-focused-light', { x: 345, y: 40, width: 1055, height: 520 });
  await command('Preferences: Color Theme', { ready: 'Light Modern', type: 'Dark Modern', row: 'Dark Modern' });
  await page.waitForTimeout(1500);
  const dark = await focusedBackground();
  if (light.background === dark.background) throw new Error(`the heatmap kept its background (${light.background}) in a dark theme`);
  await page.screenshot({ path: path.join(shots, '9-heatmap-focused-dark.png') });
  await docShot(page, 'heatmap-focused-dark', { x: 345, y: 40, width: 1055, height: 520 });
  step(`the heatmap focused on APT29 marks ${light.gaps} gap cells and follows the theme (${light.background} light, ${dark.background} dark)`);

  // The ATT&CK Coverage view, in its own container on the activity bar.
  await page.locator('.activitybar .action-item a[aria-label^="Hunt Card"]').click({ timeout: 20000 });
  // The container's only view: VS Code shows its rows under the container's title, with no header of its own.
  await page.locator('.monaco-list-row', { hasText: 'APT29 (G0016)' }).first().waitFor({ timeout: 20000 });
  await page.locator('.monaco-list-row', { hasText: 'Reconnaissance' }).first().waitFor({ timeout: 20000 });
  await page.screenshot({ path: path.join(shots, '7-coverage-view.png') });
  step('ATT&CK Coverage view, in the Hunt Card container, shows the focus');

  // Review ATT&CK Update: the reference card (pulled in 2022) against the data in use; Apply All goes through the refactor preview.
  await command('Hunt Card: Review ATT&CK Update');
  const reviewRow = page.locator('.monaco-list-row', { hasText: 'T1589.002 Email Addresses' }).first();
  await reviewRow.waitFor({ timeout: 30000 });
  await page.locator('.monaco-list-row', { hasText: 'ATT&CK zone changes' }).first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, '10-release-review.png') });
  await command('Hunt Card: Apply All…');
  const apply = page.locator('.monaco-button', { hasText: /^Apply$/ }).first();
  await apply.waitFor({ timeout: 30000 });
  // The refactor preview lists each card to tick (VS Code leaves edits that need confirmation unticked).
  const tick = page.locator('.part.panel .monaco-list-row', { hasText: 'T1589.002.md' }).locator('.monaco-checkbox, .monaco-custom-toggle, input[type=checkbox]').first();
  await tick.click({ timeout: 20000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, '11-refactor-preview.png') });
  await docShot(page, 'release-review', { x: 50, y: 455, width: 1350, height: 420 });
  await apply.click();
  await page.locator('.monaco-list-row', { hasText: 'T1589.002 Email Addresses' }).filter({ hasText: 'applied' }).first().waitFor({ timeout: 30000 });
  // VS Code saves the files a refactoring changed (files.refactoring.autoSave): the card on disk is migrated, its author zone kept.
  const tail = (text) => text.slice(text.indexOf('\n', text.indexOf('*Last pulled from Mitre on:')));
  const reference = readFileSync(path.join(shared, 'cards', 'T1589.002.md'), 'utf8');
  // The save is read once it is done: migrated, and the same on two reads a moment apart (VS Code writes in place).
  const onDisk = () => readFileSync(path.join(workspace, 'T1589.002.md'), 'utf8');
  let migrated = onDisk();
  for (const until = Date.now() + 30000; Date.now() < until;) {
    await page.waitForTimeout(500);
    const again = onDisk();
    if (again === migrated && again.includes('*Last pulled from Mitre on:') && !again.includes('on: 23 June 2022*')) break;
    migrated = again;
  }
  if (migrated.includes('on: 23 June 2022*')) throw new Error('Apply All did not migrate T1589.002.md');
  if (tail(migrated) !== tail(reference)) {
    const [a, b] = [tail(migrated), tail(reference)];
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    throw new Error(`Apply All changed T1589.002.md's author zone at ${at} of ${b.length}: ${JSON.stringify(a.slice(at, at + 80))} for ${JSON.stringify(b.slice(at, at + 80))}`);
  }
  step('Review ATT&CK Update lists the card; Apply All applies it through the refactor preview');
} catch (error) {
  failed = true;
  process.stderr.write(`ui test failed: ${error instanceof Error ? error.stack : error}\n`);
  await browser?.page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => undefined);
  if (server) process.stderr.write(`${server.output.slice(-20).join('\n')}\n`);
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(failed ? 1 : 0);
