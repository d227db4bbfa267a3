// Entry of dist/client/update.js (see lazy-update.ts).
export { compareVersions, editorNetworkOptions, latestRelease, updateDataset } from '../../server/src/engine/attack/download/update-dataset.js';
