/**
 * Calendar coverage through the real API, worker, Postgres and Temporal: a working-day deadline
 * counted into a year whose holiday arrangement is not loaded is provisional on the case and on
 * the claim; admin loads the year from a file, sees which days and deadlines change before
 * confirming, and the running processes take the recomputed dates; from 1 November admin is
 * told next year is missing.
 *
 * The year loaded here is 2024 (a past year no other test uses, and not seeded), with its
 * arrangement as the State Council published it, so the dates below do not depend on the day
 * the suite runs. The API's clock is set back to 2024 while the case and the claim are opened.
 */
import { fixClock } from '../src/common/clock.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG } from './support/records.js';
import { brokerBody, employerBody, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
let t: TestApp;
let admin: Auth;
let cw: Auth;
let fin: Auth;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.login('admin')).auth;
  cw = (await t.login('caseworker')).auth;
  fin = (await t.login('finance')).auth;
});
afterAll(async () => {
  fixClock(null);
  await t?.close();
});

/** 国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号). */
const Y2024 = {
  year: 2024,
  source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
  holidays: [
    { name: '元旦', from: '2024-01-01' },
    { name: '春节', from: '2024-02-10', to: '2024-02-17' },
    { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
    { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
    { name: '端午节', from: '2024-06-10' },
    { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
    { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
  ],
  workdays: [
    { name: '春节调休上班', date: '2024-02-04' },
    { name: '春节调休上班', date: '2024-02-18' },
    { name: '清明节调休上班', date: '2024-04-07' },
    { name: '劳动节调休上班', date: '2024-04-28' },
    { name: '劳动节调休上班', date: '2024-05-11' },
    { name: '中秋节调休上班', date: '2024-09-14' },
    { name: '国庆节调休上班', date: '2024-09-29' },
    { name: '国庆节调休上班', date: '2024-10-12' },
  ],
};

const upload = (auth: Auth, doc: unknown, name = 'holidays.json') =>
  t.http
    .post('/calendar/years/preview')
    .set(auth)
    .attach('file', Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)), {
      filename: name,
      contentType: 'application/json',
    });
const coverage = async () => (await t.http.get('/calendar/coverage').set(admin).expect(200)).body;
const getCase = async (id: number) => (await t.http.get(`/cases/${id}`).set(cw).expect(200)).body;
const getClaim = async (id: number) => (await t.http.get(`/claims/${id}`).set(fin).expect(200)).body;
/** The instant a Shanghai day ends (the next day's 00:00 +08:00), as the claims store a decision deadline. */
const endOf = (date: string) => new Date(Date.parse(`${date}T16:00:00Z`)).toISOString();

/** A case opened on 2024-01-25, acknowledged, then transferred to labour inspection registered 2024-02-05. */
async function caseInInspection(): Promise<number> {
  const worker = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body;
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  fixClock(new Date('2024-01-25T02:00:00Z'));
  let id: number;
  try {
    id = (
      await t.http
        .post('/cases')
        .set(cw)
        .send({
          kind: 'wage_arrears',
          workerIds: [worker.id],
          employerId: employer.id,
          facts: '2023年12月工资4500元未发放',
          amountClaimedFen: 450_000,
          knewOn: '2024-01-10',
          channel: 'window',
        })
        .expect(201)
    ).body.id;
  } finally {
    fixClock(null);
  }
  await waitFor(async () => (await getCase(id)).process?.current?.label === 'acknowledgement', 'the case process');
  await t.http.post(`/cases/${id}/acknowledge`).set(cw).expect(200);
  await t.http
    .post(`/cases/${id}/escalate`)
    .set(cw)
    .send({ to: 'inspection', reason: '用人单位拒不支付', escalatedOn: '2024-02-05' })
    .expect(200);
  return id;
}

/** A referral claim prepared on 2024-02-01 (a laid-off worker, a 24-month contract). */
async function claimPrepared(): Promise<number> {
  const broker = (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body;
  const worker = (
    await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ categories: ['laid_off'] }))
      .expect(201)
  ).body;
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  fixClock(new Date('2024-02-01T02:00:00Z'));
  try {
    const placement = (
      await t.http
        .post('/placements')
        .set(cw)
        .send({
          workerId: worker.id,
          employerId: employer.id,
          brokerId: broker.id,
          startDate: '2024-01-15',
          job: '叉车司机',
          monthlyWageFen: 450_000,
          destination: '辽宁省大连市甘井子区',
          organised: true,
        })
        .expect(201)
    ).body;
    await t.http
      .post(`/placements/${placement.id}/contract`)
      .set(cw)
      .field('signedOn', '2024-01-20')
      .field('termMonths', '24')
      .attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' })
      .expect(201);
    const [row] = await waitFor(
      async () => {
        const rows = await t.db.query(`SELECT id FROM claims WHERE kind = 'referral' AND "placementId" = $1`, [
          placement.id,
        ]);
        return rows.length ? rows : null;
      },
      'the referral claim',
      60_000,
    );
    await waitFor(async () => (await getClaim(row.id)).process, 'the claim process');
    return row.id;
  } finally {
    fixClock(null);
  }
}

it('a deadline into a year not loaded is provisional; the year loaded from its file (preview, then confirm) moves it, and the running processes take the new dates', async () => {
  expect((await coverage()).loadedYears).not.toContain(2024);
  const caseId = await caseInInspection();
  const claimId = await claimPrepared();

  // Counted Monday–Friday through 2024: 5 working days from 02-05 is 02-12, in the Spring Festival.
  const c = await getCase(caseId);
  expect(c.process.current).toMatchObject({ label: 'inspection acceptance', dueOn: '2024-02-12' });
  expect(c.deadlineProvisional).toEqual({ years: [2024] });
  const listed = (await t.http.get('/cases').query({ q: c.number }).set(cw).expect(200)).body.items;
  expect(listed[0].deadlineProvisional).toEqual({ years: [2024] });
  const claim = await getClaim(claimId);
  expect(claim.decisionDueAt).toBe(endOf('2024-02-15'));
  expect(claim.decisionDueProvisional).toEqual({ years: [2024] });
  const add = await t.http.get('/calendar/working-days/add').query({ from: '2024-02-05', days: 5 }).set(cw);
  expect(add.body).toEqual({ from: '2024-02-05', days: 5, result: '2024-02-12', provisionalYears: [2024] });

  // Only admin loads a year.
  await upload(cw, Y2024).expect(403);

  // The preview: the days it adds, the two deadlines it moves; nothing is loaded yet.
  const preview = await upload(admin, Y2024);
  expect(preview.status).toBe(201);
  expect(preview.body).toMatchObject({ year: 2024, status: 'preview', alreadyLoaded: false });
  expect(preview.body.days.added).toEqual(
    expect.arrayContaining([
      { date: '2024-02-12', kind: 'holiday', name: '春节' },
      { date: '2024-02-18', kind: 'workday', name: '春节调休上班' },
    ]),
  );
  expect(preview.body.days).toMatchObject({ removed: [], changed: [], total: preview.body.days.added.length });
  const moves = Object.fromEntries(
    preview.body.deadlines.map((d: { subjectType: string; subjectId: number }) => [
      `${d.subjectType}-${d.subjectId}`,
      d,
    ]),
  );
  expect(moves[`case-${caseId}`]).toMatchObject({
    subjectName: c.number,
    label: 'inspection acceptance',
    dueOn: '2024-02-12',
    newDueOn: '2024-02-18',
    newProvisionalYears: [],
  });
  expect(moves[`claim-${claimId}`]).toMatchObject({
    dueOn: '2024-02-15',
    newDueOn: '2024-02-20',
    newProvisionalYears: [],
  });
  expect((await coverage()).loadedYears).not.toContain(2024);
  expect((await t.http.get('/calendar/days').query({ year: 2024 }).set(admin).expect(200)).body).toEqual([]);
  expect((await getCase(caseId)).deadlineProvisional).toEqual({ years: [2024] });

  // Confirmed: the year is loaded and audited; the processes move to the recomputed dates.
  const confirmed = await t.http.post(`/calendar/years/loads/${preview.body.id}/confirm`).set(admin);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject({ status: 'confirmed', processesTold: 2 });
  expect((await coverage()).loadedYears).toContain(2024);
  const days = (await t.http.get('/calendar/days').query({ year: 2024 }).set(admin).expect(200)).body;
  expect(days.find((d: { date: string }) => d.date === '2024-02-18')).toMatchObject({ kind: 'workday' });
  const audit = await t.http.get('/audit').query({ entity: 'calendar_year', id: '2024' }).set(admin).expect(200);
  expect(audit.body.items[0]).toMatchObject({ action: 'load', actorRole: 'admin' });

  const moved = await waitFor(async () => {
    const x = await getCase(caseId);
    return x.process.current.dueOn === '2024-02-18' && x.nextDeadline === '2024-02-18' ? x : null;
  }, 'the case to take the recomputed deadline');
  expect(moved.deadlineProvisional).toBeNull();
  expect(moved.timeline.find((e: { kind: string }) => e.kind === 'deadline_moved').text).toContain('2024-02-18');
  const claimMoved = await waitFor(async () => {
    const x = await getClaim(claimId);
    return x.decisionDueAt === endOf('2024-02-20') && x.process.decisionDueAt === endOf('2024-02-20') ? x : null;
  }, 'the claim to take the recomputed deadline');
  expect(claimMoved.decisionDueProvisional).toBeNull();

  // A preview is confirmed once.
  await t.http.post(`/calendar/years/loads/${preview.body.id}/confirm`).set(admin).expect(409);
});

it('a single day corrected moves the running deadlines through it, and their processes take the new date; removing it moves them back', async () => {
  const caseId = await caseInInspection();
  const before = (await getCase(caseId)).process.current.dueOn;
  const set = await t.http
    .put('/calendar/days/2024-02-06')
    .set(admin)
    .send({ kind: 'holiday', name: '临时放假', source: '县政府临时通知' })
    .expect(200);
  const mine = set.body.deadlinesMoved.find(
    (d: { subjectType: string; subjectId: number }) => d.subjectType === 'case' && d.subjectId === caseId,
  );
  // One working day fewer before it: the deadline falls one working day later.
  expect(mine).toMatchObject({ label: 'inspection acceptance', dueOn: before });
  expect(mine.newDueOn > before).toBe(true);
  expect(set.body.processesTold).toBeGreaterThanOrEqual(1);
  await waitFor(
    async () => (await getCase(caseId)).process.current.dueOn === mine.newDueOn,
    'the case to take the corrected deadline',
  );
  const [audit] = (
    await t.http.get('/audit').query({ entity: 'calendar_day', id: '2024-02-06' }).set(admin).expect(200)
  ).body.items;
  expect(audit.action).toBe('create');
  expect(audit.after.deadlinesMoved).toEqual(expect.arrayContaining([expect.objectContaining({ subjectId: caseId })]));

  await t.http.delete('/calendar/days/2024-02-06').set(admin).expect(204);
  await waitFor(async () => (await getCase(caseId)).process.current.dueOn === before, 'the case to move back');
});

it.each([
  ['not JSON', '{"year": 2024,', 'file'],
  ['a make-up day on a weekday', { ...Y2024, workdays: [{ name: '调休', date: '2024-02-05' }] }, 'workdays[0].date'],
  [
    'a day of another year',
    { ...Y2024, holidays: [{ name: '元旦', from: '2023-12-30', to: '2024-01-01' }] },
    'holidays[0].from',
  ],
])('a file with %s → 400 naming its place; nothing stored', async (_what, doc, field) => {
  const before = (await t.db.query('SELECT count(*)::int AS n FROM calendar_year_loads'))[0].n;
  const res = await upload(admin, doc);
  expect(res.status).toBe(400);
  expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  expect((await t.db.query('SELECT count(*)::int AS n FROM calendar_year_loads'))[0].n).toBe(before);
});

it('from 1 November admin is told next year is missing, and the notice goes once it is loaded', async () => {
  // A far year, loaded here, so the answer does not depend on what else the database holds.
  const year = 2040;
  const load = await upload(admin, {
    year,
    source: `测试用${year}年节假日安排`,
    holidays: [{ name: '元旦', from: `${year}-01-01` }],
  }).expect(201);
  await t.http.post(`/calendar/years/loads/${load.body.id}/confirm`).set(admin).expect(200);
  try {
    fixClock(new Date(`${year}-10-31T08:00:00Z`));
    const october = await coverage();
    expect(october).toMatchObject({ currentYear: { year, loaded: true }, nextYear: { year: year + 1, loaded: false } });
    expect(october.notice).toBeNull();
    fixClock(new Date(`${year}-10-31T16:30:00Z`)); // 00:30 on 1 November in Beijing
    const november = await coverage();
    expect(november.missing).toEqual([year + 1]);
    expect(november.notice).toContain(`${year + 1}年的节假日安排尚未导入`);
    const next = await upload(admin, {
      year: year + 1,
      source: `测试用${year + 1}年节假日安排`,
      holidays: [{ name: '元旦', from: `${year + 1}-01-01` }],
    }).expect(201);
    await t.http.post(`/calendar/years/loads/${next.body.id}/confirm`).set(admin).expect(200);
    expect((await coverage()).notice).toBeNull();
  } finally {
    fixClock(null);
  }
});
