/**
 * `npm run seed:county` at a tiny scale, on the real schema (its checks, unique keys and triggers):
 * a second run writes nothing; what it wrote holds together as the app's own rules require (ID
 * numbers and credit codes pass src/identity's checks, one open placement per worker, contracts
 * inside their placement, one payout per paid claim with its approvals, document numbers per
 * series without gaps and the counters past them); and its current processes reach Temporal
 * through the app's outbox relay and run. So the seed cannot drift from the schema unnoticed.
 */
import pg from 'pg';
import { parseCitizenId } from '../src/identity/citizen-id.js';
import { parseCreditCode } from '../src/identity/credit-code.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { contractWorkflowId } from '../workflows/definitions.js';
import { COUNTY_NAME, countyTargets, seedCounty } from './county/seed.js';
import { createTestApp, TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';

const SCALE = 0.001;
let t: TestApp;
let pool: pg.Pool;
let county: number;
let first: Awaited<ReturnType<typeof seedCounty>>;
let second: Awaited<ReturnType<typeof seedCounty>>;

const rows = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;

beforeAll(async () => {
  t = await createTestApp();
  pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_OWNER_URL ?? process.env.DATABASE_URL, max: 2 });
  first = await seedCounty(pool, { scale: SCALE, taskQueue: t.taskQueue, batch: 97 });
  second = await seedCounty(pool, { scale: SCALE, taskQueue: t.taskQueue, batch: 97 });
  county = first.countyId;
}, 240_000);

afterAll(async () => {
  await pool?.end();
  await t?.close();
});

test('a second run finds the county there and writes nothing', () => {
  const targets = countyTargets(SCALE);
  // A first run in this database wrote the targets (an earlier run of this file: nothing).
  expect(first.counts.workers).toBe(targets.workers);
  expect(first.counts.placements).toBe(targets.placements);
  expect(first.counts.audit_log).toBeGreaterThanOrEqual(targets.auditLines);
  expect(second.countyId).toBe(first.countyId);
  expect(Object.values(second.written).every((n) => n === 0)).toBe(true);
  expect(second.counts).toEqual(first.counts);
});

test('people and employers carry identifiers the app accepts', async () => {
  const workers = await rows(`SELECT "citizenId", "birthDate"::text AS birth, sex FROM workers WHERE "countyId" = $1`, [
    county,
  ]);
  for (const w of workers) {
    const id = parseCitizenId(w.citizenId);
    expect(id).toMatchObject({ ok: true, birthDate: w.birth, sex: w.sex });
  }
  const employers = await rows(`SELECT "creditCode" FROM employers WHERE "countyId" = $1`, [county]);
  expect(employers.length).toBeGreaterThan(0);
  for (const e of employers) expect(parseCreditCode(e.creditCode).ok).toBe(true);
});

test('placements, contracts, claims and payouts hold together', async () => {
  const twoOpen = await rows(
    `SELECT "workerId" FROM placements WHERE "countyId" = $1 AND status <> 'ended' GROUP BY "workerId" HAVING count(*) > 1`,
    [county],
  );
  expect(twoOpen).toEqual([]);
  const badContracts = await rows(
    `SELECT c.id FROM contracts c JOIN placements p ON p.id = c."placementId"
      WHERE p."countyId" = $1 AND (c."signedOn" < p."startDate" OR c."signedOn" > coalesce(p."endDate", c."signedOn")
                                    OR (p.status = 'awaiting_contract') OR (p.status = 'overdue'))`,
    [county],
  );
  expect(badContracts).toEqual([]);
  const unsignedCounted = await rows(
    `SELECT p.id FROM placements p WHERE p."countyId" = $1 AND p.status = 'contract_signed'
        AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c."placementId" = p.id)`,
    [county],
  );
  expect(unsignedCounted).toEqual([]);
  const claims = await rows(
    `SELECT c.status, jsonb_array_length(c.approvals) AS "approvalCount", c."requiredApprovals", (SELECT count(*)::int FROM payouts p WHERE p."claimId" = c.id) AS payouts,
            c."preparedBy", c.approvals
       FROM claims c WHERE c."countyId" = $1`,
    [county],
  );
  expect(claims.length).toBeGreaterThan(0);
  for (const c of claims) {
    expect(c.payouts).toBe(c.status === 'paid' ? 1 : 0);
    if (c.status === 'paid') expect(c.approvalCount).toBe(c.requiredApprovals);
    // Maker-checker: whoever prepared a claim never approved it.
    for (const a of c.approvals as { by: string }[]) expect(a.by).not.toBe(c.preparedBy);
  }
});

test('document, case and claim numbers run without gaps and the counters are past them', async () => {
  const series = await rows(
    `SELECT type, year, count(*)::int AS n, max(seq) AS top,
            (SELECT last FROM number_counters x WHERE x."countyId" = d."countyId" AND x.series = 'doc:' || d.type AND x.year = d.year) AS counter
       FROM documents d WHERE "countyId" = $1 GROUP BY "countyId", type, year`,
    [county],
  );
  expect(series.length).toBeGreaterThan(0);
  for (const s of series) {
    expect(s.top).toBe(s.n);
    expect(s.counter).toBe(s.top);
  }
  for (const [table, name] of [
    ['cases', 'case'],
    ['claims', 'claim'],
  ]) {
    const numbered = await rows(
      `SELECT s.year, s.n, s.top, (SELECT last FROM number_counters x WHERE x."countyId" = $1 AND x.series = $2 AND x.year = s.year) AS counter
         FROM (SELECT substring(number FROM '〔(\\d+)〕')::int AS year, count(*)::int AS n, max(substring(number FROM '〕(\\d+)号')::int) AS top
                 FROM ${table} WHERE "countyId" = $1 GROUP BY 1) s`,
      [county, name],
    );
    for (const s of numbered) {
      expect(s.top).toBe(s.n);
      expect(s.counter).toBe(s.top);
    }
  }
});

test('the current placements get running deadline processes through the outbox; the finished ones none', async () => {
  const current = await rows(`SELECT id FROM placements WHERE "countyId" = $1 AND status = 'awaiting_contract'`, [
    county,
  ]);
  expect(current.length).toBeGreaterThan(0);
  const [{ n: finishedWithProcess }] = await rows(
    `SELECT count(*)::int AS n FROM process_outbox o JOIN placements p ON o."workflowId" = 'placement-' || p.id || '-contract'
      WHERE p."countyId" = $1 AND p.status <> 'awaiting_contract'`,
    [county],
  );
  expect(finishedWithProcess).toBe(0);
  // The relay of the app under test delivers them (a couple of seconds a pass).
  await waitFor(
    async () => {
      const [{ n }] = await rows(
        `SELECT count(*)::int AS n FROM process_outbox WHERE "workflowId" = ANY ($1::varchar[]) AND "doneAt" IS NULL`,
        [current.map((p) => contractWorkflowId(p.id))],
      );
      return n === 0 || undefined;
    },
    'the seeded process starts delivered',
    120_000,
  );
  const temporal = t.app.get(TemporalService);
  const described = await (await temporal.client()).workflow.getHandle(contractWorkflowId(current[0].id)).describe();
  expect(described.type).toBe('contractDeadline');
  expect(described.status.name).toBe('RUNNING');
  const [office] = await rows(`SELECT name FROM offices WHERE id = $1`, [county]);
  expect(office.name).toBe(COUNTY_NAME);
}, 180_000);
