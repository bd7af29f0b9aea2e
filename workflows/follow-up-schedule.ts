/**
 * When a follow-up plan's check-ins fall due: shared by the plan's workflow and by the registration
 * that writes the plan (it writes the first check-in as planned in its own transaction). Pure and
 * deterministic (calendar dates only).
 */
import { addDays } from './calendar.js';
import type { FollowUpInput } from './definitions.js';

type Intervals = Pick<FollowUpInput, 'startDate' | 'firstDays' | 'secondDays' | 'thirdDays' | 'intervalDays'>;

/** The due day of check-in `seq` (1-based). */
export function followUpDueOn(input: Intervals, seq: number): string {
  if (seq === 1) return addDays(input.startDate, input.firstDays);
  if (seq === 2) return addDays(input.startDate, input.secondDays);
  return addDays(input.startDate, input.thirdDays + (seq - 3) * input.intervalDays);
}

/** The first check-in due on or after the day the plan began (one due before it is not planned). */
export function followUpFirstSeq(input: Intervals & Pick<FollowUpInput, 'plannedFrom'>): number {
  let seq = 1;
  while (followUpDueOn(input, seq) < input.plannedFrom && seq < 10_000) seq++;
  return seq;
}
