/**
 * A zero-employment household's support (DESIGN.md process 5; seeds 001, 002): one run per
 * episode (found → cleared). Issues the contact card (《"零就业家庭"就业联系卡》), schedules
 * the follow-up visits (回访, every `visitIntervalDays` after the last visit or the finding),
 * reminds the responsible caseworker before each, records each visit, flags a visit not made
 * by its day, and ends when a member works: the household is cleared (清零) with the date and
 * the measure that worked. A household that falls back later gets a new episode and a new run.
 * An episode can last years: its run continues as new once a year (or when its history grows
 * long), carrying the card, where the visits stand and the recent lines, so no history grows
 * without end.
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
import type { HouseholdActivities } from '../src/households/households.activities.js';
import { addDays, shanghaiDate, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import { HouseholdRefusals } from './refusals.js';
import {
  householdClearedSignal,
  HouseholdSupportInput,
  HouseholdSupportState,
  householdStateQuery,
  recordHouseholdVisitUpdate,
} from './definitions.js';

const acts = proxyActivities<HouseholdActivities>(RECORD_ACTIVITY);

const REMINDER_HOUR_MS = 9 * 3_600_000;
/** Runs started before continuing as new existed keep their path until they reach the check live. */
const CONTINUES = 'household-continues-as-new';
const RUN_MS = 365 * 86_400_000;
/** Far below Temporal's own limits (50,000 events); a year of monthly visits is a few hundred. */
const MAX_EVENTS = 2_000;
/** Recent lines a continued run keeps in its state (the full record is in the database). */
const KEEP = 24;
const today = () => shanghaiDate(workflowNow());

export async function householdSupport(input: HouseholdSupportInput): Promise<HouseholdSupportState> {
  const { householdId, episode, carried } = input;
  const state: HouseholdSupportState = {
    householdId,
    episode,
    stage: 'supporting',
    foundOn: input.foundOn,
    card: carried?.card ?? null,
    nextVisitDue: null,
    visits: carried?.visits ?? [],
    reminders: carried?.reminders ?? [],
    missedVisits: carried?.missedVisits ?? [],
    cleared: null,
    run: (carried?.runs ?? 0) + 1,
  };
  let clearing: HouseholdSupportState['cleared'] = null;
  let visitsVersion = 0;
  let lastVisitOn = carried?.lastVisitOn ?? input.foundOn;
  let seq = carried?.seq ?? 0;
  const timeToContinue = () => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength > MAX_EVENTS ||
      workflowNow() - info.runStartTime.getTime() >= RUN_MS
    );
  };

  setHandler(householdStateQuery, () => state);
  setHandler(householdClearedSignal, (c) => {
    clearing ??= c;
  });
  setHandler(
    recordHouseholdVisitUpdate,
    async (v) => {
      const mySeq = ++seq;
      await acts.recordHouseholdVisit({ householdId, episode, seq: mySeq, visit: v });
      state.visits.push(v);
      if (v.visitedOn > lastVisitOn) lastVisitOn = v.visitedOn;
      // The answer shows the next visit at once, even while the contact card is still being issued
      // (the loop below would only set it after); only the queried state changes, no command.
      state.nextVisitDue = addDays(lastVisitOn, input.visitIntervalDays);
      visitsVersion++;
      return state;
    },
    {
      validator: (v) => {
        if (clearing || state.stage === 'cleared') throw HouseholdRefusals.CLEARED();
        if (v.visitedOn < input.foundOn) throw HouseholdRefusals.VISIT_BEFORE_FOUND({ foundOn: input.foundOn });
        if (v.visitedOn > today()) throw HouseholdRefusals.VISIT_IN_FUTURE();
        if (!v.by || !v.by.trim()) throw HouseholdRefusals.VISITOR_REQUIRED();
      },
    },
  );

  if (!carried) state.card = await acts.issueContactCard({ householdId, episode });

  while (!clearing) {
    if (timeToContinue() && patched(CONTINUES)) {
      // A visit being recorded finishes here first; a clearing that arrives meanwhile ends the run instead.
      await condition(allHandlersFinished);
      if (!clearing)
        await continueAsNew<typeof householdSupport>({
          ...input,
          carried: {
            card: state.card,
            lastVisitOn,
            seq,
            visits: state.visits.slice(-KEEP),
            reminders: state.reminders.slice(-KEEP),
            missedVisits: state.missedVisits.slice(-KEEP),
            runs: state.run ?? 1,
          },
        });
      continue;
    }
    const due = addDays(lastVisitOn, input.visitIntervalDays);
    state.nextVisitDue = due;
    await acts.scheduleHouseholdVisit({ householdId, episode, dueOn: due });
    const v0 = visitsVersion;
    const changed = () => clearing !== null || visitsVersion !== v0;
    const remindAt = shanghaiStartOfDay(addDays(due, -input.visitReminderDaysBefore)) + REMINDER_HOUR_MS;
    const dueEndsAt = shanghaiEndOfDay(due);
    if (workflowNow() < remindAt) await condition(changed, remindAt - workflowNow());
    if (changed()) continue;
    if (workflowNow() < dueEndsAt) {
      await acts.remindHouseholdVisit({ householdId, episode, dueOn: due });
      if (!state.reminders.includes(due)) state.reminders.push(due);
      await condition(changed, dueEndsAt - workflowNow());
      if (changed()) continue;
    }
    await acts.flagHouseholdVisitMissed({ householdId, episode, dueOn: due });
    state.missedVisits.push(due);
    // The next visit falls one interval after the missed one.
    lastVisitOn = due;
  }

  const c = clearing as NonNullable<HouseholdSupportState['cleared']>;
  await acts.recordHouseholdCleared({ householdId, episode, ...c });
  state.stage = 'cleared';
  state.cleared = c;
  state.nextVisitDue = null;
  await condition(allHandlersFinished);
  return state;
}
