/**
 * The case escalation workflow on the time-skipping server. Working-day deadlines come from
 * a test double of the calendar activity that uses the same pure working-day arithmetic as
 * the real one, with holidays the test chooses (the real calendar data is tested in cases.e2e.ts).
 */
import { addDays } from '../workflows/calendar.js';
import {
  caseActionUpdate,
  CaseEscalationInput,
  caseStateQuery,
  workingDeadlineMovedSignal,
} from '../workflows/definitions.js';
import { addWorkingDays, CalendarOverrides } from '../workflows/working-days.js';
import { nothing, of, refusal, workflowTests } from './support/workflows.js';

const wf = workflowTests();
const today = wf.today;
const daysUntil = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

async function start(partial: Partial<CaseEscalationInput> = {}, overrides: CalendarOverrides = {}) {
  const {
    worker,
    calls,
    start: startOn,
  } = await wf.recordingWorker(
    'case',
    {
      recordCaseAction: nothing,
      recordDeadline: nothing,
      remindDeadline: nothing,
      flagDeadlineBreach: nothing,
      recordCaseStage: nothing,
      warnLimitation: nothing,
      recordLimitationExpired: nothing,
      recordDeadlineMoved: nothing,
    },
    {
      others: {
        deadlineAfter: async (a: { from: string; days?: number; workingDays?: number }) =>
          a.workingDays !== undefined ? addWorkingDays(a.from, a.workingDays, overrides) : addDays(a.from, a.days ?? 0),
      },
    },
  );
  const t = await today();
  const input: CaseEscalationInput = {
    caseId: 1,
    openedOn: t,
    knewOn: t,
    policy: {
      acknowledgeWorkingDays: 1,
      mediationDays: 15,
      inspectionAcceptWorkingDays: 5,
      inspectionInvestigateWorkingDays: 60,
      inspectionExtensionWorkingDays: 30,
      arbitrationAcceptDays: 5,
      arbitrationAwardDays: 45,
      arbitrationExtensionDays: 15,
      limitationDays: 365,
    },
    ...partial,
  };
  const handle = await startOn('caseEscalation', input);
  const act = (a: object) => handle.executeUpdate(caseActionUpdate, { args: [a as never] });
  return { worker, handle, calls, act, input };
}

it('settled in mediation: acknowledgement, a mediation agreement, paid by the agreed date → closed resolved', async () => {
  const { worker, handle, calls, act } = await start();
  const result = await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    await wf.env.sleep('3 days');
    await act({
      type: 'mediation',
      by: 'cw',
      outcome: 'settled',
      amountFen: 1200000,
      payBy: addDays(await today(), 10),
    });
    expect((await handle.query(caseStateQuery)).stage).toBe('awaiting_payment');
    await wf.env.sleep('5 days');
    await act({ type: 'payment', by: 'cw', paid: true });
    return handle.result();
  });
  expect(result.stage).toBe('closed');
  expect(result.closed?.outcome).toBe('resolved');
  const recorded = of(calls, 'recordCaseAction').map((c) => (c.args.action as { type: string }).type);
  expect(recorded).toEqual(['acknowledge', 'mediation', 'payment']);
  expect(of(calls, 'recordCaseAction')[2].args.amountRecoveredFen).toBe(1200000);
  expect(of(calls, 'flagDeadlineBreach')).toHaveLength(0);
});

it('settlement not paid by the agreed date: reopened, arbitration available', async () => {
  const { worker, handle, calls, act } = await start();
  await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    await act({ type: 'mediation', by: 'cw', outcome: 'settled', amountFen: 50000, payBy: addDays(await today(), 5) });
    await wf.env.sleep('7 days');
    const s = await handle.query(caseStateQuery);
    expect(s.stage).toBe('mediation_failed');
    expect(s.arbitrationAvailable).toBe(true);
    await act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '劳动者撤回' });
    await handle.result();
  });
  expect(of(calls, 'recordCaseStage')[0].args.stage).toBe('mediation_failed');
});

it('mediation lapses after 15 days → the worker may go to arbitration; arbitration with an extension; award closes it', async () => {
  const { worker, handle, calls, act } = await start();
  const result = await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    await wf.env.sleep('16 days');
    const lapsed = await handle.query(caseStateQuery);
    expect(lapsed.stage).toBe('mediation_lapsed');
    expect(lapsed.arbitrationAvailable).toBe(true);
    await act({ type: 'escalate', by: 'cw', to: 'arbitration', reason: '调解不成' });
    await act({ type: 'accept', by: 'cw', accepted: true });
    const before = (await handle.query(caseStateQuery)).current!;
    expect(before.label).toBe('arbitration award');
    expect(before.dueOn).toBe(addDays(await today(), 45));
    await act({ type: 'extend', by: 'cw', days: 15, reason: '案情复杂' });
    expect((await handle.query(caseStateQuery)).current!.dueOn).toBe(addDays(before.dueOn, 15));
    expect(await refusal(act({ type: 'extend', by: 'cw', days: 5, reason: '再次' }))).toMatch(
      /^CASE\.ALREADY_EXTENDED /,
    );
    await wf.env.sleep('50 days');
    expect(of(calls, 'flagDeadlineBreach')).toHaveLength(0);
    await act({ type: 'close', by: 'cw', outcome: 'resolved', reason: '仲裁裁决支持', amountRecoveredFen: 800000 });
    return handle.result();
  });
  expect(result.closed?.outcome).toBe('resolved');
  expect(of(calls, 'recordCaseStage')[0].args.stage).toBe('mediation_lapsed');
});

it('the memo carries the state the query answers, through actions, reminders, a breach, and after the run ended', async () => {
  const { worker, handle, act } = await start();
  const memo = async () => (await handle.describe()).memo?.state;
  // The query first: it is answered once the task in flight has completed, and the memo with it.
  const same = async () => {
    const asked = await handle.query(caseStateQuery);
    expect(await memo()).toEqual(asked);
  };
  const result = await worker.runUntil(async () => {
    await same();
    await act({ type: 'acknowledge', by: 'cw' });
    await same();
    // Past the reminder and the last day: a timer, not a person, changes the state.
    await wf.env.sleep('16 days');
    await same();
    await act({ type: 'escalate', by: 'cw', to: 'inspection', reason: '用人单位拒不配合' });
    await wf.env.sleep('10 days');
    const late = await handle.query(caseStateQuery);
    expect(late.deadlines.some((d) => d.breachedAt)).toBe(true);
    await same();
    await act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '劳动者撤回' });
    return handle.result();
  });
  expect(result.stage).toBe('closed');
  expect(await memo()).toEqual(result);
});

it('labour inspection: accepted within 5 working days, investigation of 60 working days extended once by 30', async () => {
  const { worker, handle, act } = await start();
  await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    const answered = await act({ type: 'escalate', by: 'cw', to: 'inspection', reason: '用人单位拒不配合' });
    // The answer already carries the next stage's deadline.
    expect((answered as { current: { label: string } }).current.label).toBe('inspection acceptance');
    const pending = (await handle.query(caseStateQuery)).current!;
    expect(pending.label).toBe('inspection acceptance');
    expect(pending.dueOn).toBe(addWorkingDays(await today(), 5, {}));
    await act({ type: 'accept', by: 'cw', accepted: true });
    const inv = (await handle.query(caseStateQuery)).current!;
    expect(inv.dueOn).toBe(addWorkingDays(await today(), 60, {}));
    await act({ type: 'extend', by: 'cw', reason: '需调取银行流水' });
    expect((await handle.query(caseStateQuery)).current!.dueOn).toBe(addWorkingDays(inv.dueOn, 30, {}));
    await act({ type: 'close', by: 'cw', outcome: 'resolved', reason: '责令支付', amountRecoveredFen: 1 });
    await handle.result();
  });
});

it('reminds the assignee before each deadline, and flags a breach once when one passes', async () => {
  const { worker, handle, calls, act } = await start();
  await worker.runUntil(async () => {
    await wf.env.sleep('10 days'); // never acknowledged
    expect(of(calls, 'flagDeadlineBreach').map((c) => c.args.label)).toEqual(['acknowledgement']);
    await act({ type: 'acknowledge', by: 'cw' });
    await wf.env.sleep('14 days');
    expect(of(calls, 'remindDeadline').map((c) => c.args.label)).toContain('mediation');
    await act({ type: 'mediation', by: 'cw', outcome: 'failed', reason: '单位拒绝' });
    await act({ type: 'escalate', by: 'cw', to: 'arbitration', reason: '申请仲裁' });
    await wf.env.sleep('5 days'); // the reminder is at 09:00 the day before the 5-day deadline
    expect(of(calls, 'remindDeadline').map((c) => c.args.label)).toContain('arbitration acceptance');
    expect(of(calls, 'flagDeadlineBreach').map((c) => c.args.label)).toEqual(['acknowledgement']);
    await wf.env.sleep('2 days');
    expect(of(calls, 'flagDeadlineBreach').map((c) => c.args.label)).toEqual([
      'acknowledgement',
      'arbitration acceptance',
    ]);
    await act({ type: 'close', by: 'cw', outcome: 'referred', reason: '转法院' });
    await handle.result();
  });
  const mediationReminder = of(calls, 'remindDeadline').find((c) => c.args.label === 'mediation')!;
  expect(mediationReminder.on < (mediationReminder.args.dueOn as string)).toBe(true);
});

it('a working-day deadline crossing a holiday week is due only after it (the calendar decides)', async () => {
  const t = await today();
  const holiday: CalendarOverrides = {};
  for (let i = 1; i <= 7; i++) holiday[addDays(t, i)] = 'holiday';
  const { worker, handle, calls, act } = await start({}, holiday);
  await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    await act({ type: 'escalate', by: 'cw', to: 'inspection', reason: '违法行为' });
    const due = (await handle.query(caseStateQuery)).current!.dueOn;
    expect(due > addDays(t, 7)).toBe(true);
    expect(due).toBe(addWorkingDays(t, 5, holiday));
    await wf.env.sleep('8 days');
    expect(of(calls, 'flagDeadlineBreach')).toHaveLength(0);
    await act({ type: 'close', by: 'cw', outcome: 'rejected', reason: '不属于受理范围' });
    await handle.result();
  });
});

it('warns before the one-year limitation runs out while the case has not reached arbitration', async () => {
  const knewOn = addDays(await today(), -340);
  const { worker, handle, calls, act } = await start({ knewOn });
  await worker.runUntil(async () => {
    await wf.env.sleep('1 hour');
    expect(of(calls, 'warnLimitation')).toHaveLength(1);
    const s = await handle.query(caseStateQuery);
    expect(s.limitationWarnedAt).not.toBeNull();
    // From the date the worker knew, not from today read after the hour: that hour may cross midnight.
    expect(s.limitationEndsOn).toBe(addDays(knewOn, 365));
    await act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '劳动者撤回' });
    await handle.result();
  });
});

it('refuses what the stage does not allow: escalating a closed case, closing without a reason, mediation before acknowledgement', async () => {
  const { worker, handle, act } = await start();
  await worker.runUntil(async () => {
    expect(await refusal(act({ type: 'mediation', by: 'cw', outcome: 'failed', reason: 'x y' }))).toMatch(
      /^CASE\.NOT_IN_MEDIATION /,
    );
    expect(await refusal(act({ type: 'close', by: 'cw', outcome: 'resolved', reason: '' }))).toMatch(
      /^CASE\.REASON_REQUIRED /,
    );
    expect(await refusal(act({ type: 'close', by: 'cw', outcome: 'maybe', reason: 'ok ok' }))).toMatch(
      /^CASE\.OUTCOME_REQUIRED /,
    );
    await act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '撤回申请' });
    await handle.result();
  });
});

it('reopened after close: a new run starts in the reopened stage and can go to arbitration', async () => {
  const first = await start({ caseId: 2 });
  await first.worker.runUntil(async () => {
    await first.act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '撤回' });
    await first.handle.result();
  });
  const again = await start({ caseId: 2, reopened: { reason: '劳动者重新投诉', by: 'cw' } });
  await again.worker.runUntil(async () => {
    expect((await again.handle.query(caseStateQuery)).stage).toBe('reopened');
    await again.act({ type: 'escalate', by: 'cw', to: 'arbitration', reason: '重新申请' });
    expect((await again.handle.query(caseStateQuery)).stage).toBe('arbitration_pending');
    await again.act({ type: 'accept', by: 'cw', accepted: false, reason: '超过时效' });
    const r = await again.handle.result();
    expect(r.closed?.outcome).toBe('referred');
  });
});

it('an escalation runs its acceptance clock from the date it was registered or received, never a future one', async () => {
  const { worker, handle, act } = await start();
  await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    await wf.env.sleep('10 days');
    const t = await today();
    expect(
      await refusal(
        act({ type: 'escalate', by: 'cw', to: 'inspection', reason: '违法行为', escalatedOn: addDays(t, 1) }),
      ),
    ).toMatch(/^CASE\.ESCALATED_IN_FUTURE /);
    const registeredOn = addDays(t, -6);
    await act({ type: 'escalate', by: 'cw', to: 'inspection', reason: '违法行为', escalatedOn: registeredOn });
    const due = (await handle.query(caseStateQuery)).current!.dueOn;
    expect(due).toBe(addWorkingDays(registeredOn, 5, {}));
    expect(due < addWorkingDays(t, 5, {})).toBe(true);
    await act({ type: 'close', by: 'cw', outcome: 'rejected', reason: '不属于受理范围' });
    await handle.result();
  });
});

it('a limitation that has run out is recorded as expired, with its date, and never warned as if days were left', async () => {
  const t = await today();
  const { worker, handle, calls, act } = await start({ knewOn: addDays(t, -366) });
  await worker.runUntil(async () => {
    await wf.env.sleep('1 hour');
    const s = await handle.query(caseStateQuery);
    expect(s.limitationEndsOn).toBe(addDays(t, -1));
    expect(s.limitationExpiredOn).toBe(addDays(t, -1));
    expect(of(calls, 'warnLimitation')).toHaveLength(0);
    expect(of(calls, 'recordLimitationExpired').map((c) => c.args.limitationEndsOn)).toEqual([addDays(t, -1)]);
    await act({ type: 'close', by: 'cw', outcome: 'rejected', reason: '超过仲裁时效' });
    await handle.result();
  });
});

it('an interruption starts the year over: the warning and the expiry follow the new end', async () => {
  const t = await today();
  const { worker, handle, calls, act } = await start({ knewOn: addDays(t, -340) });
  await worker.runUntil(async () => {
    await wf.env.sleep('1 hour');
    expect(of(calls, 'warnLimitation').map((c) => c.args.limitationEndsOn)).toEqual([addDays(t, 25)]);
    const interruptedOn = addDays(t, -2);
    // Not before the year began, not after it ran out, not in the future: tomorrow as the
    // workflow sees it now, which the hour slept may have carried past midnight in Shanghai.
    for (const bad of [addDays(t, -341), addDays(await today(), 1)])
      expect(
        await refusal(
          act({ type: 'interrupt_limitation', by: 'cw', kind: 'claim_to_employer', interruptedOn: bad, note: '催要' }),
        ),
      ).toMatch(/^CASE\.(INTERRUPTED_BEFORE_START|INTERRUPTED_IN_FUTURE) /);
    const s = (await act({
      type: 'interrupt_limitation',
      by: 'cw',
      kind: 'claim_to_employer',
      interruptedOn,
      note: '劳动者书面催要工资',
    })) as { limitationStartsOn: string; limitationEndsOn: string; limitationWarnedAt: string | null };
    const newEnd = addDays(interruptedOn, 365);
    expect(s).toMatchObject({ limitationStartsOn: interruptedOn, limitationEndsOn: newEnd, limitationWarnedAt: null });
    expect(of(calls, 'recordCaseAction').at(-1)!.args.limitationEndsOn).toBe(newEnd);
    // Past the old end: neither expired nor warned again.
    await wf.env.sleep('40 days');
    expect(of(calls, 'recordLimitationExpired')).toHaveLength(0);
    expect(of(calls, 'warnLimitation')).toHaveLength(1);
    // 30 days before the new end: warned; after it: expired.
    await wf.env.sleep(`${daysUntil(await today(), addDays(newEnd, -29))} days`);
    expect(of(calls, 'warnLimitation').map((c) => c.args.limitationEndsOn)).toEqual([addDays(t, 25), newEnd]);
    await wf.env.sleep('31 days');
    expect(of(calls, 'recordLimitationExpired').map((c) => c.args.limitationEndsOn)).toEqual([newEnd]);
    expect((await handle.query(caseStateQuery)).limitationExpiredOn).toBe(newEnd);
    await act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '劳动者撤回' });
    await handle.result();
  });
});

it('a limitation interrupted before the case was reopened keeps its new year in the new run', async () => {
  const t = await today();
  const { worker, handle, act } = await start({ caseId: 3, knewOn: addDays(t, -300), limitationFrom: addDays(t, -10) });
  await worker.runUntil(async () => {
    const s = await handle.query(caseStateQuery);
    expect(s).toMatchObject({ limitationStartsOn: addDays(t, -10), limitationEndsOn: addDays(t, 355) });
    await act({ type: 'close', by: 'cw', outcome: 'withdrawn', reason: '劳动者撤回' });
    await handle.result();
  });
});

it('a working-day deadline the calendar recomputed replaces the running one, and its reminder and breach follow it', async () => {
  const { worker, handle, calls, act } = await start();
  await worker.runUntil(async () => {
    await act({ type: 'acknowledge', by: 'cw' });
    await act({ type: 'escalate', by: 'cw', to: 'inspection', reason: '违法行为', escalatedOn: await today() });
    const first = (await handle.query(caseStateQuery)).current!;
    const moved = addDays(first.dueOn, 4);
    // Not the running deadline (another label, an old date): ignored.
    await handle.signal(workingDeadlineMovedSignal, { label: 'acknowledgement', from: first.dueOn, dueOn: moved });
    await handle.signal(workingDeadlineMovedSignal, {
      label: first.label,
      from: addDays(first.dueOn, -1),
      dueOn: moved,
    });
    await handle.signal(workingDeadlineMovedSignal, { label: first.label, from: first.dueOn, dueOn: moved });
    for (let i = 0; i < 50 && !of(calls, 'recordDeadlineMoved').length; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(of(calls, 'recordDeadlineMoved').map((c) => c.args)).toEqual([
      { caseId: 1, label: 'inspection acceptance', from: first.dueOn, dueOn: moved },
    ]);
    expect((await handle.query(caseStateQuery)).current!.dueOn).toBe(moved);
    // The old last day passes without a breach; the new one does not.
    await wf.env.sleep(`${daysUntil(await today(), first.dueOn) + 2} days`);
    expect(of(calls, 'flagDeadlineBreach')).toHaveLength(0);
    await wf.env.sleep('4 days');
    expect(of(calls, 'flagDeadlineBreach').map((c) => c.args.dueOn)).toEqual([moved]);
    await act({ type: 'close', by: 'cw', outcome: 'rejected', reason: '不属于受理范围' });
    await handle.result();
  });
});
