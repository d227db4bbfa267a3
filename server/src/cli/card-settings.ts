import path from 'node:path';
import type { Catalog } from '../engine/attack/catalog.js';
import { findConfigFile, type HuntCardConfig, loadConfig } from '../engine/config/config.js';
import { catalogFor, type DatasetFlags } from './dataset-options.js';

/**
 * Settings for each card file: the nearest .huntcard.json (or --config) and the
 * dataset it implies. Command-line flags win over the config file. Configs and
 * catalogs are loaded once and shared by every card that uses them.
 */
export class CardSettings {
  private readonly configs = new Map<string, HuntCardConfig>();
  private readonly catalogs = new Map<string, Promise<Catalog>>();

  constructor(
    private readonly flags: DatasetFlags & { config?: string },
    private readonly warn: (text: string) => void,
  ) {}

  config(file: string): HuntCardConfig {
    const configFile = this.flags.config ? path.resolve(this.flags.config) : findConfigFile(path.dirname(file));
    if (!configFile) return { rules: {} };
    let config = this.configs.get(configFile);
    if (!config) {
      config = loadConfig(configFile);
      this.configs.set(configFile, config);
    }
    return config;
  }

  catalog(file: string): Promise<Catalog> {
    const config = this.config(file);
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
