/**
 * Rights-protection case escalation (DESIGN.md process 4; seeds 001, 003, 004): intake →
 * acknowledgement (受理通知书) → mediation, 15 days (Mediation and Arbitration Law art. 14)
 * → labour inspection (accept in 5 working days; investigate in 60, one extension of 30:
 * Inspection Regulations art. 17) or arbitration (accept in 5 days, art. 29; award in 45,
 * one extension up to 15, art. 43) → closed. Every deadline is a durable timer; the assignee
 * is reminded before it; a breach is flagged and escalated to the section head. The one-year
 * limitation (art. 27) runs from the day the worker knew, with a warning before it ends and a
 * record when it runs out; an interruption (中断) the caseworker records starts the year over.
 * An escalation's acceptance clock runs from the day it was registered or received there.
 * Closing ends the run; reopening starts a new run of the same workflow id.
 */
import {
  allHandlersFinished,
  type ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { CaseActivities } from '../src/cases/cases.activities.js';
import { addDays, daysBetween, shanghaiDate, shanghaiEndOfDay, shanghaiStartOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import { CaseRefusals } from './refusals.js';
import {
  CaseAction,
  caseActionUpdate,
  CaseDeadline,
  CaseEscalationInput,
  CaseEscalationState,
  CaseStage,
  caseStateQuery,
  INTERRUPTION_KINDS,
  LIMITATION_WARNING_DAYS,
  workingDeadlineMovedSignal,
} from './definitions.js';
import { CaseNumber, dueDate, searchKeeper, townshipPair } from './search-attributes.js';
import { keepStateInMemo } from './state-memo.js';

const acts = proxyActivities<CaseActivities>(RECORD_ACTIVITY);

const HOUR = 3_600_000;
/** Patch: an escalation's acceptance clock runs from its 立案/收件 date, not from the day it was entered. */
const ESCALATION_DATE = 'escalation-acceptance-from-its-date';
/** Patch: the limitation watch follows interruptions and records the day the year runs out. */
const LIMITATION_FOLLOWS = 'limitation-follows-interruptions';
/** Patch: a working-day deadline recomputed when its year's holidays are loaded replaces the running one. */
const DEADLINE_MOVES = 'working-deadline-moves-with-the-calendar';
const today = () => shanghaiDate(workflowNow());
const nowIso = () => new Date(workflowNow()).toISOString();

/** 09:00 a few days before the last day (3 for long periods, 1 for short), or that morning; null if already past. */
function reminderFor(dueOn: string, periodDays: number): number | null {
  const lead = periodDays > 10 ? 3 : 1;
  for (const at of [shanghaiStartOfDay(addDays(dueOn, -lead)) + 9 * HOUR, shanghaiStartOfDay(dueOn) + 9 * HOUR]) {
    if (at > workflowNow()) return at;
  }
  return null;
}

export async function caseEscalation(input: CaseEscalationInput): Promise<CaseEscalationState> {
  const p = input.policy;
  const limitationFrom = input.limitationFrom ?? input.knewOn;
  const state: CaseEscalationState = {
    caseId: input.caseId,
    stage: input.reopened ? 'reopened' : 'intake',
    current: null,
    deadlines: [],
    arbitrationAvailable: false,
    limitationStartsOn: limitationFrom,
    limitationEndsOn: addDays(limitationFrom, p.limitationDays),
    limitationWarnedAt: null,
    limitationExpiredOn: null,
    settlement: null,
    closed: null,
  };
  let seq = 0;
  let dueVersion = 0;
  /** The stage whose deadline the main loop has set up: an action's answer waits for it. */
  let ready: CaseStage | null = null;
  /** The date the last escalation was registered or received (立案/收件日期). */
  let escalatedOn: string | null = null;
  /** Bumped by each interruption: the limitation watch starts over from the new end. */
  let limitationVersion = 0;
  setHandler(caseStateQuery, () => state);
  const showState = keepStateInMemo(state);
  // Started with its Stage (src/temporal/search-attributes.ts); NextDueDate is the running deadline's last day.
  const showSearch = searchKeeper({ stage: state.stage }, [
    ...(input.caseNumber ? [{ key: CaseNumber, value: input.caseNumber }] : []),
    ...townshipPair(input.township),
  ]);
  const showStage = () => showSearch(state.stage, state.current ? dueDate(state.current.dueOn).toISOString() : null);

  const refuse = (refusal: ApplicationFailure): never => {
    throw refusal;
  };
  const written = (r: string | undefined) => !!r && r.trim().length >= 2;
  const needReason = (r: string | undefined) => written(r) || refuse(CaseRefusals.REASON_REQUIRED());

  const validate = (a: CaseAction) => {
    const s = state.stage;
    if (s === 'closed' && a.type !== 'reopen') refuse(CaseRefusals.CLOSED());
    switch (a.type) {
      case 'acknowledge':
        if (s !== 'intake') refuse(CaseRefusals.ALREADY_ACKNOWLEDGED());
        break;
      case 'mediation':
        if (s !== 'mediation') refuse(CaseRefusals.NOT_IN_MEDIATION());
        if (a.outcome === 'settled') {
          if (!Number.isSafeInteger(a.amountFen) || a.amountFen! < 0) refuse(CaseRefusals.SETTLEMENT_AMOUNT());
          if (!a.payBy || a.payBy < today()) refuse(CaseRefusals.SETTLEMENT_PAY_BY());
        } else needReason(a.reason);
        break;
      case 'payment':
        if (s !== 'awaiting_payment') refuse(CaseRefusals.NO_SETTLEMENT());
        break;
      case 'escalate':
        needReason(a.reason);
        if (a.escalatedOn && a.escalatedOn > today()) refuse(CaseRefusals.ESCALATED_IN_FUTURE());
        if (a.to === 'inspection' && !['mediation', 'mediation_failed', 'mediation_lapsed', 'reopened'].includes(s))
          refuse(CaseRefusals.NO_INSPECTION_NOW());
        if (
          a.to === 'arbitration' &&
          !['mediation', 'mediation_failed', 'mediation_lapsed', 'inspection', 'reopened'].includes(s)
        )
          refuse(CaseRefusals.NO_ARBITRATION_NOW());
        break;
      case 'accept':
        if (s !== 'inspection_pending' && s !== 'arbitration_pending') refuse(CaseRefusals.NOTHING_TO_ACCEPT());
        if (!a.accepted) needReason(a.reason);
        break;
      case 'extend':
        if (s !== 'inspection' && s !== 'arbitration') refuse(CaseRefusals.NOT_EXTENDABLE());
        if (state.current?.extended) refuse(CaseRefusals.ALREADY_EXTENDED());
        if (
          s === 'arbitration' &&
          (a.days === undefined || !Number.isInteger(a.days) || a.days < 1 || a.days > p.arbitrationExtensionDays)
        )
          refuse(CaseRefusals.EXTENSION_DAYS({ maxDays: p.arbitrationExtensionDays }));
        needReason(a.reason);
        break;
      case 'close':
        if (!['resolved', 'withdrawn', 'referred', 'rejected'].includes(a.outcome))
          refuse(CaseRefusals.OUTCOME_REQUIRED());
        needReason(a.reason);
        if (
          a.amountRecoveredFen !== undefined &&
          (!Number.isSafeInteger(a.amountRecoveredFen) || a.amountRecoveredFen < 0)
        )
          refuse(CaseRefusals.AMOUNT_RECOVERED());
        break;
      case 'reopen':
        if (s !== 'closed') refuse(CaseRefusals.NOT_CLOSED());
        needReason(a.reason);
        break;
      case 'interrupt_limitation':
        if (!INTERRUPTION_KINDS.includes(a.kind)) refuse(CaseRefusals.INTERRUPTION_KIND());
        if (!a.interruptedOn || a.interruptedOn > today()) refuse(CaseRefusals.INTERRUPTED_IN_FUTURE());
        if (a.interruptedOn < state.limitationStartsOn)
          refuse(CaseRefusals.INTERRUPTED_BEFORE_START({ startsOn: state.limitationStartsOn }));
        if (a.interruptedOn > state.limitationEndsOn)
          refuse(CaseRefusals.LIMITATION_ENDED({ endsOn: state.limitationEndsOn }));
        if (!written(a.note)) refuse(CaseRefusals.NOTE_REQUIRED());
        break;
    }
  };

  // The stage changes before the first await, so a second action in the same moment is
  // validated against the first one's outcome.
  const apply = (a: CaseAction): CaseStage => {
    switch (a.type) {
      case 'acknowledge':
        return 'mediation';
      case 'mediation':
        if (a.outcome === 'settled') {
          state.settlement = { amountFen: a.amountFen!, payBy: a.payBy! };
          return 'awaiting_payment';
        }
        state.arbitrationAvailable = true;
        return 'mediation_failed';
      case 'payment':
        if (a.paid) {
          state.closed = { outcome: 'resolved', reason: 'the agreed amount was paid' };
          return 'closed';
        }
        state.arbitrationAvailable = true;
        return 'mediation_failed';
      case 'escalate':
        escalatedOn = a.escalatedOn ?? null;
        return a.to === 'inspection' ? 'inspection_pending' : 'arbitration_pending';
      case 'accept':
        if (a.accepted) return state.stage === 'inspection_pending' ? 'inspection' : 'arbitration';
        if (state.stage === 'arbitration_pending') {
          state.closed = {
            outcome: 'referred',
            reason: `arbitration not accepted: ${a.reason}; the worker may sue in court`,
          };
          return 'closed';
        }
        state.arbitrationAvailable = true;
        return 'mediation_failed';
      case 'extend':
        state.current!.extended = true;
        return state.stage;
      case 'close':
        state.closed = { outcome: a.outcome, reason: a.reason };
        return 'closed';
      case 'reopen':
        return 'reopened';
      case 'interrupt_limitation':
        // The year starts over from the interruption (art. 27 para. 2).
        state.limitationStartsOn = a.interruptedOn;
        state.limitationEndsOn = addDays(a.interruptedOn, p.limitationDays);
        state.limitationWarnedAt = null;
        state.limitationExpiredOn = null;
        limitationVersion++;
        return state.stage;
    }
  };

  setHandler(
    caseActionUpdate,
    async (a) => {
      const before = state.stage;
      const after = apply(a);
      state.stage = after;
      showStage();
      const mySeq = ++seq;
      if (a.type === 'extend') {
        const d = state.current!;
        d.dueOn = await acts.deadlineAfter(
          before === 'inspection'
            ? {
                from: d.dueOn,
                workingDays: p.inspectionExtensionWorkingDays,
                caseId: input.caseId,
                label: d.label,
                extend: true,
              }
            : { from: d.dueOn, days: a.days! },
        );
        d.remindedAt = null;
        dueVersion++;
        showStage();
      }
      await acts.recordCaseAction({
        caseId: input.caseId,
        seq: mySeq,
        runKey: workflowInfo().runId,
        action: a,
        stageBefore: before,
        stageAfter: after,
        dueOn: state.current?.dueOn ?? null,
        limitationEndsOn: state.limitationEndsOn,
        amountRecoveredFen:
          a.type === 'close'
            ? (a.amountRecoveredFen ?? null)
            : a.type === 'payment' && a.paid
              ? state.settlement!.amountFen
              : null,
      });
      // Answer with the next stage's deadline in place, so the caller sees what is due next.
      await condition(() => ready === state.stage);
      return state;
    },
    { validator: validate },
  );

  // The calendar recomputed the running working-day deadline (its year's holidays were loaded).
  setHandler(workingDeadlineMovedSignal, async ({ label, from, dueOn }) => {
    const d = state.current;
    if (!d || d.label !== label || d.dueOn !== from || !patched(DEADLINE_MOVES)) return;
    d.dueOn = dueOn;
    d.remindedAt = null;
    dueVersion++;
    showStage();
    await acts.recordDeadlineMoved({ caseId: input.caseId, label, from, dueOn });
  });

  /**
   * Runs one deadline: a reminder before it, then (if the stage has not moved on) either
   * the stage lapses (`lapses`) or a breach is flagged and the wait goes on for people.
   * An extension moves the deadline while waiting. Returns true when it lapsed.
   */
  async function watch(
    stage: CaseStage,
    label: string,
    dueOn: string,
    left: () => boolean,
    lapses = false,
  ): Promise<boolean> {
    // An action may have moved the case on while the deadline was being computed.
    if (left()) return false;
    const period = Math.max(1, daysBetween(today(), dueOn));
    const d: CaseDeadline = { label, dueOn, reminderAt: null, remindedAt: null, breachedAt: null, extended: false };
    state.current = d;
    state.deadlines.push(d);
    showStage();
    await acts.recordDeadline({ caseId: input.caseId, label, dueOn });
    if (left()) return false;
    ready = stage;
    for (;;) {
      if (left()) return false;
      const version = dueVersion;
      const moved = () => left() || dueVersion !== version;
      const dueAt = shanghaiEndOfDay(d.dueOn);
      const remindAt = d.remindedAt ? null : reminderFor(d.dueOn, period);
      d.reminderAt = remindAt ? new Date(remindAt).toISOString() : null;
      if (remindAt) {
        await condition(moved, remindAt - workflowNow());
        if (moved()) continue;
        d.remindedAt = nowIso();
        await acts.remindDeadline({ caseId: input.caseId, label, dueOn: d.dueOn });
      }
      if (workflowNow() < dueAt) {
        await condition(moved, dueAt - workflowNow());
        if (moved()) continue;
      }
      if (lapses) return true;
      if (!d.breachedAt) {
        d.breachedAt = nowIso();
        await acts.flagDeadlineBreach({ caseId: input.caseId, label, dueOn: d.dueOn });
      }
      await condition(moved);
    }
  }

  // The one-year limitation runs beside the stages: warned before it ends, recorded when it has
  // run out, unless the case has reached arbitration (or is closed); an interruption restarts it.
  const limitationSafe = () => ['arbitration_pending', 'arbitration', 'closed'].includes(state.stage);
  const warnAtOf = (endsOn: string) => shanghaiStartOfDay(addDays(endsOn, -LIMITATION_WARNING_DAYS)) + 9 * HOUR;

  async function followLimitation(): Promise<void> {
    for (;;) {
      const version = limitationVersion;
      const moved = () => limitationVersion !== version;
      const wake = () => limitationSafe() || moved();
      const endsOn = state.limitationEndsOn;
      const endsAt = shanghaiEndOfDay(endsOn);
      if (!state.limitationWarnedAt && workflowNow() < endsAt) {
        const warnAt = warnAtOf(endsOn);
        if (workflowNow() < warnAt) await condition(wake, warnAt - workflowNow());
        if (moved()) continue;
        if (limitationSafe()) return;
        state.limitationWarnedAt = nowIso();
        await acts.warnLimitation({ caseId: input.caseId, limitationEndsOn: endsOn });
        if (moved()) continue;
      }
      if (workflowNow() < endsAt) await condition(wake, endsAt - workflowNow());
      if (moved()) continue;
      if (limitationSafe()) return;
      state.limitationExpiredOn = endsOn;
      await acts.recordLimitationExpired({ caseId: input.caseId, limitationEndsOn: endsOn });
      // An interruption dated within the year but recorded late still starts it over.
      await condition(() => moved() || state.stage === 'closed');
      if (!moved()) return;
    }
  }

  /** A run started before interruptions could be recorded: its one warning timer as it was, then the new watch from the first interruption. */
  async function legacyLimitation(): Promise<void> {
    const interrupted = () => limitationVersion > 0;
    const warnAt = warnAtOf(state.limitationEndsOn);
    if (workflowNow() < warnAt) await condition(() => limitationSafe() || interrupted(), warnAt - workflowNow());
    if (!limitationSafe() && !interrupted()) {
      state.limitationWarnedAt = nowIso();
      await acts.warnLimitation({ caseId: input.caseId, limitationEndsOn: state.limitationEndsOn });
    }
    await condition(() => interrupted() || state.stage === 'closed');
    if (interrupted()) await followLimitation();
  }

  const limitationWatch = patched(LIMITATION_FOLLOWS) ? followLimitation() : legacyLimitation();

  // Histories from before the date was asked have none, and keep counting from the day it was entered.
  const acceptanceFrom = () => (escalatedOn && patched(ESCALATION_DATE) ? escalatedOn : today());

  while (state.stage !== 'closed') {
    const stage = state.stage;
    const leftStage = () => state.stage !== stage;
    switch (stage) {
      case 'intake':
        await watch(
          stage,
          'acknowledgement',
          await acts.deadlineAfter({
            from: input.openedOn,
            workingDays: p.acknowledgeWorkingDays,
            caseId: input.caseId,
            label: 'acknowledgement',
          }),
          leftStage,
        );
        break;
      case 'mediation':
        if (
          await watch(
            stage,
            'mediation',
            await acts.deadlineAfter({ from: today(), days: p.mediationDays }),
            leftStage,
            true,
          )
        ) {
          state.stage = 'mediation_lapsed';
          state.arbitrationAvailable = true;
          showStage();
          await acts.recordCaseStage({
            caseId: input.caseId,
            stage: 'mediation_lapsed',
            key: `${workflowInfo().runId}-mediation-lapsed-${seq}`,
            text: '调解期限届满未达成协议，劳动者可以依法申请仲裁',
          });
        }
        break;
      case 'awaiting_payment':
        if (await watch(stage, 'settlement payment', state.settlement!.payBy, leftStage, true)) {
          state.stage = 'mediation_failed';
          state.arbitrationAvailable = true;
          showStage();
          await acts.recordCaseStage({
            caseId: input.caseId,
            stage: 'mediation_failed',
            key: `${workflowInfo().runId}-payment-missed-${seq}`,
            text: `用人单位未在${state.settlement!.payBy}前履行调解协议，案件重新打开；劳动者可以依法申请仲裁`,
          });
        }
        break;
      case 'inspection_pending':
        await watch(
          stage,
          'inspection acceptance',
          await acts.deadlineAfter({
            from: acceptanceFrom(),
            workingDays: p.inspectionAcceptWorkingDays,
            caseId: input.caseId,
            label: 'inspection acceptance',
          }),
          leftStage,
        );
        break;
      case 'inspection':
        await watch(
          stage,
          'inspection investigation',
          await acts.deadlineAfter({
            from: today(),
            workingDays: p.inspectionInvestigateWorkingDays,
            caseId: input.caseId,
            label: 'inspection investigation',
          }),
          leftStage,
        );
        break;
      case 'arbitration_pending':
        await watch(
          stage,
          'arbitration acceptance',
          await acts.deadlineAfter({ from: acceptanceFrom(), days: p.arbitrationAcceptDays }),
          leftStage,
        );
        break;
      case 'arbitration':
        await watch(
          stage,
          'arbitration award',
          await acts.deadlineAfter({ from: today(), days: p.arbitrationAwardDays }),
          leftStage,
        );
        break;
      default:
        // Waiting for people: the caseworker escalates or closes.
        state.current = null;
        showStage();
        ready = stage;
        await condition(leftStage);
    }
  }
  state.current = null;
  showStage();
  ready = 'closed';
  void limitationWatch;
  await condition(allHandlersFinished);
  showState();
  return state;
}
