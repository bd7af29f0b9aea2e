import { addDays, addMonths, shanghaiDate, shanghaiStartOfDay } from '../../workflows/calendar.js';
import { nowMs as clockNow } from '../common/clock.js';
import { MonthErrors } from '../common/common.errors.js';

/** A reporting month in Asia/Shanghai dates, with the instants its timestamps are compared with. */
export interface ReportMonth {
  /** 2026-11 */
  month: string;
  year: number;
  /** 1-12 */
  monthNumber: number;
  /** First day of the month, 2026-11-01. */
  from: string;
  /** Last day of the month, 2026-11-30. */
  to: string;
  /** First day of the next month (exclusive bound for date columns). */
  toExclusive: string;
  /** 1 January of the month's year (year-to-date starts here). */
  yearFrom: string;
  /** The same bounds as instants (00:00 +08:00), for timestamptz columns. */
  fromAt: Date;
  toExclusiveAt: Date;
  yearFromAt: Date;
}

/** The current Asia/Shanghai month, YYYY-MM. */
export function currentMonth(nowMs = clockNow()): string {
  return shanghaiDate(nowMs).slice(0, 7);
}

/**
 * Parses and checks a `YYYY-MM` month: a real month, from 2000 on, and not after the current
 * Asia/Shanghai month (a report on a month that has not begun says nothing). 400 otherwise,
 * with the field and the reason.
 */
export function parseMonth(value: unknown, field = 'month', nowMs = clockNow()): ReportMonth {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}$/.test(value)) throw MonthErrors.SHAPE().at(field);
  const year = Number(value.slice(0, 4));
  const monthNumber = Number(value.slice(5, 7));
  if (monthNumber < 1 || monthNumber > 12) throw MonthErrors.NUMBER().at(field);
  if (year < 2000) throw MonthErrors.TOO_EARLY().at(field);
  const now = currentMonth(nowMs);
  if (value > now) throw MonthErrors.IN_FUTURE({ current: now }).at(field);
  return monthBounds(value);
}

/** The bounds of a month already known to be valid. */
export function monthBounds(month: string): ReportMonth {
  const from = `${month}-01`;
  const toExclusive = addMonths(from, 1);
  const yearFrom = `${month.slice(0, 4)}-01-01`;
  return {
    month,
    year: Number(month.slice(0, 4)),
    monthNumber: Number(month.slice(5, 7)),
    from,
    to: addDays(toExclusive, -1),
    toExclusive,
    yearFrom,
    fromAt: new Date(shanghaiStartOfDay(from)),
    toExclusiveAt: new Date(shanghaiStartOfDay(toExclusive)),
    yearFromAt: new Date(shanghaiStartOfDay(yearFrom)),
  };
}

/** The `count` months ending with `month`, oldest first: 2026-11, 12 → 2025-12 … 2026-11. */
export function monthsEndingWith(month: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(addMonths(`${month}-01`, -i).slice(0, 7));
  return out;
}
