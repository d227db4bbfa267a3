import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { z } from 'zod';
import { parseCardDate } from '../engine/index.js';
import type { CommandName, CommandParams } from '../protocol.js';

// The arguments each workspace/executeCommand command takes, checked at the door:
// a client that sends the wrong shape gets InvalidParams naming the field, not an
// internal error from deep inside ("id.trim is not a function"). Each schema is
// checked against the protocol's type for that command.

const cardDate = z.string().refine((d) => !('problem' in parseCardDate(d)), { message: 'must be a real date written "D Month YYYY", e.g. "23 June 2022"' });
const optionalString = z.string().optional();
const none = z.object({}).transform(() => ({}) as Record<string, never>);
const focus = z
  .union([
    z.object({ actors: z.array(z.string().trim().min(1, 'an actor is an ATT&CK ID, a name or an alias')).min(1, 'name at least one actor') }).strict(),
    z.object({ layer: z.string().min(1, 'give the URI of a layer file') }).strict(),
  ])
  .optional();

const SCHEMAS: { [C in CommandName]: z.ZodType<CommandParams<C>, unknown> } = {
  'huntcard.scaffold': z.object({
    id: z.string().trim().min(1, 'give a technique ID, e.g. "T1059.001"'),
    author: optionalString,
    date: cardDate.optional(),
    uri: optionalString,
    folder: optionalString,
    fileNamePattern: optionalString,
  }),
  'huntcard.refreshAttackZone': z.object({ uri: z.string().min(1, 'give the URI of an open document') }),
  'huntcard.datasetInfo': none,
  'huntcard.reloadData': none,
  'huntcard.techniques': z.object({ domain: optionalString, uri: optionalString }),
  'huntcard.coverage': z.object({ domain: optionalString, focus }),
  'huntcard.navigatorLayer': z.object({ domain: optionalString, folder: optionalString, focus }),
  'huntcard.actors': z.object({ domain: optionalString }),
  'huntcard.reviewRelease': z.object({ release: optionalString, previous: optionalString }),
  'huntcard.migrateCard': z.object({ uri: z.string().min(1, 'give the URI of a card'), release: optionalString, previous: optionalString }),
  'huntcard.heatmap': z.object({
    domain: optionalString,
    cspSource: optionalString,
    nonce: z
      .string()
      .regex(/^[A-Za-z0-9+/=]{8,64}$/, 'must be a base64 nonce')
      .optional(),
    focus,
  }),
};

/** The command's one argument, checked; InvalidParams that names the bad field otherwise. */
export function commandParams<C extends CommandName>(command: C, args: readonly unknown[]): CommandParams<C> {
  const result = SCHEMAS[command].safeParse(args[0] ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'the argument';
  throw new ResponseError(ErrorCodes.InvalidParams, `${command}: ${where}: ${issue.message}`);
}
