/**
 * A lookup bounded by LOOKUP_ACTIVITY gave up: its last answer was "not found (yet)" (a
 * retryable failure typed *_NOT_FOUND) or it ran out of time retrying it.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';

/** Patch: a record still missing after LOOKUP_ACTIVITY's bound ends the run with a task for admin. */
export const BOUNDED_NOT_FOUND = 'bounded-not-found';

export function stillNotFound(e: unknown): boolean {
  if (!(e instanceof ActivityFailure)) return false;
  // The schedule-to-close timeout carries the last attempt's failure as its cause.
  let cause: unknown = e.cause;
  if (cause instanceof TimeoutFailure) cause = cause.cause;
  return cause instanceof ApplicationFailure && !!cause.type?.endsWith('_NOT_FOUND');
}
