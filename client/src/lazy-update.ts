import path from 'node:path';

import type * as UpdateEntry from './update-entry.js';

export type UpdateModule = typeof UpdateEntry;
export type UpdateResult = Awaited<ReturnType<UpdateModule['updateDataset']>>;

/**
 * The downloader (undici, the STIX reader, zod) is a bundle of its own, dist/client/update.js,
 * loaded on the first update or release check so activating the extension stays cheap.
 */
export function loadUpdateModule(): UpdateModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded by path at run time
  return require(path.join(__dirname, 'update.js')) as UpdateModule;
}

declare const __dirname: string;
