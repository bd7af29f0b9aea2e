/**
 * 求职登记 through the real API and Postgres: a worker's wish for work registered (valid for the
 * policy period), refused twice for one worker, bad input refused naming the field with nothing
 * written, lapsing when the period is over and renewed, withdrawn with a reason; every change in
 * the audit trail with who did it; brokers and finance see none of it.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, workerBody } from './support/fixtures.js';

type Auth = { Authorization: string };
let t: TestApp;
let cw: { auth: Auth; username: string; displayName: string };
const today = shanghaiToday();

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  cw = await t.login('caseworker');
});
afterAll(() => t?.close());

const newWorker = async (overrides: Record<string, unknown> = {}) =>
  (await t.http.post('/workers').set(cw.auth).send(workerBody(overrides)).expect(201)).body;

const seekerBody = (workerId: number, overrides: Record<string, unknown> = {}) => ({
  workerId,
  jobs: ['采棉工', ' 建筑小工 '],
  destinations: ['新疆'],
  expectedWageFen: 350000,
  availableFrom: addDays(today, 7),
  wantsTraining: true,
  source: 'station',
  ...overrides,
});

const seekerRows = async (workerId: number) =>
  (await t.db.query(`SELECT count(*)::int AS n FROM job_seekers WHERE "workerId" = $1`, [workerId]))[0].n;

it('registers a wish for work, valid for 90 days, with the worker beside it; a second one is refused', async () => {
  const w = await newWorker({ categories: ['laid_off'] });
  const r = await t.http.post('/job-seekers').set(cw.auth).send(seekerBody(w.id)).expect(201);
  expect(r.body).toMatchObject({
    workerId: w.id,
    workerName: w.name,
    township: w.township,
    categories: ['laid_off'],
    jobs: ['采棉工', '建筑小工'],
    status: 'active',
    registeredOn: today,
    validUntil: addDays(today, 90),
    registeredByName: cw.displayName,
  });
  expect(r.body.age).toEqual(expect.any(Number));
  const again = await t.http.post('/job-seekers').set(cw.auth).send(seekerBody(w.id)).expect(409);
  expect(again.body).toMatchObject({ code: 'JOB_SEEKER.EXISTS', existingId: r.body.id });
  expect(await seekerRows(w.id)).toBe(1);
  expect((await auditRows(t, 'job_seeker', r.body.id)).map((l) => [l.action, l.actorName])).toEqual([
    ['create', cw.username],
  ]);
});

it.each([
  ['jobs', { jobs: [] }],
  ['source', { source: 'ledger' }],
  ['availableFrom', { availableFrom: '2026-02-30' }],
  ['expectedWageFen', { expectedWageFen: -5 }],
  ['wantsTraining', { wantsTraining: 'yes' }],
  ['workerId', { workerId: 99999999 }],
])('refuses a bad %s with 400 naming it, writing nothing', async (field, change) => {
  const w = await newWorker();
  const r = await t.http.post('/job-seekers').set(cw.auth).send(seekerBody(w.id, change));
  expect(r.status).toBe(400);
  expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
  expect(await seekerRows(w.id)).toBe(0);
});

it('asks for each missing field by its name', async () => {
  const r = await t.http.post('/job-seekers').set(cw.auth).send({}).expect(400);
  const reasons = Object.fromEntries(r.body.details.map((d: { field: string; reason: string }) => [d.field, d.reason]));
  expect(reasons).toMatchObject({
    jobs: '请选择求职岗位',
    availableFrom: '请填写可上岗日期',
    source: '请选择登记渠道',
  });
});

it('lapses when its period is over; renewed, it stands for another period; withdrawn, it cannot be renewed', async () => {
  const w = await newWorker();
  const { id } = (await t.http.post('/job-seekers').set(cw.auth).send(seekerBody(w.id)).expect(201)).body;
  // Registered 91 days ago, as the period would have left it.
  await t.db.query(`UPDATE job_seekers SET "registeredOn" = $2, "validUntil" = $3 WHERE id = $1`, [
    id,
    addDays(today, -91),
    addDays(today, -1),
  ]);
  const lapsed = await t.http.get('/job-seekers').set(cw.auth).query({ status: 'lapsed', workerId: w.id }).expect(200);
  expect(lapsed.body.items.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([[id, 'lapsed']]);
  const active = await t.http.get('/job-seekers').set(cw.auth).query({ status: 'active', workerId: w.id }).expect(200);
  expect(active.body.total).toBe(0);

  const renewed = await t.http.post(`/job-seekers/${id}/renew`).set(cw.auth).expect(201);
  expect(renewed.body).toMatchObject({ status: 'active', validUntil: addDays(today, 90) });

  await t.http.post(`/job-seekers/${id}/withdraw`).set(cw.auth).send({ reason: '' }).expect(400);
  const gone = await t.http
    .post(`/job-seekers/${id}/withdraw`)
    .set(cw.auth)
    .send({ reason: '已自行外出务工' })
    .expect(201);
  expect(gone.body).toMatchObject({ status: 'withdrawn', withdrawnOn: today, withdrawnReason: '已自行外出务工' });
  const refused = await t.http.post(`/job-seekers/${id}/renew`).set(cw.auth).expect(409);
  expect(refused.body.code).toBe('JOB_SEEKER.WITHDRAWN');
  expect((await auditRows(t, 'job_seeker', id)).map((l) => l.action)).toEqual(['create', 'renew', 'withdraw']);
  // Withdrawn, the worker may register anew.
  await t.http.post('/job-seekers').set(cw.auth).send(seekerBody(w.id)).expect(201);
});

it('brokers and finance see no registration (they are personal)', async () => {
  for (const role of ['broker', 'finance'] as const) {
    const auth = (await t.login(role)).auth;
    await t.http.get('/job-seekers').set(auth).expect(403);
  }
  await t.http.get('/job-seekers/999999').set(cw.auth).expect(404);
});
