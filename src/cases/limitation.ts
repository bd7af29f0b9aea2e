import { daysBetween } from '../common/dates.js';
import { LIMITATION_WARNING_DAYS } from '../../workflows/definitions.js';

/**
 * Where a case stands with its one-year limitation (《劳动争议调解仲裁法》第二十七条) on a day:
 * `running`, `warned` (30 days or fewer left), `expired` (the last day has passed, short of
 * arbitration), `arbitration` (applied for: the limitation no longer threatens), `none` (closed).
 */
export type LimitationStatus = 'running' | 'warned' | 'expired' | 'arbitration' | 'none';

export interface LimitationView {
  status: LimitationStatus;
  /** Days from today to the last day (negative once it has passed). */
  daysLeft: number | null;
  /** The last day of the year, when it has passed. */
  expiredOn: string | null;
}

export function limitationOf(
  c: { status: string; stage: string; limitationEndsOn: string | null },
  today: string,
): LimitationView {
  if (!c.limitationEndsOn) return { status: 'none', daysLeft: null, expiredOn: null };
  const daysLeft = daysBetween(today, c.limitationEndsOn);
  const base = { daysLeft, expiredOn: daysLeft < 0 ? c.limitationEndsOn : null };
  if (c.status === 'closed') return { ...base, status: 'none' };
  if (c.stage === 'arbitration_pending' || c.stage === 'arbitration') return { ...base, status: 'arbitration' };
  if (daysLeft < 0) return { ...base, status: 'expired' };
  return { ...base, status: daysLeft <= LIMITATION_WARNING_DAYS ? 'warned' : 'running' };
}
