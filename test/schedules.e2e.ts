/**
 * The periodic jobs as the worker sets them up: its start creates the four Temporal Schedules
 * (Asia/Shanghai calendars, overlap SKIP) on the real dev server, a second start changes nothing
 * but puts back what a deploy defines, and a triggered schedule runs its workflow and activities
 * against Postgres. The survey round and the calendar check are run for a far year (not by their
 * schedules, whose run date is today) so no other file's rounds or tasks change; what they raise
 * is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { type Client, ScheduleOverlapPolicy } from '@temporalio/client';
import { addMonths } from '../workflows/calendar.js';
import { shanghaiToday } from '../src/common/dates.js';
import { SCHEDULE_TIMEZONE, SCHEDULES, Schedules } from '../src/temporal/schedules.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { newTownship } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let client: Client;
const IDS = SCHEDULES.map((s) => s.id);

beforeAll(async () => {
  t = await createTestApp({ schedules: true });
  client = await t.app.get(TemporalService).client();
});
afterAll(async () => {
  // Left on the shared dev server they would fire on other files' task queues.
  for (const id of IDS)
    await client?.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  await t?.close();
});

const listed = async () => {
  const ids: string[] = [];
  for await (const s of client.schedule.list()) if (IDS.includes(s.scheduleId)) ids.push(s.scheduleId);
  return ids.sort();
};

/** The start of each run a schedule has taken so far, waited for until there are `n`. */
async function runsOf(id: string, n: number) {
  const handle = client.schedule.getHandle(id);
  const actions = await waitFor(async () => {
    const d = await handle.describe();
    return d.info.recentActions.length >= n && d.info.recentActions;
  }, `${n} runs of ${id}`);
  return Promise.all(
    actions.map((a) =>
      client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId).result(),
    ),
  );
}

/** A scheduled workflow run by hand for a given day, as a manual run or a catch-up would. */
const runFor = (workflowType: string, on: string) =>
  client.workflow.execute(workflowType, {
    taskQueue: t.taskQueue,
    workflowId: `manual-${workflowType}-${on}-${randomBytes(3).toString('hex')}`,
    args: [{ on }],
  });

it('the worker’s start created the four schedules, Shanghai calendars, SKIP overlap, starting the jobs on its queue', async () => {
  expect(await listed()).toEqual([...IDS].sort());
  const d = await client.schedule.getHandle('survey-round-open').describe();
  expect(d.spec.timezone).toBe(SCHEDULE_TIMEZONE);
  expect(d.spec.calendars).toEqual([
    expect.objectContaining({
      month: [
        { start: 'JANUARY', end: 'JANUARY', step: 1 },
        { start: 'JULY', end: 'JULY', step: 1 },
      ],
      dayOfMonth: [{ start: 1, end: 1, step: 1 }],
      hour: [{ start: 0, end: 0, step: 1 }],
      minute: [{ start: 10, end: 10, step: 1 }],
    }),
  ]);
  expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'openSurveyRound', taskQueue: t.taskQueue });
  // The next runs, in Beijing time: 00:10 on 1 January and 1 July.
  const next = d.info.nextActionTimes.map((x) => new Date(x.getTime() + 8 * 3_600_000).toISOString().slice(5, 16));
  expect(next.slice(0, 2).sort()).toEqual(['01-01T00:10', '07-01T00:10']);

  const monthly = await client.schedule.getHandle('monthly-report-task').describe();
  expect(monthly.spec.timezone).toBe(SCHEDULE_TIMEZONE);
  expect(monthly.spec.calendars?.[0]).toMatchObject({
    dayOfMonth: [{ start: 1, end: 1, step: 1 }],
    hour: [{ start: 0, end: 0, step: 1 }],
  });
  for (const id of ['calendar-coverage-check', 'purge-expired-sessions']) {
    const daily = await client.schedule.getHandle(id).describe();
    expect(daily.spec.timezone).toBe(SCHEDULE_TIMEZONE);
    expect(daily.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    // Every day: the next two runs are 24 hours apart.
    const [a, b] = daily.info.nextActionTimes;
    expect(b.getTime() - a.getTime()).toBe(86_400_000);
  }
});

it('starting again makes no second copy and puts back the schedule a deploy defines', async () => {
  // Someone (or an older deploy) moved the monthly job to the 15th.
  await client.schedule
    .getHandle('monthly-report-task')
    .update((prev) => ({ ...prev, spec: { calendars: [{ dayOfMonth: 15 }], timezone: 'UTC' } }));
  const again = await t.app.get(Schedules).ensure();
  expect(again).toEqual({ created: [], updated: IDS });
  expect(await listed()).toEqual([...IDS].sort());
  const d = await client.schedule.getHandle('monthly-report-task').describe();
  expect(d.spec.timezone).toBe(SCHEDULE_TIMEZONE);
  expect(d.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
});

it('triggered, the purge removes an expired session and a spent form token, and keeps the live ones', async () => {
  const admin = await t.login('admin');
  const hash = () => randomBytes(32).toString('hex');
  const [expired] = await t.db.query(
    `INSERT INTO auth_sessions ("tokenHash", "userId", "expiresAt") VALUES ($1, $2, now() - interval '1 minute') RETURNING id`,
    [hash(), admin.userId],
  );
  const [live] = await t.db.query(
    `INSERT INTO auth_sessions ("tokenHash", "userId", "expiresAt") VALUES ($1, $2, now() + interval '1 hour') RETURNING id`,
    [hash(), admin.userId],
  );
  const spent = randomBytes(8).toString('hex');
  const fresh = randomBytes(8).toString('hex');
  await t.db.query(
    `INSERT INTO console_submissions (token, "sessionId", "resultUrl", "createdAt") VALUES ($1, 's', '/console', now() - interval '3 days'), ($2, 's', '/console', now())`,
    [spent, fresh],
  );
  await client.schedule.getHandle('purge-expired-sessions').trigger();
  const [result] = (await runsOf('purge-expired-sessions', 1)) as { sessions: number; formTokens: number }[];
  expect(result.sessions).toBeGreaterThanOrEqual(1);
  expect(result.formTokens).toBeGreaterThanOrEqual(1);
  const ids = (await t.db.query(`SELECT id FROM auth_sessions WHERE id = ANY($1)`, [[expired.id, live.id]])).map(
    (r: { id: string }) => r.id,
  );
  expect(ids).toEqual([live.id]);
  const tokens = (
    await t.db.query(`SELECT token FROM console_submissions WHERE token = ANY($1)`, [[spent, fresh]])
  ).map((r: { token: string }) => r.token);
  expect(tokens).toEqual([fresh]);
  // The one signed in at login still works.
  await t.http.get('/auth/me').set(admin.auth).expect(200);
  const [audit] = await t.db.query(
    `SELECT "actorName", after FROM audit_log WHERE entity = 'auth_session' AND action = 'purge' ORDER BY id DESC LIMIT 1`,
  );
  expect(audit).toMatchObject({ actorName: 'system:schedule', after: result });
});

/** Every county bureau (each opens its own rounds, issues its own report, gets its own tasks). */
const counties = async (): Promise<number[]> =>
  (await t.db.query(`SELECT id FROM offices WHERE kind = 'county' ORDER BY id`)).map((r: { id: number }) => r.id);

it('triggered twice, the monthly job raises each county one task for last month’s report, linked to that month', async () => {
  const month = addMonths(shanghaiToday(), -1).slice(0, 7);
  const keys = (await counties()).map((c) => `monthly-report-${c}-${month}`);
  try {
    const handle = client.schedule.getHandle('monthly-report-task');
    await handle.trigger();
    await runsOf('monthly-report-task', 1);
    // A scheduled run's id carries its start to the second: a second trigger within it would be the same run.
    await new Promise((r) => setTimeout(r, 1100));
    await handle.trigger();
    type Run = { month: string; counties: { countyId: number; raised: boolean }[] };
    const results = (await runsOf('monthly-report-task', 2)) as Run[];
    expect(results.map((r) => r.month)).toEqual([month, month]);
    // Each county's task was raised by one of the two runs, never by both.
    const raised = results.flatMap((r) => r.counties.filter((c) => c.raised).map((c) => c.countyId));
    expect(raised.sort((a, b) => a - b)).toEqual(await counties());
    const tasks = await t.db.query(`SELECT * FROM tasks WHERE "sourceKey" = ANY($1) ORDER BY "countyId"`, [keys]);
    expect(tasks.map((x: { countyId: number }) => x.countyId)).toEqual(await counties());
    expect(tasks[0]).toMatchObject({
      kind: 'monthly_report_due',
      role: 'caseworker',
      subjectType: 'monthly_report',
      subjectId: Number(month.replace('-', '')),
      status: 'open',
    });
    expect(tasks[0].title).toMatch(
      new RegExp(`^签发${month.slice(0, 4)}年${Number(month.slice(5))}月份劳务输出进展情况汇报（当月输出\\d+人`),
    );
  } finally {
    await t.db.query(`DELETE FROM tasks WHERE "sourceKey" = ANY($1)`, [keys]);
  }
});

it('the survey job opens each county’s round of the half-year once, audited as the schedule, with one task per township', async () => {
  const admin = await t.login('admin');
  const town = await newTownship(t, admin.auth, '摸');
  const period = '2019H1';
  type Run = { rounds: { countyId: number; roundId: number; opened: boolean }[]; raised: number };
  try {
    const first = (await runFor('openSurveyRound', '2019-01-01')) as Run;
    const second = (await runFor('openSurveyRound', '2019-01-01')) as Run;
    expect(first.rounds.map((r) => r.countyId)).toEqual(await counties());
    expect(first.rounds.every((r) => r.opened)).toBe(true);
    expect(second.rounds).toEqual(first.rounds.map((r) => ({ ...r, opened: false })));
    expect(second.raised).toBe(0);
    const ids = first.rounds.map((r) => r.roundId);
    const rounds = await t.db.query(
      `SELECT id, "openedBy", status FROM survey_rounds WHERE period = $1 ORDER BY "countyId"`,
      [period],
    );
    expect(rounds).toEqual(ids.map((id) => ({ id, openedBy: 'system:schedule', status: 'open' })));
    const audit = await t.db.query(
      `SELECT "actorName" FROM audit_log WHERE entity = 'survey_round' AND "entityId" = ANY($1) AND action = 'open'`,
      [ids.map(String)],
    );
    expect(audit).toEqual(ids.map(() => ({ actorName: 'system:schedule' })));
    const [{ townships }] = await t.db.query(`SELECT count(*)::int AS townships FROM townships`);
    expect(first.raised).toBe(townships);
    const tasks = await t.db.query(
      `SELECT township, title, "dueDate"::text AS "dueDate" FROM tasks WHERE "subjectType" = 'survey_round' AND "subjectId" = ANY($1)`,
      [ids],
    );
    expect(tasks).toHaveLength(townships);
    expect(tasks).toContainEqual({
      township: town.name,
      title: `2019年上半年摸底调查：走访${town.name}全部家庭户`,
      dueDate: '2019-06-30',
    });
  } finally {
    await t.db.query(`DELETE FROM tasks WHERE "sourceKey" LIKE $1`, [`survey-${period}-township-%`]);
    await t.db.query(`DELETE FROM survey_rounds WHERE period = $1`, [period]);
  }
});

it('the daily calendar check raises each county’s admin a task per missing year once, next year’s from 1 November', async () => {
  const [county] = await counties();
  const keys = (await counties()).flatMap((c) => [
    `calendar-year-missing-${c}-2060`,
    `calendar-year-missing-${c}-2061`,
  ]);
  try {
    const october = (await runFor('calendarCoverageCheck', '2060-10-31')) as { missing: number[] };
    expect(october.missing).toEqual([2060]);
    const november = (await runFor('calendarCoverageCheck', '2060-11-01')) as { missing: number[]; raised: number };
    expect(november).toMatchObject({ missing: [2060, 2061], raised: (await counties()).length });
    expect((await runFor('calendarCoverageCheck', '2060-11-02')) as { raised: number }).toMatchObject({ raised: 0 });
    const tasks = await t.db.query(
      `SELECT "sourceKey", role, title, "dueDate"::text AS "dueDate" FROM tasks WHERE "sourceKey" = ANY($1) AND "countyId" = $2 ORDER BY "sourceKey"`,
      [keys, county],
    );
    expect(tasks).toEqual([
      {
        sourceKey: `calendar-year-missing-${county}-2060`,
        role: 'admin',
        title: '导入2060年节假日安排（国务院办公厅通知发布后）',
        dueDate: '2060-10-31',
      },
      {
        sourceKey: `calendar-year-missing-${county}-2061`,
        role: 'admin',
        title: '导入2061年节假日安排（国务院办公厅通知发布后）',
        dueDate: '2060-12-31',
      },
    ]);
  } finally {
    await t.db.query(`DELETE FROM tasks WHERE "sourceKey" = ANY($1)`, [keys]);
  }
});
