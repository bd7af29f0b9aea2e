/**
 * Follow-up at the workplace (跟踪服务 / 回访) through the real API, with a real worker running the
 * real activities against Postgres on the Temporal dev server. The plan's timers are proved on
 * the time-skipping server (follow-up.test.ts); here the activities a timer would run are called
 * directly, so the records, tasks and cases they write are checked without waiting days.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { FollowUpActivities } from '../src/followups/followups.activities.js';
import { FollowUpPlacementListener } from '../src/followups/placement-listener.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { followUpStateQuery, followUpWorkflowId } from '../workflows/definitions.js';
import { createTestApp, TestApp } from './support/app.js';
import { records, type Records } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
type Auth = { Authorization: string };
let cw: { auth: Auth; userId: number; displayName: string };
let admin: Auth;
let r: Records;

beforeAll(async () => {
  t = await createTestApp();
  cw = await t.login('caseworker');
  admin = (await t.login('admin')).auth;
  r = records(t, cw.auth);
});
afterAll(() => t?.close());

const today = () => shanghaiToday();

async function planState(placementId: number) {
  const client = await t.app.get(TemporalService).client();
  return client.workflow.getHandle(followUpWorkflowId(placementId)).query(followUpStateQuery);
}

/** A placement started five days ago: its first check-in (a week after the start) is two days ahead. */
async function placed() {
  const p = await r.placement({ startDate: addDays(today(), -5) });
  const plan = await waitFor(async () => {
    const res = await t.http.get(`/follow-ups/${p.id}`).set(cw.auth).expect(200);
    return res.body.checkIns.length ? res.body : null;
  }, 'the plan to plan its first check-in');
  return { p, plan };
}

const goodCheckIn = {
  doneOn: today(),
  method: 'phone',
  contractSigned: true,
  wagesOnTime: true,
  wagesInFull: true,
  weeklyHours: 44,
  housingOk: true,
  safetyOk: true,
  workerWords: '一切都好',
};

const tasksOf = (placementId: number) =>
  t.db.query(
    `SELECT kind, role, "assigneeId", township, status, "dueDate"::text AS "dueDate" FROM tasks
      WHERE "subjectType" = 'placement' AND "subjectId" = $1 AND kind LIKE 'followup%' ORDER BY id`,
    [placementId],
  );

it('a new placement gets its plan: the first check-in a week after the start, by the registering caseworker, policy kept', async () => {
  const { p, plan } = await placed();
  expect(plan.status).toBe('active');
  expect(plan.officerId).toBe(cw.userId);
  expect(plan.officerName).toBe(cw.displayName);
  expect(plan.policy['followup.first_checkin_days']).toBe(7);
  expect(plan.checkIns).toEqual([
    expect.objectContaining({ seq: 1, dueOn: addDays(p.startDate, 7), status: 'planned', doneOn: null }),
  ]);
  const s = await planState(p.id);
  expect(s.next).toEqual({ seq: 1, dueOn: addDays(p.startDate, 7) });
});

it('due: a task for the officer and the officer’s list; recorded with a problem: a wage-arrears case with the check-in as first evidence', async () => {
  const { p } = await placed();
  const acts = t.app.get(FollowUpActivities);
  await acts.openCheckIn({ placementId: p.id, seq: 1, dueOn: addDays(p.startDate, 7) });
  // Run twice (a retried activity): one task.
  await acts.openCheckIn({ placementId: p.id, seq: 1, dueOn: addDays(p.startDate, 7) });
  expect(await tasksOf(p.id)).toEqual([
    expect.objectContaining({ kind: 'followup_checkin', role: 'caseworker', assigneeId: cw.userId, status: 'open' }),
  ]);
  const due = await t.http.get('/follow-ups/due?mine=true&pageSize=200').set(cw.auth).expect(200);
  expect(due.body.items.find((x: { placementId: number }) => x.placementId === p.id)).toMatchObject({
    seq: 1,
    status: 'due',
    daysLeft: 2,
    officerName: cw.displayName,
  });

  const res = await t.http
    .post(`/follow-ups/${p.id}/check-ins`)
    .set(cw.auth)
    .send({
      ...goodCheckIn,
      method: 'visit',
      wagesOnTime: false,
      wagesInFull: false,
      problems: ['wage_arrears'],
      amountOwedFen: 640000,
      workerWords: '两个月工资没发，老板说年底一起结',
    });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ seq: 1, status: 'done', method: 'visit', problems: ['wage_arrears'] });
  expect(res.body.cases).toHaveLength(1);
  const caseId = res.body.cases[0].id;
  const c = (await t.http.get(`/cases/${caseId}`).set(cw.auth).expect(200)).body;
  expect(c).toMatchObject({ kind: 'wage_arrears', placementId: p.id, channel: 'follow_up', amountClaimedFen: 640000 });
  expect(c.facts).toContain('两个月工资没发');
  const [opened] = await t.db.query(`SELECT text FROM case_events WHERE "caseId" = $1 AND kind = 'opened'`, [caseId]);
  expect(opened.text).toContain(`回访记录 #${res.body.id}`);
  expect(await tasksOf(p.id)).toEqual([expect.objectContaining({ kind: 'followup_checkin', status: 'done' })]);
  const [audit] = await t.db.query(
    `SELECT "actorName" FROM audit_log WHERE entity = 'placement' AND "entityId" = $1 AND action = 'follow_up_checkin'`,
    [String(p.id)],
  );
  expect(audit.actorName).toBeTruthy();
  // The plan heard of it and plans the month check-in.
  await waitFor(async () => (await planState(p.id)).next?.seq === 2, 'the month check-in to be planned');
  const page = (await t.http.get(`/follow-ups/${p.id}`).set(cw.auth).expect(200)).body;
  expect(page.checkIns.map((x: { seq: number; status: string }) => [x.seq, x.status])).toEqual([
    [1, 'done'],
    [2, 'planned'],
  ]);
});

it('a missed check-in escalates to the section head; a late one closes both tasks', async () => {
  const { p } = await placed();
  const acts = t.app.get(FollowUpActivities);
  const dueOn = addDays(p.startDate, 7);
  await acts.openCheckIn({ placementId: p.id, seq: 1, dueOn });
  const { escalatedOn } = await acts.escalateCheckIn({ placementId: p.id, seq: 1, dueOn });
  expect(escalatedOn).toBe(today());
  expect(await tasksOf(p.id)).toEqual([
    expect.objectContaining({ kind: 'followup_checkin', status: 'open' }),
    expect.objectContaining({ kind: 'followup_missed', role: 'admin', status: 'open' }),
  ]);
  await t.http.post(`/follow-ups/${p.id}/check-ins`).set(cw.auth).send(goodCheckIn).expect(201);
  expect((await tasksOf(p.id)).map((x: { status: string }) => x.status)).toEqual(['done', 'done']);
  // Escalating a check-in already made does nothing.
  expect(await acts.escalateCheckIn({ placementId: p.id, seq: 1, dueOn })).toEqual({ escalatedOn: null });
});

it('refuses junk with the field and a Chinese reason, and writes nothing', async () => {
  const { p } = await placed();
  const bad = async (body: Record<string, unknown>, field: string, status = 400) => {
    const res = await t.http.post(`/follow-ups/${p.id}/check-ins`).set(cw.auth).send(body).expect(status);
    if (field) expect(res.body.details?.map((d: { field: string }) => d.field)).toContain(field);
    expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
  };
  await bad({ ...goodCheckIn, method: 'fax' }, 'method');
  await bad({ ...goodCheckIn, doneOn: addDays(today(), 1) }, 'doneOn');
  await bad({ ...goodCheckIn, doneOn: addDays(p.startDate, -1) }, 'doneOn');
  await bad({ ...goodCheckIn, problems: ['aliens'] }, 'problems');
  await bad({ ...goodCheckIn, weeklyHours: 200 }, 'weeklyHours');
  await bad({ ...goodCheckIn, workerWords: undefined, problems: ['injury'] }, 'workerWords');
  await t.http.post(`/follow-ups/99999999/check-ins`).set(cw.auth).send(goodCheckIn).expect(404);
  const [{ n }] = await t.db.query(
    `SELECT count(*)::int AS n FROM follow_up_checkins WHERE "placementId" = $1 AND status = 'done'`,
    [p.id],
  );
  expect(n).toBe(0);
  const [{ cases }] = await t.db.query(`SELECT count(*)::int AS cases FROM cases WHERE "placementId" = $1`, [p.id]);
  expect(cases).toBe(0);
});

it('the placement ends: the plan ends, what was planned is cancelled, the officer asks why; the reason is recorded once', async () => {
  const { p } = await placed();
  await t.http.post(`/follow-ups/${p.id}/return-reason`).set(cw.auth).send({ reason: 'family' }).expect(409);
  await t.http
    .post(`/placements/${p.id}/end`)
    .set(cw.auth)
    .send({ endDate: today(), reason: '回家照顾老人' })
    .expect(201);
  const plan = await waitFor(async () => {
    const body = (await t.http.get(`/follow-ups/${p.id}`).set(cw.auth).expect(200)).body;
    return body.status === 'ended' ? body : null;
  }, 'the plan to end');
  expect(plan.endedOn).toBe(today());
  expect(plan.checkIns.map((x: { status: string }) => x.status)).toEqual(['cancelled']);
  expect(await tasksOf(p.id)).toEqual([
    expect.objectContaining({ kind: 'followup_return_reason', assigneeId: cw.userId, status: 'open' }),
  ]);
  await t.http.post(`/follow-ups/${p.id}/return-reason`).set(cw.auth).send({ reason: 'nope' }).expect(400);
  const done = await t.http
    .post(`/follow-ups/${p.id}/return-reason`)
    .set(cw.auth)
    .send({ reason: 'family', note: '父亲住院' })
    .expect(200);
  expect(done.body).toMatchObject({
    returnReason: 'family',
    returnNote: '父亲住院',
    returnRecordedByName: cw.displayName,
  });
  expect((await tasksOf(p.id))[0].status).toBe('done');
  await t.http.post(`/follow-ups/${p.id}/return-reason`).set(cw.auth).send({ reason: 'other' }).expect(409);
});

it('a placement whose contract was signed ends by the direct path and still ends its plan', async () => {
  const { p } = await placed();
  await r.contract(p.id, { termMonths: 12 });
  await t.http.post(`/placements/${p.id}/end`).set(cw.auth).send({ endDate: today(), reason: '合同期满' }).expect(201);
  await waitFor(
    async () => (await t.http.get(`/follow-ups/${p.id}`).set(cw.auth).expect(200)).body.status === 'ended',
    'the plan to end',
  );
});

it('a placement from before follow-up began has no plan: 404 with a reason, not a 500; the catch-up gives it one', async () => {
  const { p } = await placed();
  const client = await t.app.get(TemporalService).client();
  await client.workflow.getHandle(followUpWorkflowId(p.id)).terminate('as if registered before follow-up began');
  await t.db.query(`DELETE FROM follow_up_checkins WHERE "placementId" = $1`, [p.id]);
  await t.db.query(`DELETE FROM follow_up_plans WHERE "placementId" = $1`, [p.id]);
  const res = await t.http.get(`/follow-ups/${p.id}`).set(admin).expect(404);
  expect(res.body.code).toBe('FOLLOW_UP.NOT_FOUND');

  // The upgrade's catch-up gives it one: a plan from today's policy, its next check-in only, a new run.
  const listener = t.app.get(FollowUpPlacementListener);
  expect(await listener.catchUp()).toBeGreaterThanOrEqual(1);
  const plan = await waitFor(async () => {
    const body = (await t.http.get(`/follow-ups/${p.id}`).set(cw.auth)).body;
    return body.checkIns?.length ? body : null;
  }, 'the caught-up plan');
  expect(plan.status).toBe('active');
  expect(plan.officerId).toBe(cw.userId);
  expect(plan.checkIns).toEqual([
    expect.objectContaining({ seq: 1, dueOn: addDays(p.startDate, 7), status: 'planned' }),
  ]);
  const s = await waitFor(async () => {
    try {
      return await planState(p.id);
    } catch {
      return null;
    }
  }, 'the caught-up plan’s new run');
  expect(s.next).toEqual({ seq: 1, dueOn: addDays(p.startDate, 7) });
  const [line] = await t.db.query(
    `SELECT "actorName", after FROM audit_log WHERE entity = 'placement' AND "entityId" = $1 AND action = 'follow_up_planned' ORDER BY id DESC LIMIT 1`,
    [p.id],
  );
  expect(line).toMatchObject({ actorName: 'system:workflow', after: expect.objectContaining({ caughtUp: true }) });
  // A second run finds nothing more of it to plan.
  await listener.catchUp();
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM follow_up_plans WHERE "placementId" = $1`, [p.id]);
  expect(n).toBe(1);
});
