/**
 * The follow-up plan (回访) on the time-skipping server: check-ins due a week, a month and three
 * months after the start, then quarterly; a check-in due becomes a task on its day, one not
 * recorded a policy number of days later is escalated, a recorded one is not; the plan ends with
 * the placement; a late registration plans only what is still ahead. Activities are recording
 * doubles; follow-ups.e2e.ts runs the real ones.
 */
import { addDays } from '../workflows/calendar.js';
import {
  followUpCheckedInSignal,
  followUpEndedSignal,
  FollowUpInput,
  followUpStateQuery,
} from '../workflows/definitions.js';
import { followUpDueOn } from '../workflows/follow-up.js';
import { type Call, keepHistory, nothing, of, workflowTests } from './support/workflows.js';

const wf = workflowTests();

async function start(partial: Partial<FollowUpInput> = {}) {
  const w = await wf.recordingWorker('follow-up', {
    planCheckIn: nothing,
    openCheckIn: nothing,
    escalateCheckIn: () => ({ escalatedOn: '2099-01-01' }),
    endFollowUp: nothing,
  });
  const today = await wf.today();
  const input: FollowUpInput = {
    placementId: 9,
    startDate: today,
    plannedFrom: today,
    firstDays: 7,
    secondDays: 30,
    thirdDays: 90,
    intervalDays: 91,
    escalateAfterDays: 7,
    township: '铁力镇',
    ...partial,
  };
  const handle = await w.start('followUpPlan', input);
  return { ...w, handle, input };
}

const seqs = (calls: Call[], name: string) => of(calls, name).map((c) => c.args.seq);

it('due days: a week, a month, three months, then every interval after that', () => {
  const input = {
    startDate: '2026-01-01',
    firstDays: 7,
    secondDays: 30,
    thirdDays: 90,
    intervalDays: 91,
  } as FollowUpInput;
  expect([1, 2, 3, 4, 5].map((s) => followUpDueOn(input, s))).toEqual([
    '2026-01-08',
    '2026-01-31',
    '2026-04-01',
    '2026-07-01',
    '2026-09-30',
  ]);
});

it('a check-in recorded is not escalated; one not recorded is escalated after 7 days; the plan ends with the placement', async () => {
  const { worker, calls, handle, input } = await start();
  const result = await worker.runUntil(async () => {
    // Day 6: nothing due yet, only the first check-in planned.
    await wf.env.sleep('6 days');
    expect(seqs(calls, 'planCheckIn')).toEqual([1]);
    expect(of(calls, 'openCheckIn')).toHaveLength(0);
    // Day 8: the first is due (a task), and recorded.
    await wf.env.sleep('2 days');
    expect(of(calls, 'openCheckIn').map((c) => [c.args.seq, c.on])).toEqual([[1, addDays(input.startDate, 7)]]);
    await handle.signal(followUpCheckedInSignal, { seq: 1, doneOn: await wf.today() });
    await wf.env.sleep('1 day');
    expect(seqs(calls, 'planCheckIn')).toEqual([1, 2]);
    // Past the first's escalation day: it was recorded, so nothing escalates.
    await wf.env.sleep('10 days');
    expect(of(calls, 'escalateCheckIn')).toHaveLength(0);
    // The month check-in is due on day 30 and not recorded: escalated at the end of day 37.
    await wf.env.sleep('12 days');
    expect(seqs(calls, 'openCheckIn')).toEqual([1, 2]);
    expect(of(calls, 'escalateCheckIn')).toHaveLength(0);
    await wf.env.sleep('8 days');
    expect(of(calls, 'escalateCheckIn').map((c) => [c.args.seq, c.on])).toEqual([[2, addDays(input.startDate, 38)]]);
    const s = await handle.query(followUpStateQuery);
    expect(s.checkIns.map((l) => [l.seq, l.status])).toEqual([
      [1, 'done'],
      [2, 'missed'],
      [3, 'planned'],
    ]);
    expect(s.next).toEqual({ seq: 3, dueOn: addDays(input.startDate, 90) });
    await handle.signal(followUpEndedSignal, { endDate: await wf.today() });
    return handle.result();
  });
  await keepHistory(handle, 'follow-up-checked-missed-ended');
  expect(result.stage).toBe('ended');
  expect(result.checkIns.map((l: { status: string }) => l.status)).toEqual(['done', 'missed', 'cancelled']);
  expect(of(calls, 'endFollowUp')).toHaveLength(1);
  // The three-month check-in never became due.
  expect(seqs(calls, 'openCheckIn')).toEqual([1, 2]);
});

it('quarterly while employed: after three months a check-in every 91 days, each escalated when not made', async () => {
  const { worker, calls, handle, input } = await start();
  await worker.runUntil(async () => {
    await wf.env.sleep('280 days');
    expect(seqs(calls, 'openCheckIn')).toEqual([1, 2, 3, 4, 5]);
    expect(of(calls, 'openCheckIn').map((c) => c.on)).toEqual(
      [7, 30, 90, 181, 272].map((d) => addDays(input.startDate, d)),
    );
    expect(seqs(calls, 'escalateCheckIn')).toEqual([1, 2, 3, 4, 5]);
    expect((await handle.query(followUpStateQuery)).next?.seq).toBe(6);
    await handle.signal(followUpEndedSignal, { endDate: await wf.today() });
    await handle.result();
  });
  await keepHistory(handle, 'follow-up-quarterly-ended');
});

it('a placement registered late plans only the check-ins still ahead of the registration day', async () => {
  const today = await wf.today();
  const { worker, calls, handle } = await start({ startDate: addDays(today, -40), plannedFrom: today });
  await worker.runUntil(async () => {
    await wf.env.sleep('1 day');
    expect(of(calls, 'planCheckIn').map((c) => [c.args.seq, c.args.dueOn])).toEqual([[3, addDays(today, 50)]]);
    expect(of(calls, 'openCheckIn')).toHaveLength(0);
    await handle.signal(followUpEndedSignal, { endDate: today });
    await handle.result();
  });
  expect(of(calls, 'escalateCheckIn')).toHaveLength(0);
});

it('a plan whose registration wrote its first check-in does not plan that one again, and plans the next as before', async () => {
  const today = await wf.today();
  const { worker, calls, handle, input } = await start({
    startDate: addDays(today, -40),
    plannedFrom: today,
    plannedSeq: 3,
  });
  await worker.runUntil(async () => {
    await wf.env.sleep('1 day');
    expect(of(calls, 'planCheckIn')).toHaveLength(0);
    expect((await handle.query(followUpStateQuery)).next).toEqual({ seq: 3, dueOn: addDays(input.startDate, 90) });
    // Due on day 90 from the start (50 days ahead), then escalated and the next one planned by the process.
    await wf.env.sleep('60 days');
    expect(seqs(calls, 'openCheckIn')).toEqual([3]);
    expect(seqs(calls, 'planCheckIn')).toEqual([4]);
    await handle.signal(followUpEndedSignal, { endDate: await wf.today() });
    await handle.result();
  });
});
