import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, latestRelease, releaseUrl } from '../../server/src/engine/attack/download/update-dataset.js';
import { huntcard } from '../helpers/cli.js';
import { loopbackServer } from '../helpers/http-server.js';
import { BUNDLES } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

describe('huntcard data update and data info (loopback server)', () => {
  const mobile = readFileSync(BUNDLES.mobile18);
  let server: Awaited<ReturnType<typeof loopbackServer>>;
  let mode: 'ok' | '500' | 'truncated' | 'not-stix' = 'ok';
  before(async () => {
    server = await loopbackServer((req, res) => {
      if (req.url === '/index.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            collections: [
              { name: 'Mobile ATT&CK', versions: ['9.0', '18.1', '10.1'].map((v) => ({ version: v, url: `https://x/mobile-attack/mobile-attack-${v}.json` })) },
              { name: 'Enterprise ATT&CK', versions: [{ version: '19.0', url: 'https://x/enterprise-attack/enterprise-attack-19.0.json' }] },
            ],
          }),
        );
      }
      if (req.url !== '/mobile-attack/mobile-attack-18.1.json') {
        res.writeHead(404);
        return res.end();
      }
      if (mode === '500') {
        res.writeHead(500);
        return res.end('oops');
      }
      if (mode === 'not-stix') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"hello": "world"}');
      }
      if (req.headers['if-none-match'] === '"m18"') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"m18"', 'content-length': mobile.length });
      if (mode === 'truncated') {
        res.write(mobile.subarray(0, 1000));
        return res.destroy();
      }
      return res.end(mobile);
    });
  });
  after(() => server.close());

  const cache = tempDir();
  const update = (...extra: string[]) =>
    huntcard(['data', 'update', '--domain', 'mobile', '--url', server.url('/mobile-attack/mobile-attack-18.1.json'), '--cache-dir', cache, '--retries', '0', ...extra]);

  it('downloads, validates and caches a bundle, then data info and new use it', async () => {
    const r = await update();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Updated mobile-attack to ATT&CK v18\.1/);
    assert.match(r.stderr, /downloading: .* of .* MB \(100%\)/);
    assert.ok(existsSync(path.join(cache, 'mobile-attack', 'index.json')));
    const record = JSON.parse(readFileSync(path.join(cache, 'mobile-attack', 'download.json'), 'utf8'));
    assert.equal(record.etag, '"m18"');

    const info = await huntcard(['data', 'info', '--domain', 'mobile', '--cache-dir', cache]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /version: +18\.1/);
    assert.match(info.stdout, new RegExp(`source: +${server.url('/mobile-attack/mobile-attack-18.1.json').replace(/[.]/g, '\\.')}`));
  });

  it('asks conditionally the second time and keeps the cache on 304', async () => {
    const r = await update();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /already current/);
    assert.equal(server.requests.at(-1)?.headers['if-none-match'], '"m18"');
  });

  it('a failed download (HTTP 500, cut-off body, not STIX) says why and keeps the data in use', async () => {
    const before = readFileSync(path.join(cache, 'mobile-attack', 'index.json'));
    writeFileSync(path.join(cache, 'mobile-attack', 'download.json'), '{}'); // force an unconditional request
    for (const [m, message] of [
      ['500', /HTTP 500/],
      ['truncated', /cut (short|off)/],
      ['not-stix', /not a STIX bundle|bundle/i],
    ] as const) {
      mode = m;
      const r = await update();
      assert.equal(r.code, 2, `${m}: ${r.stdout}`);
      assert.match(r.stderr, message, m);
      assert.deepEqual(readFileSync(path.join(cache, 'mobile-attack', 'index.json')), before, `${m} must not touch the cache`);
    }
    mode = 'ok';
    const info = await huntcard(['data', 'info', '--domain', 'mobile', '--cache-dir', cache]);
    assert.match(info.stdout, /version: +18\.1/);
  });

  it('keeps the replaced data as .previous and falls back to it when the current copy is corrupt', async () => {
    const r = await update();
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(cache, 'mobile-attack.previous', 'index.json')));
    writeFileSync(path.join(cache, 'mobile-attack', 'index.json'), '{ not json');
    const info = await huntcard(['data', 'info', '--domain', 'mobile', '--cache-dir', cache]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stderr, /Skipped the cached mobile-attack data .*corrupt/);
    // The previous download, not the embedded snapshot (which is 18.1 too): its source is the URL.
    assert.match(info.stdout, new RegExp(`source: +${server.url('/mobile-attack/mobile-attack-18.1.json').replace(/[.]/g, '\\.')}`));
  });

  it('rejects a bundle of another domain', async () => {
    const r = await huntcard(['data', 'update', '--domain', 'enterprise', '--url', server.url('/mobile-attack/mobile-attack-18.1.json'), '--cache-dir', cache, '--retries', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds mobile-attack data, not enterprise-attack/);
    assert.ok(!existsSync(path.join(cache, 'enterprise-attack')));
  });

  it('finds the newest release in the collection index', async () => {
    assert.equal(await latestRelease('mobile-attack', server.url('/index.json')), '18.1');
    assert.equal(await latestRelease('enterprise-attack', server.url('/index.json')), '19.0');
    await assert.rejects(latestRelease('ics-attack', server.url('/index.json')), /lists no release of ics-attack/);
    assert.ok(compareVersions('9.0', '10.1') < 0);
    assert.equal(releaseUrl('ics-attack', '18.1'), 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/ics-attack/ics-attack-18.1.json');
  });
});
