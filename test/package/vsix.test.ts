// Issue 14: the extension is ready for the Marketplace and Open VSX: `vsce package`
// needs no --allow-* escape, and the .vsix holds only what a user needs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const VSCE = path.join(REPO, 'node_modules', '.bin', 'vsce');

describe('package: the .vsix for the Marketplace and Open VSX', function () {
  this.timeout(180_000);

  it('has the listing metadata: icon, repository, bugs, homepage, changelog, gallery banner', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.icon, 'client/media/icon.png');
    const icon = readFileSync(path.join(REPO, 'client', 'media', 'icon.png'));
    assert.ok(icon.subarray(1, 4).toString() === 'PNG' && icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'a PNG of at least 128x128');
    assert.match((manifest.repository as { url: string }).url, /^https:\/\/github\.com\//);
    assert.match((manifest.bugs as { url: string }).url, /^https:\/\//);
    assert.match(manifest.homepage as string, /^https:\/\//);
    assert.ok((manifest.galleryBanner as { color: string }).color);
    assert.match(readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8'), /^## 0\.1\.0/m);
    const scripts = manifest.scripts as Record<string, string>;
    assert.doesNotMatch(scripts.package!, /--allow-/, 'no escape flag');
  });

  it('vsce ls lists only what runs: bundles, snapshot, schema, grammar, snippets, rule pages, icons, listing files', async () => {
    const { stdout } = await run(VSCE, ['ls', '--no-dependencies'], { cwd: REPO });
    const files = stdout.trim().split('\n');
    const allowed =
      /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|client\/media\/(icon\.png|activitybar\.svg)|dist\/(client\/)?(chunks\/)?[\w.-]+\.(js|LEGAL\.txt)|dist\/client\/package\.json|dist\/schemas\/huntcard\.schema\.json|data\/attack\/.+|syntaxes\/[\w.-]+\.json|snippets\/[\w.-]+\.(json|code-snippets)|docs\/rules\/[\w-]+\.md)$/;
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
    );
    for (const needed of [
      'dist/client/extension.js',
      'dist/huntcard-language-server.js',
      'data/attack/NOTICE.md',
      'dist/schemas/huntcard.schema.json',
      'CHANGELOG.md',
      'client/media/icon.png',
      'client/media/activitybar.svg',
    ]) {
      assert.ok(files.includes(needed), needed);
    }
    assert.equal(files.filter((f) => f.endsWith('.map')).length, 0, 'no source maps');
  });

  it("vsce package succeeds without --allow-* flags, the README's images pointing at the repository", async () => {
    const out = path.join(tempDir(), 'hunt-card.vsix');
    const { stdout, stderr } = await run(VSCE, ['package', '--no-dependencies', '-o', out], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    assert.match(stdout, /Packaged: .*hunt-card\.vsix/);
    assert.doesNotMatch(`${stdout}\n${stderr}`, /WARNING/i);
    // The Marketplace page shows the README from the .vsix: relative images become repository URLs.
    const readme = (await run('unzip', ['-p', out, 'extension/readme.md'])).stdout;
    assert.match(readme, /!\[[^\]]*\]\(https:\/\/github\.com\/huntcard\/hunt-card\/raw\/HEAD\/docs\/images\/hover\.png\)/);
  });
});
