import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { z } from 'zod';
import { parseCardDate } from '../engine/format/card-date.js';

// The arguments each workspace/executeCommand command takes, checked at the door:
// a client that sends the wrong shape gets InvalidParams naming the field, not an
// internal error from deep inside ("id.trim is not a function").

const cardDate = z.string().refine((d) => !('problem' in parseCardDate(d)), { message: 'must be a real date written "D Month YYYY", e.g. "23 June 2022"' });
const optionalString = z.string().optional();

export const COMMAND_PARAMS = {
  'huntcard.scaffold': z.object({ id: z.string().trim().min(1, 'give a technique ID, e.g. "T1059.001"'), author: optionalString, date: cardDate.optional(), uri: optionalString }),
  'huntcard.refreshAttackZone': z.object({ uri: z.string().min(1, 'give the URI of an open document') }),
  'huntcard.techniques': z.object({ domain: optionalString, uri: optionalString }),
  'huntcard.coverage': z.object({ domain: optionalString }),
  'huntcard.navigatorLayer': z.object({ domain: optionalString }),
  'huntcard.datasetInfo': z.object({}),
  'huntcard.reloadData': z.object({}),
} as const;

export type CommandName = keyof typeof COMMAND_PARAMS;

/** The command's first argument, checked; InvalidParams that names the bad field otherwise. */
export function commandParams<C extends CommandName>(command: C, args: readonly unknown[]): z.infer<(typeof COMMAND_PARAMS)[C]> {
  const result = COMMAND_PARAMS[command].safeParse(args[0] ?? {});
  if (result.success) return result.data as z.infer<(typeof COMMAND_PARAMS)[C]>;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'the argument';
  throw new ResponseError(ErrorCodes.InvalidParams, `${command}: ${where}: ${issue.message}`);
}
