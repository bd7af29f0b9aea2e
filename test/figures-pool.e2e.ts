/**
 * The monthly figures are a dozen aggregates; users asking for them together must not take the
 * API's whole Postgres pool. On a pool of 4, two figures requests are kept waiting (the
 * placements table is locked by another session, as a long write or a slow plan would): every
 * other request must still get a connection and answer, and once the lock goes the figures
 * answer 200. When each aggregate took its own connection, the pool ran dry, the others waited
 * past the pool's 5 s and everything answered 500.
 */
import type pg from 'pg';
import { createTestApp, TestApp } from './support/app.js';
import { ownerDb } from './support/owner-db.js';

let t: TestApp;
let owner: pg.Client;
let cw: { Authorization: string };
const saved = process.env.DB_POOL_MAX;

beforeAll(async () => {
  process.env.DB_POOL_MAX = '4';
  t = await createTestApp({ worker: false });
  cw = (await t.login('caseworker')).auth;
  owner = await ownerDb();
});

afterAll(async () => {
  await owner?.end();
  await t?.close();
  if (saved === undefined) delete process.env.DB_POOL_MAX;
  else process.env.DB_POOL_MAX = saved;
});

it('figures requests kept waiting hold one connection each; the other requests still answer', async () => {
  // The app's pool is the small one (each test file's app reads its settings when it starts).
  expect((t.db.driver as unknown as { master: { options: { max: number } } }).master.options.max).toBe(4);
  await owner.query('BEGIN');
  await owner.query('LOCK TABLE placements IN ACCESS EXCLUSIVE MODE');
  let released = false;
  const figures = [1, 2].map(() =>
    t.http
      .get('/reports/monthly')
      .set(cw)
      .then((r) => ({ status: r.status, released })),
  );
  try {
    // The figures reach the lock first.
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    const others = await Promise.all([
      t.http.get('/workers').query({ pageSize: 1 }).set(cw),
      t.http.get('/employers').query({ pageSize: 1 }).set(cw),
      t.http.get('/auth/me').set(cw),
    ]);
    expect(others.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(Date.now() - started).toBeLessThan(4000);
    // Past the pool's 5 s wait for a connection while the figures still wait.
    await new Promise((r) => setTimeout(r, 5000));
  } finally {
    released = true;
    await owner.query('ROLLBACK');
  }
  const answers = await Promise.all(figures);
  // Every figures request waited for the lock (it answered after it went) and then answered.
  expect(answers).toEqual([1, 2].map(() => ({ status: 200, released: true })));
}, 60_000);
