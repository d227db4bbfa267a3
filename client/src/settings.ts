import { type Domain, toDomain } from '../../server/src/protocol.js';
import * as vscode from 'vscode';

/** The `huntcard.*` settings the client itself reads (the server reads its own over LSP). */
export interface ClientSettings {
  domains: string[];
  attackVersion: string;
  downloadUrl: string;
  cardsFolder: string;
  fileNamePattern: string;
  author: string;
  autoCheckForUpdates: boolean;
}

export function clientSettings(scope?: vscode.Uri): ClientSettings {
  const c = vscode.workspace.getConfiguration('huntcard', scope);
  const domains = c.get<string[]>('domains', ['enterprise']).filter((d) => typeof d === 'string' && d.trim() !== '');
  return {
    domains: domains.length ? domains : ['enterprise'],
    attackVersion: c.get<string>('attackVersion', '').trim(),
    downloadUrl: c.get<string>('downloadUrl', '').trim(),
    cardsFolder: c.get<string>('cardsFolder', '').trim(),
    fileNamePattern: c.get<string>('fileNamePattern', '{id}.md').trim() || '{id}.md',
    author: c.get<string>('author', '').trim(),
    autoCheckForUpdates: c.get<boolean>('autoCheckForUpdates', true),
  };
}

/** "enterprise" → "enterprise-attack". */
export function fullDomain(domain: string): Domain {
  const full = toDomain(domain);
  if (!full) throw new Error(`Unknown ATT&CK domain "${domain}" in huntcard.domains: use enterprise, mobile or ics.`);
  return full;
}

/**
 * VS Code's network settings, as the downloader takes them (editorNetworkOptions
 * turns them into a proxy, its Proxy-Authorization and the CAs to trust). Without
 * http.proxy, HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply.
 */
export function networkSettings(): { proxy?: string; proxyAuthorization?: string | null; proxyStrictSSL?: boolean; systemCertificates?: boolean } {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy', '').trim();
  const proxyAuthorization = http.get<string | null>('proxyAuthorization', null);
  return {
    ...(proxy ? { proxy } : {}),
    ...(proxyAuthorization ? { proxyAuthorization } : {}),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL', true),
    systemCertificates: http.get<boolean>('systemCertificates', true),
  };
}
