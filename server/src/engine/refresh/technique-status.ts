import type { Catalog } from '../attack/query/catalog.js';
import type { Dataset } from '../attack/query/dataset.js';

/** Why a card's technique cannot be refreshed: gone from the data, or revoked (with its replacement). */
export type TechniqueGone = { status: 'revoked'; id: string; dataset: string; replacement?: { id: string; name: string } } | { status: 'unknown'; id: string; dataset: string };

/**
 * Whether a card's technique can be refreshed from the catalog: the dataset that
 * holds it (and whether it is deprecated), or why not. Refresh on disk and the
 * editor's refresh plan both ask here.
 */
export function techniqueStatus(catalog: Catalog, id: string): TechniqueGone | { status: 'found'; dataset: Dataset; deprecated: boolean } {
  const found = catalog.technique(id);
  if (!found) return { status: 'unknown', id, dataset: catalog.datasets.map((d) => d.label).join(' or ') };
  if (found.technique.revoked) {
    const by = found.dataset.replacementOf(found.technique);
    return { status: 'revoked', id, dataset: found.dataset.label, ...(by ? { replacement: { id: by.id, name: by.name } } : {}) };
  }
  return { status: 'found', dataset: found.dataset, deprecated: found.technique.deprecated === true };
}
