import { Worker } from 'node:worker_threads';
import { besideBins } from '../bundled-file.js';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { type Card, type CardData, type CardSource, CHUNKED_ABOVE, type Engine, oversizedCard, reviveCard } from '../engine/index.js';

/** What the parser thread may hold (V8's old generation), in MB; HUNTCARD_PARSER_HEAP_MB changes it (16 or more). */
const PARSER_HEAP_MB = Math.max(16, Number(process.env.HUNTCARD_PARSER_HEAP_MB) || 256);

/**
 * Texts longer than this are parsed on the parser thread. Shorter ones are parsed
 * in one piece anyway (CHUNKED_ABOVE), in 100-300 ms on a slow machine, cheaper
 * than a wait behind a long card on the thread.
 */
export const OFF_THREAD_ABOVE = CHUNKED_ABOVE;

export type ParseRequest = { kind: 'parse'; id: number; uri: string; text: string; source?: CardSource; keep: boolean } | { kind: 'forget'; uri: string };
/** `card`: the CardData as JSON. */
export type ParseReply = { id: number; card: string; error?: undefined } | { id: number; error: string; card?: undefined };

interface Job {
  request: Extract<ParseRequest, { kind: 'parse' }>;
  /** Already tried once on a thread that ran out of memory (then holding other documents' pieces too). */
  retried?: boolean;
  resolve: (card: Card) => void;
  reject: (error: unknown) => void;
}

/**
 * Parses cards for the language server without blocking it: short texts right
 * away (cheaper than a trip to another thread), long ones on one parser thread,
 * one at a time, the shortest first. A queued parse of a document that a newer
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
    if (keep) this.cancelQueued(uri, 'A newer version of the document is being checked.');
    return new Promise<Card>((resolve, reject) => {
      this.queue.push({ request: { kind: 'parse', id: this.nextId++, uri, text, ...(source ? { source } : {}), keep }, resolve, reject });
      this.pump();
    });
  }

  /** The document closed: its queued parses and its remembered pieces go. */
  forget(uri: string): void {
    this.cancelQueued(uri, 'The document was closed.');
    this.worker?.postMessage({ kind: 'forget', uri } satisfies ParseRequest);
  }

  /** Open-document parses of `uri` not started yet are cancelled (the editor asks again if it still needs them). */
  private cancelQueued(uri: string, why: string): void {
    for (const queued of this.queue.filter((j) => j.request.uri === uri && j.request.keep)) {
      this.queue.splice(this.queue.indexOf(queued), 1);
      queued.reject(new ResponseError(LSPErrorCodes.ServerCancelled, why, { retriggerRequest: true }));
    }
  }

  dispose(): void {
    for (const job of [...this.queue.splice(0), ...(this.running ? [this.running] : [])]) job.reject(new Error('The server is shutting down.'));
    this.running = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running) return;
    // The shortest text first: a card of 100 KB does not wait behind one of 2 MB.
    const shortest = this.queue.reduce<Job | undefined>((best, j) => (!best || j.request.text.length < best.request.text.length ? j : best), undefined);
    if (!shortest) return;
    const job = this.queue.splice(this.queue.indexOf(shortest), 1)[0]!;
    this.running = job;
    try {
      this.thread().postMessage(job.request);
    } catch (error) {
      this.running = undefined;
      job.reject(error);
      this.pump();
    }
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // Bounded: parsing a 1 MB card alone on such a thread took under 200 MB (about 270 unbounded), and nothing the
    // parser is handed can take the editor's memory. Cards the engine would parse in one
    // piece too long are card-too-large before they get here; if one still needs more, the
    // thread stops, that card gets card-too-large too, and the thread starts again.
    const worker = new Worker(besideBins('parse-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: PARSER_HEAP_MB } });
    worker.unref();
    worker.on('message', (reply: ParseReply) => {
      const job = this.running;
      if (!job || job.request.id !== reply.id) return;
      this.running = undefined;
      try {
        if (reply.card !== undefined) job.resolve(reviveCard(JSON.parse(reply.card) as CardData, job.request.text));
        else job.reject(new Error(`parsing ${job.request.uri} failed: ${reply.error}`));
      } catch (error) {
        job.reject(error);
      }
      this.pump();
    });
    const lost = (why: string, outOfMemory: boolean) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`the parser thread stopped (${why}); it starts again for the next long card`);
      const job = this.running;
      this.running = undefined;
      // The thread held every open long card's pieces: on a fresh one, the card is tried once more alone.
      if (job && outOfMemory && !job.retried) this.queue.unshift({ ...job, retried: true });
      else if (job && outOfMemory) job.resolve(oversizedCard(job.request.text, job.request.uri, { why: 'memory', limitMb: PARSER_HEAP_MB }));
      else job?.reject(new Error(`parsing ${job.request.uri} failed: the parser thread stopped (${why})`));
      this.pump();
    };
    worker.on('error', (error) => lost(error.message, (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'));
    worker.on('exit', (code) => lost(`exit code ${code}`, false));
    this.worker = worker;
    return worker;
  }
}
