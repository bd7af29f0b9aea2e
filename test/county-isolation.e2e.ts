/**
 * Two county bureaus in one installation, through the real API, Postgres and Temporal: county A
 * has a record of every kind (registry, placement with its contract, referral, claim and payout,
 * case, household and contact request, ledger import, letters, tasks, audit lines); the staff of
 * county B — caseworker, finance and admin — find none of it in any list, summary or export, get
 * 404 for every one of its ids (as for an id that does not exist), and cannot act on it.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { brokerBody, citizenId, employerBody, hanTag, mobile, workerBody } from './support/fixtures.js';
import { cityOffice, countyOffice } from './support/offices.js';
import { newTownship, PNG } from './support/records.js';
import { waitFor } from './support/wait.js';
import { binary, readXlsx, sheetRows, xlsxOf } from './support/xlsx.js';

type Auth = { Authorization: string };
let t: TestApp;
const a = {} as Record<'cw' | 'fin' | 'admin', Auth>;
const b = {} as Record<'cw' | 'fin' | 'admin', Auth>;
/** County A's records by kind, and the words that would betray them on a page or in a list. */
const ids: Record<string, number> = {};
const secrets: string[] = [];
const today = shanghaiToday();
const period = `from=${addDays(today, -60)}&to=${today}`;

async function created(auth: Auth, path: string, body: Record<string, unknown>) {
  const res = await t.http.post(path).set(auth).send(body);
  expect([path, res.status, res.status === 201 ? null : res.body]).toEqual([path, 201, null]);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp();
  a.cw = (await t.login('caseworker')).auth;
  a.fin = (await t.login('finance')).auth;
  a.admin = (await t.login('admin')).auth;
  const countyB = await countyOffice('乙');
  b.cw = (await t.login('caseworker', { officeId: countyB })).auth;
  b.fin = (await t.login('finance', { officeId: countyB })).auth;
  b.admin = (await t.login('admin', { officeId: countyB })).auth;

  const town = await newTownship(t, a.admin, '甲');
  secrets.push(town.name);
  const worker = await created(a.cw, '/workers', workerBody({ township: town.name, categories: ['laid_off'] }));
  const employer = await created(a.cw, '/employers', employerBody());
  const broker = await created(a.cw, '/brokers', brokerBody());
  const provider = await created(a.cw, '/training-providers', {
    name: `甲县${hanTag()}职业技能培训学校`,
    contactName: '王老师',
    contactPhone: '0458-5612345',
  });
  const course = await created(a.cw, '/courses', {
    providerId: provider.id,
    name: `报纸投递员${hanTag()}培训班`,
    specialty: '报纸投递',
    mode: 'commissioned',
    startDate: today,
    endDate: today,
    hours: 8,
    subsidyPerTraineeFen: 60000,
  });
  const learner = await created(a.cw, '/workers', workerBody({ township: town.name }));
  const enrollment = await created(a.cw, `/courses/${course.id}/enrollments`, { workerId: learner.id });
  // Started 13 days ago: the contract reminder (a task and a letter) is due at once.
  const placement = await created(a.cw, '/placements', {
    workerId: worker.id,
    employerId: employer.id,
    brokerId: broker.id,
    startDate: addDays(today, -13),
    job: '叉车司机',
    monthlyWageFen: 450000,
    destination: '辽宁省大连市甘井子区',
    organised: true,
  });
  await t.http
    .post(`/placements/${placement.id}/contract`)
    .set(a.cw)
    .field('signedOn', today)
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' })
    .expect(201);
  const caseRes = await created(a.cw, '/cases', {
    kind: 'wage_arrears',
    workerIds: [worker.id],
    employerId: employer.id,
    facts: '2026年8月至10月工资共计12000元未发放',
    amountClaimedFen: 1_200_000,
    knewOn: addDays(today, -10),
    channel: 'window',
  });
  const member = await created(a.cw, '/workers', workerBody({ township: town.name }));
  const address = `${town.name}幸福路${hanTag(2)}号`;
  const household = await created(a.cw, '/households', {
    address,
    township: town.name,
    members: [{ workerId: member.id, relationship: 'head' }],
  });
  const request = await created(a.cw, '/contact-requests', {
    householdId: household.id,
    caller: '户主',
    channel: 'phone',
    kind: 'job',
    details: '想找一份保洁工作',
  });
  const ledgerName = `李${hanTag(2)}`;
  const ledger = await xlsxOf([
    ['姓名', '身份证号', '联系电话', '乡镇'],
    [ledgerName, citizenId().id, mobile(), town.name],
  ]);
  const imp = (
    await t.http
      .post('/imports')
      .set(a.cw)
      .field('kind', 'workers')
      .attach('file', ledger, { filename: '甲县台账.xlsx', contentType: 'application/octet-stream' })
      .expect(201)
  ).body;

  // The referral's claim, approved and paid, with its notice; the contract reminder's letter and task.
  const claim = await waitFor(
    async () => (await t.db.query(`SELECT id, number FROM claims WHERE "placementId" = $1`, [placement.id]))[0],
    'the referral claim',
    60_000,
  );
  await waitFor(
    async () => (await t.http.get(`/claims/${claim.id}`).set(a.fin).expect(200)).body.process,
    'its approval process',
    60_000,
  );
  await t.http.post(`/claims/${claim.id}/approve`).set(a.fin).send({}).expect(200);
  const paid = await waitFor(
    async () => {
      const c = (await t.http.get(`/claims/${claim.id}`).set(a.fin).expect(200)).body;
      return c.status === 'paid' && c.documents.length ? c : null;
    },
    'the payout and its notice',
    60_000,
  );
  const letter = await waitFor(
    async () => (await t.http.get(`/placements/${placement.id}`).set(a.cw).expect(200)).body.documents[0],
    'the contract reminder letter',
    60_000,
  );
  const task = await waitFor(
    async () =>
      (
        await t.db.query(`SELECT id FROM tasks WHERE "subjectType" = 'placement' AND "subjectId" = $1`, [placement.id])
      )[0],
    'the contract reminder task',
    60_000,
  );
  Object.assign(ids, {
    worker: worker.id,
    employer: employer.id,
    broker: broker.id,
    provider: provider.id,
    course: course.id,
    enrollment: enrollment.id,
    placement: placement.id,
    case: caseRes.id,
    household: household.id,
    request: request.id,
    import: imp.id,
    claim: claim.id,
    notice: paid.documents[0].id,
    letter: letter.id,
    task: task.id,
  });
  secrets.push(
    worker.name,
    employer.name,
    broker.name,
    provider.name,
    course.name,
    learner.name,
    member.name,
    address,
    ledgerName,
    caseRes.number,
    claim.number,
    letter.number,
    paid.documents[0].number,
  );
}, 240_000);
afterAll(() => t?.close());

/** What county B's staff would read in the answer (a JSON body, or an export's cells). */
const betrays = (text: string) => secrets.filter((s) => text.includes(s));

describe("county B's staff and county A's records", () => {
  it('find none of them in any list, summary or report', async () => {
    const lists: [Auth, string][] = [
      [b.cw, '/workers?pageSize=200'],
      [b.cw, '/employers?pageSize=200'],
      [b.cw, '/brokers?pageSize=200'],
      [b.cw, '/training-providers'],
      [b.cw, '/courses'],
      [b.cw, `/placements?pageSize=200`],
      [b.cw, '/cases?pageSize=200'],
      [b.cw, `/cases/summary?${period}`],
      [b.cw, '/households?pageSize=200'],
      [b.cw, `/households/summary?${period}`],
      [b.cw, '/households/visits-due'],
      [b.cw, '/households/priority-candidates'],
      [b.cw, '/contact-requests'],
      [b.cw, '/contact-requests/due'],
      [b.cw, '/survey-rounds'],
      [b.cw, '/imports'],
      [b.cw, '/tasks?pageSize=100'],
      [b.cw, '/townships'],
      [b.cw, `/reports/monthly?month=${today.slice(0, 7)}`],
      [b.fin, '/claims?pageSize=200'],
      [b.fin, `/claims/summary?${period}`],
      [b.fin, '/payouts'],
      [b.fin, '/referrals'],
      [b.admin, '/users'],
      [b.admin, '/audit?limit=500'],
    ];
    for (const [auth, path] of lists) {
      const res = await t.http.get(path).set(auth);
      expect([path, res.status, res.status === 200 ? null : res.body]).toEqual([path, 200, null]);
      expect([path, betrays(JSON.stringify(res.body))]).toEqual([path, []]);
    }
    // and county A's own staff do find them (the lists above are not empty by accident)
    const [{ citizenId }] = await t.db.query('SELECT "citizenId" FROM workers WHERE id = $1', [ids.worker]);
    const own = await t.http.get(`/workers?q=${citizenId}`).set(a.cw).expect(200);
    expect(own.body.items.map((w: { id: number }) => w.id)).toEqual([ids.worker]);
  });

  it('find none of them in an export', async () => {
    for (const [auth, path] of [
      [b.cw, '/workers?format=xlsx'],
      [b.cw, '/placements?format=xlsx'],
      [b.cw, '/cases?format=xlsx'],
      [b.fin, '/claims?format=xlsx'],
    ] as [Auth, string][]) {
      const res = await t.http
        .get(path)
        .set(auth)
        .buffer(true)
        .parse(binary as never);
      expect([path, res.status]).toEqual([path, 200]);
      const wb = await readXlsx(res.body as Buffer);
      const cells = wb.worksheets
        .flatMap((ws) => sheetRows(ws).flat())
        .map(String)
        .join('\n');
      expect([path, betrays(cells)]).toEqual([path, []]);
    }
  });

  it('get 404 for each of their ids, as for an id that does not exist', async () => {
    const one: [Auth, string][] = [
      [b.cw, `/workers/${ids.worker}`],
      [b.cw, `/employers/${ids.employer}`],
      [b.cw, `/brokers/${ids.broker}`],
      [b.cw, `/courses/${ids.course}`],
      [b.cw, `/courses/${ids.course}/enrollments`],
      [b.cw, `/enrollments/${ids.enrollment}`],
      [b.cw, `/placements/${ids.placement}`],
      [b.cw, `/placements/${ids.placement}/contract/file`],
      [b.cw, `/cases/${ids.case}`],
      [b.cw, `/households/${ids.household}`],
      [b.cw, `/contact-requests/${ids.request}`],
      [b.cw, `/imports/${ids.import}`],
      [b.cw, `/imports/${ids.import}/rows`],
      [b.fin, `/claims/${ids.claim}`],
      [b.cw, `/documents/${ids.letter}`],
      [b.cw, `/documents/${ids.letter}/meta`],
      [b.cw, `/documents/${ids.letter}.pdf`],
      [b.fin, `/documents/${ids.notice}`],
    ];
    for (const [auth, path] of one) {
      const res = await t.http.get(path).set(auth);
      expect([path, res.status]).toEqual([path, 404]);
      expect([path, betrays(JSON.stringify(res.body))]).toEqual([path, []]);
    }
  });

  it('cannot act on them: each change answers 404 (or refuses the reference), and nothing changes', async () => {
    const worker = (await t.http.get(`/workers/${ids.worker}`).set(a.cw).expect(200)).body;
    const acts: [Auth, 'post' | 'patch' | 'put', string, Record<string, unknown>][] = [
      [b.cw, 'patch', `/workers/${ids.worker}`, { notes: '改', version: worker.version }],
      [b.cw, 'patch', `/employers/${ids.employer}`, { region: '某地', version: 1 }],
      [b.admin, 'post', `/brokers/${ids.broker}/status`, { status: 'suspended', reason: '核查', effectiveDate: today }],
      [b.cw, 'post', `/cases/${ids.case}/notes`, { text: '记录' }],
      [b.cw, 'post', `/cases/${ids.case}/acknowledge`, {}],
      [b.cw, 'post', `/cases/${ids.case}/close`, { outcome: 'withdrawn', reason: '撤回' }],
      [b.cw, 'post', `/placements/${ids.placement}/end`, { endDate: today, reason: '离职' }],
      [b.cw, 'post', `/households/${ids.household}/visits`, { visitedOn: today, offered: ['training'] }],
      [b.cw, 'post', `/contact-requests/${ids.request}/close`, { offered: '推荐保洁岗位', accepted: true }],
      [b.cw, 'post', `/imports/${ids.import}/confirm`, {}],
      [b.cw, 'post', `/courses/${ids.course}/complete`, {}],
      [b.cw, 'put', `/enrollments/${ids.enrollment}/attendance`, { sessionsAttended: 1, sessionsTotal: 1 }],
      [b.fin, 'post', `/claims/${ids.claim}/reject`, { reason: '材料不全' }],
      [b.cw, 'post', `/tasks/${ids.task}/done`, { note: '已办' }],
    ];
    for (const [auth, method, path, body] of acts) {
      const res = await t.http[method](path).set(auth).send(body);
      expect([path, res.status, res.status === 404 ? null : res.body]).toEqual([path, 404, null]);
    }
    // Naming county A's worker or employer in a new record of B: refused as unknown (400), nothing written.
    const before = (await t.db.query('SELECT count(*)::int AS n FROM placements'))[0].n;
    const p = await t.http
      .post('/placements')
      .set(b.cw)
      .send({ workerId: ids.worker, employerId: ids.employer, startDate: today, job: '焊工' });
    expect(p.status).toBe(400);
    const c = await t.http
      .post('/cases')
      .set(b.cw)
      .send({
        kind: 'wage_arrears',
        workerIds: [ids.worker],
        facts: '工资未发放',
        knewOn: today,
        channel: 'window',
      });
    expect(c.status).toBe(400);
    expect((await t.db.query('SELECT count(*)::int AS n FROM placements'))[0].n).toBe(before);
    const after = (await t.http.get(`/workers/${ids.worker}`).set(a.cw).expect(200)).body;
    expect(after.version).toBe(worker.version);
  });

  it('register their own under the same names: a township and an ID number of county A are free in county B', async () => {
    const town = secrets[0];
    await created(b.admin, '/townships', { name: town, yearlyTarget: 5 });
    const worker = (await t.http.get(`/workers/${ids.worker}`).set(a.cw).expect(200)).body;
    const full = (await t.db.query('SELECT "citizenId" FROM workers WHERE id = $1', [ids.worker]))[0].citizenId;
    const own = await created(b.cw, '/workers', workerBody({ township: town, citizenId: full, name: worker.name }));
    expect(own.id).not.toBe(ids.worker);
    // each county still sees only its own
    const inB = (await t.http.get('/workers?pageSize=200').set(b.cw).expect(200)).body.items.map(
      (w: { id: number }) => w.id,
    );
    expect(inB).toEqual([own.id]);
    await t.http.get(`/workers/${own.id}`).set(a.cw).expect(404);
  });
});

describe('the city', () => {
  it("reads both counties' records as its role allows, and changes none of them", async () => {
    const city = await t.login('caseworker', { officeId: await cityOffice() });
    const inB = (await t.http.get('/workers?pageSize=200').set(b.cw).expect(200)).body.items[0];
    await t.http.get(`/workers/${ids.worker}`).set(city.auth).expect(200);
    await t.http.get(`/workers/${inB.id}`).set(city.auth).expect(200);
    await t.http.get(`/cases/${ids.case}`).set(city.auth).expect(200);
    const refused = await t.http
      .post('/workers')
      .set(city.auth)
      .send(workerBody({ township: secrets[0] }));
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.CITY_READ_ONLY']);
    const worker = (await t.http.get(`/workers/${ids.worker}`).set(a.cw).expect(200)).body;
    const patch = await t.http
      .patch(`/workers/${ids.worker}`)
      .set(city.auth)
      .send({ notes: '改', version: worker.version });
    expect(patch.status).toBe(403);
    // Both counties have a township of that name and a case in it: the city's summary keeps them apart.
    await created(b.cw, '/cases', {
      kind: 'wage_arrears',
      workerIds: [inB.id],
      facts: '2026年10月工资未发放',
      amountClaimedFen: 300_000,
      knewOn: addDays(today, -3),
      channel: 'window',
    });
    const summary = (await t.http.get(`/cases/summary?${period}`).set(city.auth).expect(200)).body;
    const rows = summary.byTownship.filter((r: { key: string }) => r.key === secrets[0]);
    expect(rows.map((r: { countyId: number; opened: number }) => r.opened)).toEqual([1, 1]);
    expect(new Set(rows.map((r: { countyId: number }) => r.countyId)).size).toBe(2);
    // finance at the city: claims of both counties to read, none to approve
    const cityFin = await t.login('finance', { officeId: await cityOffice() });
    await t.http.get(`/claims/${ids.claim}`).set(cityFin.auth).expect(200);
    expect(
      (await t.http.post(`/claims/${ids.claim}/reject`).set(cityFin.auth).send({ reason: '材料不全' })).status,
    ).toBe(403);
  });
});
