/**
 * Follow-up at the workplace (跟踪服务 / 回访; DESIGN.md process 8; seeds 000, 001, 003): one plan
 * per placement, started when it is registered. Check-ins fall due at policy intervals counted
 * from the employment start date (a week, a month, three months, then every quarter while the
 * worker is employed). On its due day each becomes a task for the follow-up officer; still not
 * recorded a policy number of days later it is marked missed and escalated to the section head,
 * and the plan goes on with the next one. The plan ends when the placement ends. A plan can run
 * for years: the run continues as new when its history grows long.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { FollowUpActivities } from '../src/followups/followups.activities.js';
import { addDays, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { followUpDueOn, followUpFirstSeq } from './follow-up-schedule.js';
import { workflowNow } from './clock.js';
import {
  followUpCheckedInSignal,
  followUpEndedSignal,
  FollowUpCheckInLine,
  FollowUpInput,
  FollowUpState,
  followUpStateQuery,
} from './definitions.js';

const acts = proxyActivities<FollowUpActivities>(RECORD_ACTIVITY);

/** A check-in becomes a task at 09:00 Shanghai time on its due day. */
const DUE_HOUR_MS = 9 * 3_600_000;
/** Far below Temporal's limits; a year of quarterly check-ins is a few dozen events. */
const MAX_EVENTS = 2_000;
/** Lines the queried state keeps. */
const KEEP = 12;

export { followUpDueOn } from './follow-up-schedule.js';

/** Patch: the registration wrote the plan's first check-in as planned (input.plannedSeq); the run does not plan it again. */
export const FIRST_CHECK_IN_PLANNED_PATCH = 'first-check-in-planned';

export async function followUpPlan(input: FollowUpInput): Promise<FollowUpState> {
  const { placementId } = input;
  const state: FollowUpState = { placementId, stage: 'active', next: null, checkIns: [], endedOn: null };
  let ended: string | null = null;
  const done = new Set<number>();

  setHandler(followUpStateQuery, () => state);
  setHandler(followUpCheckedInSignal, ({ seq }) => {
    done.add(seq);
  });
  setHandler(followUpEndedSignal, ({ endDate }) => {
    ended ??= endDate;
  });

  let seq = input.fromSeq ?? followUpFirstSeq(input);
  while (ended === null) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_EVENTS) {
      await condition(allHandlersFinished);
      if (ended === null) await continueAsNew<typeof followUpPlan>({ ...input, fromSeq: seq });
      break;
    }
    const dueOn = followUpDueOn(input, seq);
    const line: FollowUpCheckInLine = { seq, dueOn, status: 'planned', escalatedOn: null };
    state.checkIns.push(line);
    if (state.checkIns.length > KEEP) state.checkIns.shift();
    state.next = { seq, dueOn };
    // Only a run started with plannedSeq asks for the patch, so older histories replay as they ran.
    const prePlanned = seq === input.plannedSeq && patched(FIRST_CHECK_IN_PLANNED_PATCH);
    if (!prePlanned) await acts.planCheckIn({ placementId, seq, dueOn });
    const mine = seq;
    const settled = () => ended !== null || done.has(mine);

    const dueAt = shanghaiStartOfDay(dueOn) + DUE_HOUR_MS;
    if (workflowNow() < dueAt) await condition(settled, dueAt - workflowNow());
    if (!settled()) {
      await acts.openCheckIn({ placementId, seq, dueOn });
      line.status = 'due';
      const escalateAt = shanghaiEndOfDay(addDays(dueOn, input.escalateAfterDays));
      if (workflowNow() < escalateAt) await condition(settled, escalateAt - workflowNow());
      if (!settled()) {
        const { escalatedOn } = await acts.escalateCheckIn({ placementId, seq, dueOn });
        if (escalatedOn) {
          line.status = 'missed';
          line.escalatedOn = escalatedOn;
        } else line.status = 'done';
      }
    }
    if (done.has(mine)) line.status = 'done';
    if (ended !== null) break;
    seq++;
  }

  if (ended !== null) {
    await acts.endFollowUp({ placementId, endDate: ended });
    state.stage = 'ended';
    state.endedOn = ended;
    state.next = null;
    for (const l of state.checkIns) if (l.status === 'planned' || l.status === 'due') l.status = 'cancelled';
  }
  await condition(allHandlersFinished);
  return state;
}
