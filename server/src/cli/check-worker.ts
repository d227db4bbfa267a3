import { parentPort, workerData } from 'node:worker_threads';
import { HuntCardError } from '../engine/index.js';
import { checkFiles, type CheckFlags } from './check-files.js';

/** One worker of a parallel `huntcard check`: checks its share of the files and posts the results. */
const { files, flags } = workerData as { files: string[]; flags: CheckFlags };
try {
  parentPort!.postMessage({ ok: await checkFiles(files, flags) });
} catch (error) {
  parentPort!.postMessage({
    error: {
      message: (error as Error).message,
      hint: error instanceof HuntCardError ? error.hint : undefined,
      known: error instanceof HuntCardError,
      stack: (error as Error).stack,
    },
  });
}
