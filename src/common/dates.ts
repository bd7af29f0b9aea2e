/**
 * Dates are Asia/Shanghai calendar dates (`YYYY-MM-DD`); the arithmetic lives with the
 * workflows that share it. Every timestamp that becomes a date or a time people read — on a
 * document, in the console, in a spreadsheet, in a task's title — goes through
 * `shanghaiDateOf` / `shanghaiDateTimeOf`, never through `toISOString()` (a UTC date: a case
 * opened at 02:27 Beijing time would print the day before).
 */
import { shanghaiDate } from '../../workflows/calendar.js';
import { nowMs } from './clock.js';

export {
  addDays,
  addMonths,
  daysBetween,
  shanghaiDate,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
} from '../../workflows/calendar.js';

/** What a field that must hold a calendar date says when it does not, everywhere it is asked. */
export const DATE_SHAPE = '请填写有效日期（如 2026-11-20）';

/** Today in Asia/Shanghai, from the API's clock (API and activities only, never in workflows). */
export function shanghaiToday(): string {
  return shanghaiDate(nowMs());
}

export type Instant = Date | string | number;

/** An ISO timestamp that says its zone (a bare one would be read in the server's zone). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function instantMs(at: Instant): number {
  const ms =
    at instanceof Date ? at.getTime() : typeof at === 'number' ? at : ISO_INSTANT.test(at) ? Date.parse(at) : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`not a moment in time: ${String(at)}`);
  return ms;
}

/** The Asia/Shanghai calendar date of a timestamp (a Date, epoch ms, or an ISO instant with its zone). */
export function shanghaiDateOf(at: Instant): string {
  return shanghaiDate(instantMs(at));
}

/** A timestamp as Asia/Shanghai `YYYY-MM-DD HH:mm`. */
export function shanghaiDateTimeOf(at: Instant): string {
  const ms = instantMs(at);
  const minutes = Math.floor(((((ms + 8 * 3_600_000) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${shanghaiDate(ms)} ${hh}:${mm}`;
}
