import path from 'node:path';
import type { Catalog } from '../attack/query/catalog.js';
import { loadCatalog } from '../attack/choose/load-catalog.js';
import { isUrl } from '../attack/choose/locations.js';
import { type Domain, toDomain } from '../attack/query/model.js';
import { CONFIG_FILE } from '../config/find-config.js';
import type { HuntCardConfig } from '../config/config.js';
import { describeError, HuntCardError } from '../errors.js';
import { LIMITS } from '../fs/read-regular.js';
import type { SeveritySetting } from '../rules/rule.js';
import type { Workspace } from '../workspace/workspace.js';

/** What a front sets over the nearest .huntcard.json: CLI flags, or the editor's settings for the card's folder. */
export interface Overrides {
  dataset?: string;
  domain?: string;
  rules?: Record<string, SeveritySetting>;
}

/**
 * How far a repository's own config may choose the ATT&CK data: `any` (the CLI
 * with --allow-config-url, a trusted workspace), `local` (a path, not a URL to
 * download: the CLI's default, an editor without workspace trust), `none` (an
 * untrusted workspace).
 */
export type ConfigDatasetPolicy = 'any' | 'local' | 'none';

export interface SettingsOptions {
  workspace: Workspace;
  overrides?: (file: string | undefined) => Overrides | Promise<Overrides>;
  /** A config file that applies to every card (the CLI's --config), instead of the nearest one. */
  configFile?: string;
  /** A value, or a function when it changes while the engine runs (workspace trust granted). */
  configDataset?: ConfigDatasetPolicy | (() => ConfigDatasetPolicy);
  /**
   * When the chosen dataset cannot be loaded, or a config cannot be read: fail the
   * card (the CLI: exit 2), or say so once and go on with the defaults (the editor:
   * a card is still checked while its config is being fixed).
   */
  onDatasetFailure?: 'fail' | 'default';
  cacheDir?: string | (() => string | undefined);
  /** Things the user should know (a skipped cache entry, an ignored setting), each said once. */
  note?: (message: string, important?: boolean) => void;
  onCatalogLoaded?: (catalog: Catalog) => void;
}

/** The settings one card is checked with. */
export interface CardSettings {
  /** The .huntcard.json that applies, if any. */
  configFile?: string;
  severities: Record<string, SeveritySetting>;
  dataset?: string;
  domain?: Domain;
}

/**
 * Settings per card, and the ATT&CK data they choose, decided once for every
 * front: the nearest .huntcard.json (read through the workspace, so an unsaved
 * one counts in the editor) under the front's overrides. Configs and catalogs
 * are cached, failures too; `invalidate` drops what a changed file affects.
 */
export class SettingsResolver {
  private readonly nearest = new Map<string, string | null>();
  private readonly configs = new Map<string, Promise<HuntCardConfig | HuntCardError>>();
  private readonly catalogs = new Map<string, Promise<Catalog>>();
  private readonly told = new Set<string>();

  constructor(private readonly options: SettingsOptions) {}

  /** A file changed or went away: forget what it may have decided (a config: every card's settings). */
  /** Forgets what a changed file affects; true when that is settings (a config file, or everything). */
  invalidate(file?: string): boolean {
    if (file !== undefined && path.basename(file) !== CONFIG_FILE) return false;
    this.nearest.clear();
    this.configs.clear();
    return true;
  }

  /** Everything: settings changed or data was updated. */
  reset(): void {
    this.nearest.clear();
    this.configs.clear();
    this.catalogs.clear();
    this.told.clear();
  }

  async settings(file: string | undefined): Promise<CardSettings> {
    const overrides = (await this.options.overrides?.(file)) ?? {};
    const config = await this.config(file);
    const domainSetting = overrides.domain || config?.domain;
    const dataset = overrides.dataset || this.configDataset(config);
    const domain = toDomain(typeof domainSetting === 'string' ? domainSetting : undefined);
    return {
      ...(config?.file ? { configFile: config.file } : {}),
      severities: { ...config?.rules, ...overrides.rules },
      ...(dataset ? { dataset } : {}),
      ...(domain ? { domain } : {}),
    };
  }

  /** The ATT&CK data a card is checked with. */
  async catalog(file: string | undefined): Promise<Catalog> {
    const { dataset, domain } = await this.settings(file);
    try {
      return await this.load(dataset, domain);
    } catch (error) {
      if (!dataset || this.options.onDatasetFailure !== 'default') throw error;
      this.tell(`${describeError(error)}\nUsing the default ATT&CK data instead until the setting changes or the data is reloaded.`, true);
      return this.load(undefined, domain);
    }
  }

  /** The config that applies to a file: --config, else the nearest .huntcard.json above it. A broken config throws (every time). */
  async config(file: string | undefined): Promise<HuntCardConfig | undefined> {
    const configFile = this.options.configFile ? path.resolve(this.options.configFile) : file ? await this.nearestConfig(path.dirname(file)) : undefined;
    if (!configFile) return undefined;
    let config = this.configs.get(configFile);
    if (!config) {
      config = this.readConfig(configFile);
      this.configs.set(configFile, config);
    }
    const loaded = await config;
    if (!(loaded instanceof HuntCardError)) return loaded;
    if (this.options.onDatasetFailure !== 'default') throw loaded;
    this.tell(`${loaded.describe()}\nChecking without it until it is fixed.`, true);
    return undefined;
  }

  private async readConfig(file: string): Promise<HuntCardConfig | HuntCardError> {
    try {
      const read = await this.options.workspace.read(file, LIMITS.config);
      const { parseConfig } = await import('../config/config.js'); // only when a config exists
      return parseConfig(read.text, file);
    } catch (error) {
      if (error instanceof HuntCardError) return error;
      throw error;
    }
  }

  private async nearestConfig(dir: string): Promise<string | undefined> {
    const known = this.nearest.get(dir);
    if (known !== undefined) return known ?? undefined;
    const candidate = path.join(dir, CONFIG_FILE);
    let found: string | undefined;
    // A config that exists but cannot be read (a FIFO, a folder) still applies: reading it says why.
    if (
      await this.options.workspace.readIfExists(candidate, LIMITS.config).then(
        (f) => f !== undefined,
        () => true,
      )
    )
      found = candidate;
    else if (path.dirname(dir) !== dir) found = await this.nearestConfig(path.dirname(dir));
    this.nearest.set(dir, found ?? null);
    return found;
  }

  /** The dataset a workspace's config may choose under the policy; what is not allowed is said once. */
  private configDataset(config: HuntCardConfig | undefined): string | undefined {
    if (!config?.dataset) return undefined;
    const policy = current(this.options.configDataset) ?? 'local';
    if (policy === 'none') {
      this.tell(`Ignoring "dataset" in ${config.file}: the workspace is not trusted, so it may not choose the ATT&CK data. Trust the workspace to use it.`);
      return undefined;
    }
    if (isUrl(config.dataset) && policy !== 'any') {
      if (this.options.onDatasetFailure === 'default') {
        this.tell(
          `Ignoring the dataset URL in ${config.file}: a workspace's config may name a URL to download only when the editor says the workspace is trusted (initializationOptions.workspaceTrusted).`,
        );
        return undefined;
      }
      throw new HuntCardError(
        `${config.file} sets "dataset" to a URL (${config.dataset}); huntcard does not download what a repository's config names unless asked.`,
        'Pass --allow-config-url if you trust this repository, or give --dataset <file|url> yourself.',
      );
    }
    return config.dataset;
  }

  private load(dataset: string | undefined, domain: Domain | undefined): Promise<Catalog> {
    const key = `${dataset ?? ''}\u0000${domain ?? ''}`;
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      const cacheDir = current(this.options.cacheDir);
      catalog = loadCatalog({ ...(dataset ? { dataset } : {}), ...(domain ? { domain } : {}), ...(cacheDir ? { cacheDir } : {}) });
      // A failure stays in the map: it is not retried (nor downloaded again) per card.
      catalog.then(
        (c) => {
          for (const n of c.notes) this.tell(n);
          this.options.onCatalogLoaded?.(c);
        },
        () => undefined,
      );
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  private tell(message: string, important = false): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.options.note?.(message, important);
  }
}

function current<T>(value: T | (() => T)): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}
