/**
 * The departure-batch process (输出批次) on the time-skipping server: the reminder at 09:00 the
 * policy's days before the departure, a task when the departure day is over unrecorded, the wait
 * for the arrival after departure and its task once the policy's days have passed without it;
 * a batch that leaves and arrives in time raises nothing more; a cancelled one stops. Activities
 * are recording doubles; departures.e2e.ts runs the real ones.
 */
import { addDays } from '../workflows/calendar.js';
import {
  batchArrivedSignal,
  batchCancelledSignal,
  batchDepartedSignal,
  type DepartureBatchInput,
  departureBatchStateQuery,
} from '../workflows/definitions.js';
import { keepHistory, nothing, of, workflowTests } from './support/workflows.js';

const wf = workflowTests();

async function start(partial: Partial<DepartureBatchInput> = {}) {
  const w = await wf.recordingWorker('departure', {
    remindDeparture: nothing,
    askForDeparture: nothing,
    departed: nothing,
    arrivalOverdue: nothing,
    settled: nothing,
  });
  const today = await wf.today();
  const input: DepartureBatchInput = {
    batchId: 21,
    departureDate: addDays(today, 5),
    reminderDaysBefore: 2,
    arrivalConfirmDays: 3,
    ...partial,
  };
  const handle = await w.start('departureBatch', input);
  return { ...w, handle, input };
}

it('late on both counts: reminded before, asked after the day, the arrival overdue after the policy days, then arrived', async () => {
  const { worker, calls, handle, input } = await start();
  const dep = input.departureDate;
  const result = await worker.runUntil(async () => {
    await wf.env.sleep('2 days');
    expect(of(calls, 'remindDeparture')).toHaveLength(0);
    // Past the end of the departure day: reminded on its day, and asked for the departure the next.
    await wf.env.sleep('4 days');
    expect(of(calls, 'remindDeparture')).toEqual([
      expect.objectContaining({ on: addDays(dep, -2), args: { batchId: 21, departureDate: dep } }),
    ]);
    expect(of(calls, 'askForDeparture')).toEqual([expect.objectContaining({ on: addDays(dep, 1) })]);
    const departedOn = addDays(dep, 1);
    await handle.signal(batchDepartedSignal, { departedOn });
    await wf.env.sleep('1 hour');
    expect(of(calls, 'departed')).toEqual([expect.objectContaining({ args: { batchId: 21, departedOn } })]);
    expect(await handle.query(departureBatchStateQuery)).toMatchObject({
      stage: 'departed',
      arrivalDueOn: addDays(departedOn, 3),
    });
    // Three days after departure is still in time; the day after it, the task.
    await wf.env.sleep('2 days');
    expect(of(calls, 'arrivalOverdue')).toHaveLength(0);
    await wf.env.sleep('2 days');
    expect(of(calls, 'arrivalOverdue')).toEqual([
      expect.objectContaining({
        on: addDays(departedOn, 4),
        args: { batchId: 21, departedOn, dueOn: addDays(departedOn, 3) },
      }),
    ]);
    await handle.signal(batchArrivedSignal, { arrivedOn: addDays(departedOn, 4) });
    return handle.result();
  });
  await keepHistory(handle, 'departure-batch-late');
  expect(result).toMatchObject({
    stage: 'arrived',
    reminded: ['departure_due', 'departure_unrecorded', 'arrival_overdue'],
  });
  expect(of(calls, 'settled')).toEqual([expect.objectContaining({ args: { batchId: 21, outcome: 'arrived' } })]);
});

it('in time: one reminder, the departure and the arrival within the days, no other task', async () => {
  const { worker, calls, handle, input } = await start();
  const dep = input.departureDate;
  const result = await worker.runUntil(async () => {
    await wf.env.sleep('4 days');
    expect(of(calls, 'remindDeparture')).toHaveLength(1);
    await handle.signal(batchDepartedSignal, { departedOn: dep });
    await wf.env.sleep('3 days');
    await handle.signal(batchArrivedSignal, { arrivedOn: addDays(dep, 2) });
    return handle.result();
  });
  await keepHistory(handle, 'departure-batch-arrived');
  expect(result).toMatchObject({
    stage: 'arrived',
    departedOn: dep,
    arrivedOn: addDays(dep, 2),
    reminded: ['departure_due'],
  });
  expect(of(calls, 'askForDeparture')).toHaveLength(0);
  expect(of(calls, 'arrivalOverdue')).toHaveLength(0);
  expect(of(calls, 'departed')).toHaveLength(1);
});

it('made inside the reminder window: reminded at once; cancelled before departure: nothing more', async () => {
  const today = await wf.today();
  const { worker, calls, handle } = await start({ departureDate: addDays(today, 1) });
  const result = await worker.runUntil(async () => {
    await wf.env.sleep('1 hour');
    expect(of(calls, 'remindDeparture')).toHaveLength(1);
    await handle.signal(batchCancelledSignal, { reason: '用工单位推迟用工' });
    return handle.result();
  });
  await keepHistory(handle, 'departure-batch-cancelled');
  expect(result.stage).toBe('cancelled');
  expect(of(calls, 'askForDeparture')).toHaveLength(0);
  expect(of(calls, 'departed')).toHaveLength(0);
  expect(of(calls, 'settled')).toEqual([expect.objectContaining({ args: { batchId: 21, outcome: 'cancelled' } })]);
});
