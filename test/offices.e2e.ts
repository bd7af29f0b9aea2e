/**
 * Offices against the real API and Postgres: the tree of the city, its county bureaus and their
 * township stations, kept by admins within their reach (another county's offices and users are
 * 404); townships assigned to a station, the old station's records following the township;
 * users placed in offices; and 移交, a record handed from the county to a station and back (with
 * the people it concerns), audited with who and why, the station's users seeing it exactly while
 * the station holds it.
 */
import type pw from 'playwright-core';
import { shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs } from './support/browser.js';
import { auditRows, employerBody, hanTag, tag, workerBody } from './support/fixtures.js';

type Auth = { Authorization: string };
interface OfficeBody {
  id: number;
  kind: string;
  name: string;
  parentId: number | null;
  version: number;
  children: OfficeBody[];
}

let t: TestApp;
let cityId: number;
let cityAdmin: Auth;
/** County A with stations S1 and S2; county B with station SB. */
let countyA: OfficeBody;
let countyB: OfficeBody;
let s1: OfficeBody;
let s2: OfficeBody;
let sb: OfficeBody;
let adminA: Auth;
let adminB: Auth;
let cwA: Auth & { name: string };

const prefix = () => `测${hanTag(4)}`;

async function newCounty(): Promise<OfficeBody> {
  return (
    await t.http
      .post('/offices')
      .set(cityAdmin)
      .send({ kind: 'county', parentId: cityId, name: `${hanTag(4)}县劳动就业服务局`, documentPrefix: prefix() })
      .expect(201)
  ).body;
}

async function newStation(by: Auth, countyId: number): Promise<OfficeBody> {
  return (
    await t.http
      .post('/offices')
      .set(by)
      .send({ kind: 'station', parentId: countyId, name: `${hanTag(3)}镇劳动保障所` })
      .expect(201)
  ).body;
}

const newTownship = async (by: Auth, body: Record<string, unknown> = {}) =>
  (
    await t.http
      .post('/townships')
      .set(by)
      .send({ name: `${hanTag(4)}镇`, ...body })
      .expect(201)
  ).body as { id: number; name: string; countyId: number; stationId: number | null };

const holderOf = async (table: string, id: number): Promise<number> =>
  (await t.db.query(`SELECT "officeId" FROM ${table} WHERE id = $1`, [id]))[0].officeId;

beforeAll(async () => {
  t = await createTestApp();
  [{ id: cityId }] = await t.db.query(`SELECT id FROM offices WHERE kind = 'city'`);
  cityAdmin = (await t.login('admin', { officeId: cityId })).auth;
  countyA = await newCounty();
  countyB = await newCounty();
  adminA = (await t.login('admin', { officeId: countyA.id })).auth;
  adminB = (await t.login('admin', { officeId: countyB.id })).auth;
  const cw = await t.login('caseworker', { officeId: countyA.id });
  cwA = { ...cw.auth, name: cw.username };
  s1 = await newStation(adminA, countyA.id);
  s2 = await newStation(cityAdmin, countyA.id);
  sb = await newStation(adminB, countyB.id);
});
afterAll(() => t?.close());

// ------------------------------------------------------------------------------------------
describe('the office tree', () => {
  it('each admin sees the part of the tree they reach: the city all of it, a county itself and its stations', async () => {
    const ofA: OfficeBody[] = (await t.http.get('/offices').set(adminA).expect(200)).body;
    expect(ofA.map((o) => o.id)).toEqual([countyA.id]);
    expect(ofA[0].children.map((o) => o.id).sort()).toEqual([s1.id, s2.id].sort());
    const ofCity: OfficeBody[] = (await t.http.get('/offices').set(cityAdmin).expect(200)).body;
    expect(ofCity.map((o) => o.id)).toEqual([cityId]);
    const counties = ofCity[0].children.map((o) => o.id);
    expect(counties).toEqual(expect.arrayContaining([countyA.id, countyB.id]));
    expect(ofCity[0].children.find((c) => c.id === countyB.id)!.children.map((o) => o.id)).toEqual([sb.id]);
    // A station's user sees their station and their county (to hand records back), not the county's other stations.
    const st = await t.login('caseworker', { officeId: s1.id });
    const ofS1: OfficeBody[] = (await t.http.get('/offices').set(st.auth).expect(200)).body;
    expect(ofS1.map((o) => o.id)).toEqual([countyA.id]);
    expect(ofS1[0].children.map((o) => o.id)).toEqual([s1.id]);
  });

  it('refuses a bad office with the field and why, and writes nothing', async () => {
    const name = `${hanTag(4)}县劳动就业服务局`;
    const post = (by: Auth, body: Record<string, unknown>) => t.http.post('/offices').set(by).send(body);
    const noPrefix = await post(cityAdmin, { kind: 'county', parentId: cityId, name }).expect(400);
    expect(noPrefix.body.details).toEqual([{ field: 'documentPrefix', reason: '县局须填写文号前缀' }]);
    const underCounty = await post(cityAdmin, {
      kind: 'county',
      parentId: countyA.id,
      name,
      documentPrefix: prefix(),
    }).expect(400);
    expect(underCounty.body.details[0].field).toBe('parentId');
    const stationUnderCity = await post(cityAdmin, { kind: 'station', parentId: cityId, name: '某镇劳动保障所' });
    expect(stationUnderCity.status).toBe(400);
    expect(stationUnderCity.body.details[0].field).toBe('parentId');
    const stationUnderStation = await post(adminA, { kind: 'station', parentId: s1.id, name: '某镇劳动保障所' });
    expect(stationUnderStation.body.details[0].field).toBe('parentId');
    expect((await post(adminA, { kind: 'station', parentId: countyA.id, name: '' })).body.details[0].field).toBe(
      'name',
    );
    expect((await post(adminA, { kind: 'office', parentId: countyA.id, name })).body.details[0].field).toBe('kind');
    // Only the city sets up a county; a county admin reaches no other county.
    const byCounty = await post(adminA, { kind: 'county', parentId: cityId, name, documentPrefix: prefix() });
    expect(byCounty.status).toBe(403);
    expect(byCounty.body.code).toBe('OFFICE.CITY_ONLY');
    const otherCounty = await post(adminA, { kind: 'station', parentId: countyB.id, name: '某镇劳动保障所' });
    expect(otherCounty.status).toBe(400);
    expect(otherCounty.body.details[0].field).toBe('parentId');
    const withPrefix = await post(adminA, { kind: 'station', parentId: countyA.id, name, documentPrefix: 'X' });
    expect(withPrefix.body.details[0].field).toBe('documentPrefix');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM offices WHERE name = $1`, [name]))[0].n).toBe(0);
  });

  it('no two offices of one name under one parent, no two counties of one 文号 prefix (409)', async () => {
    const dup = await t.http
      .post('/offices')
      .set(adminA)
      .send({ kind: 'station', parentId: countyA.id, name: s1.name })
      .expect(409);
    expect(dup.body).toMatchObject({ code: 'OFFICE.NAME_TAKEN', details: [{ field: 'name' }] });
    // The same name in another county is another office.
    await t.http
      .post('/offices')
      .set(adminB)
      .send({ kind: 'station', parentId: countyB.id, name: s1.name })
      .expect(201);
    const [{ documentPrefix }] = await t.db.query(`SELECT "documentPrefix" FROM offices WHERE id = $1`, [countyA.id]);
    const taken = await t.http
      .post('/offices')
      .set(cityAdmin)
      .send({ kind: 'county', parentId: cityId, name: `${hanTag(4)}县劳动就业服务局`, documentPrefix })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'OFFICE.PREFIX_TAKEN', details: [{ field: 'documentPrefix' }] });
  });

  it('edits an office with its version, audited; a stale version is 409; another county’s office is 404', async () => {
    const station = await newStation(adminA, countyA.id);
    const renamed = `${hanTag(3)}乡劳动保障所`;
    const res = await t.http
      .patch(`/offices/${station.id}`)
      .set(adminA)
      .send({ version: station.version, name: renamed, phone: '0458-5610000', address: '乡政府院内' })
      .expect(200);
    expect(res.body).toMatchObject({ name: renamed, phone: '0458-5610000', version: station.version + 1 });
    const stale = await t.http
      .patch(`/offices/${station.id}`)
      .set(adminA)
      .send({ version: station.version, name: '某' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('OFFICE.STALE');
    const prefixed = await t.http
      .patch(`/offices/${station.id}`)
      .set(adminA)
      .send({ version: res.body.version, documentPrefix: '乡劳' })
      .expect(400);
    expect(prefixed.body.details[0].field).toBe('documentPrefix');
    await t.http
      .patch(`/offices/${station.id}`)
      .set(adminB)
      .send({ version: res.body.version, name: '某' })
      .expect(404);
    await t.http.patch(`/offices/${countyB.id}`).set(adminA).send({ version: countyB.version, name: '某' }).expect(404);
    await t.http.get(`/offices/${countyB.id}`).set(adminA).expect(404);
    // A county admin keeps their own county's letterhead; a prefix taken by another county is refused.
    const [b] = await t.db.query(`SELECT "documentPrefix" FROM offices WHERE id = $1`, [countyB.id]);
    const own = (await t.http.get(`/offices/${countyA.id}`).set(adminA).expect(200)).body;
    const clash = await t.http
      .patch(`/offices/${countyA.id}`)
      .set(adminA)
      .send({ version: own.version, documentPrefix: b.documentPrefix })
      .expect(409);
    expect(clash.body.details[0].field).toBe('documentPrefix');
    const closed = await t.http
      .patch(`/offices/${station.id}`)
      .set(adminA)
      .send({ version: res.body.version, active: false })
      .expect(200);
    expect(closed.body.active).toBe(false);
    const audit = await auditRows(t, 'office', station.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'deactivate']);
    expect(audit[1]).toMatchObject({ before: { name: station.name }, after: { name: renamed } });
  });
});

// ------------------------------------------------------------------------------------------
describe('townships and their stations', () => {
  it('a county admin’s township is of their county; a city admin names the county', async () => {
    expect((await newTownship(adminA)).countyId).toBe(countyA.id);
    const unnamed = await t.http
      .post('/townships')
      .set(cityAdmin)
      .send({ name: `${hanTag(4)}镇` })
      .expect(400);
    expect(unnamed.body.details).toEqual([{ field: 'countyId', reason: '请选择所属县局' }]);
    expect((await newTownship(cityAdmin, { countyId: countyB.id })).countyId).toBe(countyB.id);
    const notOurs = await t.http
      .post('/townships')
      .set(adminA)
      .send({ name: `${hanTag(4)}镇`, countyId: countyB.id })
      .expect(400);
    expect(notOurs.body.details[0].field).toBe('countyId');
  });

  it('is assigned a station of its own county only; another county’s township is 404', async () => {
    const tw = await newTownship(adminA);
    const res = await t.http.patch(`/townships/${tw.id}`).set(adminA).send({ stationId: s1.id }).expect(200);
    expect(res.body.stationId).toBe(s1.id);
    const foreign = await t.http.patch(`/townships/${tw.id}`).set(adminA).send({ stationId: sb.id }).expect(400);
    expect(foreign.body.details[0].field).toBe('stationId');
    const county = await t.http.patch(`/townships/${tw.id}`).set(adminA).send({ stationId: countyA.id }).expect(400);
    expect(county.body.details[0].field).toBe('stationId');
    await t.http.patch(`/townships/${tw.id}`).set(adminB).send({ stationId: sb.id }).expect(404);
    const audit = await auditRows(t, 'township', tw.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', before: { stationId: null }, after: { stationId: s1.id } });
  });

  it('moving a township to another station moves what the old station held for it, audited', async () => {
    const tw = await newTownship(adminA);
    await t.http.patch(`/townships/${tw.id}`).set(adminA).send({ stationId: s1.id }).expect(200);
    const w = (
      await t.http
        .post('/workers')
        .set(cwA)
        .send(workerBody({ township: tw.name }))
        .expect(201)
    ).body;
    expect(await holderOf('workers', w.id)).toBe(s1.id);
    // One held by the county itself stays with the county.
    const kept = (
      await t.http
        .post('/workers')
        .set(cwA)
        .send(workerBody({ township: tw.name }))
        .expect(201)
    ).body;
    await t.db.query(`UPDATE workers SET "officeId" = $2 WHERE id = $1`, [kept.id, countyA.id]);
    const atS1 = await t.login('caseworker', { officeId: s1.id });
    const atS2 = await t.login('caseworker', { officeId: s2.id });
    await t.http.get(`/workers/${w.id}`).set(atS1.auth).expect(200);

    await t.http.patch(`/townships/${tw.id}`).set(adminA).send({ stationId: s2.id }).expect(200);
    expect(await holderOf('workers', w.id)).toBe(s2.id);
    expect(await holderOf('workers', kept.id)).toBe(countyA.id);
    await t.http.get(`/workers/${w.id}`).set(atS1.auth).expect(404);
    await t.http.get(`/workers/${w.id}`).set(atS2.auth).expect(200);
    const [line] = (await auditRows(t, 'worker', w.id)).filter((a) => a.action === 'handover');
    expect(line).toMatchObject({
      before: { officeId: s1.id, officeName: s1.name },
      after: { officeId: s2.id, officeName: s2.name, reason: `${tw.name}改由${s2.name}服务` },
    });
  });
});

// ------------------------------------------------------------------------------------------
describe('users and their offices', () => {
  it('an admin places users in the offices they manage and lists only those, by office name', async () => {
    const username = `st-${tag()}`;
    const made = await t.http
      .post('/users')
      .set(adminA)
      .send({ username, displayName: '孙立新', role: 'caseworker', password: 'pw-0123456789', officeId: s1.id })
      .expect(201);
    expect(made.body.officeId).toBe(s1.id);
    const outside = await t.http
      .post('/users')
      .set(adminA)
      .send({
        username: `x-${tag()}`,
        displayName: '孙立',
        role: 'caseworker',
        password: 'pw-0123456789',
        officeId: sb.id,
      })
      .expect(400);
    expect(outside.body.details).toEqual([{ field: 'officeId', reason: '只能选择您管辖范围内的机构' }]);
    const byDefault = await t.http
      .post('/users')
      .set(adminB)
      .send({ username: `b-${tag()}`, displayName: '周立', role: 'caseworker', password: 'pw-0123456789' })
      .expect(201);
    expect(byDefault.body.officeId).toBe(countyB.id);

    const listA: { id: number; officeId: number; officeName: string }[] = (
      await t.http.get('/users').set(adminA).expect(200)
    ).body;
    expect(listA.find((u) => u.id === made.body.id)).toMatchObject({ officeName: s1.name });
    const ofA: number[] = (
      await t.db.query(`SELECT id FROM offices WHERE id = $1 OR "parentId" = $1`, [countyA.id])
    ).map((o: { id: number }) => o.id);
    expect(listA.filter((u) => !ofA.includes(u.officeId))).toEqual([]);
    expect(listA.some((u) => u.id === byDefault.body.id)).toBe(false);
    const listCity: { id: number }[] = (await t.http.get('/users').set(cityAdmin).expect(200)).body;
    expect(listCity.map((u) => u.id)).toEqual(expect.arrayContaining([made.body.id, byDefault.body.id]));
  });

  it('another county’s user cannot be seen or changed (404); a move to another office is audited', async () => {
    const other = await t.login('caseworker', { officeId: sb.id });
    await t.http.patch(`/users/${other.userId}`).set(adminA).send({ displayName: '钱某某' }).expect(404);
    await t.http.patch(`/users/${other.userId}`).set(adminB).send({ officeId: countyB.id }).expect(200);
    const ours = await t.login('caseworker', { officeId: countyA.id });
    const moved = await t.http.patch(`/users/${ours.userId}`).set(adminA).send({ officeId: s2.id }).expect(200);
    expect(moved.body.officeId).toBe(s2.id);
    await t.http.patch(`/users/${ours.userId}`).set(adminA).send({ officeId: sb.id }).expect(400);
    const me = (await t.http.get('/auth/me').set(ours.auth).expect(200)).body;
    expect(me.office).toMatchObject({ id: s2.id, name: s2.name, kind: 'station' });
    const [line] = (await auditRows(t, 'user', ours.userId)).filter((a) => a.action === 'update');
    expect(line).toMatchObject({ before: { officeId: countyA.id }, after: { officeId: s2.id } });
  });
});

// ------------------------------------------------------------------------------------------
describe('移交: a record handed to a station and back', () => {
  it('a worker handed to station S is seen by S’s users; taken back, they get 404; both audited with who and why', async () => {
    const tw = await newTownship(adminA);
    const w = (
      await t.http
        .post('/workers')
        .set(cwA)
        .send(workerBody({ township: tw.name }))
        .expect(201)
    ).body;
    expect(await holderOf('workers', w.id)).toBe(countyA.id);
    const atS1 = await t.login('caseworker', { officeId: s1.id });
    await t.http.get(`/workers/${w.id}`).set(atS1.auth).expect(404);

    const noReason = await t.http.post(`/workers/${w.id}/handover`).set(cwA).send({ officeId: s1.id }).expect(400);
    expect(noReason.body.details[0]).toEqual({ field: 'reason', reason: '请填写移交原因' });
    const blank = await t.http.post(`/workers/${w.id}/handover`).set(cwA).send({ officeId: s1.id, reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.details[0]).toEqual({ field: 'reason', reason: '请填写移交原因' });
    const foreign = await t.http
      .post(`/workers/${w.id}/handover`)
      .set(cwA)
      .send({ officeId: sb.id, reason: '就近服务' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details[0].field).toBe('officeId');
    expect(await holderOf('workers', w.id)).toBe(countyA.id);

    const reason = '户籍在该镇，由劳动保障所就近跟踪服务';
    // The city reads the counties' records; the county and its stations hand them over.
    const byCity = await t.http.post(`/workers/${w.id}/handover`).set(cityAdmin).send({ officeId: s1.id, reason });
    expect(byCity.status).toBe(403);
    const handed = await t.http
      .post(`/workers/${w.id}/handover`)
      .set(cwA)
      .send({ officeId: s1.id, reason })
      .expect(200);
    expect(handed.body).toEqual({ officeId: s1.id, officeName: s1.name });
    await t.http.get(`/workers/${w.id}`).set(atS1.auth).expect(200);
    const again = await t.http.post(`/workers/${w.id}/handover`).set(cwA).send({ officeId: s1.id, reason }).expect(409);
    expect(again.body.code).toBe('HANDOVER.SAME');
    // The station hands it on only to its county, never to another station.
    const sideways = await t.http.post(`/workers/${w.id}/handover`).set(atS1.auth).send({ officeId: s2.id, reason });
    expect(sideways.status).toBe(403);
    expect(sideways.body.code).toBe('HANDOVER.STATION_BACK_ONLY');

    await t.http
      .post(`/workers/${w.id}/handover`)
      .set(cwA)
      .send({ officeId: countyA.id, reason: '需县局统一办理' })
      .expect(200);
    await t.http.get(`/workers/${w.id}`).set(atS1.auth).expect(404);
    const lines = (await auditRows(t, 'worker', w.id)).filter((a) => a.action === 'handover');
    expect(lines).toEqual([
      expect.objectContaining({
        actorName: cwA.name,
        before: { officeId: countyA.id, officeName: countyA.name },
        after: { officeId: s1.id, officeName: s1.name, reason },
      }),
      expect.objectContaining({
        actorName: cwA.name,
        before: { officeId: s1.id, officeName: s1.name },
        after: { officeId: countyA.id, officeName: countyA.name, reason: '需县局统一办理' },
      }),
    ]);
  });

  it('a station hands a household back to its county; another county cannot reach it (404)', async () => {
    const tw = await newTownship(adminA);
    const w = (
      await t.http
        .post('/workers')
        .set(cwA)
        .send(workerBody({ township: tw.name }))
        .expect(201)
    ).body;
    const h = (
      await t.http
        .post('/households')
        .set(cwA)
        .send({
          address: `${tw.name}幸福路1号`,
          township: tw.name,
          members: [{ workerId: w.id, relationship: 'head' }],
        })
        .expect(201)
    ).body;
    await t.http
      .post(`/households/${h.id}/handover`)
      .set(cwA)
      .send({ officeId: s2.id, reason: '由该所入户走访' })
      .expect(200);
    const atS2 = await t.login('caseworker', { officeId: s2.id });
    await t.http.get(`/households/${h.id}`).set(atS2.auth).expect(200);
    // Its members go with it: the station visits people it can see.
    await t.http.get(`/workers/${w.id}`).set(atS2.auth).expect(200);
    const cwB = await t.login('caseworker', { officeId: countyB.id });
    await t.http
      .post(`/households/${h.id}/handover`)
      .set(cwB.auth)
      .send({ officeId: countyB.id, reason: '某' })
      .expect(404);
    const back = await t.http
      .post(`/households/${h.id}/handover`)
      .set(atS2.auth)
      .send({ officeId: countyA.id, reason: '该户已迁往县城' })
      .expect(200);
    expect(back.body).toEqual({ officeId: countyA.id, officeName: countyA.name });
    await t.http.get(`/households/${h.id}`).set(atS2.auth).expect(404);
    expect(await holderOf('workers', w.id)).toBe(countyA.id);
    const [last] = (await auditRows(t, 'household', h.id)).filter((a) => a.action === 'handover').reverse();
    expect(last).toMatchObject({ actorName: atS2.username, after: { reason: '该户已迁往县城' } });
  });

  it('a case is handed to a station the same way', async () => {
    const tw = await newTownship(adminA);
    const w = (
      await t.http
        .post('/workers')
        .set(cwA)
        .send(workerBody({ township: tw.name }))
        .expect(201)
    ).body;
    const employer = (await t.http.post('/employers').set(cwA).send(employerBody()).expect(201)).body;
    const c = (
      await t.http
        .post('/cases')
        .set(cwA)
        .send({
          kind: 'wage_arrears',
          workerIds: [w.id],
          employerId: employer.id,
          facts: '2026年8月至10月工资共计12000元未发放',
          amountClaimedFen: 1_200_000,
          knewOn: shanghaiToday(),
          channel: 'window',
        })
        .expect(201)
    ).body;
    const atS1 = await t.login('caseworker', { officeId: s1.id });
    await t.http.get(`/cases/${c.id}`).set(atS1.auth).expect(404);
    await t.http.post(`/cases/${c.id}/handover`).set(cwA).send({ officeId: s1.id, reason: '当事人在该镇' }).expect(200);
    expect(await holderOf('cases', c.id)).toBe(s1.id);
    const seen = (await t.http.get(`/cases/${c.id}`).set(atS1.auth).expect(200)).body;
    expect(seen.workers.map((x: { id: number }) => x.id)).toEqual([w.id]);
    const [line] = (await auditRows(t, 'case', c.id)).filter((a) => a.action === 'handover');
    expect(line).toMatchObject({ after: { officeId: s1.id, reason: '当事人在该镇' } });
  });
});

// ------------------------------------------------------------------------------------------
describe('the console: 机构, 用户 and 移交 pages (real browser)', () => {
  let browser: pw.Browser;
  let base: string;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
    admin = await t.login('admin', { officeId: countyA.id });
  }, 60_000);
  afterAll(() => browser?.close());

  const newPage = async () =>
    (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
  const submit = (page: pw.Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const fieldError = (page: pw.Page, name: string) =>
    page
      .locator(`${name.startsWith('#') ? name : `#f-${name}`}`)
      .locator('xpath=..')
      .locator('.error');
  /** No code, kind or English value on a page: what the user reads is Chinese. */
  const noCodes = async (page: pw.Page) =>
    expect(await page.locator('main').innerText()).not.toMatch(/OFFICE\.|HANDOVER\.|USER\.|\b(county|station|city)\b/);

  it('an admin sets up a station and assigns it a township; the header names their office', async () => {
    const page = await newPage();
    await loginAs(page, base, admin.username, admin.password, '/console/offices');
    await expect(page.locator('#who-office').textContent()).resolves.toBe(countyA.name);
    await expect(page.locator('#offices').textContent()).resolves.toContain(s1.name);
    await expect(page.locator('#offices').textContent()).resolves.not.toContain(countyB.name);
    await noCodes(page);
    await page.selectOption('#f-kind', 'station');
    await page.selectOption('#f-parentId', String(countyA.id));
    await submit(page, '#office-form button[type=submit]');
    await expect(fieldError(page, 'name').textContent()).resolves.toBe('请填写机构名称');
    const name = `${hanTag(3)}镇劳动保障所`;
    await page.fill('#f-name', name);
    await submit(page, '#office-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('机构已设立');
    await expect(page.locator('#offices').textContent()).resolves.toContain(name);
    const [{ id: stationId }] = await t.db.query(`SELECT id FROM offices WHERE name = $1 AND "parentId" = $2`, [
      name,
      countyA.id,
    ]);

    const tw = await newTownship(adminA);
    await page.reload();
    const row = page.locator(`tr[data-township="${tw.id}"]`);
    await row.locator('select').selectOption(String(stationId));
    await Promise.all([page.waitForNavigation(), row.locator('button').click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('服务机构已调整');
    expect((await t.db.query(`SELECT "stationId" FROM townships WHERE id = $1`, [tw.id]))[0].stationId).toBe(stationId);
    await page.context().close();
  });

  it('an admin creates a user of one of their stations; the list shows offices by name and only theirs', async () => {
    const other = await t.login('caseworker', { officeId: countyB.id });
    const page = await newPage();
    await loginAs(page, base, admin.username, admin.password, '/console/users');
    // By the row, not the name: test users' names are random and may repeat across counties.
    await expect(page.locator('#users tbody tr[data-user]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator(`#users tr[data-user="${other.userId}"]`).count()).resolves.toBe(0);
    const displayName = `孙${hanTag(2)}`;
    await page.fill('#f-displayName', displayName);
    await page.fill('#f-username', `st-${tag()}`);
    await page.selectOption('#f-role', 'caseworker');
    await page.selectOption('#f-officeId', String(s1.id));
    await page.fill('#f-officePhone', '12345');
    await submit(page, '#user-form button[type=submit]');
    await expect(fieldError(page, 'officePhone').textContent()).resolves.toContain('办公电话须为');
    await page.fill('#f-officePhone', '');
    await submit(page, '#user-form button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toBe('用户已创建');
    await page.goto(`${base}/console/users`);
    const line = page.locator('#users tr', { hasText: displayName });
    await expect(line.textContent()).resolves.toContain(s1.name);
    await expect(line.textContent()).resolves.toContain('经办人员');
    await noCodes(page);
    const res = await page.goto(`${base}/console/users/${other.userId}`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('main').textContent()).resolves.toContain('没有这个用户');
    await page.context().close();
  });

  it('a household’s page shows its 经办机构 and hands it to a station, a reason required', async () => {
    const tw = await newTownship(adminA);
    const w = (
      await t.http
        .post('/workers')
        .set(cwA)
        .send(workerBody({ township: tw.name }))
        .expect(201)
    ).body;
    const h = (
      await t.http
        .post('/households')
        .set(cwA)
        .send({
          address: `${tw.name}和平街2号`,
          township: tw.name,
          members: [{ workerId: w.id, relationship: 'head' }],
        })
        .expect(201)
    ).body;
    const page = await newPage();
    await loginAs(page, base, admin.username, admin.password, `/console/households/${h.id}`);
    await expect(page.locator('#holder-name').textContent()).resolves.toBe(countyA.name);
    await page.selectOption('#handover-form select[name=officeId]', String(s2.id));
    await submit(page, '#handover-form button[type=submit]');
    await expect(fieldError(page, 'reason').textContent()).resolves.toBe('请填写移交原因');
    await page.fill('#f-reason', '由该所入户走访');
    await submit(page, '#handover-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('已移交');
    await expect(page.locator('#holder-name').textContent()).resolves.toBe(s2.name);
    await noCodes(page);
    expect(await holderOf('households', h.id)).toBe(s2.id);
    const [line] = (await auditRows(t, 'household', h.id)).filter((a) => a.action === 'handover');
    expect(line).toMatchObject({ actorName: admin.username, after: { officeId: s2.id, reason: '由该所入户走访' } });
    await page.context().close();
  });
});
