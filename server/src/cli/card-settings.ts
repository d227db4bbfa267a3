import path from 'node:path';
import type { Catalog } from '../engine/attack/catalog.js';
import { isUrl } from '../engine/attack/locations.js';
import { findConfigFile, type HuntCardConfig, loadConfig } from '../engine/config/config.js';
import { HuntCardError } from '../engine/errors.js';
import { catalogFor, type DatasetFlags } from './dataset-options.js';

export interface SettingsFlags extends DatasetFlags {
  config?: string;
  /** A repository's .huntcard.json may name a dataset URL to download (off: CI checks pull requests). */
  allowConfigUrl?: boolean;
}

/**
 * Settings for each card file: the nearest .huntcard.json (or --config) and the
 * dataset it implies. Command-line flags win over the config file. Configs and
 * catalogs are loaded once (failures too) and shared by every card that uses them.
 */
export class CardSettings {
  private readonly configs = new Map<string, HuntCardConfig | HuntCardError>();
  private readonly catalogs = new Map<string, Promise<Catalog>>();

  constructor(
    private readonly flags: SettingsFlags,
    private readonly warn: (text: string) => void,
  ) {}

  config(file: string): HuntCardConfig {
    const configFile = this.flags.config ? path.resolve(this.flags.config) : findConfigFile(path.dirname(file));
    if (!configFile) return { rules: {} };
    let config = this.configs.get(configFile);
    if (!config) {
      try {
        config = loadConfig(configFile);
      } catch (error) {
        if (!(error instanceof HuntCardError)) throw error;
        config = error;
      }
      this.configs.set(configFile, config);
    }
    if (config instanceof HuntCardError) throw config;
    return config;
  }

  catalog(file: string): Promise<Catalog> {
    const config = this.config(file);
    if (!this.flags.dataset && config.dataset && isUrl(config.dataset) && !this.flags.allowConfigUrl) {
      return Promise.reject(
        new HuntCardError(
          `${config.file} sets "dataset" to a URL (${config.dataset}); huntcard does not download what a repository's config names unless asked.`,
          'Pass --allow-config-url if you trust this repository, or give --dataset <file|url> yourself.',
        ),
      );
    }
    const dataset = this.flags.dataset ?? config.dataset;
    const domain = this.flags.domain ?? config.domain;
    const key = `${dataset ?? ''}\u0000${domain ?? ''}`;
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      catalog = catalogFor({ ...this.flags, ...(dataset ? { dataset } : {}), ...(domain ? { domain } : {}) }, this.warn);
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }
}
