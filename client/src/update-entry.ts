// Entry of dist/client/update.js (see lazy-update.ts).
export { compareVersions, latestRelease, updateDataset } from '../../server/src/engine/attack/download/update-dataset.js';
export { editorNetworkOptions } from '../../server/src/engine/attack/download/trust.js';
