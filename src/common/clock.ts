/**
 * The API's and the activities' clock: every "now" and "today" outside workflows reads it.
 * Tests fix it to a chosen moment (e.g. 18:27 UTC, when the Asia/Shanghai date is already the
 * next day) instead of depending on the hour the suite runs. Workflows never read it: they
 * have their own deterministic clock (workflows/clock.ts).
 */
let fixedAt: number | null = null;

/** Milliseconds since the epoch: the fixed moment, or the system clock. */
export function nowMs(): number {
  return fixedAt ?? Date.now();
}

export function now(): Date {
  return new Date(nowMs());
}

/** Fixes the clock at `at` (`null` releases it). For tests only; refused in production. */
export function fixClock(at: Date | null): void {
  if (process.env.NODE_ENV === 'production') throw new Error('the clock cannot be fixed in production');
  fixedAt = at ? at.getTime() : null;
}
