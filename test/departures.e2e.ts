/**
 * Departure batches (输出批次) through the real API, Postgres and Temporal, in a county of its own:
 * a batch for a job order and an employer led by a broker; its roster from an accepted candidate
 * and a worker picked directly, with emergency contacts; a member dropping out; the departure and
 * the arrival the broker records on their own batch; the arrived members' placements registered
 * once, organised and with the batch, their contract deadline and follow-up started as for any
 * placement. The reminders a timer would raise are the process's (departure-batch.test.ts); here
 * its activities are called directly to check the tasks they write.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { DepartureActivities } from '../src/departures/departures.activities.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { departureBatchStateQuery, departureBatchWorkflowId } from '../workflows/definitions.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, brokerBody, citizenId, employerBody, hanTag, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship } from './support/records.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
let t: TestApp;
let cw: { auth: Auth; userId: number; displayName: string };
let leader: Auth;
let otherBroker: Auth;
let brokerId: number;
let brokerName: string;
let township: string;
let employerId: number;
let directEmployerId: number;
let order: { id: number; job: string };
const today = shanghaiToday();

async function newWorker() {
  return (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ township, citizenId: citizenId({ birth: '1992-03-01' }).id }))
      .expect(201)
  ).body as { id: number; name: string };
}

async function accepted(workerId: number): Promise<number> {
  const p = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw.auth).send({ workerId }).expect(201);
  await t.http.post(`/job-proposals/${p.body.id}/answer`).set(cw.auth).send({ accepted: true }).expect(201);
  return p.body.id;
}

const contact = { emergencyName: '张桂兰', emergencyRelation: '母亲', emergencyPhone: '13912345678' };

function batchBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `第一批赴哈尔滨报纸投递员${hanTag(2)}`,
    destination: '黑龙江省哈尔滨市南岗区',
    departureDate: addDays(today, 5),
    meetingPoint: '县劳动就业服务局门前',
    meetingTime: '07:30',
    transport: 'train',
    transportNote: 'K7021次',
    leaderBrokerId: brokerId,
    jobOrderIds: [order.id],
    employerIds: [directEmployerId],
    job: '报纸投递员',
    monthlyWageFen: 320000,
    ...overrides,
  };
}

async function batchState(id: number) {
  const client = await t.app.get(TemporalService).client();
  return client.workflow.getHandle(departureBatchWorkflowId(id)).query(departureBatchStateQuery);
}

beforeAll(async () => {
  t = await createTestApp();
  const county = await countyOffice('戊');
  const admin = (await t.login('admin', { officeId: county })).auth;
  cw = await t.login('caseworker', { officeId: county });
  township = (await newTownship(t, admin)).name;
  const b = await t.login('broker', { officeId: county });
  const body = brokerBody({ userId: b.userId });
  brokerId = (await t.http.post('/brokers').set(cw.auth).send(body).expect(201)).body.id;
  brokerName = body.name as string;
  leader = b.auth;
  const other = await t.login('broker', { officeId: county });
  await t.http
    .post('/brokers')
    .set(cw.auth)
    .send(brokerBody({ userId: other.userId }))
    .expect(201);
  otherBroker = other.auth;
  employerId = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body.id;
  directEmployerId = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body.id;
  order = (
    await t.http
      .post('/job-orders')
      .set(cw.auth)
      .send({
        employerId,
        job: `报纸投递员${hanTag(2)}`,
        headcount: 5,
        wageMinFen: 300000,
        wageMaxFen: 400000,
        destination: '黑龙江省哈尔滨市南岗区',
        startDate: addDays(today, 7),
        board: true,
        lodging: true,
        contactName: '马经理',
        contactPhone: '0451-82123456',
      })
      .expect(201)
  ).body;
});
afterAll(() => t?.close());

it('refuses a bad batch naming the field, and writes nothing', async () => {
  const before = await t.db.query(`SELECT count(*)::int AS n FROM departure_batches`);
  const cases: [Record<string, unknown>, number, string, string][] = [
    [{ leaderBrokerId: undefined }, 400, 'BATCH.LEADER_REQUIRED', 'leaderUserId'],
    [{ leaderUserId: cw.userId }, 400, 'BATCH.LEADER_REQUIRED', 'leaderUserId'],
    [{ departureDate: addDays(today, -1) }, 400, 'BATCH.DEPARTURE_PAST', 'departureDate'],
    [{ jobOrderIds: [999999] }, 400, 'BATCH.UNKNOWN_ORDER', 'jobOrderIds'],
    [{ jobOrderIds: [], employerIds: [] }, 400, 'BATCH.NO_ORDER_OR_EMPLOYER', 'jobOrderIds'],
    [{ leaderBrokerId: 999999 }, 400, 'BATCH.UNKNOWN_BROKER', 'leaderBrokerId'],
    [{ transport: 'camel' }, 400, 'VALIDATION', 'transport'],
    [{ meetingTime: '25:00' }, 400, 'VALIDATION', 'meetingTime'],
  ];
  for (const [o, status, code, field] of cases) {
    const res = await t.http.post('/departure-batches').set(cw.auth).send(batchBody(o));
    expect({ o, status: res.status, code: res.body.code?.startsWith(code) ? code : res.body.code }).toEqual({
      o,
      status,
      code,
    });
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  }
  const denied = await t.http.post('/departure-batches').set(leader).send(batchBody());
  expect(denied.status).toBe(403);
  expect(await t.db.query(`SELECT count(*)::int AS n FROM departure_batches`)).toEqual(before);
});

it('a batch from creation to arrival: roster, a drop-out, departure and arrival by the broker leading it, placements registered once', async () => {
  const created = await t.http.post('/departure-batches').set(cw.auth).send(batchBody()).expect(201);
  const id: number = created.body.id;
  expect(created.body).toMatchObject({ status: 'planned', employerIds: [employerId, directEmployerId] });
  expect(created.body.policy).toMatchObject({
    'batches.departure_reminder_days_before': 2,
    'batches.arrival_confirm_days': 3,
  });
  const s = await waitFor(() => batchState(id).catch(() => null), 'the batch process');
  expect(s).toMatchObject({ batchId: id, stage: 'planned' });

  const [a, b, c] = [await newWorker(), await newWorker(), await newWorker()];
  const proposalA = await accepted(a.id);
  const cands = await t.http.get(`/departure-batches/${id}/candidates`).set(cw.auth).expect(200);
  expect(cands.body.map((x: { proposalId: number }) => x.proposalId)).toContain(proposalA);

  // An accepted candidate of the order, and two picked directly for the other employer.
  await t.http
    .post(`/departure-batches/${id}/members`)
    .set(cw.auth)
    .send({ proposalId: proposalA, ...contact })
    .expect(201);
  const badPhone = await t.http
    .post(`/departure-batches/${id}/members`)
    .set(cw.auth)
    .send({ workerId: b.id, employerId: directEmployerId, ...contact, emergencyPhone: '12' });
  expect([badPhone.status, badPhone.body.details[0].field]).toEqual([400, 'emergencyPhone']);
  const notInBatch = await t.http
    .post(`/departure-batches/${id}/members`)
    .set(cw.auth)
    .send({ workerId: b.id, employerId, ...contact });
  expect(notInBatch.status).toBe(201); // the order's employer is the batch's too
  const dup = await t.http
    .post(`/departure-batches/${id}/members`)
    .set(cw.auth)
    .send({ workerId: b.id, employerId: directEmployerId, ...contact });
  expect([dup.status, dup.body.code]).toEqual([409, 'BATCH.MEMBER_EXISTS']);
  const strange = await t.http
    .post(`/departure-batches/${id}/members`)
    .set(cw.auth)
    .send({ workerId: c.id, employerId: 999999, ...contact });
  expect([strange.status, strange.body.code]).toEqual([400, 'BATCH.EMPLOYER_NOT_IN_BATCH']);
  let roster = (
    await t.http
      .post(`/departure-batches/${id}/members`)
      .set(cw.auth)
      .send({ workerId: c.id, employerId: directEmployerId, ...contact })
      .expect(201)
  ).body;
  expect(roster.members).toHaveLength(3);
  const member = (wid: number) => roster.members.find((x: { workerId: number }) => x.workerId === wid);
  expect(member(a.id)).toMatchObject({
    jobOrderId: order.id,
    job: order.job,
    employerId,
    emergencyPhone: '13912345678',
  });
  expect(member(c.id)).toMatchObject({ job: '报纸投递员', monthlyWageFen: 320000, employerId: directEmployerId });
  expect(roster.leader).toEqual({ kind: 'broker', id: brokerId, name: brokerName, phone: expect.any(String) });

  // The same worker cannot be on a second batch not yet gone.
  const other = await t.http.post('/departure-batches').set(cw.auth).send(batchBody()).expect(201);
  const twice = await t.http
    .post(`/departure-batches/${other.body.id}/members`)
    .set(cw.auth)
    .send({ workerId: c.id, employerId: directEmployerId, ...contact });
  expect([twice.status, twice.body.code]).toEqual([409, 'BATCH.MEMBER_IN_OTHER_BATCH']);

  // b drops out, with the reason.
  const noReason = await t.http
    .post(`/departure-batches/${id}/members/${member(b.id).id}/drop`)
    .set(cw.auth)
    .send({});
  expect([noReason.status, noReason.body.details[0].field]).toEqual([400, 'reason']);
  roster = (
    await t.http
      .post(`/departure-batches/${id}/members/${member(b.id).id}/drop`)
      .set(cw.auth)
      .send({ reason: 'family', note: '母亲住院' })
      .expect(200)
  ).body;
  expect(member(b.id)).toMatchObject({
    status: 'dropped',
    dropReason: 'family',
    dropNote: '母亲住院',
    droppedOn: today,
  });

  // The broker leading it sees it (phones masked); another broker does not; brokers do not change the roster.
  const seen = await t.http.get(`/departure-batches/${id}`).set(leader).expect(200);
  expect(seen.body.members[0].phone).toMatch(/\*/);
  expect((await t.http.get(`/departure-batches/${id}`).set(otherBroker)).status).toBe(404);
  const mine = await t.http.get('/departure-batches').set(leader).expect(200);
  expect(mine.body.items.map((x: { id: number }) => x.id)).toEqual(expect.arrayContaining([id]));
  expect((await t.http.get('/departure-batches').set(otherBroker).expect(200)).body.items).toEqual([]);
  expect(
    (
      await t.http
        .post(`/departure-batches/${id}/members`)
        .set(leader)
        .send({ workerId: a.id, ...contact })
    ).status,
  ).toBe(403);

  // Arrival before departure is refused; the dropped member cannot leave.
  const early = await t.http
    .post(`/departure-batches/${id}/arrival`)
    .set(leader)
    .send({ arrivedOn: today, memberIds: [member(a.id).id] });
  expect([early.status, early.body.code]).toEqual([409, 'BATCH.NOT_DEPARTED']);
  const dropped = await t.http
    .post(`/departure-batches/${id}/departure`)
    .set(leader)
    .send({ departedOn: today, memberIds: [member(b.id).id] });
  expect([dropped.status, dropped.body.code, dropped.body.details[0].field]).toEqual([
    400,
    'BATCH.NOT_A_MEMBER',
    'memberIds',
  ]);
  const future = await t.http
    .post(`/departure-batches/${id}/departure`)
    .set(leader)
    .send({ departedOn: addDays(today, 1), memberIds: [member(a.id).id] });
  expect([future.status, future.body.details[0].field]).toEqual([400, 'departedOn']);

  roster = (
    await t.http
      .post(`/departure-batches/${id}/departure`)
      .set(leader)
      .send({ departedOn: today, memberIds: [member(a.id).id, member(c.id).id] })
      .expect(200)
  ).body;
  expect(roster).toMatchObject({ status: 'departed', departedOn: today, departedByName: expect.any(String) });
  expect(roster.counts).toMatchObject({ departed: 2, dropped: 1, listed: 0 });
  await waitFor(async () => ((await batchState(id)).stage === 'departed' ? true : null), 'the process to hear of it');
  expect((await batchState(id)).arrivalDueOn).toBe(addDays(today, 3));

  roster = (
    await t.http
      .post(`/departure-batches/${id}/arrival`)
      .set(leader)
      .send({ arrivedOn: today, memberIds: [member(a.id).id, member(c.id).id] })
      .expect(200)
  ).body;
  expect(roster).toMatchObject({ status: 'arrived', arrivedOn: today });
  expect(roster.counts).toMatchObject({ arrived: 2, registered: 2 });
  const placements = await t.db.query(
    `SELECT id, "workerId", "employerId", "jobOrderId", "batchId", organised, "registeredBy", destination,
            to_char("startDate", 'YYYY-MM-DD') AS "startDate"
       FROM placements WHERE "batchId" = $1 ORDER BY "workerId"`,
    [id],
  );
  const [{ username }] = await t.db.query(`SELECT username FROM users WHERE id = $1`, [cw.userId]);
  expect(placements).toEqual([
    expect.objectContaining({
      workerId: a.id,
      employerId,
      jobOrderId: order.id,
      organised: true,
      registeredBy: username,
    }),
    expect.objectContaining({ workerId: c.id, employerId: directEmployerId, jobOrderId: null, organised: true }),
  ]);
  expect(placements[0]).toMatchObject({ startDate: today, destination: '黑龙江省哈尔滨市南岗区' });
  // The accepted proposal started and counts on the order; the placement's own processes run.
  const [prop] = await t.db.query(`SELECT status, "placementId" FROM job_proposals WHERE id = $1`, [proposalA]);
  expect(prop).toEqual({ status: 'started', placementId: placements[0].id });
  const plan = await waitFor(async () => {
    const r = await t.http.get(`/follow-ups/${placements[0].id}`).set(cw.auth);
    return r.status === 200 ? r.body : null;
  }, 'the follow-up plan');
  expect(plan.officerId).toBe(cw.userId);
  await waitFor(async () => {
    const r = await t.http.get(`/placements/${placements[1].id}`).set(cw.auth).expect(200);
    return r.body.process?.stage === 'awaiting_contract' ? true : null;
  }, 'the contract deadline process');

  // A retry registers nothing twice; a second arrival is refused.
  const retry = await t.http.post(`/departure-batches/${id}/placements`).set(cw.auth).expect(200);
  expect(retry.body).toEqual({ registered: 0, pending: 0 });
  expect(await t.db.query(`SELECT count(*)::int AS n FROM placements WHERE "batchId" = $1`, [id])).toEqual([{ n: 2 }]);
  const again = await t.http
    .post(`/departure-batches/${id}/arrival`)
    .set(leader)
    .send({ arrivedOn: today, memberIds: [member(a.id).id] });
  expect([again.status, again.body.code]).toEqual([409, 'BATCH.ALREADY_ARRIVED']);
  await waitFor(async () => ((await batchState(id)).stage === 'arrived' ? true : null), 'the process to end');

  const trail = await auditRows(t, 'departure_batch', id);
  expect(trail.map((x) => x.action)).toEqual(
    expect.arrayContaining(['create', 'member_added', 'member_dropped', 'departed', 'arrived']),
  );
  expect(trail.find((x) => x.action === 'arrived')).toMatchObject({ actorRole: 'broker' });
});

it('an arrived member still employed elsewhere is kept pending with the reason, and registered by a later retry', async () => {
  const id = (
    await t.http
      .post('/departure-batches')
      .set(cw.auth)
      .send(batchBody({ jobOrderIds: [], leaderBrokerId: undefined, leaderUserId: cw.userId }))
      .expect(201)
  ).body.id;
  const w = await newWorker();
  const m = (
    await t.http
      .post(`/departure-batches/${id}/members`)
      .set(cw.auth)
      .send({ workerId: w.id, ...contact })
      .expect(201)
  ).body.members[0];
  await t.http
    .post(`/departure-batches/${id}/departure`)
    .set(cw.auth)
    .send({ departedOn: today, memberIds: [m.id] })
    .expect(200);
  // Meanwhile registered directly with another employer (by mistake).
  const direct = (
    await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId: w.id,
        employerId,
        startDate: addDays(today, -1),
        job: '装卸工',
        monthlyWageFen: 300000,
        destination: '哈尔滨',
        organised: false,
      })
      .expect(201)
  ).body;
  const arrived = (
    await t.http
      .post(`/departure-batches/${id}/arrival`)
      .set(cw.auth)
      .send({ arrivedOn: today, memberIds: [m.id] })
      .expect(200)
  ).body;
  expect(arrived.members[0]).toMatchObject({
    status: 'arrived',
    placementId: null,
    registrationError: expect.stringMatching(/仍在|就业/),
  });
  await t.http
    .post(`/placements/${direct.id}/end`)
    .set(cw.auth)
    .send({ endDate: addDays(today, -1), reason: '登记有误' })
    .expect(201);
  const retry = await t.http.post(`/departure-batches/${id}/placements`).set(cw.auth).expect(200);
  expect(retry.body).toEqual({ registered: 1, pending: 0 });
  const again = await t.http.post(`/departure-batches/${id}/placements`).set(cw.auth).expect(200);
  expect(again.body).toEqual({ registered: 0, pending: 0 });
});

it("the process's reminders: tasks for the caseworker leading it, once, closed by the departure and the arrival", async () => {
  const id = (
    await t.http
      .post('/departure-batches')
      .set(cw.auth)
      .send(batchBody({ leaderBrokerId: undefined, leaderUserId: cw.userId }))
      .expect(201)
  ).body.id;
  const acts = t.app.get(DepartureActivities);
  const tasks = () =>
    t.db.query(
      `SELECT kind, role, "assigneeId", status FROM tasks WHERE "subjectType" = 'departure_batch' AND "subjectId" = $1 ORDER BY id`,
      [id],
    );
  const departureDate = addDays(today, 5);
  await acts.remindDeparture({ batchId: id, departureDate });
  await acts.remindDeparture({ batchId: id, departureDate });
  await acts.askForDeparture({ batchId: id, departureDate });
  expect(await tasks()).toEqual([
    { kind: 'batch_departure_due', role: 'caseworker', assigneeId: cw.userId, status: 'open' },
    { kind: 'batch_departure_unrecorded', role: 'caseworker', assigneeId: cw.userId, status: 'open' },
  ]);
  const w = await newWorker();
  const m = (
    await t.http
      .post(`/departure-batches/${id}/members`)
      .set(cw.auth)
      .send({ workerId: w.id, employerId: directEmployerId, ...contact })
      .expect(201)
  ).body.members[0];
  await t.http
    .post(`/departure-batches/${id}/departure`)
    .set(cw.auth)
    .send({ departedOn: today, memberIds: [m.id] })
    .expect(200);
  expect((await tasks()).map((x: { status: string }) => x.status)).toEqual(['done', 'done']);
  await acts.arrivalOverdue({ batchId: id, departedOn: today, dueOn: addDays(today, 3) });
  await acts.arrivalOverdue({ batchId: id, departedOn: today, dueOn: addDays(today, 3) });
  expect((await tasks())[2]).toEqual({
    kind: 'batch_arrival_overdue',
    role: 'caseworker',
    assigneeId: cw.userId,
    status: 'open',
  });
  expect(await tasks()).toHaveLength(3);
  await t.http
    .post(`/departure-batches/${id}/arrival`)
    .set(cw.auth)
    .send({ arrivedOn: today, memberIds: [m.id] })
    .expect(200);
  expect((await tasks()).map((x: { status: string }) => x.status)).toEqual(['done', 'done', 'done']);
});

it('a member who dropped out is put back on the roster on their own row; one worker is never on two planned batches, even added to both at once', async () => {
  const direct = () => batchBody({ jobOrderIds: [], leaderBrokerId: undefined, leaderUserId: cw.userId });
  const a = (await t.http.post('/departure-batches').set(cw.auth).send(direct()).expect(201)).body.id;
  const b = (await t.http.post('/departure-batches').set(cw.auth).send(direct()).expect(201)).body.id;
  const w = await newWorker();
  const first = (
    await t.http
      .post(`/departure-batches/${a}/members`)
      .set(cw.auth)
      .send({ workerId: w.id, ...contact })
      .expect(201)
  ).body.members[0];
  await t.http
    .post(`/departure-batches/${a}/members/${first.id}/drop`)
    .set(cw.auth)
    .send({ reason: 'family', note: '母亲住院' })
    .expect(200);
  const back = (
    await t.http
      .post(`/departure-batches/${a}/members`)
      .set(cw.auth)
      .send({ workerId: w.id, emergencyName: '李国强', emergencyRelation: '父亲', emergencyPhone: '13812345678' })
      .expect(201)
  ).body.members;
  expect(back).toHaveLength(1);
  expect(back[0]).toMatchObject({
    id: first.id,
    status: 'listed',
    dropReason: null,
    droppedOn: null,
    emergencyName: '李国强',
  });
  const [line] = await t.db.query(
    `SELECT before FROM audit_log WHERE entity = 'departure_batch' AND "entityId" = $1 AND action = 'member_added' ORDER BY id DESC LIMIT 1`,
    [String(a)],
  );
  expect(line.before).toMatchObject({ memberId: first.id, status: 'dropped', dropReason: 'family' });

  // Another worker added to both batches at the same moment: one is listed, the other refused.
  const v = await newWorker();
  const both = await Promise.all(
    [a, b].map((id) =>
      t.http
        .post(`/departure-batches/${id}/members`)
        .set(cw.auth)
        .send({ workerId: v.id, ...contact }),
    ),
  );
  expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  expect(both.find((r) => r.status === 409)!.body.code).toBe('BATCH.MEMBER_IN_OTHER_BATCH');
  const [{ n }] = await t.db.query(
    `SELECT count(*)::int AS n FROM departure_batch_members WHERE "workerId" = $1 AND status = 'listed'`,
    [v.id],
  );
  expect(n).toBe(1);
});
