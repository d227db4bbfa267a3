// Issue 14: downloads on corporate networks. A loopback HTTPS server whose
// certificate a private CA signed (a TLS-inspecting proxy's), and a loopback proxy
// that asks for credentials: each fails with what to do, and works once VS Code's
// settings (http.proxyAuthorization, http.systemCertificates, http.proxyStrictSSL)
// say so.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { downloadText } from '../../server/src/engine/attack/download/download.js';
import { editorNetworkOptions, systemCertificates } from '../../server/src/engine/attack/download/trust.js';
import { DatasetError } from '../../server/src/engine/errors.js';
import { loopbackProxy } from '../helpers/proxy.js';
import { privateCa } from '../helpers/tls.js';
import { tempDir } from '../helpers/tmp.js';

const BODY = '{"type":"bundle","objects":[]}';
const QUICK = { retries: 0, connectTimeoutMs: 5000, idleTimeoutMs: 5000 };

describe('engine: downloads through a corporate network (private CA, authenticating proxy)', function () {
  this.timeout(60_000);
  let ca: ReturnType<typeof privateCa>;
  let server: https.Server;
  let url = '';
  const dir = tempDir();
  before(async () => {
    ca = privateCa(dir);
    server = https.createServer({ key: ca.key, cert: ca.cert }, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/enterprise-attack.json`;
  });
  after(() => server.close());

  const fails = async (promise: Promise<unknown>, message: RegExp, hint: RegExp) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof DatasetError, String(error));
    assert.match(error.message, message);
    assert.match(error.hint ?? '', hint);
  };

  it('an untrusted certificate is a clear error, not a retry loop; trusting the private CA makes it work', async () => {
    await fails(
      downloadText(url, QUICK),
      /its certificate is not trusted \(\w+\); a TLS-inspecting proxy may be in the way/,
      /system's certificate store.*http\.systemCertificates.*NODE_EXTRA_CA_CERTS/,
    );
    assert.equal(await downloadText(url, { ...QUICK, ca: [ca.caPem] }), BODY);
  });

  it("VS Code's settings: the system's CAs are trusted beside Node's (on by default), and proxyStrictSSL off accepts any certificate", async () => {
    const trusted = editorNetworkOptions({}, () => [ca.caPem]);
    assert.ok(trusted.ca!.includes(ca.caPem) && trusted.ca!.length > 100, "the system's CAs are added to Node's, not instead of them");
    assert.equal(await downloadText(url, { ...QUICK, ...trusted }), BODY);
    assert.equal(editorNetworkOptions({ systemCertificates: false }, () => [ca.caPem]).ca, undefined, 'http.systemCertificates off');
    await fails(downloadText(url, { ...QUICK, ...editorNetworkOptions({ systemCertificates: false }, () => []) }), /not trusted/, /./);
    assert.equal(await downloadText(url, { ...QUICK, ...editorNetworkOptions({ proxyStrictSSL: false, systemCertificates: false }) }), BODY);
  });

  it('the system store is read from the CA bundle file where Node cannot read it', () => {
    const bundle = path.join(dir, 'ca-certificates.crt');
    writeFileSync(bundle, `# the distribution's bundle\n${ca.caPem}\n`);
    assert.deepEqual(systemCertificates({ bundles: [path.join(dir, 'absent.crt'), bundle], nodeReader: false }), [ca.caPem.trim()]);
    assert.deepEqual(systemCertificates({ bundles: [path.join(dir, 'absent.crt')], nodeReader: false }), []);
  });

  it('a proxy that asks for credentials: 407 says to set http.proxyAuthorization; with it the download goes through the tunnel', async () => {
    const authorization = `Basic ${Buffer.from('hunter:s3cret').toString('base64')}`;
    const proxy = await loopbackProxy({ authorization });
    try {
      await fails(downloadText(url, { ...QUICK, ca: [ca.caPem], proxy: proxy.url }), /the proxy asks for credentials \(HTTP 407\)/, /http\.proxyAuthorization/);
      const options = editorNetworkOptions({ proxy: proxy.url, proxyAuthorization: authorization }, () => [ca.caPem]);
      assert.equal(await downloadText(url, { ...QUICK, ...options }), BODY);
      assert.ok(
        proxy.seen.some((s) => /^CONNECT 127\.0\.0\.1:\d+ \(authorized\)$/.test(s)),
        proxy.seen.join('\n'),
      );
      // Plain http through the same proxy: the 407 comes back as a response.
      await fails(downloadText(`http://127.0.0.1:9/bundle.json`, { ...QUICK, proxy: proxy.url }), /the proxy asks for credentials \(HTTP 407\)/, /http\.proxyAuthorization/);
    } finally {
      await proxy.close();
    }
  });
});
