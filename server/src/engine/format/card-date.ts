/** Dates on cards are written "D Month YYYY": no leading zero, English month name. */

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

export function formatCardDate(date: Date): string {
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

export type CardDateProblem = 'format' | 'not-a-date';

/** Parses "23 June 2022"; says whether the text has the wrong shape or names no real day. */
export function parseCardDate(text: string): { date: Date } | { problem: CardDateProblem } {
  const match = /^([1-9]\d?) ([A-Z][a-z]+) (\d{4})$/.exec(text.trim());
  if (!match) return { problem: 'format' };
  const day = Number(match[1]);
  const month = MONTHS.indexOf(match[2] as (typeof MONTHS)[number]);
  const year = Number(match[3]);
  if (month < 0) return { problem: 'format' };
  const date = new Date(year, month, day);
  if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return { problem: 'not-a-date' };
  return { date };
}

/**
 * A date written another readable way (2023-03-14, 2023/3/14, 14 Mar 2023, 03 march 2023,
 * March 14, 2023, 14th March 2023): the same day, for a fix that keeps what the author
 * meant. Day-month orders that read both ways (03/04/2023) are no date here.
 */
export function readLooseDate(text: string): Date | undefined {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]+)\.?,?[ -](\d{4})$/.exec(t);
  const monthFirst = /^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t);
  // A month's name or its start (Mar, Sept), in any case.
  const month = (word: string) => (word.length >= 3 ? MONTHS.findIndex((name) => name.toLowerCase().startsWith(word.toLowerCase())) : -1);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
  else if (dayFirst) [y, m, d] = [Number(dayFirst[3]), month(dayFirst[2]!), Number(dayFirst[1])];
  else if (monthFirst) [y, m, d] = [Number(monthFirst[3]), month(monthFirst[1]!), Number(monthFirst[2])];
  else return undefined;
  if (m < 0) return undefined;
  const date = new Date(y, m, d);
  return date.getFullYear() === y && date.getMonth() === m && date.getDate() === d ? date : undefined;
}
