import type { Dataset } from '../../server/src/engine/attack/query/dataset.js';
import { datasetFromBundleFile } from '../../server/src/engine/attack/stix/bundle-reader.js';
import { BUNDLES } from './paths.js';

const loaded = new Map<string, Dataset>();

/** Real bundles from ../shared/attack, parsed once per test run. */
export function bundle(name: keyof typeof BUNDLES): Dataset {
  let dataset = loaded.get(name);
  if (!dataset) {
    dataset = datasetFromBundleFile(BUNDLES[name]);
    loaded.set(name, dataset);
  }
  return dataset;
}
