/**
 * The pool's client gives each connection the reach of the code sending a statement: a statement
 * with parameters carries the settings in its own message. Whatever it sends, a statement must run
 * with the sender's reach, answer with its own rows only, and leave the connection knowing which
 * reach it has (also after a statement that failed, inside or outside a transaction).
 */
import type { QueryResult } from 'pg';
import { requestContext, type Actor, type Reach } from '../src/common/request-context.js';
import { ReachClient } from '../src/database/reach-client.js';

let client: ReachClient;

beforeAll(async () => {
  client = new ReachClient({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

const actor = (reach: Reach): Actor => ({ userId: null, username: 'reach-client-test', role: 'caseworker', reach });
const county = (id: number): Reach => ({ counties: [id], station: null, county: id, office: id });
const asActor = <T>(reach: Reach, fn: () => Promise<T>): Promise<T> =>
  requestContext.run({ requestId: 'reach-client-test', actor: actor(reach) }, fn);

/** A statement with parameters through the client (its query is typed for the pool, not for callers). */
const query = (text: string, values: unknown[]) => client.query(text, values) as unknown as Promise<QueryResult>;

type Settings = { counties: string; county: string; tag: string };
/** The connection's settings as a statement with a parameter sees them, and the parameter back. */
const seen = (tag: string) =>
  query(
    `SELECT current_setting('app.counties') AS counties, current_setting('app.county') AS county, $1::text AS tag`,
    [tag],
  ) as Promise<QueryResult<Settings>>;

it('a statement with parameters runs with the reach of its sender and answers with its own rows', async () => {
  const a = await asActor(county(11), () => seen('a'));
  expect(a.rows).toEqual([{ counties: '11', county: '11', tag: 'a' }]);
  expect(a.rowCount).toBe(1);
  expect(a.command).toBe('SELECT');
  const b = await asActor(county(12), () => seen('b'));
  expect(b.rows).toEqual([{ counties: '12', county: '12', tag: 'b' }]);
  // The same reach again: nothing to switch, same answer.
  expect((await asActor(county(12), () => seen('c'))).rows).toEqual([{ counties: '12', county: '12', tag: 'c' }]);
  // Outside any request: every record.
  expect((await seen('d')).rows).toEqual([{ counties: '*', county: '', tag: 'd' }]);
});

it('a statement of several rows, and one of none, answer as without the settings', async () => {
  const many = await asActor(county(13), () =>
    query(`SELECT g AS n, current_setting('app.counties') AS c FROM generate_series(1, $1::int) g`, [3]),
  );
  expect(many.rows).toEqual([
    { n: 1, c: '13' },
    { n: 2, c: '13' },
    { n: 3, c: '13' },
  ]);
  const none = await asActor(county(14), () => query(`SELECT 1 AS n WHERE $1::int = 0`, [1]));
  expect(none.rows).toEqual([]);
  expect(none.fields.map((f) => f.name)).toEqual(['n']);
});

it('a statement that fails where it switched leaves the connection to be switched again', async () => {
  await asActor(county(15), () => seen('before'));
  // Outside a transaction: the failed statement takes its settings with it.
  await expect(asActor(county(16), () => query(`SELECT 1 / $1::int AS n`, [0]))).rejects.toThrow(/division by zero/);
  expect((await asActor(county(16), () => seen('after'))).rows).toEqual([
    { counties: '16', county: '16', tag: 'after' },
  ]);
  expect((await asActor(county(15), () => seen('back'))).rows).toEqual([{ counties: '15', county: '15', tag: 'back' }]);
});

it('in a transaction: a switch is part of it, and a rollback makes the next statement switch again', async () => {
  await asActor(county(17), async () => {
    await client.query('START TRANSACTION');
    expect((await seen('in')).rows).toEqual([{ counties: '17', county: '17', tag: 'in' }]);
  });
  // A listener's full reach, inside the same transaction.
  expect((await seen('full')).rows).toEqual([{ counties: '*', county: '', tag: 'full' }]);
  await client.query('ROLLBACK');
  // The rollback took the settings back to what they were before the transaction.
  expect((await seen('after')).rows).toEqual([{ counties: '*', county: '', tag: 'after' }]);
  expect((await asActor(county(17), () => seen('again'))).rows).toEqual([
    { counties: '17', county: '17', tag: 'again' },
  ]);
  await asActor(county(18), async () => {
    await client.query('START TRANSACTION');
    await expect(query(`SELECT 1 / $1::int AS n`, [0])).rejects.toThrow(/division by zero/);
    await client.query('ROLLBACK');
    expect((await seen('next')).rows).toEqual([{ counties: '18', county: '18', tag: 'next' }]);
  });
});

it('the reach decides which rows a statement with parameters reads', async () => {
  const count = () => query(`SELECT count(*)::int AS n FROM townships WHERE length(name) > $1::int`, [0]);
  const everything = (await count()).rows[0].n as number;
  expect(everything).toBeGreaterThan(0);
  const nothing = { counties: [], station: null, county: null, office: null } as Reach;
  expect((await asActor(nothing, count)).rows[0].n).toBe(0);
  expect((await count()).rows[0].n).toBe(everything);
});

describe('a transaction whose start waits for its first statement', () => {
  /** The transaction's own setting: set for the transaction only, so it is there exactly while one is open. */
  const mark = (value: string) => query(`SELECT set_config('app.test_mark', $1, true) AS v`, [value]);
  const marked = async () =>
    (await query(`SELECT coalesce(current_setting('app.test_mark', true), '') AS v WHERE $1::int = 1`, [1])).rows[0]
      .v as string;
  const status = () => (client as unknown as { getTransactionStatus(): string | null }).getTransactionStatus();

  it('runs its first statement with parameters inside it, with the reach of its sender', async () => {
    await asActor(county(21), async () => {
      await client.query('START TRANSACTION');
      expect((await seen('first')).rows).toEqual([{ counties: '21', county: '21', tag: 'first' }]);
      await mark('in');
      expect(await marked()).toBe('in');
      expect(status()).toBe('T');
      await client.query('COMMIT');
    });
    expect(status()).toBe('I');
    expect(await marked()).toBe('');
  });

  it('the same without a switch of reach, and with a first statement without parameters', async () => {
    await client.query('START TRANSACTION');
    await mark('same');
    expect(await marked()).toBe('same');
    await client.query('ROLLBACK');
    expect(await marked()).toBe('');
    await asActor(county(22), async () => {
      await client.query('START TRANSACTION');
      await client.query(`SELECT set_config('app.test_mark', 'bare', true)`);
      expect(await marked()).toBe('bare');
      expect((await seen('bare')).rows).toEqual([{ counties: '22', county: '22', tag: 'bare' }]);
      await client.query('COMMIT');
    });
    expect(status()).toBe('I');
  });

  it('one that sends nothing ends without a word to the database; one whose first statement fails rolls back', async () => {
    await client.query('START TRANSACTION');
    await client.query('COMMIT');
    await client.query('START TRANSACTION');
    await client.query('ROLLBACK');
    expect(status()).toBe('I');
    expect(await marked()).toBe('');
    await asActor(county(23), async () => {
      await client.query('START TRANSACTION');
      await expect(query(`SELECT 1 / $1::int AS n`, [0])).rejects.toThrow(/division by zero/);
      expect(status()).toBe('E');
      await client.query('ROLLBACK');
      expect(status()).toBe('I');
      expect((await seen('after')).rows).toEqual([{ counties: '23', county: '23', tag: 'after' }]);
    });
  });
});
