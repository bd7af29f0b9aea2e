/**
 * Calendar dates as `YYYY-MM-DD` strings, the way the system stores them: an Asia/Shanghai
 * calendar date with no time and no zone. Pure string/integer arithmetic, no `Date` parsing.
 */
import { shanghaiDate } from '../../workflows/calendar.js';
import { nowMs } from '../common/clock.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day (1-based month) name a day that exists in the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True only for a string `YYYY-MM-DD` that is a real date (rejects 2023-02-30, 2024-13-01). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The calendar date in Asia/Shanghai at `now` (default: the API's clock), as `YYYY-MM-DD`. Not UTC. */
export function todayInShanghai(now: Date = new Date(nowMs())): string {
  return shanghaiDate(now.getTime());
}

/** Throws (a programming error, not user input) unless `value` is a `YYYY-MM-DD` calendar date. */
export function assertCalendarDate(value: string, name: string): void {
  if (!isCalendarDate(value)) throw new TypeError(`${name} must be a date as YYYY-MM-DD`);
}
