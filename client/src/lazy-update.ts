import path from 'node:path';

export type UpdateModule = typeof import('./update-entry.js');
export type UpdateResult = Awaited<ReturnType<UpdateModule['updateDataset']>>;

/**
 * The downloader (undici, the STIX reader, zod) is a bundle of its own, dist/client/update.js,
 * loaded on the first update or release check so activating the extension stays cheap.
 */
export function loadUpdateModule(): UpdateModule {
  return require(path.join(__dirname, 'update.js')) as UpdateModule;
}

declare const __dirname: string;
