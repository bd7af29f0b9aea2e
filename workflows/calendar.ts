/**
 * Calendar arithmetic on Asia/Shanghai dates written `YYYY-MM-DD`, pure and deterministic,
 * shared by workflows and the API. UTC noon is used internally so adding days never
 * crosses a date line; China has no daylight saving time, so +08:00 is exact.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const toUtcNoon = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), 12);
const fromUtc = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The Asia/Shanghai calendar date of an instant (ms since epoch). */
export function shanghaiDate(instantMs: number): string {
  return fromUtc(instantMs + SHANGHAI_OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtcNoon(date) + days * DAY_MS);
}

/** Adds calendar months, clamping to the month's last day (01-31 + 1 month = 02-28/29). */
export function addMonths(date: string, months: number): string {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7) - 1 + months;
  const d = +date.slice(8, 10);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(d, last), 12));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcNoon(to) - toUtcNoon(from)) / DAY_MS);
}

/** The instant (ms) a Shanghai calendar day begins, 00:00 +08:00. */
export function shanghaiStartOfDay(date: string): number {
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - SHANGHAI_OFFSET_MS;
}

/** The instant a Shanghai calendar day ends (the next day's 00:00 +08:00). */
export function shanghaiEndOfDay(date: string): number {
  return shanghaiStartOfDay(date) + DAY_MS;
}
