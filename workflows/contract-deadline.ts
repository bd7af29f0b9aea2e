/**
 * The 15-day written-contract deadline (DESIGN.md process 1; seed 000).
 *
 * Started when a placement is registered. The clock runs from the employment start date,
 * so a late registration may be overdue at once. Before the deadline: a reminder letter
 * (签订劳动合同提醒函) and a task for the caseworker. Unsigned when the deadline day ends:
 * a rectification notice (限期签订劳动合同通知书), status overdue, a `no_contract` case.
 * A contract recorded at any point (even late) or the employment ending closes the wait.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { PlacementActivities } from '../src/placements/placements.activities.js';
import { addDays, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import { ContractRefusals } from './refusals.js';
import {
  contractSignedUpdate,
  contractStateQuery,
  ContractDeadlineInput,
  ContractDeadlineState,
  employmentEndedUpdate,
} from './definitions.js';
import { dueDate, PlacementId, searchKeeper, townshipPair } from './search-attributes.js';

const acts = proxyActivities<PlacementActivities>(RECORD_ACTIVITY);

/** Reminders go out at 09:00 Shanghai time on their day. */
const REMINDER_HOUR_MS = 9 * 3_600_000;

export async function contractDeadline(input: ContractDeadlineInput): Promise<ContractDeadlineState> {
  const deadline = addDays(input.startDate, input.deadlineDays);
  const deadlineEndsAt = shanghaiEndOfDay(deadline);
  const reminderAt = shanghaiStartOfDay(addDays(deadline, -input.reminderDaysBefore)) + REMINDER_HOUR_MS;
  const state: ContractDeadlineState = {
    placementId: input.placementId,
    stage: 'awaiting_contract',
    deadline,
    deadlineDays: input.deadlineDays,
    reminderAt: new Date(reminderAt).toISOString(),
    reminderSentAt: null,
    overdueAt: null,
    caseId: null,
    signedOn: null,
    endedOn: null,
  };
  let signed = false;
  let ended = false;
  let overdueInFlight = false;
  const settled = () => signed || ended;
  // Started with Stage and NextDueDate (src/temporal/search-attributes.ts); the missed deadline stays shown when overdue.
  const showSearch = searchKeeper({ stage: state.stage, due: dueDate(deadline).toISOString() }, [
    { key: PlacementId, value: input.placementId },
    ...townshipPair(input.township),
  ]);

  setHandler(contractStateQuery, () => state);

  setHandler(
    contractSignedUpdate,
    async ({ signedOn }) => {
      signed = true;
      // The overdue step may be opening the case right now; note the late contract after it.
      await condition(() => !overdueInFlight);
      await acts.markContractSigned({ placementId: input.placementId, signedOn, deadline, caseId: state.caseId });
      state.stage = 'contract_signed';
      state.signedOn = signedOn;
      showSearch(state.stage, null);
      await acts.announceContract({ placementId: input.placementId, signedOn });
      return state;
    },
    {
      validator: ({ signedOn }) => {
        if (signed) throw ContractRefusals.CONTRACT_EXISTS();
        if (ended) throw ContractRefusals.ENDED();
        if (signedOn < input.startDate) throw ContractRefusals.SIGNED_BEFORE_START({ startDate: input.startDate });
      },
    },
  );

  setHandler(
    employmentEndedUpdate,
    async ({ endDate, reason }) => {
      ended = true;
      await condition(() => !overdueInFlight);
      await acts.markPlacementEnded({ placementId: input.placementId, endDate, reason });
      state.stage = 'ended';
      state.endedOn = endDate;
      showSearch(state.stage, null);
      await acts.announcePlacementEnded({ placementId: input.placementId, endDate });
      return state;
    },
    {
      validator: ({ endDate }) => {
        if (ended) throw ContractRefusals.ALREADY_ENDED();
        if (endDate < input.startDate) throw ContractRefusals.ENDED_BEFORE_START({ startDate: input.startDate });
      },
    },
  );

  // 1. Until the reminder day (skipped when registered after it).
  if (workflowNow() < reminderAt) await condition(settled, reminderAt - workflowNow());
  if (!settled() && workflowNow() < deadlineEndsAt) {
    const daysLeft = Math.max(0, Math.ceil((deadlineEndsAt - workflowNow()) / 86_400_000) - 1);
    await acts.sendContractReminder({
      placementId: input.placementId,
      deadline,
      daysLeft,
      policyDays: input.deadlineDays,
    });
    state.reminderSentAt = new Date(workflowNow()).toISOString();
  }

  // 2. Until the deadline day has ended.
  if (!settled() && workflowNow() < deadlineEndsAt) await condition(settled, deadlineEndsAt - workflowNow());

  // 3. Unsigned at the deadline: rectification notice, overdue, a no_contract case.
  if (!settled()) {
    overdueInFlight = true;
    const { caseId } = await acts.markContractOverdue({
      placementId: input.placementId,
      deadline,
      rectifyDays: input.rectifyDays,
    });
    state.caseId = caseId;
    state.overdueAt = new Date(workflowNow()).toISOString();
    if (!settled()) {
      state.stage = 'overdue';
      showSearch(state.stage, dueDate(deadline).toISOString());
    }
    overdueInFlight = false;
  }

  // 4. A late contract still closes the wait (and is noted on the case); so does the end.
  await condition(settled);
  await condition(allHandlersFinished);
  return state;
}
