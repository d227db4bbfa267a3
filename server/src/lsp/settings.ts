import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import type { Catalog } from '../engine/attack/catalog.js';
import { loadCatalog } from '../engine/attack/load-catalog.js';
import { isUrl } from '../engine/attack/locations.js';
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
 * Whether the workspace's own files may choose what the server reads. VS Code's
 * client says trusted or untrusted; editors without workspace trust say nothing
 * ("unknown"): a workspace's .huntcard.json may then name a local dataset but not
 * a URL to download.
 */
export type WorkspaceTrust = 'trusted' | 'untrusted' | 'unknown';

/**
 * Settings and datasets for the server. Datasets are loaded on first need and
 * shared between documents that use the same one; a dataset that fails to load
 * is remembered (not tried again per request), and the document falls back to
 * the default data with a warning. `reset()` (settings change, dataset update,
 * trust granted) drops everything so the next request reloads.
 */
export class SettingsStore {
  private editor?: Promise<EditorSettings>;
  private readonly catalogs = new Map<string, Promise<Catalog>>();
  private readonly configs = new Map<string, HuntCardConfig | undefined>();
  private readonly told = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly options: {
      canPullConfiguration: () => boolean;
      cacheDir?: string;
      trust: () => WorkspaceTrust;
      log: (text: string) => void;
      onLoaded?: (catalog: Catalog) => void;
    },
  ) {}

  reset(): void {
    this.editor = undefined;
    this.catalogs.clear();
    this.configs.clear();
    this.told.clear();
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
        this.tellOnce(describeError(error));
      }
    }
    this.configs.set(dir, config);
    return config;
  }

  /** The dataset a workspace's config may choose, given the trust the client reported. */
  private configDataset(config: HuntCardConfig | undefined): string | undefined {
    if (!config?.dataset) return undefined;
    const trust = this.options.trust();
    if (trust === 'untrusted') {
      this.tellOnce(`Ignoring "dataset" in ${config.file}: the workspace is not trusted, so it may not choose the ATT&CK data. Trust the workspace to use it.`);
      return undefined;
    }
    if (isUrl(config.dataset) && trust !== 'trusted') {
      this.tellOnce(`Ignoring the dataset URL in ${config.file}: a workspace's config may name a URL to download only when the editor says the workspace is trusted (initializationOptions.workspaceTrusted).`);
      return undefined;
    }
    return config.dataset;
  }

  async forDocument(uri: string): Promise<DocumentSettings> {
    const editor = await this.editorSettings();
    const config = await this.fileConfig(uri);
    const dataset = editor.dataset || this.configDataset(config);
    const editorDomain = editor.domain || (Array.isArray(editor.domains) && editor.domains.length === 1 ? editor.domains[0] : undefined);
    const domainSetting = editorDomain || config?.domain;
    const domain = toDomain(typeof domainSetting === 'string' ? domainSetting : undefined);
    let catalog: Catalog;
    try {
      catalog = await this.catalog(dataset, domain);
    } catch (error) {
      if (!dataset) throw error;
      this.tellOnce(`${describeError(error)}\nUsing the default ATT&CK data instead until the setting changes or the data is reloaded.`, true);
      catalog = await this.catalog(undefined, domain);
    }
    return { severities: { ...config?.rules, ...editor.rules }, catalog };
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
      // A failure stays in the map: it is not retried (nor downloaded again) per request.
      catalog.then(
        (c) => {
          c.notes.forEach((n) => this.options.log(n));
          this.options.onLoaded?.(c);
        },
        () => undefined,
      );
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  private tellOnce(message: string, warnUser = false): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.options.log(message);
    // A notification (window/showMessage), not a request: nothing waits for the user's answer.
    if (warnUser) void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: message.split('\n')[0]! });
  }
}
