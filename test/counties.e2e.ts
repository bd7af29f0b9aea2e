/**
 * Several counties in one installation, through the real API with a real worker on Postgres and
 * the Temporal dev server: two county bureaus of one city (set up as the database keeps them,
 * via the owner's connection), each numbering its own documents, cases and claims from 1 under
 * its own letterhead and 文号 prefix, each with its own policy where it differs from the
 * defaults, neither seeing the other's records, and the city's report (figures, console page and
 * its own progress report) listing both and their sum.
 */
import type pg from 'pg';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { currentMonth } from '../src/reports/month.js';
import { createTestApp, TestApp } from './support/app.js';
import { brokerBody, employerBody, hanTag, workerBody } from './support/fixtures.js';
import { ownerDb } from './support/owner-db.js';
import { PNG } from './support/records.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
interface County {
  id: number;
  name: string;
  prefix: string;
  phone: string;
  seal: string;
  admin: Auth;
  cw: Auth;
  fin: Auth;
  township: { id: number; name: string };
}

let t: TestApp;
let owner: pg.Client;
let cityAdmin: Auth;
let cityId: number;
let cityName: string;
let b: County;
let c: County;
const today = () => shanghaiToday();
const year = () => Number(today().slice(0, 4));

async function office(fields: Record<string, unknown>): Promise<number> {
  const cols = Object.keys(fields);
  const [row] = (
    await owner.query(
      `INSERT INTO offices (${cols.map((k) => `"${k}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(fields),
    )
  ).rows;
  return row.id;
}

async function county(cityId: number, phone: string): Promise<County> {
  const tag = hanTag(3);
  const name = `${tag}县劳动就业服务局`;
  const prefix = `${tag}劳`;
  const seal = `${tag}县劳动就业服务局（公章）`;
  const id = await office({ parentId: cityId, kind: 'county', name, documentPrefix: prefix, phone, sealText: seal });
  const admin = (await t.login('admin', { officeId: id })).auth;
  const cw = (await t.login('caseworker', { officeId: id })).auth;
  const fin = (await t.login('finance', { officeId: id })).auth;
  // Each county has its own 城关镇: a township name repeats across counties.
  const township = (await t.http.post('/townships').set(admin).send({ name: '城关镇', yearlyTarget: 20 }).expect(201))
    .body;
  return { id, name, prefix, phone, seal, admin, cw, fin, township };
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await ownerDb();
  cityName = `${hanTag(3)}市`;
  cityId = await office({ kind: 'city', name: cityName });
  b = await county(cityId, '0458-7100001');
  c = await county(cityId, '0458-7200002');
  cityAdmin = (await t.login('admin', { officeId: cityId })).auth;
});
afterAll(async () => {
  await owner?.end();
  await t?.close();
});

const worker = async (k: County, overrides: Record<string, unknown> = {}) =>
  (await t.http.post('/workers').set(k.cw).send(workerBody(overrides)).expect(201)).body as { id: number };
const employer = async (k: County) =>
  (await t.http.post('/employers').set(k.cw).send(employerBody()).expect(201)).body as { id: number };

async function placement(k: County, opts: { brokerId?: number; startDate?: string; categories?: string[] } = {}) {
  const w = await worker(k, { categories: opts.categories ?? ['rural_surplus'] });
  const e = await employer(k);
  const res = await t.http
    .post('/placements')
    .set(k.cw)
    .send({
      workerId: w.id,
      employerId: e.id,
      ...(opts.brokerId ? { brokerId: opts.brokerId } : {}),
      startDate: opts.startDate ?? today(),
      job: '叉车司机',
      monthlyWageFen: 450000,
      destination: '辽宁省大连市甘井子区',
      organised: true,
    })
    .expect(201);
  return { id: res.body.id as number, workerId: w.id, employerId: e.id };
}

async function openCase(k: County) {
  const w = await worker(k);
  const e = await employer(k);
  const res = await t.http
    .post('/cases')
    .set(k.cw)
    .send({
      kind: 'wage_arrears',
      workerIds: [w.id],
      employerId: e.id,
      facts: '2026年8月至10月工资共计12000元未发放',
      amountClaimedFen: 1_200_000,
      knewOn: addDays(today(), -10),
      channel: 'window',
    })
    .expect(201);
  return res.body as { id: number; number: string };
}

/** The reminder letter of a placement inside its reminder window, once the process has issued it. */
async function reminderOf(k: County) {
  const p = await placement(k, { startDate: addDays(today(), -13) });
  const doc = await waitFor(async () => {
    const r = await t.http.get(`/placements/${p.id}`).set(k.cw).expect(200);
    return r.body.documents.find((d: { type: string }) => d.type === 'contract_reminder') ?? null;
  }, `the contract reminder in ${k.name}`);
  return { placement: p, doc: doc as { id: number; number: string } };
}

/** A laid-off worker referred by a broker of the county, with a 24-month contract: the referral claim. */
async function referralClaim(k: County) {
  const broker = (await t.http.post('/brokers').set(k.cw).send(brokerBody()).expect(201)).body;
  const p = await placement(k, { brokerId: broker.id, categories: ['laid_off'] });
  await t.http
    .post(`/placements/${p.id}/contract`)
    .set(k.cw)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' })
    .expect(201);
  return waitFor(async () => {
    const r = await t.http.get('/referrals').set(k.cw).query({ brokerId: broker.id }).expect(200);
    const claim = r.body.items.find((i: { placementId: number }) => i.placementId === p.id)?.claim;
    return claim
      ? ((await t.http.get(`/claims/${claim.id}`).set(k.fin).expect(200)).body as Record<string, any>)
      : null;
  }, `the referral claim in ${k.name}`);
}

describe('numbering and letterhead per county', () => {
  it('each county numbers its documents, cases and claims from 1, with its own prefix, name, seal and phone', async () => {
    const month = currentMonth();
    for (const k of [b, c]) {
      const report = await t.http.post(`/reports/monthly/${month}/document`).set(k.cw).send({}).expect(201);
      expect(report.body.number).toBe(`${k.prefix}汇〔${year()}〕1号`);
      const html = (await t.http.get(`/documents/${report.body.id}`).set(k.cw).expect(200)).text;
      expect(html).toContain(k.name);
      expect(html).toContain(k.seal);
      const other = k === b ? c : b;
      expect(html).not.toContain(other.name);

      const { doc } = await reminderOf(k);
      expect(doc.number).toBe(`${k.prefix}提〔${year()}〕1号`);
      const letter = (await t.http.get(`/documents/${doc.id}`).set(k.cw).expect(200)).text;
      expect(letter).toContain(k.name);
      // The caseworker has no office phone of their own: the county bureau's is printed.
      expect(letter).toContain(k.phone);
      expect(letter).not.toContain(other.phone);

      expect((await openCase(k)).number).toBe(`维权〔${year()}〕1号`);
    }
    // Numbers go on within each county.
    expect((await openCase(b)).number).toBe(`维权〔${year()}〕2号`);
  });
});

describe('policy per county', () => {
  it("a county's own referral amount applies to its referrals only; the other county keeps the default", async () => {
    const own = await t.http
      .post('/policies')
      .set(b.admin)
      .send({ key: 'referral.amount_fen', value: 12000, effectiveFrom: today(), source: '县人社局〔2026〕9号文' })
      .expect(201);
    expect(own.body).toMatchObject({ countyId: b.id, value: 12000 });
    expect((await t.http.get('/policies/in-force').set(b.cw).expect(200)).body['referral.amount_fen']).toBe(12000);
    expect((await t.http.get('/policies/in-force').set(c.cw).expect(200)).body['referral.amount_fen']).toBe(8000);
    const listB = (await t.http.get('/policies').set(b.fin).expect(200)).body as Record<string, unknown>[];
    expect(listB).toContainEqual(expect.objectContaining({ id: own.body.id, countyId: b.id, countyName: b.name }));
    expect(listB).toContainEqual(expect.objectContaining({ key: 'referral.amount_fen', countyId: null, value: 8000 }));
    const listC = (await t.http.get('/policies').set(c.fin).expect(200)).body as { id: number }[];
    expect(listC.map((p) => p.id)).not.toContain(own.body.id);

    const claimB = await referralClaim(b);
    expect(claimB).toMatchObject({ amountFen: 12000, number: `补〔${year()}〕1号` });
    const claimC = await referralClaim(c);
    expect(claimC).toMatchObject({ amountFen: 8000, number: `补〔${year()}〕1号` });
  });

  it('a county admin sets only their own county; the city admin sets a named county of the city, or the default', async () => {
    const date = `${2900 + Math.floor(Math.random() * 99)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    const body = { key: 'case.mediation_days', value: 20, effectiveFrom: date, source: '市人社局通知' };
    const refused = await t.http
      .post('/policies')
      .set(b.admin)
      .send({ ...body, countyId: c.id })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'POLICY.COUNTY_NOT_OWN', details: [{ field: 'countyId' }] });
    const peek = await t.http.get('/policies').query({ county: c.id }).set(b.cw).expect(403);
    expect(peek.body).toMatchObject({ code: 'POLICY.COUNTY_NOT_OWN', details: [{ field: 'county' }] });

    const forC = await t.http
      .post('/policies')
      .set(cityAdmin)
      .send({ ...body, countyId: c.id })
      .expect(201);
    expect(forC.body.countyId).toBe(c.id);
    const inC = await t.http.get('/policies/in-force').query({ date }).set(c.cw).expect(200);
    expect(inC.body['case.mediation_days']).toBe(20);
    const inB = await t.http.get('/policies/in-force').query({ date }).set(b.cw).expect(200);
    expect(inB.body['case.mediation_days']).toBe(15);

    const asDefault = await t.http
      .post('/policies')
      .set(cityAdmin)
      .send({ ...body, value: 18 })
      .expect(201);
    expect(asDefault.body.countyId).toBeNull();
    const laterB = await t.http.get('/policies/in-force').query({ date }).set(b.cw).expect(200);
    expect(laterB.body['case.mediation_days']).toBe(18);
    expect(
      (await t.http.get('/policies/in-force').query({ date }).set(c.cw).expect(200)).body['case.mediation_days'],
    ).toBe(20);

    // A county outside the city (the first county) is none the city admin can name.
    const [{ id: first }] = (await owner.query(`SELECT min(id) AS id FROM offices WHERE kind = 'county'`)).rows;
    const unknown = await t.http
      .post('/policies')
      .set(cityAdmin)
      .send({ ...body, countyId: first })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'POLICY.COUNTY_UNKNOWN', details: [{ field: 'countyId' }] });
  });
});

describe('nothing of one county is seen from another', () => {
  it("a county's worker, placement, case and document are 404 from the other county", async () => {
    const { placement: p, doc } = await reminderOf(c);
    const kase = await openCase(c);
    for (const path of [`/workers/${p.workerId}`, `/placements/${p.id}`, `/cases/${kase.id}`, `/documents/${doc.id}`])
      await t.http.get(path).set(b.cw).expect(404);
    for (const path of [`/workers/${p.workerId}`, `/placements/${p.id}`, `/cases/${kase.id}`, `/documents/${doc.id}`])
      await t.http.get(path).set(c.cw).expect(200);
  });
});

describe("the city's monthly report", () => {
  it('lists every county of the city by name, side by side, and the city total as their sum', async () => {
    await placement(b);
    await placement(c);
    const month = currentMonth();
    const city = (await t.http.get('/reports/monthly').query({ month }).set(cityAdmin).expect(200)).body;
    expect(city.county).toBeNull();
    expect(city.counties.map((k: { county: { name: string } }) => k.county.name)).toEqual([b.name, c.name]);
    const [fb, fc] = city.counties;
    expect(fb.placements.month.total).toBeGreaterThan(0);
    expect(fc.placements.month.total).toBeGreaterThan(0);
    for (const pick of [
      (f: any) => f.placements.month.total,
      (f: any) => f.placements.yearToDate.total,
      (f: any) => f.placements.target,
      (f: any) => f.cases.month.opened,
      (f: any) => f.cases.openNow,
      (f: any) => f.claims.awaitingApproval.count,
    ])
      expect(pick(city)).toBe(pick(fb) + pick(fc));
    expect(city.placements.target).toBe(40);
    // Both 城关镇, each with its own county's placements only.
    const towns = city.townships.filter((x: { name: string }) => x.name === '城关镇');
    expect(towns.map((x: { countyName: string }) => x.countyName)).toEqual([b.name, c.name]);
    expect(towns.map((x: { placementsMonth: number }) => x.placementsMonth)).toEqual([
      fb.placements.month.total,
      fc.placements.month.total,
    ]);

    // A county user sees their county only, as before.
    const own = (await t.http.get('/reports/monthly').query({ month }).set(b.cw).expect(200)).body;
    expect(own.counties).toBeNull();
    expect(own.county).toEqual({ id: b.id, name: b.name });
    expect(own.placements.month).toEqual(fb.placements.month);
    expect(own.townships.map((x: { countyId: number }) => x.countyId)).toEqual([b.id]);

    // The console's 工作台 shows the counties side by side to the city user.
    const page = await t.http.get('/console/overview').query({ month }).set(cityAdmin).expect(200);
    expect(page.text).toContain('id="county-table"');
    expect(page.text).toContain(b.name);
    expect(page.text).toContain(c.name);
    expect(page.text).toContain('全市合计');

    // The city's own progress report, under its own letterhead and series, lists both counties and
    // the total; until the city has a 文号 prefix it cannot be issued.
    const noPrefix = await t.http.post(`/reports/monthly/${month}/document`).set(cityAdmin).send({}).expect(409);
    expect(noPrefix.body.code).toBe('DOCUMENT.NO_PREFIX');
    const cityPrefix = `${hanTag(3)}市劳`;
    await owner.query(`UPDATE offices SET "documentPrefix" = $1, "sealText" = name WHERE id = $2`, [
      cityPrefix,
      cityId,
    ]);
    const issued = await t.http.post(`/reports/monthly/${month}/document`).set(cityAdmin).send({}).expect(201);
    expect(issued.body.number).toBe(`${cityPrefix}汇〔${year()}〕1号`);
    const report = (await t.http.get(`/documents/${issued.body.id}`).set(cityAdmin).expect(200)).text;
    expect(report).toContain(cityName);
    expect(report).toContain('全市劳务输出');
    expect(report).toContain(`<td>${b.name}</td>`);
    expect(report).toContain(`<td>${c.name}</td>`);
    expect(report).toContain(
      `<tr><th>全市合计</th><td>${city.placements.target}</td><td>${city.placements.month.total}</td>`,
    );
    // It is the city's: no county's list of reports shows it, nor can a county user open it.
    const listB = (await t.http.get(`/reports/monthly/${month}/documents`).set(b.cw).expect(200)).body;
    expect(listB.map((d: { id: number }) => d.id)).not.toContain(issued.body.id);
    await t.http.get(`/documents/${issued.body.id}`).set(b.cw).expect(404);
    const listCity = (await t.http.get(`/reports/monthly/${month}/documents`).set(cityAdmin).expect(200)).body;
    expect(listCity.map((d: { id: number }) => d.id)).toEqual([issued.body.id]);
  });

  it("the city's departures by township keep each county's 城关镇 apart", async () => {
    const batchIn = async (k: County, members: number) => {
      const lead = await t.login('caseworker', { officeId: k.id });
      const e = await employer(k);
      const batch = (
        await t.http
          .post('/departure-batches')
          .set(lead.auth)
          .send({
            name: `采棉工${hanTag(3)}`,
            destination: '新疆阿克苏地区',
            departureDate: today(),
            meetingPoint: '县汽车站',
            transport: 'chartered',
            leaderUserId: lead.userId,
            employerIds: [e.id],
            job: '采棉工',
            monthlyWageFen: 450000,
          })
          .expect(201)
      ).body;
      const ids: number[] = [];
      for (let i = 0; i < members; i++) {
        const w = await worker(k);
        const res = await t.http
          .post(`/departure-batches/${batch.id}/members`)
          .set(lead.auth)
          .send({ workerId: w.id, emergencyName: '刘淑芬', emergencyRelation: '母亲', emergencyPhone: '13712345678' })
          .expect(201);
        ids.push(res.body.members.at(-1).id);
      }
      await t.http
        .post(`/departure-batches/${batch.id}/departure`)
        .set(lead.auth)
        .send({ departedOn: today(), memberIds: ids })
        .expect(200);
      await t.http
        .post(`/departure-batches/${batch.id}/arrival`)
        .set(lead.auth)
        .send({ arrivedOn: today(), memberIds: ids })
        .expect(200);
    };
    await batchIn(b, 1);
    await batchIn(c, 2);
    const month = currentMonth();
    const city = (await t.http.get('/reports/monthly').query({ month }).set(cityAdmin).expect(200)).body;
    const towns = city.departures.byTownship.filter((x: { township: string }) => x.township === '城关镇');
    expect(
      towns
        .map((x: { countyName: string; yearToDate: number }) => [x.countyName, x.yearToDate])
        .sort((x: [string, number], y: [string, number]) => x[1] - y[1]),
    ).toEqual([
      [b.name, 1],
      [c.name, 2],
    ]);
    const page = await t.http.get('/console/overview').query({ month }).set(cityAdmin).expect(200);
    const table = page.text.slice(page.text.indexOf('id="departure-townships-table"'));
    expect(table.slice(0, table.indexOf('</table>'))).toContain(`<td>${c.name}</td><td>城关镇</td>`);
  });
});
