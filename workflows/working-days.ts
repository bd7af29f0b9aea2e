/**
 * Chinese working days (工作日) on Asia/Shanghai dates written `YYYY-MM-DD`, pure and
 * deterministic, for workflows and the API alike.
 *
 * Monday–Friday are working days and Saturday/Sunday are not, except where the State
 * Council's yearly holiday notice says otherwise: a public holiday (法定节假日/放假) on a
 * weekday, or a make-up working day (调休上班) on a weekend. Those exceptions are data —
 * `calendar_days`, kept by admin — passed in here as `overrides`, so a running workflow
 * keeps the calendar it was given.
 *
 * No I/O, no clock, no Node APIs: only arithmetic from './calendar.js'.
 */
import { addDays } from './calendar.js';

/** Exceptions to the Mon–Fri week, keyed by `YYYY-MM-DD`. */
export type CalendarOverrides = Record<string, 'holiday' | 'workday'>;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function requireDate(value: string, name: string): void {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value))
    throw new RangeError(`${name} must be a date as YYYY-MM-DD, got ${String(value)}`);
}

/** Day of the week of a `YYYY-MM-DD` date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const days = Math.floor(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS);
  // 1970-01-01 was a Thursday (4).
  return (((days + 4) % 7) + 7) % 7;
}

/** True on Mon–Fri unless overridden as a holiday, and on Sat/Sun only when overridden as a make-up working day (调休). */
export function isWorkingDay(date: string, overrides: CalendarOverrides = {}): boolean {
  requireDate(date, 'date');
  const o = overrides[date];
  if (o === 'holiday') return false;
  if (o === 'workday') return true;
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6;
}

/**
 * The date that is the `n`-th working day after `date` (`date` itself never counts, whether
 * or not it is a working day). `n = 0` returns `date` unchanged.
 * E.g. Friday + 1 = the next Monday; the day before a 7-day holiday + 1 = the first day back.
 */
export function addWorkingDays(date: string, n: number, overrides: CalendarOverrides = {}): string {
  requireDate(date, 'date');
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a whole number of working days ≥ 0, got ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, overrides)) left--;
  }
  return d;
}

/**
 * Working days after `from` up to and including `to`, so that
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. 0 when `to` equals `from`;
 * negative (the same count, signed) when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, overrides: CalendarOverrides = {}): number {
  requireDate(from, 'from');
  requireDate(to, 'to');
  if (to < from) return -workingDaysBetween(to, from, overrides);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (isWorkingDay(d, overrides)) count++;
  }
  return count;
}
