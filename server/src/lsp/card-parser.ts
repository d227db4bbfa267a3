import { Worker } from 'node:worker_threads';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { type Card, type CardData, type CardSource, type Engine, oversizedCard, reviveCard } from '../engine/index.js';

/** What the parser thread may hold (V8's old generation), in MB; HUNTCARD_PARSER_HEAP_MB changes it (16 or more). */
const PARSER_HEAP_MB = Math.max(16, Number(process.env.HUNTCARD_PARSER_HEAP_MB) || 256);

/** Texts longer than this are parsed on the parser thread (a card this long takes ~100 ms or more to parse here). */
export const OFF_THREAD_ABOVE = 32 * 1024;

export type ParseRequest = { kind: 'parse'; id: number; uri: string; text: string; source?: CardSource; keep: boolean } | { kind: 'forget'; uri: string };
/** `card`: the CardData as JSON. */
export type ParseReply = { id: number; card: string; error?: undefined } | { id: number; error: string; card?: undefined };

interface Job {
  request: Extract<ParseRequest, { kind: 'parse' }>;
  resolve: (card: Card) => void;
  reject: (error: unknown) => void;
}

/**
 * Parses cards for the language server without blocking it: short texts right
 * away (cheaper than a trip to another thread), long ones on one parser thread,
 * one at a time, newest version first. A queued parse of a document that a newer
 * version replaces is cancelled (the editor asks again for the new version).
 */
export class CardParser {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(
    private readonly engine: Engine,
    private readonly log: (text: string) => void,
  ) {}

  /** `keep`: an open document, whose next version will be parsed too (its pieces are remembered). */
  parse(text: string, uri: string, source?: CardSource, keep = true): Promise<Card> {
    if (text.length <= OFF_THREAD_ABOVE || !this.engine.recognise(text)) return Promise.resolve(this.engine.parse(text, uri, source));
    for (const queued of keep ? this.queue.filter((j) => j.request.uri === uri && j.request.keep) : []) {
      this.queue.splice(this.queue.indexOf(queued), 1);
      queued.reject(new ResponseError(LSPErrorCodes.ServerCancelled, 'A newer version of the document is being checked.', { retriggerRequest: true }));
    }
    return new Promise<Card>((resolve, reject) => {
      this.queue.push({ request: { kind: 'parse', id: this.nextId++, uri, text, ...(source ? { source } : {}), keep }, resolve, reject });
      this.pump();
    });
  }

  /** The document closed: its remembered pieces go. */
  forget(uri: string): void {
    this.worker?.postMessage({ kind: 'forget', uri } satisfies ParseRequest);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    this.thread().postMessage(job.request);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // Bounded: a 1 MB card then stays under 200 MB (about 270 unbounded), and nothing the
    // parser is handed can take the editor's memory. Cards the engine would parse in one
    // piece too long are card-too-large before they get here; if one still needs more, the
    // thread stops, that card gets card-too-large too, and the thread starts again.
    const worker = new Worker(workerFile(), { resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: PARSER_HEAP_MB } });
    worker.unref();
    worker.on('message', (reply: ParseReply) => {
      const job = this.running;
      if (!job || job.request.id !== reply.id) return;
      this.running = undefined;
      if (reply.card !== undefined) job.resolve(reviveCard(JSON.parse(reply.card) as CardData, job.request.text));
      else job.reject(new Error(`parsing ${job.request.uri} failed: ${reply.error}`));
      this.pump();
    });
    const lost = (why: string, outOfMemory: boolean) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`the parser thread stopped (${why}); it starts again for the next long card`);
      const job = this.running;
      this.running = undefined;
      if (job && outOfMemory) job.resolve(oversizedCard(job.request.text, job.request.uri, { why: 'memory', limitMb: PARSER_HEAP_MB }));
      else job?.reject(new Error(`parsing ${job.request.uri} failed: the parser thread stopped (${why})`));
      this.pump();
    };
    worker.on('error', (error) => lost(error.message, (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'));
    worker.on('exit', (code) => lost(`exit code ${code}`, false));
    this.worker = worker;
    return worker;
  }
}

/** parse-worker.js beside the server's bundle (or beside this module when run from the compiled sources). */
function workerFile(): URL {
  const here = new URL('.', import.meta.url);
  return here.pathname.endsWith('/chunks/') ? new URL('../parse-worker.js', here) : new URL('./parse-worker.js', here);
}
