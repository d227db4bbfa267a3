import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { DownloadOptions } from './download.js';

/** Where Linux distributions keep the system's CA bundle (Debian/Ubuntu, Fedora/RHEL, openSUSE, Alpine). */
const LINUX_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem'];

/**
 * The certificate authorities the operating system trusts, where they can be read:
 * Node's own reader (`tls.getCACertificates('system')`, Node 22.15+ and 23.5+,
 * every platform), else the Linux CA bundle. Empty when neither is available
 * (older Node on Windows or macOS: NODE_EXTRA_CA_CERTS still works there).
 */
export function systemCertificates(options: { bundles?: readonly string[]; nodeReader?: boolean } = {}): string[] {
  const getCACertificates = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (getCACertificates && options.nodeReader !== false) {
    try {
      return getCACertificates('system');
    } catch {
      // fall through to the bundle files
    }
  }
  for (const file of options.bundles ?? LINUX_BUNDLES) {
    const pems = pemsIn(file);
    if (pems.length) return pems;
  }
  return [];
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/** The PEM certificates in a file (found by their markers, no regex to backtrack); none if it cannot be read. */
function pemsIn(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const pems: string[] = [];
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at)) {
    const end = text.indexOf(END, at + BEGIN.length);
    if (end < 0) break;
    pems.push(text.slice(at, end + END.length));
    at = end + END.length;
  }
  return pems;
}

/** What VS Code users configure for the network: its `http.*` settings. */
export interface EditorNetworkSettings {
  proxy?: string;
  proxyAuthorization?: string | null;
  proxyStrictSSL?: boolean;
  systemCertificates?: boolean;
}

/**
 * Download options from VS Code's network settings: the proxy and its
 * Proxy-Authorization, certificate checks off only when the user turned
 * proxyStrictSSL off, and the system's CAs trusted beside Node's (what a
 * TLS-inspecting corporate proxy needs) unless systemCertificates is off.
 */
export function editorNetworkOptions(settings: EditorNetworkSettings, system: () => string[] = () => systemCertificates()): Pick<DownloadOptions, 'proxy' | 'proxyAuthorization' | 'ca' | 'strictSSL'> {
  const proxy = settings.proxy?.trim();
  const extra = settings.systemCertificates === false ? [] : system();
  // A `ca` list replaces Node's store, NODE_EXTRA_CA_CERTS included: keep those too.
  const fromEnv = extra.length > 0 && process.env.NODE_EXTRA_CA_CERTS ? pemsIn(process.env.NODE_EXTRA_CA_CERTS) : [];
  return {
    ...(proxy ? { proxy } : {}),
    ...(settings.proxyAuthorization ? { proxyAuthorization: settings.proxyAuthorization } : {}),
    ...(settings.proxyStrictSSL === false ? { strictSSL: false } : {}),
    ...(extra.length > 0 ? { ca: [...tls.rootCertificates, ...extra, ...fromEnv] } : {}),
  };
}
