/**
 * Job orders (用工需求) through the real API, with a real worker running the order's process and
 * its activities against Postgres, on the Temporal dev server: taking an order at the window (who
 * took it shown by name), the refusals of a bad order (nothing written), the staffing check of an
 * order near its start raising a task for its taker, closing by its process (audited as the
 * user), and another county seeing none of it.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, employerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship } from './support/records.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
let t: TestApp;
let cw: { auth: Auth; userId: number; displayName: string; username: string };
let admin: Auth;
let broker: Auth;
let employer: { id: number; name: string };
const today = shanghaiToday();

beforeAll(async () => {
  t = await createTestApp();
  cw = await t.login('caseworker');
  admin = (await t.login('admin')).auth;
  broker = (await t.login('broker')).auth;
  employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
});
afterAll(() => t?.close());

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  employerId: employer.id,
  job: '采棉工',
  headcount: 3,
  wageMinFen: 300000,
  wageMaxFen: 450000,
  destination: '新疆维吾尔自治区阿克苏地区',
  startDate: addDays(today, 30),
  endDate: addDays(today, 90),
  ageMin: 18,
  ageMax: 55,
  skills: ['采棉'],
  certificates: ['健康证'],
  board: true,
  lodging: true,
  contactName: '马经理',
  contactPhone: '0997-2123456',
  agreement: '劳务合作协议（2026）',
  ...overrides,
});

const orderCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM job_orders`))[0].n;

it('takes an order at the window: stored, taker shown by name, process running with its check and expiry', async () => {
  const res = await t.http.post('/job-orders').set(cw.auth).send(orderBody()).expect(201);
  expect(res.body).toMatchObject({
    status: 'open',
    filled: 0,
    employerName: employer.name,
    takenById: cw.userId,
    takenByName: cw.displayName,
    skills: ['采棉'],
    board: true,
    policy: expect.objectContaining({ 'jobs.staffing_check_days_before': 7 }),
  });
  const got = await waitFor(async () => {
    const r = await t.http.get(`/job-orders/${res.body.id}`).set(cw.auth).expect(200);
    return r.body.process ? r.body : null;
  }, "the order's process state");
  expect(got.process).toMatchObject({ stage: 'open', staffingCheckedAt: null, shortBy: null });
  // 09:00 Shanghai, seven days before the start; the end of the end day.
  expect(got.process.staffingCheckAt).toBe(new Date(`${addDays(today, 23)}T09:00:00+08:00`).toISOString());
  expect(got.process.expiresAt).toBe(new Date(`${addDays(today, 91)}T00:00:00+08:00`).toISOString());
  const lines = await auditRows(t, 'job_order', res.body.id);
  expect(lines.map((l) => l.action)).toEqual(['create']);
  // Brokers look for orders too; the list finds it by job, and by a part of its destination.
  const list = await t.http.get('/job-orders').set(broker).query({ q: '采棉', destination: '阿克苏' }).expect(200);
  expect(list.body.items.map((o: { id: number }) => o.id)).toContain(res.body.id);
});

it.each([
  ['wageMaxFen', { wageMaxFen: 200000 }, /不能低于工资下限/],
  ['ageMax', { ageMin: 40, ageMax: 30 }, /不能低于年龄下限/],
  ['endDate', { endDate: addDays(today, 10) }, /不能早于开始日期/],
  ['sexReason', { sex: 'male' }, /就业促进法/],
  ['employerId', { employerId: 999999 }, /没有这个用工单位/],
  ['headcount', { headcount: 'many' }, /./],
  ['wageMinFen', { wageMinFen: 3000.5 }, /./],
  ['township', { township: '没有这个镇' }, /不是本县的乡镇/],
])('refuses a bad %s with 400 naming it, writing nothing', async (field, change, reason) => {
  const before = await orderCount();
  const r = await t.http.post('/job-orders').set(cw.auth).send(orderBody(change));
  expect(r.status).toBe(400);
  expect(r.body.details).toEqual(expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]));
  expect(await orderCount()).toBe(before);
});

it('refuses an agreement the employer does not have on the start day', async () => {
  const none = (
    await t.http
      .post('/employers')
      .set(cw.auth)
      .send(employerBody({ agreementStart: undefined, agreementEnd: undefined }))
      .expect(201)
  ).body;
  const r = await t.http
    .post('/job-orders')
    .set(cw.auth)
    .send(orderBody({ employerId: none.id }))
    .expect(400);
  expect(r.body.code).toBe('JOB_ORDER.NO_AGREEMENT');
  // Without naming an agreement the order is taken.
  await t.http
    .post('/job-orders')
    .set(cw.auth)
    .send(orderBody({ employerId: none.id, agreement: undefined }))
    .expect(201);
});

it('a lawful sex requirement is taken with its reason; only staff take orders', async () => {
  await t.http
    .post('/job-orders')
    .set(cw.auth)
    .send(orderBody({ sex: 'male', sexReason: '井下作业，国家规定不适合妇女的工种' }))
    .expect(201);
  await t.http.post('/job-orders').set(broker).send(orderBody()).expect(403);
});

it('an order near its start with too few people: a task for its taker, due on the start day', async () => {
  const township = await newTownship(t, admin);
  const start = addDays(today, 3);
  const res = await t.http
    .post('/job-orders')
    .set(cw.auth)
    .send(orderBody({ startDate: start, endDate: undefined, township: township.name }))
    .expect(201);
  const task = await waitFor(async () => {
    const rows = await t.db.query(`SELECT * FROM tasks WHERE "subjectType" = 'job_order' AND "subjectId" = $1`, [
      res.body.id,
    ]);
    return rows[0] ?? null;
  }, 'the understaffing task');
  expect(task).toMatchObject({
    kind: 'job_order_understaffed',
    role: 'caseworker',
    assigneeId: cw.userId,
    township: township.name,
    status: 'open',
  });
  expect(task.title).toContain('还差3人');
  const state = await waitFor(async () => {
    const r = await t.http.get(`/job-orders/${res.body.id}`).set(cw.auth).expect(200);
    return r.body.process?.staffingCheckedAt ? r.body.process : null;
  }, 'the staffing check');
  expect(state).toMatchObject({ shortBy: 3, expiresAt: null });
  // It is in the taker's own queue.
  const mine = await t.http.get('/tasks').set(cw.auth).query({ queue: 'mine' }).expect(200);
  expect(mine.body.items.map((i: { id: number }) => i.id)).toContain(task.id);

  // Closed: its process writes it, audited as the user; the task goes with it.
  const closed = await t.http
    .post(`/job-orders/${res.body.id}/close`)
    .set(cw.auth)
    .send({ reason: '用工单位取消招工' })
    .expect(201);
  expect(closed.body).toMatchObject({ status: 'closed', closedOn: today, closedReason: '用工单位取消招工' });
  const lines = await auditRows(t, 'job_order', res.body.id);
  expect(lines.find((l) => l.action === 'status_changed')).toMatchObject({
    actorName: cw.username,
    actorRole: 'caseworker',
    after: expect.objectContaining({ status: 'closed' }),
  });
  const [after] = await t.db.query(`SELECT status FROM tasks WHERE id = $1`, [task.id]);
  expect(after.status).toBe('done');
  // Closing it again is refused and changes nothing.
  const again = await t.http.post(`/job-orders/${res.body.id}/close`).set(cw.auth).send({ reason: '再次关闭' });
  expect([again.status, again.body.code]).toEqual([409, 'JOB_ORDER.NOT_OPEN']);
  expect((await auditRows(t, 'job_order', res.body.id)).length).toBe(lines.length);
});

it('an order taken well ahead raises no task; a close without a reason is refused', async () => {
  const res = await t.http.post('/job-orders').set(cw.auth).send(orderBody()).expect(201);
  const r = await t.http.post(`/job-orders/${res.body.id}/close`).set(cw.auth).send({ reason: '' }).expect(400);
  expect(r.body.details[0].field).toBe('reason');
  const [{ n }] = await t.db.query(
    `SELECT count(*)::int AS n FROM tasks WHERE "subjectType" = 'job_order' AND "subjectId" = $1`,
    [res.body.id],
  );
  expect(n).toBe(0);
});

it("another county's staff find none of it: not in their list, 404 by id, cannot close it", async () => {
  const res = await t.http.post('/job-orders').set(cw.auth).send(orderBody()).expect(201);
  const other = (await t.login('caseworker', { officeId: await countyOffice('丙') })).auth;
  const list = await t.http.get('/job-orders').set(other).query({ pageSize: 200 }).expect(200);
  expect(list.body.items.map((o: { id: number }) => o.id)).not.toContain(res.body.id);
  await t.http.get(`/job-orders/${res.body.id}`).set(other).expect(404);
  await t.http.post(`/job-orders/${res.body.id}/close`).set(other).send({ reason: '越权关闭' }).expect(404);
  // Nor can they take an order for this county's employer.
  await t.http.post('/job-orders').set(other).send(orderBody()).expect(400);
});
