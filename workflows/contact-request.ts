/**
 * A contact-card request (联系卡求助; seed 002: "answered satisfactorily within one week"):
 * one run per request. Deadline `answerDays` after it was received; the assignee is reminded
 * `reminderDaysBefore` the last day (day 5 of 7) at 09:00; unanswered when the last day ends,
 * a breach is flagged (day 8) and the section head (admin) notified. It closes only with an
 * answer (what was offered, accepted or not) — or, for a rights problem, when the linked rights
 * case is acknowledged.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { HouseholdActivities } from '../src/households/households.activities.js';
import { addDays, shanghaiDate, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import { ContactRequestRefusals } from './refusals.js';
import {
  answerContactRequestUpdate,
  ContactRequestAnswer,
  ContactRequestInput,
  ContactRequestState,
  contactRequestStateQuery,
  rightsCaseAcknowledgedSignal,
} from './definitions.js';

const acts = proxyActivities<HouseholdActivities>(RECORD_ACTIVITY);

const REMINDER_HOUR_MS = 9 * 3_600_000;
const nowIso = () => new Date(workflowNow()).toISOString();

export async function contactRequest(input: ContactRequestInput): Promise<ContactRequestState> {
  const dueOn = addDays(input.receivedOn, input.answerDays);
  const state: ContactRequestState = {
    requestId: input.requestId,
    stage: 'open',
    receivedOn: input.receivedOn,
    dueOn,
    remindedAt: null,
    breachedAt: null,
    answer: null,
  };
  let answering = false;
  let acknowledged: { caseId: number; by: string } | null = null;
  const done = () => answering || acknowledged !== null;

  const answer = async (a: ContactRequestAnswer) => {
    answering = true;
    const answeredOn = shanghaiDate(workflowNow());
    await acts.recordContactRequestAnswer({ requestId: input.requestId, answeredOn, dueOn, answer: a });
    state.answer = { ...a, answeredOn };
    state.stage = 'answered';
    return state;
  };

  setHandler(contactRequestStateQuery, () => state);
  setHandler(rightsCaseAcknowledgedSignal, (ack) => {
    acknowledged ??= ack;
  });
  setHandler(answerContactRequestUpdate, answer, {
    validator: (a) => {
      if (answering || state.stage === 'answered') throw ContactRequestRefusals.ANSWERED();
      if (!a.offered || a.offered.trim().length < 2) throw ContactRequestRefusals.OFFER_REQUIRED();
      if (typeof a.accepted !== 'boolean') throw ContactRequestRefusals.ACCEPTED_REQUIRED();
    },
  });

  const remindAt = shanghaiStartOfDay(addDays(dueOn, -input.reminderDaysBefore)) + REMINDER_HOUR_MS;
  const breachAt = shanghaiEndOfDay(dueOn);
  if (workflowNow() < remindAt) await condition(done, remindAt - workflowNow());
  if (!done() && workflowNow() < breachAt) {
    await acts.remindContactRequest({ requestId: input.requestId, dueOn });
    state.remindedAt = nowIso();
    await condition(done, breachAt - workflowNow());
  }
  if (!done()) {
    await acts.flagContactRequestBreach({ requestId: input.requestId, dueOn });
    state.breachedAt = nowIso();
  }
  await condition(done);
  if (!answering && acknowledged) {
    const ack = acknowledged as { caseId: number; by: string };
    await answer({ by: ack.by, offered: '转维权案件办理，案件已受理', accepted: true, caseId: ack.caseId });
  }
  await condition(allHandlersFinished);
  return state;
}
