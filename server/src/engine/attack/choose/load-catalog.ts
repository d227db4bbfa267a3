import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { DatasetError, describeError } from '../../errors.js';
import { Catalog } from '../query/catalog.js';
import type { Dataset } from '../query/dataset.js';
import type { DownloadOptions } from '../download/download.js';
import { isIndexDir, loadIndexDir } from '../store/index-store.js';
import { defaultCacheDir, embeddedDir, isUrl } from './locations.js';
import { DOMAINS, type Domain } from '../query/model.js';

export interface DatasetChoice {
  /** A STIX bundle file, a built index folder, or an http(s) URL of a bundle. */
  dataset?: string;
  /** This domain first, as the primary (otherwise every domain that has data, in ATT&CK's order). */
  domain?: Domain;
  cacheDir?: string;
  download?: DownloadOptions;
}

/** Cached downloads of a domain, newest first: the current one, then the one it replaced. */
export function cacheEntryDirs(cacheDir: string, domain: Domain): string[] {
  return [path.join(cacheDir, domain), path.join(cacheDir, `${domain}.previous`)];
}

/** The copy of a domain's data an update kept (the release before the newest download), if there is one. */
export function keptCacheEntry(cacheDir: string | undefined, domain: Domain): string | undefined {
  const [current, previous] = cacheEntryDirs(cacheDir ?? defaultCacheDir(), domain) as [string, string];
  return isIndexDir(current) && isIndexDir(previous) ? previous : undefined;
}

/**
 * Picks the data to use, the same way everywhere: an explicit dataset if given,
 * else the newest good download in the cache, else the embedded snapshot.
 */
export async function loadCatalog(choice: DatasetChoice = {}): Promise<Catalog> {
  if (choice.dataset) return new Catalog([await loadExplicit(choice.dataset, choice.download)]);
  const notes: string[] = [];
  const datasets: Dataset[] = [];
  const cacheDir = choice.cacheDir ?? defaultCacheDir();
  const embedded = embeddedDir();
  // A chosen domain comes first (the primary: scaffolds, pickers, coverage); the
  // others that have data follow, so a card of another domain is still checked
  // against its own data (and coverage calls it other-domain-card), not unknown.
  const order = choice.domain ? [choice.domain, ...DOMAINS.filter((d) => d !== choice.domain)] : DOMAINS;
  for (const domain of order) {
    const cached = loadFromCache(cacheDir, domain, notes);
    if (cached) {
      datasets.push(cached);
      continue;
    }
    const dir = embedded && path.join(embedded, domain);
    if (dir && isIndexDir(dir)) datasets.push(loadIndexDir(dir, 'embedded'));
  }
  if (datasets.length === 0 || (choice.domain && datasets[0]!.meta.domain !== choice.domain)) {
    throw new DatasetError(
      choice.domain
        ? `No ATT&CK data for ${choice.domain}: it is neither in the cache (${cacheDir}) nor embedded.`
        : `No ATT&CK data found: the embedded snapshot is missing${embedded ? ` from ${embedded}` : ''} and the cache (${cacheDir}) is empty.`,
      choice.domain
        ? `Run \`huntcard data update --domain ${choice.domain}\` or pass --dataset <file|url>.`
        : 'Reinstall Hunt Card (npm ci builds the snapshot), run `huntcard data update`, or pass --dataset <file|url>.',
    );
  }
  return new Catalog(datasets, notes);
}

function loadFromCache(cacheDir: string, domain: Domain, notes: string[]): Dataset | undefined {
  for (const dir of cacheEntryDirs(cacheDir, domain)) {
    if (!isIndexDir(dir)) continue;
    try {
      return loadIndexDir(dir);
    } catch (error) {
      notes.push(`Skipped the cached ${domain} data in ${dir}: ${describeError(error).split('\n')[0]} Falling back to older data.`);
    }
  }
  return undefined;
}

async function loadExplicit(dataset: string, download?: DownloadOptions): Promise<Dataset> {
  // Reading raw bundles (zod) and downloading (undici) are loaded only when asked for.
  if (isUrl(dataset)) {
    const [{ downloadText }, { datasetFromBundleText }] = await Promise.all([import('../download/download.js'), import('../stix/bundle-reader.js')]);
    return datasetFromBundleText(await downloadText(dataset, download), dataset);
  }
  if (existsSync(dataset) && statSync(dataset).isDirectory()) {
    if (isIndexDir(dataset)) return loadIndexDir(dataset);
    throw new DatasetError(`${dataset} is a folder without an ATT&CK index (index.json).`, 'Pass a STIX bundle file such as enterprise-attack.json.');
  }
  const { datasetFromBundleFile } = await import('../stix/bundle-reader.js');
  return datasetFromBundleFile(dataset);
}
