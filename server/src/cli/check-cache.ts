import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describeError, type Engine, HuntCardError, writeOutputFile } from '../engine/index.js';
import type { FileResult } from './check-files.js';
import type { FileFinding } from './report/file-finding.js';

/** Where `check --cache` keeps its results unless --cache-location says otherwise (like ESLint's .eslintcache). */
export const DEFAULT_CACHE_FILE = '.huntcardcache';

/** Bumped when the file's layout changes: an older or newer file is ignored and rewritten. */
const FORMAT = 1;
/** A cache larger than this is not read (it is not ours, or something is wrong): it is rebuilt. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

interface Entry {
  key: string;
  isCard: boolean;
  findings: Array<Omit<FileFinding, 'file'>>;
}

/**
 * `huntcard check --cache`: each card's results, keyed by a hash of everything
 * they depend on: the card's bytes, the settings that apply to it (severities,
 * dataset, domain), the identity of the ATT&CK data it is checked with, and the
 * code of the tool itself. A hit is the same result a full check gives; anything
 * else (a changed card, config, dataset or tool; a corrupt, truncated or foreign
 * cache file) is a miss, and the card is checked again.
 */
export class CheckCache {
  private readonly entries: Map<string, Entry>;
  private readonly pending = new Map<string, string>();
  hits = 0;

  private constructor(
    private readonly file: string,
    entries: Map<string, Entry>,
    private readonly tool: string,
  ) {
    this.entries = entries;
  }

  /** Opens the cache file; one that cannot be used is reported through `note` and replaced on save. */
  static async open(file: string, version: string, note: (text: string) => void): Promise<CheckCache> {
    const tool = toolKey(version);
    const entries = new Map<string, Entry>();
    if (existsSync(file)) {
      try {
        const stat = await fs.stat(file);
        if (!stat.isFile()) throw new HuntCardError(`${file} is not a regular file`);
        if (stat.size > MAX_CACHE_BYTES) throw new HuntCardError(`${file} is larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB`);
        const data = JSON.parse(await fs.readFile(file, 'utf8')) as { format?: unknown; tool?: unknown; entries?: unknown };
        if (data.format === FORMAT && data.tool === tool && data.entries && typeof data.entries === 'object') {
          for (const [name, entry] of Object.entries(data.entries as Record<string, unknown>)) if (isEntry(entry)) entries.set(name, entry);
        }
      } catch (error) {
        note(`ignoring the check cache ${file} (${describeError(error).split('\n')[0]}); every card is checked and the cache rebuilt.`);
      }
    }
    return new CheckCache(file, entries, tool);
  }

  /** The cached result of a file, if its key still matches; else undefined, and the key is kept for `store`. */
  async lookup(file: string, engine: Engine, display: string): Promise<FileResult | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch {
      return undefined; // the check itself reports why it cannot be read
    }
    const key = await this.keyOf(file, bytes, engine).catch(() => undefined);
    if (key === undefined) return undefined;
    const entry = this.entries.get(file);
    if (entry?.key === key) {
      this.hits++;
      return { file, isCard: entry.isCard, findings: entry.findings.map((f) => ({ file: display, ...f })) };
    }
    this.pending.set(file, key);
    return undefined;
  }

  /** Records a fresh result (not one that could not be checked). */
  store(result: FileResult): void {
    const key = this.pending.get(result.file);
    if (key === undefined || result.error !== undefined) return;
    this.entries.set(result.file, { key, isCard: result.isCard, findings: result.findings.map(({ file: _file, ...rest }) => rest) });
  }

  /** Writes the cache back (atomically), dropping files that no longer exist. */
  async save(): Promise<void> {
    // Only ever a regular file: a pipe or device at the location is left alone (writing could block).
    const stat = await fs.stat(this.file).catch(() => undefined);
    if (stat && !stat.isFile()) return;
    for (const name of [...this.entries.keys()]) if (!existsSync(name)) this.entries.delete(name);
    await writeOutputFile(this.file, JSON.stringify({ format: FORMAT, tool: this.tool, entries: Object.fromEntries(this.entries) }));
  }

  private async keyOf(file: string, bytes: Buffer, engine: Engine): Promise<string> {
    const settings = await engine.settings.settings(file);
    const catalog = await engine.catalog(file);
    const data = catalog.datasets.map((d) => [d.meta.domain, d.meta.version, d.meta.modified, d.meta.source, d.meta.specVersion, d.meta.counts]);
    const severities = Object.entries(settings.severities).sort(([a], [b]) => a.localeCompare(b));
    return createHash('sha256')
      .update(JSON.stringify([this.tool, severities, settings.dataset ?? null, settings.domain ?? null, data]))
      .update('\u0000')
      .update(bytes)
      .digest('hex');
  }
}

function isEntry(value: unknown): value is Entry {
  const e = value as Entry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.key === 'string' &&
    typeof e.isCard === 'boolean' &&
    Array.isArray(e.findings) &&
    e.findings.every((f) => typeof f === 'object' && f !== null && typeof f.line === 'number' && typeof f.rule === 'string' && typeof f.message === 'string')
  );
}

/** The tool's identity: its version and a hash of the code that runs (the bundles next to the entry), so a rebuilt tool never trusts old results. */
function toolKey(version: string): string {
  const hash = createHash('sha256').update(version);
  // The entry's real folder (a global install reaches it through a bin link).
  let entry: string | undefined;
  try {
    entry = process.argv[1] ? path.dirname(realpathSync(process.argv[1])) : undefined;
  } catch {
    entry = undefined;
  }
  if (entry) {
    // The entries (small) by content; the chunks by name: esbuild puts a hash of each chunk's content in its name.
    for (const [dir, byContent] of [
      [entry, true],
      [path.join(entry, 'chunks'), false],
    ] as const) {
      let names: string[];
      try {
        names = readdirSync(dir)
          .filter((n) => n.endsWith('.js'))
          .sort();
      } catch {
        continue;
      }
      for (const name of names) hash.update(name).update(byContent ? readFileSync(path.join(dir, name)) : '');
    }
  }
  return hash.digest('hex');
}
