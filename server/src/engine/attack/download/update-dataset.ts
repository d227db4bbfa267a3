import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../../errors.js';
import lockfile from 'proper-lockfile';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { fileError } from '../../fs/fs-errors.js';
import { parseJson } from '../stix/bundle-reader.js';
import { buildIndex } from '../stix/build-index.js';
import { downloadBundle, type DownloadOptions, downloadText } from './download.js';
import { isIndexDir, loadIndexDir, writeIndexDir } from '../store/index-store.js';
import { cacheEntryDirs } from '../choose/load-catalog.js';
import { defaultCacheDir } from '../choose/locations.js';
import { type Domain, shortDomain } from '../query/model.js';
import { makeFolders } from '../../fs/make-folders.js';

/** MITRE's STIX 2.1 repository (attack-stix-data), the source of official releases. */
export const STIX_DATA_BASE = 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master';
/** The repository's collection index: every domain and the releases it has. */
export const COLLECTION_INDEX_URL = `${STIX_DATA_BASE}/index.json`;

/** The official bundle URL of a domain: its latest release, or a pinned one. */
export function releaseUrl(domain: Domain, version?: string, base = STIX_DATA_BASE): string {
  return `${base}/${domain}/${domain}${version ? `-${version}` : ''}.json`;
}

/** What was downloaded into a cache entry, for conditional requests next time. */
export interface DownloadRecord {
  url: string;
  etag?: string;
  lastModified?: string;
  fetchedAt: string;
  version: string;
}

export const DOWNLOAD_RECORD = 'download.json';

export interface UpdateOptions {
  domain: Domain;
  /** Pinned ATT&CK release, e.g. "18.1"; latest when absent. */
  version?: string;
  /** A bundle URL that overrides the official one. */
  url?: string;
  cacheDir?: string;
  download?: DownloadOptions;
}

export interface UpdateResult {
  status: 'updated' | 'not-modified';
  domain: Domain;
  url: string;
  version: string;
  dir: string;
}

/**
 * Downloads a domain's bundle, validates it, builds its index and swaps it into
 * the cache: the new index is written beside the old one and checked by loading
 * it, then the current entry becomes `<domain>.previous` and the new one takes
 * its place. Any failure before the swap leaves the cache as it was.
 */
export async function updateDataset(options: UpdateOptions): Promise<UpdateResult> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const url = options.url ?? releaseUrl(options.domain, options.version);
  const [current, previous] = cacheEntryDirs(cacheDir, options.domain) as [string, string];
  const record = readDownloadRecord(current);
  const conditional = record && record.url === url && isIndexDir(current);
  const result = await downloadBundle(url, {
    ...options.download,
    ...(conditional && record.etag ? { etag: record.etag } : {}),
    ...(conditional && record.lastModified ? { lastModified: record.lastModified } : {}),
  });
  // downloadBundle answers "not modified" only to a conditional request, so `record` is set here.
  if (result.status === 'not-modified') return { status: 'not-modified', domain: options.domain, url, version: record!.version, dir: current };

  const built = buildIndex(parseJson(result.body, url), url);
  if (built.index.meta.domain !== options.domain) {
    throw new DatasetError(
      `${url} holds ${built.index.meta.domain} data, not ${options.domain}.`,
      `Check the download URL, or update with --domain ${built.index.meta.domain === 'unknown' ? 'enterprise' : shortDomain(built.index.meta.domain)}.`,
    );
  }
  await makeFolders(cacheDir).catch((error: unknown) => Promise.reject(fileError(error, cacheDir, 'create')));
  // Updates into one cache take turns to store: a swap half done by another would
  // otherwise fail ours with ENOTEMPTY. The lock goes stale if its holder is killed.
  const release = await lockCache(cacheDir, options.domain);
  const incoming = path.join(cacheDir, `.${options.domain}.incoming-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await removeAbandonedIncoming(cacheDir, options.domain);
    await writeIndexDir(incoming, built);
    const downloaded: DownloadRecord = {
      url,
      ...(result.etag ? { etag: result.etag } : {}),
      ...(result.lastModified ? { lastModified: result.lastModified } : {}),
      fetchedAt: new Date().toISOString(),
      version: built.index.meta.version,
    };
    await writeFileAtomic(path.join(incoming, DOWNLOAD_RECORD), `${JSON.stringify(downloaded, null, 2)}\n`);
    loadIndexDir(incoming); // what was written must read back before it replaces anything
    await swapIn(incoming, current, previous);
  } catch (error) {
    await fs.rm(incoming, { recursive: true, force: true }).catch(() => undefined);
    const full = ['ENOSPC', 'EDQUOT'].includes(((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException).code ?? '');
    throw new DatasetError(
      `Could not store the downloaded ${options.domain} data in ${cacheDir}: ${(error as Error).message}`,
      full
        ? 'The data in use has not changed. Free some disk space or choose another cache folder, then try again.'
        : 'The data in use has not changed. Check the cache folder (permissions, space), then try again.',
      { cause: error },
    );
  } finally {
    await release();
  }
  return { status: 'updated', domain: options.domain, url, version: built.index.meta.version, dir: current };
}

async function lockCache(cacheDir: string, domain: Domain): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(cacheDir, {
      lockfilePath: path.join(cacheDir, `.${domain}.lock`),
      realpath: false,
      stale: 20_000,
      retries: { retries: 240, factor: 1, minTimeout: 500, maxTimeout: 500 },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DatasetError(`Another update of the ${domain} data is still storing its download in ${cacheDir}.`, 'Wait for it to finish, then run the update again.');
    }
    throw fileError(error, path.join(cacheDir, `.${domain}.lock`), 'create');
  }
}

/** Incoming folders left by an update that was killed (their process is gone) are removed. */
async function removeAbandonedIncoming(cacheDir: string, domain: Domain): Promise<void> {
  const prefix = `.${domain}.incoming-`;
  for (const name of await fs.readdir(cacheDir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    await fs.rm(path.join(cacheDir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function swapIn(incoming: string, current: string, previous: string): Promise<void> {
  if (existsSync(current)) {
    await fs.rm(previous, { recursive: true, force: true });
    await fs.rename(current, previous);
  }
  await fs.rename(incoming, current);
}

export function readDownloadRecord(dir: string): DownloadRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(dir, DOWNLOAD_RECORD), 'utf8')) as DownloadRecord;
    return typeof record.url === 'string' && typeof record.version === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The newest release of a domain named by MITRE's collection index, e.g. "18.1". */
export async function latestRelease(domain: Domain, indexUrl = COLLECTION_INDEX_URL, download?: DownloadOptions): Promise<string> {
  const body = await downloadText(indexUrl, { ...download, maxBytes: 16 * 1024 * 1024 });
  const index = parseJson(body, indexUrl) as { collections?: Array<{ versions?: Array<{ version?: unknown; url?: unknown }> }> };
  const versions = (index.collections ?? [])
    .flatMap((c) => c.versions ?? [])
    .filter((v) => typeof v.version === 'string' && typeof v.url === 'string' && v.url.includes(`/${domain}-`))
    .map((v) => v.version as string);
  if (versions.length === 0) {
    throw new DatasetError(`${indexUrl} lists no release of ${domain}.`, 'Check the collection index URL.');
  }
  return versions.sort(compareVersions).at(-1) as string;
}

/** Orders release numbers numerically: 9.0 < 10.1 < 18.1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// The client's downloader bundle reaches the network options through this module, its one door.
export { editorNetworkOptions } from './trust.js';
