/**
 * An organised departure (输出批次; DESIGN.md process 7; seeds 000, 001): one run per batch. It
 * reminds the caseworker in charge some days before the departure (check the roster, tell the
 * members), asks for the departure to be recorded when the day is over without it, and once the
 * group has left waits for the leader to confirm the arrival: not confirmed within the policy's
 * days after the departure, a task. The records themselves are written by the API; the process
 * only keeps time and raises the tasks (idempotent activities).
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { DepartureActivities } from '../src/departures/departures.activities.js';
import { addDays, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import {
  batchArrivedSignal,
  batchCancelledSignal,
  batchDepartedSignal,
  DepartureBatchInput,
  DepartureBatchState,
  departureBatchStateQuery,
} from './definitions.js';

const acts = proxyActivities<DepartureActivities>(RECORD_ACTIVITY);

/** Reminders become tasks at 09:00 Shanghai time. */
const HOUR_9 = 9 * 3_600_000;

export async function departureBatch(input: DepartureBatchInput): Promise<DepartureBatchState> {
  const { batchId } = input;
  const state: DepartureBatchState = {
    batchId,
    stage: 'planned',
    departedOn: null,
    arrivedOn: null,
    arrivalDueOn: null,
    reminded: [],
  };
  let cancelled = false;
  setHandler(departureBatchStateQuery, () => state);
  setHandler(batchDepartedSignal, ({ departedOn }) => {
    state.departedOn ??= departedOn;
  });
  setHandler(batchArrivedSignal, ({ arrivedOn }) => {
    state.arrivedOn ??= arrivedOn;
  });
  setHandler(batchCancelledSignal, () => {
    cancelled = true;
  });
  const left = () => cancelled || state.departedOn !== null || state.arrivedOn !== null;
  const over = () => cancelled || state.arrivedOn !== null;
  const until = async (done: () => boolean, at: number) => {
    if (!done() && workflowNow() < at) await condition(done, at - workflowNow());
  };

  // Before the departure: the reminder, then the day itself without a recorded departure.
  await until(left, shanghaiStartOfDay(addDays(input.departureDate, -input.reminderDaysBefore)) + HOUR_9);
  if (!left()) {
    await acts.remindDeparture({ batchId, departureDate: input.departureDate });
    state.reminded.push('departure_due');
  }
  await until(left, shanghaiEndOfDay(input.departureDate));
  if (!left()) {
    await acts.askForDeparture({ batchId, departureDate: input.departureDate });
    state.reminded.push('departure_unrecorded');
    await condition(left);
  }

  if (!cancelled) {
    if (state.arrivedOn === null) state.stage = 'departed';
    const departedOn = state.departedOn ?? state.arrivedOn!;
    state.arrivalDueOn = addDays(departedOn, input.arrivalConfirmDays);
    await acts.departed({ batchId, departedOn });
    await until(over, shanghaiEndOfDay(state.arrivalDueOn));
    if (!over()) {
      await acts.arrivalOverdue({ batchId, departedOn, dueOn: state.arrivalDueOn });
      state.reminded.push('arrival_overdue');
      await condition(over);
    }
  }
  if (cancelled && state.arrivedOn === null) state.stage = 'cancelled';
  else state.stage = 'arrived';
  await acts.settled({ batchId, outcome: state.stage });
  await condition(allHandlersFinished);
  return state;
}
