import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { downloadBundle, downloadText } from '../../server/src/engine/attack/download/download.js';
import { loadCatalog } from '../../server/src/engine/attack/choose/load-catalog.js';
import { DatasetError } from '../../server/src/engine/errors.js';
import { loopbackServer } from '../helpers/http-server.js';
import { BUNDLES } from '../helpers/paths.js';

describe('download: --dataset <url> over a loopback server', () => {
  const mobile = readFileSync(BUNDLES.mobile18);
  let server: Awaited<ReturnType<typeof loopbackServer>>;
  let flaky = 0;
  before(async () => {
    server = await loopbackServer((req, res) => {
      const gzip = /gzip/.test(String(req.headers['accept-encoding']));
      switch (req.url) {
        case '/mobile-attack-18.1.json':
          res.writeHead(200, { 'content-type': 'application/json', etag: '"v18.1"' });
          return res.end(mobile);
        case '/gzip/mobile-attack.json':
          assert.ok(gzip, 'client must ask for gzip');
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          return res.end(gzipSync(mobile));
        case '/flaky.json':
          if (flaky++ < 2) {
            res.writeHead(503);
            return res.end('busy');
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(mobile);
        case '/conditional.json':
          if (req.headers['if-none-match'] === '"v18.1"') {
            res.writeHead(304);
            return res.end();
          }
          res.writeHead(200, { etag: '"v18.1"' });
          return res.end(mobile);
        case '/always-304.json':
          res.writeHead(304);
          return res.end();
        case '/portal.html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html>login</html>');
        default:
          res.writeHead(404);
          return res.end('not found');
      }
    });
  });
  after(() => server.close());

  it('loads a bundle by URL and takes the version from its name', async () => {
    const catalog = await loadCatalog({ dataset: server.url('/mobile-attack-18.1.json') });
    assert.equal(catalog.primary.meta.version, '18.1');
    assert.equal(catalog.primary.meta.domain, 'mobile-attack');
    assert.equal(catalog.primary.meta.source, server.url('/mobile-attack-18.1.json'));
  });

  it('accepts a gzip-encoded body and reports progress', async () => {
    const seen: number[] = [];
    const result = await downloadBundle(server.url('/gzip/mobile-attack.json'), { onProgress: (n) => seen.push(n) });
    assert.equal(result.status, 'downloaded');
    assert.equal(result.status === 'downloaded' && result.body.length, mobile.toString('utf8').length);
    assert.ok(seen.length > 0 && seen.at(-1)! < mobile.length, 'progress counts compressed bytes');
  });

  it('retries 503 with backoff', async () => {
    const result = await downloadBundle(server.url('/flaky.json'), { backoffMs: 10 });
    assert.equal(result.status, 'downloaded');
    assert.equal(flaky, 3);
  });

  it('refuses a 304 to a request that named no cached copy', async () => {
    await assert.rejects(downloadText(server.url('/always-304.json'), { retries: 0 }), /answered "not modified" to a request that named no cached copy/);
  });

  it('sends If-None-Match and reports 304 as not modified', async () => {
    assert.deepEqual(await downloadBundle(server.url('/conditional.json'), { etag: '"v18.1"' }), { status: 'not-modified' });
  });

  it('says what went wrong for 404, HTML and refused connections', async () => {
    await assert.rejects(downloadBundle(server.url('/missing.json'), { retries: 0 }), (e: unknown) => e instanceof DatasetError && /HTTP 404/.test(e.message));
    await assert.rejects(downloadBundle(server.url('/portal.html')), /returned text\/html, not a JSON bundle/);
    await assert.rejects(downloadBundle('http://127.0.0.1:9/x.json', { retries: 0 }), /connection was refused/);
  });
});
