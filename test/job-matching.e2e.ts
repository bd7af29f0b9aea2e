/**
 * Matching and referral (职业介绍) through the real API, Postgres and Temporal, in a county of its
 * own (so the candidates are this file's): an order's candidates ranked with the priority groups
 * first and the reasons why, outside the age rule or already placed not listed; proposals by a
 * caseworker and by a broker for the worker they bring, never twice; the employer's answers; and
 * the start of an accepted one registering the placement by the placements' own path — the order,
 * broker and organised carried over, its contract process and the broker's referral started, the
 * order counted full.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, brokerBody, citizenId, employerBody, hanTag, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship } from './support/records.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
type W = { id: number; name: string; citizenId: string };
let t: TestApp;
let cw: Auth;
let brokerAuth: Auth;
let otherBrokerAuth: Auth;
let brokerId: number;
let township: string;
let order: { id: number; job: string };
const today = shanghaiToday();
const start = addDays(today, 20);
const job = `采棉工${hanTag(2)}`;
const w = {} as Record<'laidOff' | 'plain' | 'old' | 'zero' | 'placed' | 'brought', W>;

async function newWorker(overrides: Record<string, unknown>): Promise<W> {
  return (
    await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ township, ...overrides }))
      .expect(201)
  ).body;
}
async function seek(worker: W, overrides: Record<string, unknown> = {}) {
  await t.http
    .post('/job-seekers')
    .set(cw)
    .send({
      workerId: worker.id,
      jobs: [job],
      destinations: ['新疆'],
      availableFrom: today,
      wantsTraining: false,
      source: 'window',
      ...overrides,
    })
    .expect(201);
}

beforeAll(async () => {
  t = await createTestApp();
  const county = await countyOffice('丁');
  const admin = (await t.login('admin', { officeId: county })).auth;
  cw = (await t.login('caseworker', { officeId: county })).auth;
  township = (await newTownship(t, admin)).name;
  const bUser = await t.login('broker', { officeId: county });
  brokerId = (
    await t.http
      .post('/brokers')
      .set(cw)
      .send(brokerBody({ userId: bUser.userId }))
      .expect(201)
  ).body.id;
  brokerAuth = bUser.auth;
  const other = await t.login('broker', { officeId: county });
  await t.http
    .post('/brokers')
    .set(cw)
    .send(brokerBody({ userId: other.userId }))
    .expect(201);
  otherBrokerAuth = other.auth;
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  order = (
    await t.http
      .post('/job-orders')
      .set(cw)
      .send({
        employerId: employer.id,
        job,
        headcount: 2,
        wageMinFen: 300000,
        wageMaxFen: 450000,
        destination: '新疆维吾尔自治区阿克苏地区',
        startDate: start,
        ageMin: 18,
        ageMax: 55,
        skills: ['电焊'],
        board: true,
        lodging: true,
        contactName: '马经理',
        contactPhone: '0997-2123456',
      })
      .expect(201)
  ).body;
  const young = () => citizenId({ birth: '1990-05-01' }).id;
  w.laidOff = await newWorker({ citizenId: young(), categories: ['laid_off'] });
  w.plain = await newWorker({ citizenId: young(), categories: ['rural_surplus'] });
  w.old = await newWorker({ citizenId: citizenId({ birth: '1961-01-01' }).id, categories: ['laid_off'] });
  w.zero = await newWorker({ citizenId: young(), categories: ['zero_employment_household'], skills: [] });
  w.placed = await newWorker({ citizenId: young() });
  w.brought = await newWorker({ citizenId: young(), categories: ['laid_off'] });
  await seek(w.laidOff);
  await seek(w.plain);
  await seek(w.old);
  await seek(w.zero, { jobs: ['厨师'], destinations: ['广东'] });
  await seek(w.placed);
  const elsewhere = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const placed = await t.http.post('/placements').set(cw).send({
    workerId: w.placed.id,
    employerId: elsewhere.id,
    startDate: today,
    job: '保洁',
    monthlyWageFen: 250000,
    destination: '本县县城',
    organised: false,
  });
  expect([placed.status, placed.body.details]).toEqual([201, undefined]);
}, 120_000);
afterAll(() => t?.close());

it('ranks the candidates: priority groups first, then fit, with the reasons; the placed and the too old left out', async () => {
  const r = await t.http.get(`/job-orders/${order.id}/candidates`).set(cw).expect(200);
  const ids = r.body.items.map((c: { workerId: number }) => c.workerId);
  expect(ids).toEqual([w.laidOff.id, w.zero.id, w.plain.id]);
  expect(r.body).toMatchObject({ considered: 4, notEligible: 1 });
  const [first, second, third] = r.body.items;
  expect(first).toMatchObject({ priority: true, priorityGroups: ['下岗失业人员'] });
  expect(first.reasons).toEqual([
    '优先推荐：下岗失业人员',
    `求职意向「${job}」与岗位相符`,
    '具备技能：电焊',
    '愿意到新疆务工',
    `${today}起可上岗，赶得上用工开始`,
  ]);
  expect(second).toMatchObject({ priority: true, priorityGroups: ['零就业家庭'] });
  expect(second.reasons).toContain('求职意向与岗位不同');
  expect(second.score).toBeLessThan(third.score);
  expect(third).toMatchObject({ priority: false });
  // Brokers and finance do not browse the registrations behind it.
  await t.http.get(`/job-orders/${order.id}/candidates`).set(brokerAuth).expect(403);
});

it('proposes once per worker and order; the placed and those outside the age rule are refused', async () => {
  const p = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({ workerId: w.laidOff.id });
  expect(p.status).toBe(201);
  expect(p.body).toMatchObject({ status: 'proposed', priority: true, workerName: w.laidOff.name, brokerId: null });
  const again = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({ workerId: w.laidOff.id });
  expect([again.status, again.body.code, again.body.existingId]).toEqual([
    409,
    'JOB_PROPOSAL.ALREADY_PROPOSED',
    p.body.id,
  ]);
  const placed = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({ workerId: w.placed.id });
  expect([placed.status, placed.body.code]).toEqual([409, 'JOB_PROPOSAL.WORKER_PLACED']);
  const old = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({ workerId: w.old.id });
  expect([old.status, old.body.code]).toEqual([409, 'JOB_PROPOSAL.NOT_ELIGIBLE']);
  expect(old.body.message).toMatch(/超过要求的55岁/);
  const none = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({});
  expect(none.status).toBe(400);
  // The proposed worker leaves the candidate list.
  const r = await t.http.get(`/job-orders/${order.id}/candidates`).set(cw).expect(200);
  expect(r.body.items.map((c: { workerId: number }) => c.workerId)).not.toContain(w.laidOff.id);
});

it('a broker proposes the worker they bring by ID number, and sees only their own proposals', async () => {
  const p = await t.http
    .post(`/job-orders/${order.id}/proposals`)
    .set(brokerAuth)
    .send({ citizenId: w.brought.citizenId, brokerId: 1 })
    .expect(201);
  // The proposal is the broker's whatever they send.
  expect(p.body).toMatchObject({ brokerId, workerId: w.brought.id, status: 'proposed' });
  const mine = await t.http.get('/job-proposals').set(brokerAuth).expect(200);
  expect(mine.body.items.map((x: { id: number }) => x.id)).toEqual([p.body.id]);
  const theirs = await t.http.get('/job-proposals').set(otherBrokerAuth).expect(200);
  expect(theirs.body.total).toBe(0);
  await t.http.get(`/job-proposals/${p.body.id}`).set(otherBrokerAuth).expect(404);
  // Without the ID number a broker's proposal names no one.
  const bare = await t.http.post(`/job-orders/${order.id}/proposals`).set(brokerAuth).send({ workerId: w.plain.id });
  expect([bare.status, bare.body.details?.[0]?.field]).toEqual([400, 'citizenId']);
});

it("records the employer's answers; starting an accepted one registers the placement with the order carried over", async () => {
  const list = await t.http.get('/job-proposals').set(cw).query({ orderId: order.id }).expect(200);
  const byWorker = new Map(list.body.items.map((p: { workerId: number; id: number }) => [p.workerId, p.id]));
  const laidOff = byWorker.get(w.laidOff.id);
  const brought = byWorker.get(w.brought.id);
  const zero = (
    await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({ workerId: w.zero.id }).expect(201)
  ).body.id;

  // Refused needs its reason; answered once.
  await t.http.post(`/job-proposals/${zero}/answer`).set(cw).send({ accepted: false }).expect(400);
  const refused = await t.http
    .post(`/job-proposals/${zero}/answer`)
    .set(cw)
    .send({ accepted: false, reason: '不会采棉' })
    .expect(201);
  expect(refused.body).toMatchObject({ status: 'refused', refusalReason: '不会采棉', answeredOn: today });
  const twice = await t.http.post(`/job-proposals/${zero}/answer`).set(cw).send({ accepted: true });
  expect([twice.status, twice.body.code]).toEqual([409, 'JOB_PROPOSAL.ANSWERED']);
  await t.http
    .post(`/job-proposals/${zero}/start`)
    .set(cw)
    .send({ startDate: start, monthlyWageFen: 400000 })
    .expect(409);

  for (const id of [laidOff, brought])
    await t.http.post(`/job-proposals/${id}/answer`).set(cw).send({ accepted: true }).expect(201);
  const started = await t.http
    .post(`/job-proposals/${laidOff}/start`)
    .set(cw)
    .send({ startDate: today, monthlyWageFen: 400000 })
    .expect(201);
  expect(started.body).toMatchObject({ status: 'started', placementId: expect.any(Number) });
  const placement = (await t.http.get(`/placements/${started.body.placementId}`).set(cw).expect(200)).body;
  expect(placement).toMatchObject({
    jobOrderId: order.id,
    job,
    destination: '新疆维吾尔自治区阿克苏地区',
    organised: true,
    brokerId: null,
    status: 'awaiting_contract',
  });
  expect(placement.process).toMatchObject({ stage: 'awaiting_contract' });
  expect((await t.http.get(`/job-orders/${order.id}`).set(cw).expect(200)).body).toMatchObject({
    filled: 1,
    status: 'partly_filled',
  });

  // The broker's worker: the placement carries the broker, so the 80-yuan referral starts as for any.
  const second = await t.http
    .post(`/job-proposals/${brought}/start`)
    .set(cw)
    .send({ startDate: today, monthlyWageFen: 400000 })
    .expect(201);
  const p2 = (await t.http.get(`/placements/${second.body.placementId}`).set(cw).expect(200)).body;
  expect(p2).toMatchObject({ jobOrderId: order.id, brokerId, organised: true });
  const referral = await waitFor(
    async () => (await t.db.query(`SELECT * FROM referrals WHERE "placementId" = $1`, [p2.id]))[0],
    'the referral of the broker-brought placement',
  );
  expect(referral).toMatchObject({ brokerId, workerId: w.brought.id });
  expect((await t.http.get(`/job-orders/${order.id}`).set(cw).expect(200)).body).toMatchObject({
    filled: 2,
    status: 'filled',
  });
  // Full: the order takes no more proposals.
  const late = await t.http.post(`/job-orders/${order.id}/proposals`).set(cw).send({ workerId: w.plain.id });
  expect([late.status, late.body.code]).toEqual([409, 'JOB_PROPOSAL.ORDER_NOT_LIVE']);
  // Started once: a second start is refused.
  await t.http
    .post(`/job-proposals/${laidOff}/start`)
    .set(cw)
    .send({ startDate: today, monthlyWageFen: 400000 })
    .expect(409);
  expect((await auditRows(t, 'job_proposal', laidOff as number)).map((l) => l.action)).toEqual([
    'create',
    'answer',
    'status_changed',
  ]);
  expect(
    (await auditRows(t, 'job_order', order.id)).map((l) => [l.action, (l.after as { status?: string })?.status]),
  ).toEqual([
    ['create', 'open'],
    ['status_changed', 'partly_filled'],
    ['status_changed', 'filled'],
  ]);
});

it('the placement path cannot be given an order from outside', async () => {
  const r = await t.http.post('/placements').set(cw).send({
    workerId: w.plain.id,
    employerId: 1,
    startDate: today,
    job: '保洁',
    monthlyWageFen: 250000,
    destination: '本县',
    organised: false,
    jobOrderId: order.id,
  });
  expect(r.status).toBe(400);
  expect(r.body.details.map((d: { field: string }) => d.field)).toContain('jobOrderId');
});

it("the month's figures count this county's orders, seekers, proposals, intents and placements via a match", async () => {
  const r = await t.http
    .get('/reports/monthly')
    .set(cw)
    .query({ month: today.slice(0, 7) })
    .expect(200);
  const expected = {
    ordersTaken: 1,
    jobsOffered: 2,
    seekersRegistered: 5,
    proposals: 3,
    intents: 2,
    placementsViaMatch: 2,
    placementsDirect: 1,
    // Both matched placements were of laid-off workers; the direct one was not.
    priorityPlacements: 2,
    priorityShare: 66.7,
  };
  expect(r.body.jobs).toEqual({ month: expected, yearToDate: expected });
  // The progress report states the year's so far in its 抓好有序输出 paragraph.
  const doc = await t.http
    .post(`/reports/monthly/${today.slice(0, 7)}/document`)
    .query({ reissue: 'true' })
    .set(cw)
    .send({});
  expect(doc.status).toBe(201);
  const html = (await t.http.get(`/documents/${doc.body.id}`).set(cw).expect(200)).text;
  expect(html).toContain(
    '登记用工需求1条、提供就业岗位2个，求职登记5人，达成用工意向2个，经职业介绍匹配上岗2人次、直接登记上岗1人次，其中零就业家庭成员、4050人员和下岗失业人员2人次、占66.7%；',
  );
});
