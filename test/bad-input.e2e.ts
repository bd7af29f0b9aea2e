/**
 * Input the database cannot hold, through the real API on real Postgres: numbers beyond
 * `integer` in a path, a query and a body, NUL characters in text, and a body nested ten
 * thousand levels deep. Each is a 400 naming the field and the reason, never a 500, and leaves
 * nothing written.
 */
import { SESSION_COOKIE } from '../src/auth/console-session.js';
import { createTestApp, TestApp } from './support/app.js';
import { employerBody, workerBody } from './support/fixtures.js';

let t: TestApp;
let cw: { Authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  cw = (await t.login('caseworker')).auth;
});
afterAll(() => t?.close());

type Problem = { field: string; reason: string };
const fields = (body: { details?: Problem[] }) => (body.details ?? []).map((d) => d.field);
const count = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

describe('numbers beyond Postgres integer', () => {
  it.each(['/workers/2147483648', '/placements/2147483648', '/employers/99999999999', '/cases/0', '/workers/1e3'])(
    'GET %s is a 400 naming the id',
    async (path) => {
      const res = await t.http.get(path).set(cw).expect(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(fields(res.body)).toEqual(['id']);
      expect(res.body.details[0].reason).toMatch(/整数编号/);
    },
  );

  it('a list filter of 1e300 or 2^31 is a 400 naming the filter', async () => {
    for (const v of ['1e300', '2147483648']) {
      const res = await t.http.get(`/placements?employerId=${v}`).set(cw).expect(400);
      expect(fields(res.body)).toEqual(['employerId']);
    }
  });

  it('an id or an amount beyond integer in a body is refused by field, and no placement is written', async () => {
    const worker = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body;
    const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
    const good = {
      workerId: worker.id,
      employerId: employer.id,
      startDate: '2026-11-02',
      job: '电焊工',
      monthlyWageFen: 500000,
      destination: '大连市',
      organised: true,
    };
    const before = await count('placements');
    const byId = await t.http
      .post('/placements')
      .set(cw)
      .send({ ...good, employerId: 2147483648 })
      .expect(400);
    expect(fields(byId.body)).toEqual(['employerId']);
    const byWage = await t.http
      .post('/placements')
      .set(cw)
      .send({ ...good, monthlyWageFen: 2 ** 31 })
      .expect(400);
    expect(fields(byWage.body)).toEqual(['monthlyWageFen']);
    expect(byWage.body.details[0].reason).toBe('不能超过21,474,836.47元');
    expect(await count('placements')).toBe(before);
  });
});

describe('NUL characters', () => {
  it('in a search is a 400 naming q', async () => {
    const res = await t.http.get('/workers?q=%00').set(cw).expect(400);
    expect(fields(res.body)).toEqual(['q']);
    expect(res.body.details[0].reason).toMatch(/空字符/);
  });

  it('in a body field is a 400 naming it, and nothing is written', async () => {
    const before = await count('workers');
    const res = await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ name: '张\u0000三' }))
      .expect(400);
    expect(fields(res.body)).toEqual(['name']);
    const nested = await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ skills: ['电焊', '叉\u0000车'] }))
      .expect(400);
    expect(fields(nested.body)).toEqual(['skills[1]']);
    expect(await count('workers')).toBe(before);
  });
});

describe('deeply nested JSON', () => {
  it('ten thousand levels is a 400, and the API goes on answering', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await t.http.post('/workers').set(cw).set('Content-Type', 'application/json').send(deep);
    expect([400, 413]).toContain(res.status);
    expect(res.body.code).toMatch(/^(VALIDATION|HTTP)\./);
    await t.http.get('/workers?pageSize=1').set(cw).expect(200);
  });
});

describe('the console', () => {
  it('a record page with an id beyond integer is a Chinese 400 page, not a server error', async () => {
    // The console's session cookie is the API's own login token.
    const token = cw.Authorization.replace(/^Bearer /, '');
    const res = await t.http.get('/console/workers/2147483648').set('Cookie', `${SESSION_COOKIE}=${token}`);
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('整数编号');
  });
});
