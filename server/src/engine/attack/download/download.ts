import { constants as bufferConstants } from 'node:buffer';
import { gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';
import { type Dispatcher, EnvHttpProxyAgent, ProxyAgent, errors as undiciErrors, interceptors, request } from 'undici';
import { DatasetError } from '../../errors.js';

export interface DownloadOptions {
  /** Explicit proxy URL (e.g. VS Code's http.proxy); otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply. */
  proxy?: string;
  /** Sent to the proxy as Proxy-Authorization (VS Code's http.proxyAuthorization), e.g. "Basic dXNlcjpwYXNz". */
  proxyAuthorization?: string;
  /** Certificate authorities to trust instead of Node's bundled ones (see trustedCertificates). */
  ca?: string[];
  /** false: accept any server certificate (VS Code's http.proxyStrictSSL set to false). Default true. */
  strictSSL?: boolean;
  connectTimeoutMs?: number;
  /** Longest wait for response headers, and longest silence while the body streams. */
  idleTimeoutMs?: number;
  /** Largest body accepted, decompressed (MITRE's Enterprise bundle is about 45 MB). */
  maxBytes?: number;
  /** Longest a whole download may take, retries included. */
  deadlineMs?: number;
  /** A body slower than this many bytes per idle timeout counts as stalled (a trickle never ends otherwise). */
  minBytesPerIdle?: number;
  retries?: number;
  /** First retry delay; doubles each time. */
  backoffMs?: number;
  maxRedirections?: number;
  /** Sent as If-None-Match / If-Modified-Since so an unchanged bundle is not downloaded again. */
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
}

export type DownloadResult = { status: 'downloaded'; body: string; etag?: string; lastModified?: string } | { status: 'not-modified' };

/** The largest text V8 holds: a body decoded past it could not be read at all. */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

const DEFAULTS = {
  connectTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  maxBytes: Math.min(512 * 1024 * 1024, MAX_TEXT_BYTES),
  deadlineMs: 15 * 60_000,
  minBytesPerIdle: 1024,
  retries: 3,
  backoffMs: 1_000,
  maxRedirections: 5,
};

/** TLS verification failures: a retry cannot help, the trust settings can. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/** HTTP statuses worth another try: the server may answer later. */
const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

class RetryableError extends DatasetError {}

/**
 * Downloads an ATT&CK bundle with undici: timeouts, gzip, a size cap, redirects,
 * retries with backoff, conditional requests and proxies. Every failure becomes a
 * DatasetError that names the URL and says what to try.
 */
export async function downloadBundle(url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const o = { ...DEFAULTS, ...options, maxBytes: Math.min(options.maxBytes ?? DEFAULTS.maxBytes, MAX_TEXT_BYTES) };
  const dispatcher = makeDispatcher(o);
  // One deadline for the whole download, retries included, on top of the caller's cancel.
  const deadline = AbortSignal.timeout(o.deadlineMs);
  const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await downloadOnce(url, dispatcher, { ...o, signal });
      } catch (error) {
        if (deadline.aborted) throw new DatasetError(`Download of ${url} did not finish within ${Math.round(o.deadlineMs / 1000)} s.`, 'The server or network is too slow; try again later.');
        if (!(error instanceof RetryableError) || attempt >= o.retries || signal.aborted) throw error;
        await sleep(o.backoffMs * 2 ** attempt, signal);
      }
    }
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** An unconditional download: the body, or a DatasetError that says what went wrong. */
export async function downloadText(url: string, options: Omit<DownloadOptions, 'etag' | 'lastModified'> = {}): Promise<string> {
  const result = await downloadBundle(url, options);
  // Without etag / lastModified the server cannot answer "not modified": downloadBundle refuses that.
  return (result as Extract<DownloadResult, { status: 'downloaded' }>).body;
}

function makeDispatcher(o: typeof DEFAULTS & DownloadOptions): Dispatcher {
  const timeouts = {
    connect: { timeout: o.connectTimeoutMs },
    headersTimeout: o.idleTimeoutMs,
    bodyTimeout: o.idleTimeoutMs,
  };
  const tls = { ...(o.ca ? { ca: o.ca } : {}), ...(o.strictSSL === false ? { rejectUnauthorized: false } : {}) };
  const connect = { ...timeouts.connect, ...tls };
  const proxied = { ...timeouts, connect, requestTls: tls, proxyTls: tls, ...(o.proxyAuthorization ? { token: o.proxyAuthorization } : {}) };
  const base: Dispatcher = o.proxy ? new ProxyAgent({ uri: o.proxy, ...proxied }) : new EnvHttpProxyAgent(proxied);
  return base.compose(interceptors.redirect({ maxRedirections: o.maxRedirections }));
}

async function downloadOnce(url: string, dispatcher: Dispatcher, o: typeof DEFAULTS & DownloadOptions): Promise<DownloadResult> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate', accept: 'application/json, */*;q=0.5' };
  if (o.etag) headers['if-none-match'] = o.etag;
  if (o.lastModified) headers['if-modified-since'] = o.lastModified;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, { dispatcher, headers, ...(o.signal ? { signal: o.signal } : {}) });
  } catch (error) {
    throw networkError(url, error);
  }
  const { statusCode } = response;
  if (statusCode === 304) {
    await response.body.dump();
    if (!o.etag && !o.lastModified) {
      throw new DatasetError(`${url} answered "not modified" to a request that named no cached copy.`, 'Check the download URL.');
    }
    return { status: 'not-modified' };
  }
  if (statusCode >= 300 && statusCode < 400) {
    await response.body.dump();
    throw new DatasetError(
      `Download of ${url} stopped at a redirect (HTTP ${statusCode}): too many redirects or no Location header.`,
      'Check the download URL setting; it should point straight at a .json bundle.',
    );
  }
  if (statusCode !== 200) {
    await response.body.dump();
    if (statusCode === 407) throw proxyCredentials(url);
    const message = `Download of ${url} failed: the server answered HTTP ${statusCode}.`;
    if (RETRY_STATUSES.has(statusCode)) throw new RetryableError(message, 'The server may be busy; try again later.');
    throw new DatasetError(message, statusCode === 404 ? 'Check the URL and, if you pinned an ATT&CK version, that this release exists.' : 'Check the URL.');
  }
  const contentType = String(response.headers['content-type'] ?? '');
  if (/^text\/html|^image\/|^video\//i.test(contentType)) {
    await response.body.dump();
    throw new DatasetError(`Download of ${url} returned ${contentType}, not a JSON bundle.`, 'A captive portal or proxy may be answering instead of MITRE; check the URL and your proxy settings.');
  }
  const lengthHeader = Number(response.headers['content-length']);
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;
  if (total !== undefined && total > o.maxBytes) {
    response.body.destroy();
    throw tooLarge(url, o.maxBytes);
  }
  const body = await readBody(url, response, total, o);
  const etag = header(response, 'etag');
  const lastModified = header(response, 'last-modified');
  return {
    status: 'downloaded',
    body,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}

/**
 * Reads the body as fast as it arrives (never pausing undici: a paused parser on
 * a connection that then closes trips an assertion inside undici), with the size
 * cap applied to the bytes received and to what they decompress to, and a stall
 * check: fewer than `minBytesPerIdle` bytes in an idle period is a stalled body.
 */
async function readBody(url: string, response: Dispatcher.ResponseData, total: number | undefined, o: typeof DEFAULTS & DownloadOptions): Promise<string> {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .toLowerCase()
    .trim();
  const body = response.body;
  const chunks: Buffer[] = [];
  let received = 0;
  const raw = await new Promise<Buffer>((resolve, reject) => {
    let windowBytes = 0;
    const stall = setInterval(() => {
      if (windowBytes < o.minBytesPerIdle)
        fail(
          new RetryableError(
            `Download of ${url} stalled after ${received}${total ? ` of ${total}` : ''} bytes (${windowBytes} bytes in the last ${Math.round(o.idleTimeoutMs / 1000)} s).`,
            'The server or network is too slow; try again later.',
          ),
        );
      windowBytes = 0;
    }, o.idleTimeoutMs);
    const done = () => clearInterval(stall);
    const fail = (error: unknown) => {
      done();
      body.destroy();
      reject(error);
    };
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      windowBytes += chunk.length;
      if (received > o.maxBytes) return fail(tooLarge(url, o.maxBytes));
      chunks.push(chunk);
      o.onProgress?.(received, total);
    });
    body.on('error', (error) => fail(error instanceof DatasetError ? error : networkError(url, error, received, total)));
    body.on('end', () => {
      done();
      resolve(Buffer.concat(chunks, received));
    });
  });
  if (total !== undefined && encoding === '' && received < total) {
    throw new RetryableError(`Download of ${url} was cut short: ${received} of ${total} bytes arrived.`, 'Try again.');
  }
  let bytes = raw;
  if (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate') {
    try {
      bytes = await (encoding === 'deflate' ? inflateAsync : gunzipAsync)(raw, { maxOutputLength: o.maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge(url, o.maxBytes);
      throw new DatasetError(`Download of ${url} is not valid ${encoding} data: ${(error as Error).message}.`, 'Try again; the transfer may have been damaged.');
    }
  } else if (encoding !== '' && encoding !== 'identity') {
    throw new DatasetError(`Download of ${url} came with an encoding this tool cannot read (${encoding}).`, 'Check the URL or your proxy.');
  }
  return bytes.toString('utf8');
}

const gunzipAsync = promisify(gunzip) as (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;
const inflateAsync = promisify(inflate) as (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

function networkError(url: string, error: unknown, received?: number, total?: number): DatasetError {
  if (error instanceof DatasetError) return error;
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e.code ?? e.cause?.code ?? '';
  const progress = received !== undefined ? ` after ${received}${total ? ` of ${total}` : ''} bytes` : '';
  // undici reports a proxy's refusal of a tunnel as an aborted request.
  const tunnel = /Proxy response \((\d+)\)/.exec(e.message);
  if (tunnel?.[1] === '407') return proxyCredentials(url);
  if (tunnel) return new RetryableError(`Download of ${url} failed: the proxy refused the connection (HTTP ${tunnel[1]}).`, 'Check the proxy settings, or ask whoever runs the proxy.');
  if (e.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new DatasetError(`Download of ${url} was cancelled.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RetryableError(`Cannot download ${url}: the host name could not be resolved (${code}).`, 'Check your network connection, the URL, or your proxy (HTTPS_PROXY).');
  }
  if (code === 'ECONNREFUSED') {
    return new RetryableError(`Cannot download ${url}: the connection was refused.`, 'Check the URL and your proxy settings.');
  }
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new RetryableError(`Download of ${url} timed out waiting for the server.`, 'The server or network is slow; try again later.');
  }
  if (error instanceof undiciErrors.BodyTimeoutError || code === 'UND_ERR_BODY_TIMEOUT') {
    return new RetryableError(`Download of ${url} stalled${progress}.`, 'Try again later.');
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || error instanceof undiciErrors.ResponseContentLengthMismatchError) {
    return new RetryableError(`Download of ${url} was cut off${progress}.`, 'Try again.');
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return new DatasetError(
      `Cannot download ${url}: its certificate is not trusted (${code}); a TLS-inspecting proxy may be in the way.`,
      "Add your organisation's root certificate to the system's certificate store (VS Code reads it with http.systemCertificates on), or point NODE_EXTRA_CA_CERTS at it.",
    );
  }
  if (code === 'UND_ERR_INVALID_ARG' || /invalid url/i.test(e.message)) {
    return new DatasetError(`Cannot download ${JSON.stringify(url)}: ${e.message}.`, 'Give a full http(s) URL.');
  }
  if (/redirect/i.test(e.message)) {
    return new DatasetError(`Download of ${url} failed: ${e.message}.`, 'The server redirects in a loop; check the URL.');
  }
  return new RetryableError(`Download of ${url} failed${progress}: ${e.message}${code ? ` (${code})` : ''}.`, 'Check your network and proxy settings.');
}

function proxyCredentials(url: string): DatasetError {
  return new DatasetError(
    `Download of ${url} failed: the proxy asks for credentials (HTTP 407).`,
    'In VS Code set http.proxyAuthorization (e.g. "Basic <base64 of user:password>"); elsewhere put them in the proxy URL (http://user:password@proxy:port).',
  );
}

function tooLarge(url: string, maxBytes: number): DatasetError {
  return new DatasetError(`Download of ${url} is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit; it is not an ATT&CK bundle.`, 'Check the URL.');
}

function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
