/**
 * Searching workers by a term of one or two characters (a surname, a two-character name) goes
 * through the index of one- and two-character substrings (migration ShortTermSearch) and finds
 * what `name ILIKE '%term%' OR township ILIKE '%term%'` finds — anywhere in the name, in any
 * case — only within the user's county; the migration reverts and reapplies.
 */
import { ShortTermSearch1797500000000 } from '../migrations/1797500000000-ShortTermSearch.js';
import { createTestApp, TestApp } from './support/app.js';
import { randomInt } from 'node:crypto';
import { workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { ownerDb } from './support/owner-db.js';

type Auth = { Authorization: string };
let t: TestApp;
let cw: Auth;
let other: Auth;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  cw = (await t.login('caseworker')).auth;
  other = (await t.login('caseworker', { officeId: await countyOffice('丙') })).auth;
});
afterAll(() => t?.close());

/**
 * Characters no other worker's name or township holds: the fixtures' names are drawn from 22
 * characters, so two of those are in some name of any database that has run a few files.
 */
async function unusedTerm(n: number): Promise<string> {
  const owner = await ownerDb();
  try {
    for (;;) {
      const term = Array.from({ length: n }, () => String.fromCodePoint(randomInt(0x4e00, 0x9fa6))).join('');
      const chars = [...term].map((c) => `%${c}%`);
      const { rows } = await owner.query(
        `SELECT 1 FROM workers WHERE name ILIKE ANY ($1) OR township ILIKE ANY ($1) LIMIT 1`,
        [chars],
      );
      if (!rows.length) return term;
    }
  } finally {
    await owner.end();
  }
}

const found = async (auth: Auth, q: string) =>
  ((await t.http.get('/workers').query({ q, pageSize: 200 }).set(auth).expect(200)).body.items as { id: number }[])
    .map((w) => w.id)
    .sort((x, y) => x - y);

it('a one- or two-character term finds the names and townships holding it, in the county only', async () => {
  const g = await unusedTerm(2);
  const create = async (body: Record<string, unknown>) =>
    (await t.http.post('/workers').set(cw).send(workerBody(body)).expect(201)).body.id as number;
  const ids = [
    await create({ name: `${g}` }),
    await create({ name: `欧阳${g}` }),
    await create({ name: `李${g}明` }),
    await create({ name: `Li${g}` }),
  ].sort((x, y) => x - y);
  await create({ name: `${g[0]}王${g[1]}` });
  expect(await found(cw, g)).toEqual(ids);
  // Case does not matter, as with ILIKE; % and _ are taken literally.
  expect(await found(cw, `I${g[0]}`)).toEqual([ids[3]]);
  expect(await found(cw, '%')).toEqual([]);
  // The same rows as the plain ILIKE, as the owner (no row security) sees them in this county.
  const owner = await ownerDb();
  try {
    const plain = await owner.query(
      `SELECT id FROM workers WHERE (name ILIKE $1 OR township ILIKE $1) AND "countyId" = (SELECT "countyId" FROM workers WHERE id = $2) ORDER BY id`,
      [`%${g[0]}%`, ids[0]],
    );
    const oneChar = await found(cw, g[0]);
    if (plain.rows.length <= 200) expect(oneChar).toEqual(plain.rows.map((r) => r.id));
    expect(oneChar).toEqual(expect.arrayContaining(ids));
    // The plan goes through the index.
    const plan = (
      await owner.query(
        `EXPLAIN SELECT id FROM workers WHERE (search_grams(name) || search_grams(township)) @> ARRAY[$1::text]`,
        [g],
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('IDX_workers_search_grams');
  } finally {
    await owner.end();
  }
  // Another county's caseworker finds none of them.
  expect(await found(other, g)).toEqual([]);
});

it('the migration reverts and reapplies', async () => {
  const owner = await ownerDb();
  const migration = new ShortTermSearch1797500000000();
  const runner = { query: (sql: string) => owner.query(sql) };
  const present = async () =>
    (
      await owner.query(
        `SELECT (SELECT count(*) FROM pg_proc WHERE proname IN ('search_grams', 'workers_matching_short'))::int AS fns,
                (SELECT count(*) FROM pg_indexes WHERE indexname = 'IDX_workers_search_grams')::int AS idx`,
      )
    ).rows[0];
  try {
    await migration.down(runner as never);
    expect(await present()).toEqual({ fns: 0, idx: 0 });
    await migration.up(runner as never);
    expect(await present()).toEqual({ fns: 2, idx: 1 });
    const g = await unusedTerm(2);
    const id = (
      await t.http
        .post('/workers')
        .set(cw)
        .send(workerBody({ name: `赵${g}` }))
        .expect(201)
    ).body.id;
    expect(await found(cw, g)).toEqual([id]);
  } finally {
    await owner.end();
  }
});
