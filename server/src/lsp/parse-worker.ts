import { parentPort } from 'node:worker_threads';
import { cardData, parseCard, PieceMemo, type CardSource } from '../engine/index.js';
import type { ParseReply, ParseRequest } from './card-parser.js';

/**
 * The language server's parser thread: long cards are parsed here, so hovers,
 * completion and diagnostics of other documents never wait for them. It keeps
 * a memo of each open document's last parse, so an edit costs only the pieces
 * it touched.
 */
const memos = new Map<string, PieceMemo>();

parentPort!.on('message', (request: ParseRequest) => {
  if (request.kind === 'forget') {
    memos.delete(request.uri);
    return;
  }
  let reply: ParseReply;
  try {
    let memo = memos.get(request.uri);
    if (!memo && request.keep) memos.set(request.uri, (memo = new PieceMemo()));
    const card = parseCard(request.text, request.uri, request.source as CardSource | undefined, request.keep ? memo : undefined);
    // JSON crosses threads several times faster than a structured clone of the many small objects of a long card's model.
    reply = { id: request.id, card: JSON.stringify(cardData(card)) };
  } catch (error) {
    reply = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort!.postMessage(reply);
});
