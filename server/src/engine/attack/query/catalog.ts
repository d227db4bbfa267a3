import type { Dataset } from './dataset.js';
import type { Domain, Technique } from './model.js';

/**
 * The datasets in use, one per domain, most preferred first. Most lookups go to
 * the dataset that holds the technique; a live technique wins over a revoked one.
 */
export class Catalog {
  constructor(
    readonly datasets: readonly Dataset[],
    /** Things the user should know about how the data was chosen (e.g. a corrupt cache was skipped). */
    readonly notes: readonly string[] = [],
  ) {
    if (datasets.length === 0) throw new Error('a catalog needs at least one dataset');
  }

  get primary(): Dataset {
    return this.datasets[0]!;
  }

  forDomain(domain: Domain): Dataset | undefined {
    return this.datasets.find((d) => d.meta.domain === domain);
  }

  /** The dataset that knows this technique ID (preferring one where it is current). */
  datasetFor(techniqueId: string): Dataset | undefined {
    const holders = this.datasets.filter((d) => d.hasTechnique(techniqueId));
    return (
      holders.find((d) => {
        const t = d.technique(techniqueId)!;
        return !t.revoked && !t.deprecated;
      }) ?? holders[0]
    );
  }

  technique(techniqueId: string): { dataset: Dataset; technique: Technique } | undefined {
    const dataset = this.datasetFor(techniqueId);
    const technique = dataset?.technique(techniqueId);
    return dataset && technique ? { dataset, technique } : undefined;
  }
}
