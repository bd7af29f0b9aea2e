/**
 * The periodic jobs' workflows on the time-skipping server (which does not run Schedules, so the
 * workflows are started here as a schedule would start them, with no input, and with the date a
 * manual run gives). What is under test is what each asks its activities for: the half-year, the
 * month before, the day. The activities are recording doubles; the real ones run in schedules.e2e.ts.
 */
import { addMonths } from '../workflows/calendar.js';
import { keepHistory, of, workflowTests } from './support/workflows.js';

const wf = workflowTests();

async function worker() {
  return wf.recordingWorker('scheduled', {
    openScheduledRound: (a) => ({ rounds: [{ countyId: 1, roundId: a.period === '2027H1' ? 41 : 42, opened: true }] }),
    raiseTownshipVisitTasks: () => ({ townships: 3, raised: 3 }),
    raiseMonthlyReportTask: () => ({
      counties: [{ countyId: 1, raised: true, placements: 5, placementsYearToDate: 60 }],
    }),
    checkCalendarCoverage: (a) => ({ missing: [Number(String(a.on).slice(0, 4)) + 1], raised: 1, closed: 0 }),
    removeEndedSessions: () => ({ sessions: 2, formTokens: 7 }),
  });
}

it('the survey round: the half-year of the run date, then a visiting task per township of that round', async () => {
  const { worker: w, calls, start } = await worker();
  await w.runUntil(async () => {
    const january = await start('openSurveyRound', { on: '2027-01-01' }, 'january');
    expect(await january.result()).toEqual({
      period: '2027H1',
      rounds: [{ countyId: 1, roundId: 41, opened: true }],
      townships: 3,
      raised: 3,
    });
    await keepHistory(january, 'open-survey-round');
    const july = await start('openSurveyRound', { on: '2027-07-01' }, 'july');
    expect(await july.result()).toMatchObject({ period: '2027H2', rounds: [{ roundId: 42 }] });
    // As the schedule starts it: no input, the day it runs.
    await (await start('openSurveyRound', undefined, 'scheduled')).result();
  });
  const ran = of(calls, 'openScheduledRound')[2].on;
  expect(of(calls, 'openScheduledRound').map((c) => c.args.period)).toEqual([
    '2027H1',
    '2027H2',
    `${ran.slice(0, 4)}H${ran.slice(5, 7) < '07' ? 1 : 2}`,
  ]);
  // The tasks come after the rounds, for the same half-year.
  expect(calls.map((c) => `${c.name} ${c.args.period}`).slice(0, 4)).toEqual([
    'openScheduledRound 2027H1',
    'raiseTownshipVisitTasks 2027H1',
    'openScheduledRound 2027H2',
    'raiseTownshipVisitTasks 2027H2',
  ]);
});

it('the monthly report task is for the month before the run, across a year end', async () => {
  const { worker: w, calls, start } = await worker();
  await w.runUntil(async () => {
    const h = await start('monthlyReportTask', { on: '2027-01-01' }, 'january');
    expect(await h.result()).toEqual({
      month: '2026-12',
      counties: [{ countyId: 1, raised: true, placements: 5, placementsYearToDate: 60 }],
    });
    await keepHistory(h, 'monthly-report-task');
    await (await start('monthlyReportTask', undefined, 'scheduled')).result();
  });
  // The server's time moves on between runs: the scheduled run is compared with its own day.
  const [, scheduled] = of(calls, 'raiseMonthlyReportTask');
  expect(of(calls, 'raiseMonthlyReportTask').map((c) => c.args.month)).toEqual([
    '2026-12',
    addMonths(scheduled.on, -1).slice(0, 7),
  ]);
});

it('the calendar check runs the coverage rule on the run date', async () => {
  const { worker: w, calls, start } = await worker();
  await w.runUntil(async () => {
    const h = await start('calendarCoverageCheck', { on: '2027-11-01' }, 'november');
    expect(await h.result()).toEqual({ on: '2027-11-01', missing: [2028], raised: 1, closed: 0 });
    await keepHistory(h, 'calendar-coverage-check');
    await (await start('calendarCoverageCheck', undefined, 'scheduled')).result();
  });
  const [, scheduled] = of(calls, 'checkCalendarCoverage');
  expect(of(calls, 'checkCalendarCoverage').map((c) => c.args.on)).toEqual(['2027-11-01', scheduled.on]);
});

it('the purge removes what ended and answers how much', async () => {
  const { worker: w, calls, start } = await worker();
  await w.runUntil(async () => {
    const h = await start('purgeExpiredSessions', undefined);
    expect(await h.result()).toEqual({ sessions: 2, formTokens: 7 });
    await keepHistory(h, 'purge-expired-sessions');
  });
  expect(of(calls, 'removeEndedSessions')).toHaveLength(1);
});
