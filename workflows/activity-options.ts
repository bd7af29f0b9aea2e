/**
 * How long an activity may take and how it is retried, written once for every process. Activities
 * are idempotent by a business key, so retrying is always safe; a process waits for its side
 * effect rather than fail. Changing these values does not break the replay of running histories.
 */
import type { ActivityOptions } from '@temporalio/workflow';

/**
 * A few rows and perhaps a document: a minute per try, retried with backoff (2 s doubling, at most
 * every 5 minutes) for as long as it takes, e.g. while Postgres is down.
 */
export const RECORD_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2s', maximumInterval: '5 minutes', backoffCoefficient: 2 },
};

/**
 * A ledger batch: up to 10 minutes per try, heartbeating every 5 s, so a worker that died is noticed
 * within 30 s; about 10 minutes of retries, then the import is marked failed rather than running for ever.
 */
export const LEDGER_BATCH_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 15 },
};

/**
 * A record that should exist but is not visible yet (an API transaction not yet committed): the
 * same retries, but for at most 6 hours of the same answer. Past that it will not come by itself;
 * the process opens a task for admin (a person to look) instead of retrying for ever.
 */
export const LOOKUP_ACTIVITY: ActivityOptions = {
  ...RECORD_ACTIVITY,
  scheduleToCloseTimeout: '6 hours',
};
