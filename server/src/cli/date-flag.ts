import { formatCardDate, parseCardDate } from '../engine/index.js';
import { CliError, EXIT } from './exit-codes.js';

/** The date a command writes into cards: --date, checked against the card format, else today. */
export function cardDateFlag(date: string | undefined): string {
  const value = date ?? formatCardDate(new Date());
  if ('problem' in parseCardDate(value)) throw new CliError(`--date ${JSON.stringify(value)} is not a date in the card format.`, EXIT.usage, 'Write it as "D Month YYYY", e.g. "23 June 2022".');
  return value;
}
