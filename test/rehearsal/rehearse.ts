/**
 * A production rehearsal on this machine (`npm run rehearse`; not part of `npm test`): the real
 * Temporal server built from its Go module with persistence and visibility on a Postgres of its
 * own (the embedded one, on its own port and data folder), Temporal's and the app's roles apart,
 * two API processes and three workers started from the production entry points with
 * DATABASE_URL and TEMPORAL_ADDRESS as docker-compose starts them. It drives a journey through
 * both APIs (placements with and without a broker, contracts, training claims approved by two
 * finance users) while killing a worker with SIGKILL and restarting the Temporal server, then
 * checks what must hold and exits non-zero on any loss or duplicate.
 *
 * Ports from REHEARSE_BASE_PORT (56500) up; data under .data/rehearse (made afresh each run).
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords.js';
import { addDays, shanghaiToday } from '../../src/common/dates.js';
import { createMigrationDataSource } from '../../src/database/data-source.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/embedded/postgres.js';
import { generatePassword } from '../../src/embedded/postgres-roles.js';
import {
  provisionTemporalDatabases,
  registerNamespace,
  setupTemporalSchema,
  startTemporalServer,
  type RunningTemporalServer,
  type TemporalServerConfig,
} from '../../src/embedded/temporal-cluster.js';
import { ensureTemporalServerTools } from '../../src/embedded/tools.js';
import { AppProcess } from '../support/app-process.js';
import { brokerBody, hanTag } from '../support/fixtures.js';
import { PNG, records } from '../support/records.js';
import { waitFor } from '../support/wait.js';

const BASE = Number(process.env.REHEARSE_BASE_PORT ?? 56500);
const PORTS = {
  postgres: BASE,
  temporal: BASE + 10, // ten ports: 56510–56519
  apis: [BASE + 30, BASE + 31],
  workers: [BASE + 40, BASE + 41, BASE + 42],
};
/** Courses, and trainees in each: every trainee becomes a placement, a contract and a two-approval claim. */
const COURSES = Number(process.env.REHEARSE_COURSES ?? 4);
const TRAINEES = Number(process.env.REHEARSE_TRAINEES ?? 5);
/** Placements outside training, half of them through a broker. */
const PLACEMENTS = Number(process.env.REHEARSE_PLACEMENTS ?? 20);
const DATA_DIR = resolve(process.env.REHEARSE_DATA_DIR ?? '.data/rehearse');
const QUEUE = 'labour-export';
const NAMESPACE = 'default';

const log = (m: string) => process.stderr.write(`[rehearse ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const figures: [string, string][] = [];
const figure = (name: string, value: string) => {
  figures.push([name, value]);
  log(`${name}: ${value}`);
};
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const r = await fn();
  figure(name, `${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
};

type Auth = { Authorization: string };

let pg: RunningPostgres | undefined;
let temporal: RunningTemporalServer | undefined;
const apis: AppProcess[] = [];
const workers: AppProcess[] = [];

async function main(): Promise<void> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });

  // ---- the servers
  const tools = await timed('Temporal server tools ready', () => ensureTemporalServerTools());
  pg = await timed('Postgres started', () =>
    startEmbeddedPostgres({ DATA_DIR, EMBEDDED_PG_PORT: PORTS.postgres }, { database: 'labour_export' }),
  );
  const temporalConfig: TemporalServerConfig = {
    pgHost: '127.0.0.1',
    pgPort: PORTS.postgres,
    password: generatePassword(),
    basePort: PORTS.temporal,
    dynamicConfigFile: join(DATA_DIR, 'temporal-dynamicconfig.yaml'),
  };
  writeFileSync(temporalConfig.dynamicConfigFile, 'limit.maxIDLength:\n  - value: 255\n    constraints: {}\n');
  await provisionTemporalDatabases(pg.adminUrl, temporalConfig.password);
  await timed('Temporal schema set up (temporal-sql-tool)', () => setupTemporalSchema(tools, temporalConfig));
  const startTemporal = () => startTemporalServer(tools, temporalConfig, join(DATA_DIR, 'temporal'));
  temporal = await timed('Temporal server started (frontend port open)', startTemporal);
  await timed('namespace and search attributes registered', () => registerNamespace(temporal!.address, NAMESPACE));

  const ds = createMigrationDataSource({ DATABASE_URL: pg.url, DATABASE_OWNER_URL: pg.ownerUrl });
  await ds.initialize();
  await timed('migrations', () => ds.runMigrations({ transaction: 'each' }));

  // ---- the app, as docker-compose starts it
  const env = (extra: Record<string, string>) => ({
    NODE_ENV: 'production',
    DATABASE_URL: pg!.url,
    TEMPORAL_ADDRESS: temporal!.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: QUEUE,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...extra,
  });
  const startWorker = (i: number) =>
    new AppProcess('worker', env({ WORKER_HTTP_PORT: String(PORTS.workers[i]), DB_POOL_MAX: '10' }));
  for (const [i, port] of PORTS.apis.entries())
    apis[i] = new AppProcess('api', env({ PORT: String(port), METRICS_PORT: String(port + 5), DB_POOL_MAX: '32' }));
  for (let i = 0; i < PORTS.workers.length; i++) workers[i] = startWorker(i);
  const ready = (port: number, who: AppProcess) =>
    waitFor(
      async () => {
        if (!who.running) throw new Error(`${who.script} exited: ${who.output().slice(-800)}`);
        const r = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
        return r?.ok;
      },
      `${who.script} on ${port} to be ready`,
      120_000,
    );
  await timed('2 APIs and 3 workers ready', () =>
    Promise.all([...PORTS.apis.map((p, i) => ready(p, apis[i])), ...PORTS.workers.map((p, i) => ready(p, workers[i]))]),
  );

  // ---- users: a caseworker and two finance users, in the first county office
  const login = async (role: string, api: number): Promise<{ auth: Auth; username: string }> => {
    const username = `${role}-${randomBytes(3).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await ds.query(
      `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId")
       SELECT $1, $2, $3, $4, 1, min(id) FROM offices WHERE kind = 'county'`,
      [username, `${role === 'finance' ? '钱' : '王'}${hanTag(2)}`, role, await hashPassword(password)],
    );
    const res = await http[api].post('/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login of ${role} answered ${res.status}`);
    return { auth: { Authorization: `Bearer ${res.body.token}` }, username };
  };
  const http = PORTS.apis.map((p) => request(`http://127.0.0.1:${p}`));
  const cw = await login('caseworker', 0);
  const finA = await login('finance', 0);
  const finB = await login('finance', 1);
  // Both APIs in turn, as a load balancer would spread the requests.
  let turn = 0;
  const next = () => http[turn++ % http.length];
  const rec = () => records({ http: next() }, cw.auth);

  // ---- placements with and without a broker, each with its contract
  const brokers: number[] = [];
  for (let i = 0; i < 3; i++)
    brokers.push((await next().post('/brokers').set(cw.auth).send(brokerBody()).expect(201)).body.id as number);
  const plainPlacements: number[] = [];
  await timed(`${PLACEMENTS} placements with contracts (half through a broker)`, async () => {
    for (let i = 0; i < PLACEMENTS; i++) {
      const p = await rec().placement(i % 2 ? { brokerId: brokers[i % brokers.length] } : {});
      await rec().contract(p.id);
      plainPlacements.push(p.id);
    }
  });

  // ---- training claims: completed trainees placed, each claim needing two finance approvals
  const enrollments: number[] = [];
  await timed(`${COURSES} courses × ${TRAINEES} trainees completed and placed`, async () => {
    for (let c = 0; c < COURSES; c++) {
      const { course } = await rec().course({
        startDate: addDays(shanghaiToday(), -20),
        endDate: addDays(shanghaiToday(), -3),
        hours: 56,
        subsidyPerTraineeFen: 150000,
      });
      const trainees: { workerId: number; enrollmentId: number }[] = [];
      for (let k = 0; k < TRAINEES; k++) {
        const w = await rec().worker();
        const e = (
          await next().post(`/courses/${course.id}/enrollments`).set(cw.auth).send({ workerId: w.id }).expect(201)
        ).body;
        await next()
          .put(`/enrollments/${e.id}/attendance`)
          .set(cw.auth)
          .send({ sessionsAttended: 10, sessionsTotal: 10 })
          .expect(200);
        await next()
          .put(`/enrollments/${e.id}/assessment`)
          .set(cw.auth)
          .send({ result: 'pass', certificateNo: `ZJ-${e.id}` })
          .expect(200);
        trainees.push({ workerId: w.id, enrollmentId: e.id });
      }
      await next().post(`/courses/${course.id}/complete`).set(cw.auth).expect(200);
      for (const [k, t] of trainees.entries()) {
        const p = await rec().placement({ workerId: t.workerId, ...(k % 2 ? { brokerId: brokers[k % 3] } : {}) });
        await next()
          .post(`/placements/${p.id}/contract`)
          .set(cw.auth)
          .field('signedOn', shanghaiToday())
          .field('termMonths', '24')
          .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
          .expect(201);
        enrollments.push(t.enrollmentId);
      }
    }
  });
  const claimIds = await timed(`${enrollments.length} training claims prepared by the workflows`, () =>
    Promise.all(
      enrollments.map((id) =>
        waitFor(
          async () => {
            const r = (await next().get(`/enrollments/${id}`).set(cw.auth)).body;
            return r.subsidyStatus === 'claimed' && r.process?.claimId ? (r.process.claimId as number) : null;
          },
          `the claim of enrollment ${id}`,
          180_000,
        ),
      ),
    ),
  );
  await waitFor(
    async () => {
      for (const id of claimIds) if (!(await next().get(`/claims/${id}`).set(finA.auth)).body.process) return false;
      return true;
    },
    'every claim to have its approval process',
    120_000,
  );

  // ---- first approvals by finance A; then a worker dies with SIGKILL and the Temporal server restarts
  await timed('first approvals (finance A, API 1)', async () => {
    for (const id of claimIds) await http[0].post(`/claims/${id}/approve`).set(finA.auth).expect(200);
  });
  const half = Math.ceil(claimIds.length / 2);
  const secondApproval = (id: number) =>
    http[1]
      .post(`/claims/${id}/approve`)
      .set(finB.auth)
      .then((r) => {
        if (r.status !== 200) throw new Error(`second approval of claim ${id} answered ${r.status}`);
      });
  // Payouts of the first half start; a worker is killed while they run.
  const firstHalf = Promise.all(claimIds.slice(0, half).map(secondApproval));
  await new Promise((r) => setTimeout(r, 150));
  const killT0 = performance.now();
  await workers[0].kill();
  log('worker 1 killed with SIGKILL during the payouts');
  await firstHalf;
  figure(
    'second approvals of the first half, around the kill',
    `${((performance.now() - killT0) / 1000).toFixed(1)} s`,
  );

  const restartT0 = performance.now();
  await temporal.stop('SIGTERM');
  temporal = await startTemporal();
  figure(
    'Temporal server restart (SIGTERM to frontend port open)',
    `${((performance.now() - restartT0) / 1000).toFixed(1)} s`,
  );
  workers[0] = startWorker(0);
  // Approvals of the second half through the restarted server (an API call may fail while it comes back: retried).
  for (const id of claimIds.slice(half))
    await waitFor(
      () =>
        secondApproval(id).then(
          () => true,
          () => false,
        ),
      `second approval of claim ${id} after the restart`,
      60_000,
    );

  const paidT0 = performance.now();
  await waitFor(
    async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM claims WHERE id = ANY($1) AND status = 'paid'`, [
        claimIds,
      ]);
      return n === claimIds.length;
    },
    'every claim paid',
    180_000,
  );
  figure('all claims paid after the last approval', `${((performance.now() - paidT0) / 1000).toFixed(1)} s`);

  // ---- checks
  const one = async (sql: string, params: unknown[] = []) => (await ds.query(sql, params))[0] as Record<string, number>;
  const claims = await one(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid FROM claims WHERE id = ANY($1)`,
    [claimIds],
  );
  const payouts = await one(
    `SELECT count(*)::int AS n, count(DISTINCT "claimId")::int AS claims, count(DISTINCT reference)::int AS refs
       FROM payouts WHERE "claimId" = ANY($1)`,
    [claimIds],
  );
  check(claims.n === enrollments.length, `one claim per completed, placed trainee (${claims.n}/${enrollments.length})`);
  check(payouts.n === claims.paid, `payouts = paid claims (${payouts.n} = ${claims.paid})`);
  check(payouts.claims === payouts.n && payouts.refs === payouts.n, 'no duplicate payout (by claim, by reference)');
  const dupDocs = await one(
    `SELECT count(*)::int AS n FROM (SELECT number FROM documents GROUP BY number HAVING count(*) > 1) d`,
  );
  check(dupDocs.n === 0, `no duplicate document number (${dupDocs.n})`);
  const dupClaims = await one(
    `SELECT count(*)::int AS n FROM (SELECT "enrollmentId" FROM claims WHERE "enrollmentId" IS NOT NULL
       GROUP BY "enrollmentId" HAVING count(*) > 1) d`,
  );
  check(dupClaims.n === 0, `no enrollment with two claims (${dupClaims.n})`);
  const audit = await one(
    `SELECT count(*) FILTER (WHERE a.approve <> 2 OR a.paid <> 1 OR a.created <> 1)::int AS bad FROM (
       SELECT c.id,
         count(l.id) FILTER (WHERE l.action = 'approve') AS approve,
         count(l.id) FILTER (WHERE l.action = 'paid') AS paid,
         count(l.id) FILTER (WHERE l.action = 'create') AS created
       FROM claims c LEFT JOIN audit_log l ON l.entity = 'claim' AND l."entityId" = c.id::text
       WHERE c.id = ANY($1) GROUP BY c.id) a`,
    [claimIds],
  );
  check(audit.bad === 0, `every claim's audit: created once, two approvals, paid once (${audit.bad} not)`);
  const placementAudit = await one(
    `SELECT count(*)::int AS n FROM placements p WHERE p.id = ANY($1) AND NOT EXISTS (
       SELECT 1 FROM audit_log l WHERE l.entity = 'placement' AND l."entityId" = p.id::text)`,
    [plainPlacements],
  );
  check(placementAudit.n === 0, `every placement audited (${placementAudit.n} without a line)`);
  const contracts = await one(`SELECT count(*)::int AS n FROM contracts WHERE "placementId" = ANY($1)`, [
    plainPlacements,
  ]);
  check(contracts.n === plainPlacements.length, `a contract per placement (${contracts.n}/${plainPlacements.length})`);
  const referrals = await one(`SELECT count(*)::int AS n FROM referrals WHERE "placementId" = ANY($1)`, [
    plainPlacements,
  ]);
  check(
    referrals.n === Math.floor(PLACEMENTS / 2),
    `a referral per brokered placement (${referrals.n}/${Math.floor(PLACEMENTS / 2)})`,
  );
  await ds.destroy();

  process.stdout.write('\n## Rehearsal report\n\n');
  process.stdout.write(
    `Real Temporal server + embedded Postgres; 2 APIs, 3 workers; ${PLACEMENTS} placements, ${claimIds.length} claims.\n\n`,
  );
  for (const [name, value] of figures) process.stdout.write(`- ${name}: ${value}\n`);
  process.stdout.write(failures.length ? `\nFAILED: ${failures.join('; ')}\n` : '\nAll checks passed.\n');
}

async function shutdown(): Promise<void> {
  await Promise.all([...apis, ...workers].map((p) => p.stop()));
  await temporal?.stop();
  await pg?.stop();
}

main()
  .catch((err: unknown) => {
    failures.push(String((err as Error).stack ?? err));
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    for (const p of [...apis, ...workers])
      if (!p.running) process.stderr.write(`${p.script}: ${p.output().slice(-600)}\n`);
  })
  .finally(async () => {
    await shutdown().catch(() => undefined);
    process.exit(failures.length ? 1 : 0);
  });
