import type { Connection } from 'vscode-languageserver/node';
import type { Overrides, SeveritySetting } from '../engine/index.js';

/** `huntcard.*` as the editor gives it for one resource (workspace/configuration with scopeUri). */
interface EditorValue {
  dataset?: string;
  domain?: string;
  /** The VS Code extension's list of enabled domains; one entry works like `domain`. */
  domains?: string[];
  rules?: Record<string, SeveritySetting>;
  /** Which cards get diagnostics: every card of the workspace (default), or only open ones. */
  diagnosticsScope?: 'workspace' | 'openFiles';
  /** Files besides cards and Sigma rules that get ATT&CK hovers, links, completion and checks: gitignore-style patterns. */
  attackAwareFiles?: string[];
}

/**
 * The editor's settings, per resource: in a multi-root workspace each folder may
 * set its own `huntcard.rules` or `huntcard.dataset`, so they are asked for with
 * the card's URI as scope, and cached until the editor says they changed.
 */
export class EditorSettings {
  private readonly values = new Map<string, Promise<EditorValue>>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  reset(): void {
    this.values.clear();
  }

  private value(scopeUri: string | undefined): Promise<EditorValue> {
    if (!this.canPull()) return Promise.resolve({});
    const key = scopeUri ?? '';
    let value = this.values.get(key);
    if (!value) {
      value = this.connection.workspace.getConfiguration({ section: 'huntcard', ...(scopeUri ? { scopeUri } : {}) }).then(
        (s: unknown) => (s && typeof s === 'object' ? (s as EditorValue) : {}),
        () => ({}),
      );
      this.values.set(key, value);
    }
    return value;
  }

  /** What the editor sets over the card's .huntcard.json. */
  async overrides(scopeUri: string | undefined): Promise<Overrides> {
    const v = await this.value(scopeUri);
    const domain = typeof v.domain === 'string' && v.domain ? v.domain : Array.isArray(v.domains) && v.domains.length === 1 && typeof v.domains[0] === 'string' ? v.domains[0] : undefined;
    return {
      ...(typeof v.dataset === 'string' && v.dataset ? { dataset: v.dataset } : {}),
      ...(domain ? { domain } : {}),
      ...(v.rules && typeof v.rules === 'object' ? { rules: v.rules } : {}),
    };
  }

  async attackAwareFiles(scopeUri: string): Promise<string[]> {
    const v = await this.value(scopeUri);
    return Array.isArray(v.attackAwareFiles) ? v.attackAwareFiles.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  }

  async diagnosticsScope(): Promise<'workspace' | 'openFiles'> {
    return (await this.value(undefined)).diagnosticsScope === 'openFiles' ? 'openFiles' : 'workspace';
  }
}
