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
