// Issue 14: the CLI and the language server as an npm package. The test packs it
// as a release would, installs the tarball into an empty prefix as a user would
// (`npm install -g --prefix`), and runs both bins from a folder outside the repo.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { filledCard } from '../helpers/cards.js';
import { startClient } from '../helpers/lsp-client.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

describe('package: huntcard on npm, installed into an empty prefix', function () {
  this.timeout(180_000);
  const packed = tempDir();
  const prefix = tempDir();
  const work = tempDir();
  let tarball = '';
  // Nothing from the repo or the test run may leak in: no embedded-data override, an empty cache.
  const env = { ...process.env, HUNTCARD_EMBEDDED_DIR: '', HUNTCARD_CACHE_DIR: path.join(work, '.cache'), PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
  const bin = (name: string) => path.join(prefix, 'bin', name);
  const huntcard = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(bin('huntcard'), args, { cwd: work, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  before(async () => {
    tarball = (await run(process.execPath, [path.join(REPO, 'scripts', 'pack-cli.mjs'), '--out', packed], { cwd: REPO })).stdout.trim();
    await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: work, env });
  });

  it('holds the bundles, the snapshot with its notice and nothing else, with no dependencies', async () => {
    const files = (await run('tar', ['-tzf', tarball])).stdout.trim().split('\n');
    assert.ok(files.includes('package/dist/huntcard.js'));
    assert.ok(files.includes('package/dist/huntcard-language-server.js'));
    assert.ok(files.includes('package/dist/check-worker.js'));
    assert.ok(files.includes('package/dist/parse-worker.js'));
    assert.ok(files.includes('package/data/attack/NOTICE.md'));
    assert.ok(files.includes('package/dist/schemas/huntcard.schema.json'), 'the .huntcard.json schema `init` points $schema at');
    assert.ok(files.includes('package/README.md') && files.includes('package/LICENSE'));
    assert.deepEqual(
      files.filter(
        (f) => !/^package\/(dist\/(chunks\/)?[\w.-]+\.(js|LEGAL\.txt)|dist\/schemas\/huntcard\.schema\.json|data\/attack\/.+|docs\/rules\/[\w-]+\.md|README\.md|LICENSE|package\.json)$/.test(f),
      ),
      [],
      'only what runs ships: no sources, maps, client or tests',
    );
    const installed = path.join(prefix, 'lib', 'node_modules', 'huntcard');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.engines, { node: '>=20.18.1' });
    assert.equal(existsSync(path.join(installed, 'node_modules')), false, 'nothing else was installed');
    assert.match(readFileSync(path.join(installed, 'README.md'), 'utf8'), /registered trademark of The MITRE/);
  });

  it('huntcard new, check and data info work outside the repo on the snapshot it carries', async () => {
    const info = await huntcard(['data', 'info', '--json']);
    assert.equal(info.code, 0, info.stderr);
    // The installed package is the only place data can come from: no cache, no override, no repo above /tmp.
    assert.match(info.stdout, /"version": "18\.1",\n\s*"source": "embedded"/);

    const made = await huntcard(['new', 'T1059.001', '--author', 'R. Analyst', '--date', '12 March 2026', '-o', 'T1059.001.md']);
    assert.equal(made.code, 0, made.stderr);
    assert.match(readFileSync(path.join(work, 'T1059.001.md'), 'utf8'), /^# T1059\.001 PowerShell$/m);
    const scaffold = await huntcard(['check', 'T1059.001.md']);
    assert.match(scaffold.stdout, /T1059\.001\.md:\d+:\d+ \w+ placeholder /, 'a fresh scaffold still has its placeholders');

    const sarif = await huntcard(['check', 'T1059.001.md', '--format', 'sarif']);
    const rules = (JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ help: { markdown: string }; helpUri: string }> } } }> }).runs[0]!.tool.driver.rules;
    assert.ok(
      rules.every((r) => r.help.markdown.length > 100 && r.helpUri.startsWith('https://')),
      'rule pages ship with the package',
    );
    const listed = await huntcard(['rules']);
    assert.equal(listed.code, 0, listed.stderr);

    writeFileSync(path.join(work, 'filled.md'), filledCard('T1003.001'));
    const filled = await huntcard(['check', 'filled.md', '--format', 'json']);
    assert.equal(filled.code, 0, filled.stderr);
    assert.deepEqual(JSON.parse(filled.stdout), { diagnostics: [] });
  });

  it('huntcard-language-server --stdio initializes and publishes diagnostics', async () => {
    const client = await startClient({ server: bin('huntcard-language-server'), env, workspace: work });
    try {
      const card = await huntcard(['new', 'T1110.003', '--author', 'R. Analyst']);
      assert.equal(card.code, 0, card.stderr);
      const uri = pathToFileURL(path.join(work, 'T1110.003.md')).href;
      const published = client.diagnostics(uri);
      await client.open(uri, card.stdout);
      const { diagnostics } = await published;
      assert.ok(
        diagnostics.some((d) => d.code === 'placeholder'),
        JSON.stringify(diagnostics.map((d) => d.code)),
      );
    } finally {
      await client.close();
    }
  });
});
