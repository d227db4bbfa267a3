import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { type CliResult, huntcard } from '../helpers/cli.js';
import { loopbackServer } from '../helpers/http-server.js';
import { BUNDLES, REPO } from '../helpers/paths.js';
import { loopbackProxy } from '../helpers/proxy.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * Every way a download can fail, injected by a real HTTP server on 127.0.0.1:
 * `huntcard data update` must say what went wrong, exit 2, and leave the data
 * in use (a good cached Mobile 18.1) exactly as it was.
 */
describe('reliability: dataset download faults (loopback server)', function () {
  this.timeout(60000);
  const mobile = readFileSync(BUNDLES.mobile18);
  const cache = tempDir();
  const index = path.join(cache, 'mobile-attack', 'index.json');
  let server: Awaited<ReturnType<typeof loopbackServer>>;
  let hits = new Map<string, number>();

  before(async () => {
    server = await loopbackServer((req, res) => {
      const url = req.url ?? '';
      hits.set(url, (hits.get(url) ?? 0) + 1);
      const json = { 'content-type': 'application/json' };
      switch (url) {
        case '/good/mobile-attack-18.1.json':
          if (req.headers['if-none-match'] === '"good"') return res.writeHead(304).end();
          return res.writeHead(200, { ...json, etag: '"good"' }).end(mobile);
        case '/gzip/mobile-attack-18.1.json':
          return res.writeHead(200, { ...json, 'content-encoding': 'gzip' }).end(gzipSync(mobile));
        case '/no-headers.json':
          return; // never answers
        case '/stall.json':
          res.writeHead(200, { ...json, 'content-length': mobile.length });
          return res.write(mobile.subarray(0, 4096)); // then silence
        case '/truncated.json':
          res.writeHead(200, { ...json, 'content-length': mobile.length });
          res.write(mobile.subarray(0, 4096));
          return res.socket?.destroy();
        case '/404.json':
          return res.writeHead(404).end('not here');
        case '/500.json':
          return res.writeHead(500).end('broken');
        case '/503.json':
          return res.writeHead(503, { 'retry-after': '0' }).end('busy');
        case '/loop.json':
          return res.writeHead(302, { location: '/loop.json' }).end();
        case '/html.json':
          return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
        case '/not-json.json':
          return res.writeHead(200, json).end('this is { not json');
        case '/not-stix.json':
          return res.writeHead(200, json).end('{"hello": ["world"]}');
        case '/no-techniques.json':
          return res.writeHead(200, json).end('{"type": "bundle", "id": "bundle--0c1b8b4b-4b1b-4b1b-8b1b-4b1b4b1b4b1b", "objects": []}');
        case '/huge-declared.json':
          return res.writeHead(200, { ...json, 'content-length': String(2 * 1024 ** 3) }).end();
        case '/trickle.json': {
          // A byte every 300 ms: each chunk resets an idle timer, so only a minimum rate ends it.
          res.writeHead(200, { ...json, 'content-length': mobile.length });
          let at = 0;
          const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(mobile.subarray(at, ++at))), 300);
          res.on('close', () => clearInterval(timer));
          return;
        }
        case '/gzip-bomb.json':
          return res.writeHead(200, { ...json, 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
        case '/deflate-bomb.json':
          return res.writeHead(200, { ...json, 'content-encoding': 'deflate' }).end(deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
        case '/huge-streamed.json': {
          res.writeHead(200, json); // chunked, no length: the cap must stop it
          const chunk = Buffer.alloc(256 * 1024, 0x20);
          const pump = () => {
            while (res.write(chunk)) if (res.destroyed) return;
            res.once('drain', pump);
          };
          res.on('close', () => res.removeAllListeners('drain'));
          return pump();
        }
        default:
          return res.writeHead(404).end();
      }
    });
    const first = await update('/good/mobile-attack-18.1.json');
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => server.close());
  beforeEach(() => (hits = new Map()));

  function update(urlPath: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const url = urlPath.startsWith('http') ? urlPath : server.url(urlPath);
    return huntcard(['data', 'update', '--domain', 'mobile', '--url', url, '--cache-dir', cache, '--timeout', '1', '--retries', '0', ...extra], { env });
  }

  async function failsAndKeeps(result: CliResult, message: RegExp): Promise<void> {
    assert.equal(result.code, 2, `exit code: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/, 'a message, not a stack trace');
    const info = await huntcard(['data', 'info', '--domain', 'mobile', '--cache-dir', cache, '--json']);
    const datasets = JSON.parse(info.stdout).datasets as Array<{ version: string; source: string }>;
    assert.deepEqual(
      datasets.map((d) => [d.version, d.source]),
      [['18.1', server.url('/good/mobile-attack-18.1.json')]],
      'the previous data is still in use',
    );
  }

  const cachedIndex = () => readFileSync(index);
  const unchanged = (snapshot: Buffer) => assert.deepEqual(readFileSync(index), snapshot, 'the cached index is byte-identical');

  const cases: Array<[string, string, RegExp, string[]?]> = [
    ['timeout before headers', '/no-headers.json', /timed out waiting for the server/],
    ['a stall mid-body', '/stall.json', /stalled after \d+ of \d+ bytes/],
    ['a truncated body', '/truncated.json', /cut (short|off)/],
    ['HTTP 404', '/404.json', /HTTP 404.*\n.*Check the URL/],
    ['HTTP 500', '/500.json', /HTTP 500/],
    ['a redirect loop', '/loop.json', /redirect/i],
    ['a wrong content type', '/html.json', /returned text\/html, not a JSON bundle/],
    ['not JSON', '/not-json.json', /is not JSON at line 1, column \d+/],
    ['JSON but not STIX', '/not-stix.json', /JSON but not a STIX bundle/],
    ['STIX without techniques', '/no-techniques.json', /no techniques|no ATT&CK techniques/i],
    ['a 2 GB declared body', '/huge-declared.json', /larger than the 512 MB limit/],
    ['an endless body past the size cap', '/huge-streamed.json', /larger than the 2 MB limit/, ['--max-size', '2']],
    ['a body trickling a byte at a time', '/trickle.json', /stalled after \d+ of \d+ bytes \(\d+ bytes in the last 1 s\)/],
    ['a gzip body that decompresses past the size cap', '/gzip-bomb.json', /larger than the 2 MB limit/, ['--max-size', '2']],
    ['a deflate body that decompresses past the size cap', '/deflate-bomb.json', /larger than the 2 MB limit/, ['--max-size', '2']],
  ];
  for (const [name, url, message, extra] of cases) {
    it(`${name}: a clear message, the cache untouched`, async () => {
      const snapshot = cachedIndex();
      await failsAndKeeps(await update(url, extra), message);
      unchanged(snapshot);
    });
  }

  it("a gzip body from an HTTP/1.0 server that closes the connection (as Python's http.server does) downloads", async () => {
    const body = gzipSync(mobile);
    const raw = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write(`HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`);
        socket.end(body);
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const result = await update(`http://127.0.0.1:${(raw.address() as net.AddressInfo).port}/mobile-attack-18.1.json`);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Updated mobile-attack to ATT&CK v18\.1/);
      assert.doesNotMatch(result.stderr, /AssertionError|\n\s+at /);
    } finally {
      raw.close();
    }
  });

  it('numbers are checked: --retries 1e9, --timeout 0.001, --max-size 600 and --proxy notaurl are refused, nothing downloaded', async () => {
    for (const [flag, value, message] of [
      ['--retries', '1e9', /--retries needs a whole number from 0 to 10/],
      ['--timeout', '0.001', /--timeout needs a number from 0\.1 to 3600/],
      ['--max-size', '600', /--max-size needs a number from 1 to 511/],
      ['--proxy', 'notaurl', /give the proxy as a URL/],
    ] as const) {
      const r = await huntcard(['data', 'update', '--domain', 'mobile', '--url', server.url('/good/mobile-attack-18.1.json'), '--cache-dir', cache, flag, value]);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.match(r.stderr, message);
    }
    assert.equal(hits.size, 0, 'no request was made');
  });

  it("data update --version 18.1 is the update's option (the program's --version does not swallow it)", async () => {
    const r = await huntcard(['data', 'update', '--domain', 'mobile', '--version', '18.1', '--cache-dir', cache, '--retries', '0'], {
      env: { HTTPS_PROXY: 'http://127.0.0.1:1', https_proxy: 'http://127.0.0.1:1', NO_PROXY: '', no_proxy: '' },
    });
    assert.equal(r.code, 2, r.stdout);
    assert.doesNotMatch(r.stdout, /^0\.1\.0$/m, 'not the program version');
    assert.match(r.stderr, /mobile-attack-18\.1\.json/, 'it tried the pinned release');
  });

  it('an update killed while storing leaves nothing that the next one does not clean up; concurrent updates take turns', async () => {
    const abandoned = path.join(cache, '.mobile-attack.incoming-999999-deadbeef');
    mkdirSync(abandoned);
    writeFileSync(path.join(abandoned, 'texts.bin'), Buffer.alloc(1024));
    const runs = await Promise.all([1, 2, 3, 4].map(() => update('/gzip/mobile-attack-18.1.json')));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      readdirSync(cache).filter((f) => f.includes('incoming')),
      [],
      "the dead process's folder is gone",
    );
    const info = await huntcard(['data', 'info', '--domain', 'mobile', '--cache-dir', cache, '--json']);
    assert.equal(JSON.parse(info.stdout).datasets[0].version, '18.1');
    await update('/good/mobile-attack-18.1.json'); // back to the data the other cases expect
  });

  it('connection refused', async () => {
    const port = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const snapshot = cachedIndex();
    await failsAndKeeps(await update(`http://127.0.0.1:${port}/mobile-attack.json`), /connection was refused/);
    unchanged(snapshot);
  });

  it('DNS failure', async () => {
    const snapshot = cachedIndex();
    await failsAndKeeps(await update('http://nonexistent.invalid/mobile-attack.json'), /host name could not be resolved/);
    unchanged(snapshot);
  });

  it('HTTP 503 is retried with backoff, then fails', async () => {
    const snapshot = cachedIndex();
    const started = Date.now();
    await failsAndKeeps(await update('/503.json', ['--retries', '2']), /HTTP 503.*\n.*try again later/i);
    assert.equal(hits.get('/503.json'), 3, 'one try and two retries');
    assert.ok(Date.now() - started >= 200 + 400, 'backoff doubles: 200 ms, then 400 ms');
    unchanged(snapshot);
  });

  it('a full disk while storing: the new index is discarded and the old one stays', async () => {
    const snapshot = cachedIndex();
    const result = await huntcard(['data', 'update', '--domain', 'mobile', '--url', server.url('/gzip/mobile-attack-18.1.json'), '--cache-dir', cache, '--retries', '0'], {
      nodeArgs: ['--import', path.join(REPO, 'test', 'fixtures', 'enospc.mjs')],
      env: { HUNTCARD_TEST_ENOSPC_UNDER: cache },
    });
    await failsAndKeeps(result, /Could not store the downloaded mobile-attack data .*the disk is full.*\n.*Free some disk space/);
    unchanged(snapshot);
    const leftovers = readdirSync(cache).filter((f) => f.includes('incoming'));
    assert.deepEqual(leftovers, [], 'no half-written folder is left behind');
  });

  it('a gzip-encoded body works, and a 304 keeps the cache', async () => {
    const gz = await update('/gzip/mobile-attack-18.1.json');
    assert.equal(gz.code, 0, gz.stderr);
    const good = await update('/good/mobile-attack-18.1.json');
    assert.equal(good.code, 0, good.stderr);
    const snapshot = cachedIndex();
    const again = await update('/good/mobile-attack-18.1.json');
    assert.match(again.stdout, /already current/);
    unchanged(snapshot);
  });

  it('a corrupt cached index at start-up: falls back to the embedded snapshot and says so', async () => {
    const broken = tempDir();
    writeFileSync(path.join(broken, 'placeholder'), '');
    mkdirSync(path.join(broken, 'mobile-attack'));
    writeFileSync(path.join(broken, 'mobile-attack', 'index.json'), '{"meta": tru');
    writeFileSync(path.join(broken, 'mobile-attack', 'texts.bin'), 'xx');
    const info = await huntcard(['data', 'info', '--domain', 'mobile', '--cache-dir', broken]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stderr, /Skipped the cached mobile-attack data .*corrupt/);
    assert.match(info.stdout, /source: +embedded/);
  });

  it('through a proxy: HTTP_PROXY from the environment, and --proxy (as VS Code passes http.proxy)', async () => {
    const proxy = await loopbackProxy();
    try {
      const viaEnv = await update('/good/mobile-attack-18.1.json', [], { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: '' });
      assert.equal(viaEnv.code, 0, viaEnv.stderr);
      const viaFlag = await update('/gzip/mobile-attack-18.1.json', ['--proxy', proxy.url]);
      assert.equal(viaFlag.code, 0, viaFlag.stderr);
      // undici tunnels through the proxy (CONNECT host:port) for http targets too.
      const origin = new URL(server.url('/')).host;
      assert.equal(proxy.seen.filter((s) => s === `CONNECT ${origin}` || s.startsWith(`GET ${server.url('/')}`)).length, 2, proxy.seen.join());
    } finally {
      await proxy.close();
    }
  });
});
