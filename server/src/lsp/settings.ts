import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import type { Catalog } from '../engine/attack/catalog.js';
import { loadCatalog } from '../engine/attack/load-catalog.js';
import { type Domain, toDomain } from '../engine/attack/model.js';
import type { HuntCardConfig } from '../engine/config/config.js';
import { findConfigFile } from '../engine/config/find-config.js';
import { describeError } from '../engine/errors.js';
import type { SeveritySetting } from '../engine/rules/rule.js';

/** `huntcard.*` editor settings the server reads (workspace/configuration). */
export interface EditorSettings {
  /** Path (or URL) of a bundle or index; empty for the default choice. */
  dataset?: string;
  domain?: string;
  /** The VS Code extension's list of enabled domains; one entry works like `domain`, several load all. */
  domains?: string[];
  rules?: Record<string, SeveritySetting>;
}

/** What one document is checked with: editor settings over its .huntcard.json. */
export interface DocumentSettings {
  severities: Record<string, SeveritySetting>;
  catalog: Catalog;
}

/**
 * Settings and datasets for the server. Datasets are loaded on first need and
 * shared between documents that use the same one; `reset()` (settings change,
 * dataset update) drops them so the next request reloads.
 */
export class SettingsStore {
  private editor?: Promise<EditorSettings>;
  private readonly catalogs = new Map<string, Promise<Catalog>>();
  private readonly configs = new Map<string, HuntCardConfig | undefined>();

  constructor(
    private readonly connection: Connection,
    private readonly options: { canPullConfiguration: () => boolean; cacheDir?: string; log: (text: string) => void; onLoaded?: (catalog: Catalog) => void },
  ) {}

  reset(): void {
    this.editor = undefined;
    this.catalogs.clear();
    this.configs.clear();
  }

  private editorSettings(): Promise<EditorSettings> {
    if (!this.options.canPullConfiguration()) return Promise.resolve({});
    this.editor ??= this.connection.workspace
      .getConfiguration('huntcard')
      .then((s: unknown) => (s && typeof s === 'object' ? (s as EditorSettings) : {}))
      .catch(() => ({}));
    return this.editor;
  }

  private async fileConfig(uri: string): Promise<HuntCardConfig | undefined> {
    if (!uri.startsWith('file:')) return undefined;
    const dir = path.dirname(fileURLToPath(uri));
    if (this.configs.has(dir)) return this.configs.get(dir);
    let config: HuntCardConfig | undefined;
    const file = findConfigFile(dir);
    if (file) {
      try {
        const { loadConfig } = await import('../engine/config/config.js'); // zod, only when a config exists
        config = loadConfig(file);
      } catch (error) {
        this.options.log(describeError(error));
      }
    }
    this.configs.set(dir, config);
    return config;
  }

  async forDocument(uri: string): Promise<DocumentSettings> {
    const editor = await this.editorSettings();
    const config = await this.fileConfig(uri);
    const dataset = editor.dataset || config?.dataset;
    const editorDomain = editor.domain || (Array.isArray(editor.domains) && editor.domains.length === 1 ? editor.domains[0] : undefined);
    const domainSetting = editorDomain || config?.domain;
    return {
      severities: { ...config?.rules, ...editor.rules },
      catalog: await this.catalog(dataset, toDomain(domainSetting)),
    };
  }

  catalog(dataset?: string, domain?: Domain): Promise<Catalog> {
    const key = `${dataset ?? ''}\u0000${domain ?? ''}`;
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      catalog = loadCatalog({
        ...(dataset ? { dataset } : {}),
        ...(domain ? { domain } : {}),
        ...(this.options.cacheDir ? { cacheDir: this.options.cacheDir } : {}),
      });
      catalog.then(
        (c) => {
          c.notes.forEach((n) => this.options.log(n));
          this.options.onLoaded?.(c);
        },
        (error) => {
          this.options.log(describeError(error));
          this.catalogs.delete(key);
        },
      );
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }
}
