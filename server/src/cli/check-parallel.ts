import { Worker } from 'node:worker_threads';
import { besideBins } from '../bundled-file.js';
import { HuntCardError } from '../engine/index.js';
import { type CheckBatch, type CheckFlags, checkFiles } from './check-files.js';

/** Below this many files a worker's start-up costs more than it saves. */
const MIN_FILES_PER_WORKER = 40;

/**
 * Checks files on `jobs` threads. Files are dealt round-robin so every worker
 * gets a similar mix; results come back in the order of `files`.
 */
export async function checkInParallel(files: string[], flags: CheckFlags, jobs: number): Promise<CheckBatch> {
  // Small runs stay on this thread; larger ones go to workers even for --jobs 1,
  // because a worker can be given a heap tuned for parsing (see runWorker).
  if (files.length < MIN_FILES_PER_WORKER) return checkFiles(files, flags);
  const workers = Math.max(1, Math.min(jobs, Math.floor(files.length / MIN_FILES_PER_WORKER)));
  const shares = Array.from({ length: workers }, (_, w) => files.filter((_, i) => i % workers === w));
  const batches = await Promise.all(shares.map((share) => runWorker(share, flags)));
  const byFile = new Map(batches.flatMap((b) => b.results).map((r) => [r.file, r]));
  return {
    results: files.map((f) => byFile.get(f)!),
    warnings: [...new Set(batches.flatMap((b) => b.warnings))],
  };
}

function runWorker(files: string[], flags: CheckFlags): Promise<CheckBatch> {
  return new Promise((resolve, reject) => {
    // A larger young generation: parsing allocates many short-lived nodes, and scavenges dominate otherwise.
    const worker = new Worker(besideBins('check-worker.js', import.meta.url), { workerData: { files, flags }, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    worker.once('message', (message: { ok?: CheckBatch; error?: { message: string; hint?: string; known: boolean; stack?: string } }) => {
      if (message.ok) resolve(message.ok);
      else if (message.error?.known) reject(new HuntCardError(message.error.message, message.error.hint));
      else reject(new Error(message.error?.stack ?? message.error?.message ?? 'check worker failed'));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
    });
  });
}
