/**
 * Offices and their reach, through the real API on the real Postgres (whose row-level security
 * decides) and Temporal: a county with two township stations. A station caseworker sees and acts
 * on their township's records only, and a record of the other township answers 404 exactly as
 * one that does not exist; the county's caseworker sees both; what a station registers is its own.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import pg from 'pg';
import type pw from 'playwright-core';
import { ReachOncePerStatement1795830000000 } from '../migrations/1795830000000-ReachOncePerStatement.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs } from './support/browser.js';
import { stationsFor } from './support/offices.js';
import { ownerDb } from './support/owner-db.js';
import { employerBody, hanTag, workerBody } from './support/fixtures.js';
import { newTownship, records, type RegisteredWorker } from './support/records.js';
import { waitFor } from './support/wait.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';

type Auth = { Authorization: string };
let t: TestApp;
let county: Auth;
let station1: Auth;
let station1Login: { auth: Auth; username: string; password: string };
let station2: Auth;
let town1: string;
let town2: string;
let w1: RegisteredWorker;
let w2: RegisteredWorker;
let p1: number;
let p2: number;
let c1: number;
let c2: number;
let h1: number;
let h2: number;

const today = shanghaiToday();

async function household(auth: Auth, township: string, workerId: number): Promise<number> {
  const res = await t.http
    .post('/households')
    .set(auth)
    .send({ address: `${township}幸福路${hanTag(2)}号`, township, members: [{ workerId, relationship: 'head' }] })
    .expect(201);
  return res.body.id;
}

async function rightsCase(auth: Auth, workerId: number, employerId: number): Promise<number> {
  const res = await t.http
    .post('/cases')
    .set(auth)
    .send({
      kind: 'wage_arrears',
      workerIds: [workerId],
      employerId,
      facts: '2026年8月至10月工资共计12000元未发放',
      amountClaimedFen: 1_200_000,
      knewOn: addDays(today, -10),
      channel: 'window',
    })
    .expect(201);
  return res.body.id;
}

const ids = (body: { items: { id: number }[] }) => body.items.map((x) => x.id);

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  town1 = (await newTownship(t, admin.auth, '甲')).name;
  town2 = (await newTownship(t, admin.auth, '乙')).name;
  const offices = await stationsFor(t, { [town1]: '甲站', [town2]: '乙站' });
  county = (await t.login('caseworker')).auth;
  station1Login = await t.login('caseworker', { officeId: offices.stations['甲站'] });
  station1 = station1Login.auth;
  station2 = (await t.login('caseworker', { officeId: offices.stations['乙站'] })).auth;

  const rec = records(t, county);
  w1 = await rec.worker({ township: town1, categories: ['zero_employment_household'] });
  w2 = await rec.worker({ township: town2, categories: ['zero_employment_household'] });
  const employer = await rec.employer();
  // Started 13 days ago: the contract reminder (a task and a letter) is due at once.
  p1 = (await rec.placement({ workerId: w1.id, employerId: employer.id, startDate: addDays(today, -13) })).id;
  p2 = (await rec.placement({ workerId: w2.id, employerId: employer.id, startDate: addDays(today, -13) })).id;
  c1 = await rightsCase(county, w1.id, employer.id);
  c2 = await rightsCase(county, w2.id, employer.id);
  const hw1 = await rec.worker({ township: town1 });
  const hw2 = await rec.worker({ township: town2 });
  h1 = await household(county, town1, hw1.id);
  h2 = await household(county, town2, hw2.id);
}, 120_000);
afterAll(() => t?.close());

describe('a township station caseworker', () => {
  it("lists only their township's workers, placements, cases, households and townships", async () => {
    const workers = (await t.http.get('/workers?pageSize=100').set(station1).expect(200)).body;
    expect(ids(workers)).toContain(w1.id);
    expect(ids(workers)).not.toContain(w2.id);
    expect(workers.items.every((w: { township: string }) => w.township === town1)).toBe(true);
    const placements = ids((await t.http.get('/placements?pageSize=100').set(station1).expect(200)).body);
    expect(placements).toContain(p1);
    expect(placements).not.toContain(p2);
    const cases = ids((await t.http.get('/cases?pageSize=100').set(station1).expect(200)).body);
    expect(cases).toContain(c1);
    expect(cases).not.toContain(c2);
    const households = ids((await t.http.get('/households?pageSize=100').set(station1).expect(200)).body);
    expect(households).toContain(h1);
    expect(households).not.toContain(h2);
    const townships = (await t.http.get('/townships').set(station1).expect(200)).body.map(
      (x: { name: string }) => x.name,
    );
    expect(townships).toEqual([town1]);
  });

  it('gets 404 for a record of the other township, the same answer as for one that does not exist', async () => {
    for (const path of [`/workers/${w2.id}`, `/placements/${p2}`, `/cases/${c2}`, `/households/${h2}`]) {
      const res = await t.http.get(path).set(station1);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const missing = await t.http.get('/workers/99999999').set(station1).expect(404);
    const other = await t.http.get(`/workers/${w2.id}`).set(station1).expect(404);
    expect(other.body.code).toBe(missing.body.code);
    // and the county's caseworker opens both
    for (const path of [`/workers/${w2.id}`, `/placements/${p2}`, `/cases/${c2}`, `/households/${h2}`])
      await t.http.get(path).set(county).expect(200);
  });

  it('cannot change a record of the other township (404), and nothing changes', async () => {
    const before = (await t.http.get(`/workers/${w2.id}`).set(county).expect(200)).body;
    await t.http.patch(`/workers/${w2.id}`).set(station1).send({ notes: '改', version: before.version }).expect(404);
    await t.http.post(`/cases/${c2}/notes`).set(station1).send({ text: '回访记录' }).expect(404);
    await t.http.post(`/cases/${c2}/acknowledge`).set(station1).send({}).expect(404);
    const after = (await t.http.get(`/workers/${w2.id}`).set(county).expect(200)).body;
    expect(after.notes).toBe(before.notes);
    expect(after.version).toBe(before.version);
  });

  it('searches and exports within their township only', async () => {
    const found = (await t.http.get(`/workers?q=${w2.citizenId}`).set(station1).expect(200)).body;
    expect(found.items).toHaveLength(0);
    const byCounty = (await t.http.get(`/workers?q=${w2.citizenId}`).set(county).expect(200)).body;
    expect(ids(byCounty)).toEqual([w2.id]);
    const xlsx = await t.http
      .get('/workers?format=xlsx')
      .set(station1)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const rows = sheetRows((await readXlsx(xlsx.body as Buffer)).worksheets[0])
      .flat()
      .map(String);
    expect(rows).toContain(w1.name);
    expect(rows).not.toContain(w2.name);
  });

  it('may register only in their own township; what they register is theirs, and the county sees it', async () => {
    const refused = await t.http
      .post('/workers')
      .set(station1)
      .send(workerBody({ township: town2 }))
      .expect(400);
    expect(refused.body.details[0].field).toBe('township');
    const refusedPlacement = await t.http
      .post('/placements')
      .set(station1)
      .send({ workerId: w2.id, employerId: (await records(t, county).employer()).id, startDate: today, job: '焊工' });
    expect(refusedPlacement.status).toBe(400);
    const own = (
      await t.http
        .post('/workers')
        .set(station1)
        .send(workerBody({ township: town1 }))
        .expect(201)
    ).body;
    await t.http.get(`/workers/${own.id}`).set(station1).expect(200);
    await t.http.get(`/workers/${own.id}`).set(station2).expect(404);
    await t.http.get(`/workers/${own.id}`).set(county).expect(200);
    // An employer is the county's: every office of it sees the one a station registers.
    const employer = (await t.http.post('/employers').set(station1).send(employerBody()).expect(201)).body;
    await t.http.get(`/employers/${employer.id}`).set(station2).expect(200);
  });

  it("has only their township's 待办 and letters", async () => {
    // The reminders of both placements raise a task and a letter each.
    const countyTasks = await waitFor(
      async () => {
        const items = (
          await t.http.get('/tasks?pageSize=100').query({ township: town2 }).set(county).expect(200)
        ).body.items.concat(
          (await t.http.get('/tasks?pageSize=100').query({ township: town1 }).set(county).expect(200)).body.items,
        ) as {
          subjectType: string;
          subjectId: number;
        }[];
        const mine = items.filter((x) => x.subjectType === 'placement' && [p1, p2].includes(x.subjectId));
        return mine.length === 2 ? mine : null;
      },
      'the contract reminders of both placements',
      60_000,
    );
    expect(countyTasks).toHaveLength(2);
    const stationTasks = (await t.http.get('/tasks?pageSize=100').set(station1).expect(200)).body.items as {
      subjectType: string;
      subjectId: number;
    }[];
    expect(stationTasks.some((x) => x.subjectType === 'placement' && x.subjectId === p1)).toBe(true);
    expect(stationTasks.some((x) => x.subjectType === 'placement' && x.subjectId === p2)).toBe(false);

    const letters = async (id: number, auth: Auth) =>
      (await t.http.get(`/placements/${id}`).set(auth).expect(200)).body.documents as { id: number }[];
    const other = await waitFor(
      async () => ((await letters(p2, county)).length ? await letters(p2, county) : null),
      'the reminder letter of the other township',
      60_000,
    );
    await t.http.get(`/documents/${other[0].id}`).set(station1).expect(404);
    await t.http.get(`/documents/${other[0].id}`).set(county).expect(200);
  });

  it('counts their township only in the monthly figures, and the county counts both', async () => {
    const month = today.slice(0, 7);
    const station = (await t.http.get(`/reports/monthly?month=${month}`).set(station1).expect(200)).body;
    expect(station.townships.map((x: { name: string }) => x.name)).toEqual([town1]);
    const all = (await t.http.get(`/reports/monthly?month=${month}`).set(county).expect(200)).body;
    const names = all.townships.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining([town1, town2]));
  });
});

describe('the other station of the county', () => {
  it('sees its own township and not the first', async () => {
    const workers = ids((await t.http.get('/workers?pageSize=100').set(station2).expect(200)).body);
    expect(workers).toContain(w2.id);
    expect(workers).not.toContain(w1.id);
    await t.http.get(`/cases/${c1}`).set(station2).expect(404);
    await t.http.get(`/households/${h1}`).set(station2).expect(404);
    await t.http.get(`/cases/${c2}`).set(station2).expect(200);
  });
});

describe('the console, crawled as a station caseworker', () => {
  let browser: pw.Browser | undefined;
  afterAll(() => browser?.close());

  it('answers every page it links to, and none shows anything of the other township', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await loginAs(page, base, station1Login.username, station1Login.password);
    const c2Number = (await t.http.get(`/cases/${c2}`).set(county).expect(200)).body.number as string;
    const secrets = [w2.name, town2, c2Number];
    const seen = new Set<string>();
    const queue = ['/console'];
    while (queue.length && seen.size < 120) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await page.goto(`${base}${path}`);
      expect([path, res?.status()]).toEqual([path, 200]);
      const text = await page.innerText('body');
      for (const s of secrets) expect([path, s, text.includes(s)]).toEqual([path, s, false]);
      const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const href of links) {
        const u = new URL(href, `${base}${path}`);
        if (u.origin !== base || !u.pathname.startsWith('/console') || u.pathname.includes('logout')) continue;
        // Downloads (exports, scans, letters as PDF) are files, not pages.
        if (/\.(xlsx|pdf|png|jpg)$|\/file$|format=xlsx/.test(u.pathname + u.search)) continue;
        queue.push(u.pathname + u.search);
      }
    }
    // It reached the station's own records, not just the menus.
    expect([...seen]).toEqual(expect.arrayContaining([`/console/placements/${p1}`, `/console/cases/${c1}`]));
    expect(seen.size).toBeGreaterThan(10);
  }, 240_000);
});

describe('the reach in the database', () => {
  it('each policy reads the reach once per statement (an InitPlan), not once per row', async () => {
    const app = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await app.connect();
    try {
      await app.query(`SELECT set_config('app.counties', '*', false)`);
      const plan = (await app.query(`EXPLAIN SELECT count(*) FROM workers WHERE name LIKE '张%'`)).rows
        .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/InitPlan/);
      expect(plan).not.toMatch(/app_sees_county/);
      // And the rule still holds: everything for '*', nothing for an empty reach.
      const n = async () => Number((await app.query('SELECT count(*)::int AS n FROM workers')).rows[0].n);
      expect(await n()).toBeGreaterThan(0);
      await app.query(`SELECT set_config('app.counties', '', false)`);
      expect(await n()).toBe(0);
    } finally {
      await app.end();
    }
  });

  it('the migration that made it so can be reverted and applied again', async () => {
    const owner = await ownerDb();
    const runner = { query: async (sql: string, params?: unknown[]) => (await owner.query(sql, params)).rows };
    const policies = async () =>
      (
        await owner.query(
          `SELECT string_agg(coalesce(qual, '') || coalesce(with_check, ''), ' ') AS t FROM pg_policies`,
        )
      ).rows[0].t as string;
    const migration = new ReachOncePerStatement1795830000000();
    await owner.query('BEGIN');
    try {
      await migration.down(runner as never);
      const before = await policies();
      expect(before).toMatch(/app_sees_county\("countyId"\)/);
      expect(before).not.toMatch(/app_counties/);
      await migration.up(runner as never);
      const after = await policies();
      expect(after).not.toMatch(/app_sees_county/);
      expect(after).toMatch(/app_counties/);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
  });
});
