/**
 * The job-order process on the time-skipping server: the staffing check at 09:00 seven days
 * before the start, the expiry when the end date is over, an early close (and the refusals of a
 * close that cannot be), and an order taken on its start day checking nothing. Activities are
 * recording doubles; the real ones run in job-orders.e2e.ts.
 */
import { addDays } from '../workflows/calendar.js';
import { closeJobOrderUpdate, type JobOrderInput, jobOrderStateQuery } from '../workflows/definitions.js';
import { keepHistory, nothing, of, refusal, workflowTests } from './support/workflows.js';

const wf = workflowTests();

async function worker(shortBy = 2) {
  return wf.recordingWorker('joborder', {
    checkJobOrderStaffing: () => ({ shortBy }),
    expireJobOrder: nothing,
    closeJobOrder: nothing,
  });
}

async function input(partial: Partial<JobOrderInput> = {}): Promise<JobOrderInput> {
  const today = await wf.today();
  return {
    orderId: 11,
    startDate: addDays(today, 20),
    endDate: addDays(today, 40),
    staffingCheckDaysBefore: 7,
    ...partial,
  };
}

it('checks the staffing 7 days before the start, then expires after the end date', async () => {
  const { worker: w, calls, start } = await worker();
  const i = await input();
  const handle = await start('jobOrder', i);
  const result = await w.runUntil(async () => {
    await wf.env.sleep('12 days');
    expect(of(calls, 'checkJobOrderStaffing')).toHaveLength(0);
    await wf.env.sleep('2 days');
    const [check] = of(calls, 'checkJobOrderStaffing');
    expect(check).toMatchObject({ on: addDays(i.startDate, -7), args: { orderId: 11, startDate: i.startDate } });
    expect(await handle.query(jobOrderStateQuery)).toMatchObject({ stage: 'open', shortBy: 2 });
    expect(of(calls, 'expireJobOrder')).toHaveLength(0);
    return handle.result();
  });
  await keepHistory(handle, 'job-order-expired');
  expect(result.stage).toBe('expired');
  const [expiry] = of(calls, 'expireJobOrder');
  // The first moment after the end day, Shanghai time.
  expect(expiry).toMatchObject({ on: addDays(i.endDate!, 1), args: { orderId: 11, endDate: i.endDate } });
  expect(of(calls, 'closeJobOrder')).toHaveLength(0);
});

it('closed early: a close without a reason is refused, the close is written once, no check or expiry follows', async () => {
  const { worker: w, calls, start } = await worker();
  const handle = await start('jobOrder', await input({ endDate: null }));
  const result = await w.runUntil(async () => {
    await wf.env.sleep('2 days');
    expect(
      await refusal(handle.executeUpdate(closeJobOrderUpdate, { args: [{ byUserId: 3, by: 'cw', reason: ' ' }] })),
    ).toMatch(/^JOB_ORDER\.REASON_REQUIRED /);
    const s = await handle.executeUpdate(closeJobOrderUpdate, {
      args: [{ byUserId: 3, by: 'cw', reason: '用工单位取消' }],
    });
    expect(s.stage).toBe('closed');
    return handle.result();
  });
  await keepHistory(handle, 'job-order-closed');
  expect(result.stage).toBe('closed');
  expect(of(calls, 'closeJobOrder')).toEqual([
    expect.objectContaining({ args: expect.objectContaining({ orderId: 11, byUserId: 3, reason: '用工单位取消' }) }),
  ]);
  expect(of(calls, 'checkJobOrderStaffing')).toHaveLength(0);
  expect(of(calls, 'expireJobOrder')).toHaveLength(0);
});

it('an order taken on its start day checks nothing and expires after its end day', async () => {
  const { worker: w, calls, start } = await worker();
  const today = await wf.today();
  const handle = await start('jobOrder', await input({ startDate: today, endDate: addDays(today, 1) }));
  await w.runUntil(async () => {
    expect((await handle.query(jobOrderStateQuery)).staffingCheckAt).toBeNull();
    await handle.result();
  });
  expect(of(calls, 'checkJobOrderStaffing')).toHaveLength(0);
  expect(of(calls, 'expireJobOrder')).toHaveLength(1);
});

it('taken inside the check window: checked at once', async () => {
  const { worker: w, calls, start } = await worker(0);
  const today = await wf.today();
  const handle = await start('jobOrder', await input({ startDate: addDays(today, 3), endDate: null }));
  await w.runUntil(async () => {
    await wf.env.sleep('1 hour');
    expect(of(calls, 'checkJobOrderStaffing')).toHaveLength(1);
    expect(await handle.query(jobOrderStateQuery)).toMatchObject({ shortBy: 0, stage: 'open' });
    await handle.executeUpdate(closeJobOrderUpdate, { args: [{ byUserId: 3, by: 'cw', reason: '已招满' }] });
    await handle.result();
  });
});
