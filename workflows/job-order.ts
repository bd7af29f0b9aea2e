/**
 * A job order (用工需求): one run per order. Some days before the people are needed
 * (`staffingCheckDaysBefore`, at 09:00 Shanghai) it asks whether enough of them are in place
 * (placed, or with an employer's acceptance); the activity raises a task for the caseworker who
 * took the order when they are not. A seasonal order expires when its end date is over; any
 * order can be closed earlier by staff, with a reason.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { JobActivities } from '../src/jobs/jobs.activities.js';
import { addDays, shanghaiDate, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import { JobOrderRefusals } from './refusals.js';
import { closeJobOrderUpdate, JobOrderInput, JobOrderState, jobOrderStateQuery } from './definitions.js';

const acts = proxyActivities<JobActivities>(RECORD_ACTIVITY);

const CHECK_HOUR_MS = 9 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

export async function jobOrder(input: JobOrderInput): Promise<JobOrderState> {
  const checkAt = shanghaiStartOfDay(addDays(input.startDate, -input.staffingCheckDaysBefore)) + CHECK_HOUR_MS;
  // An order taken on or after its start day has nothing to check ahead of it.
  const checks = shanghaiDate(workflowNow()) < input.startDate;
  const expiresAt = input.endDate ? shanghaiEndOfDay(input.endDate) : null;
  const state: JobOrderState = {
    orderId: input.orderId,
    stage: 'open',
    staffingCheckAt: checks ? iso(Math.max(checkAt, workflowNow())) : null,
    staffingCheckedAt: null,
    shortBy: null,
    expiresAt: expiresAt === null ? null : iso(expiresAt),
    closedAt: null,
  };
  let closing = false;
  // Set before the expiry is written, so a close sent meanwhile is refused rather than raced.
  let expiring = false;
  const done = () => closing;

  setHandler(jobOrderStateQuery, () => state);
  setHandler(
    closeJobOrderUpdate,
    async (c) => {
      closing = true;
      const closedOn = shanghaiDate(workflowNow());
      await acts.closeJobOrder({ orderId: input.orderId, closedOn, ...c });
      state.stage = 'closed';
      state.closedAt = iso(workflowNow());
      return state;
    },
    {
      validator: (c) => {
        if (closing || expiring || state.stage !== 'open') throw JobOrderRefusals.NOT_OPEN();
        if (typeof c?.reason !== 'string' || c.reason.trim().length < 2) throw JobOrderRefusals.REASON_REQUIRED();
      },
    },
  );

  if (checks) {
    if (workflowNow() < checkAt) await condition(done, checkAt - workflowNow());
    if (!done()) {
      const { shortBy } = await acts.checkJobOrderStaffing({ orderId: input.orderId, startDate: input.startDate });
      state.staffingCheckedAt = iso(workflowNow());
      state.shortBy = shortBy;
    }
  }
  if (expiresAt !== null) {
    if (!done() && workflowNow() < expiresAt) await condition(done, expiresAt - workflowNow());
    if (!done()) {
      expiring = true;
      await acts.expireJobOrder({ orderId: input.orderId, endDate: input.endDate! });
      state.stage = 'expired';
    }
  } else {
    await condition(done);
  }
  await condition(allHandlersFinished);
  return state;
}
