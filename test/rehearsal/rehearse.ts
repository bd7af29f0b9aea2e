/**
 * A production rehearsal on this machine (`npm run rehearse`; not part of `npm test`): the real
 * Temporal server built from its Go module with persistence and visibility on a Postgres of its
 * own (the embedded one, on its own port and data folder), Temporal's and the app's roles apart,
 * two API processes and three workers started from the production entry points with
 * DATABASE_URL and TEMPORAL_ADDRESS as docker-compose starts them.
 *
 * The journey, through both APIs in turn: placements with and without a broker and their
 * contracts; courses with completions, each trainee placed, each claim approved by two finance
 * users; a workers ledger and a placements ledger of several thousand rows; rights cases moved
 * along the ladder. The faults, each where it hurts: kill -9 of the worker running an import
 * batch, in the middle of the batch; kill -9 of a worker while payouts are inside their
 * transaction; a restart of the Temporal server; a restart of Postgres while case processes
 * start. Then the same load with one worker and with three. Afterwards it checks what must hold
 * (every workflow completed or waiting where it should, payouts = approved claims, no duplicate
 * payout, document number, placement or case, audit lines complete, import counts exact),
 * prints a report, and exits non-zero on any loss or duplicate.
 *
 * Ports from REHEARSE_BASE_PORT (26500) up, all below Linux's ephemeral range (32768–60999): the
 * first real runs lost a worker to a port in that range taken by another process's outgoing or
 * port-0 socket, and Temporal's membership ports must stay below 32768 anyway (SMALLINT).
 * Data under .data/rehearse (made afresh each run).
 * REHEARSE_TEMPORAL=dev runs the same journey on the CLI's dev server instead (a dry run, so
 * labelled in the report).
 */
import { randomBytes } from 'node:crypto';
import { cpus, hostname, totalmem } from 'node:os';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
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
  type TemporalServerConfig,
} from '../../src/embedded/temporal-cluster.js';
import { startTemporalDevServer } from '../../src/embedded/temporal-server.js';
import { ensureTemporalServerTools, TEMPORAL_SERVER_VERSION } from '../../src/embedded/tools.js';
import { claimWorkflowId, contractWorkflowId, ledgerImportWorkflowId } from '../../workflows/definitions.js';
import { AppProcess } from '../support/app-process.js';
import { brokerBody, creditCode, employerBody, hanTag } from '../support/fixtures.js';
import { PNG, records, classStartApproved } from '../support/records.js';
import { waitFor } from '../support/wait.js';
import { placementsLedger, workersLedger } from './ledger-files.js';

const BASE = Number(process.env.REHEARSE_BASE_PORT ?? 26500);
const PORTS = {
  postgres: BASE,
  temporal: BASE + 10, // ten ports: 26510–26519
  apis: [BASE + 30, BASE + 31],
  workers: [BASE + 40, BASE + 41, BASE + 42],
};
const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
/** Courses, and trainees in each: every trainee becomes a placement, a contract and a two-approval claim. */
const COURSES = num('REHEARSE_COURSES', 2);
const TRAINEES = num('REHEARSE_TRAINEES', 4);
/** Placements outside training, half of them through a broker. */
const PLACEMENTS = num('REHEARSE_PLACEMENTS', 10);
/** Rows of the workers ledger, and how many of those workers the placements ledger places. */
const LEDGER_WORKERS = num('REHEARSE_LEDGER_WORKERS', 3000);
const LEDGER_PLACEMENTS = num('REHEARSE_LEDGER_PLACEMENTS', 600);
const CASES = num('REHEARSE_CASES', 9);
/** Placements registered and signed in each throughput run (one worker, then three). */
const LOAD = num('REHEARSE_LOAD', 60);
const LOAD_CONCURRENCY = num('REHEARSE_LOAD_CONCURRENCY', 8);
const DEV = process.env.REHEARSE_TEMPORAL === 'dev';
const DATA_DIR = resolve(process.env.REHEARSE_DATA_DIR ?? '.data/rehearse');
const QUEUE = 'labour-export';
const NAMESPACE = 'default';
/** PendingActivityState.STARTED: an attempt that a worker has taken and not yet finished. */
const STARTED = 2;
/** The ledger import's batch size (LedgerImportsService). */
const BATCH = 500;

const log = (m: string) => process.stderr.write(`[rehearse ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const figures: [string, string][] = [];
const figure = (name: string, value: string) => {
  figures.push([name, value]);
  log(`${name}: ${value}`);
};
const checks: [boolean, string][] = [];
const check = (ok: boolean, what: string) => {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  checks.push([ok, what]);
};
const failures = () => checks.filter(([ok]) => !ok).map(([, what]) => what);
const errors: string[] = [];
const secs = (t0: number) => (performance.now() - t0) / 1000;
const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const r = await fn();
  figure(name, `${secs(t0).toFixed(1)} s`);
  return r;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Auth = { Authorization: string };
interface Temporal {
  address: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

let pg: RunningPostgres | undefined;
let temporal: Temporal | undefined;
let ds: DataSource | undefined;
let connection: Connection | undefined;
const apis: AppProcess[] = [];
const workers: AppProcess[] = [];

/** Each in turn, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** Requests that failed on the way (no answer, 5xx) and were sent again, as a user would. */
let retriedRequests = 0;
/** The request again until it answers below 500 (Postgres or Temporal coming back), then its answer. */
async function retrying(send: () => Promise<request.Response>, what: string, ms = 90_000): Promise<request.Response> {
  const until = Date.now() + ms;
  for (;;) {
    const r = await send().catch((e: Error) => ({ status: 0, body: { message: e.message } }) as request.Response);
    if (r.status > 0 && r.status < 500) return r;
    if (Date.now() > until)
      throw new Error(`${what}: still ${r.status} after ${ms / 1000} s: ${JSON.stringify(r.body)}`);
    retriedRequests++;
    await sleep(500);
  }
}
function expectStatus(r: request.Response, status: number, what: string): request.Response {
  if (r.status !== status) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  return r;
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);

async function openDataSource(): Promise<DataSource> {
  const d = createMigrationDataSource({ DATABASE_URL: pg!.url, DATABASE_OWNER_URL: pg!.ownerUrl });
  await d.initialize();
  return d;
}
const one = async (sql: string, params: unknown[] = []) => (await ds!.query(sql, params))[0] as Record<string, number>;

async function main(): Promise<void> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  log(`${DEV ? 'DRY RUN on the CLI dev server' : `real Temporal server ${TEMPORAL_SERVER_VERSION}`}`);

  // ---- the servers
  const startPostgres = () =>
    startEmbeddedPostgres({ DATA_DIR, EMBEDDED_PG_PORT: PORTS.postgres }, { database: 'labour_export' });
  let startTemporal: () => Promise<Temporal>;
  if (DEV) {
    pg = await timed('Postgres started', startPostgres);
    startTemporal = () =>
      startTemporalDevServer(
        { DATA_DIR, EMBEDDED_TEMPORAL_PORT: PORTS.temporal, EMBEDDED_TEMPORAL_UI_PORT: PORTS.temporal + 1 },
        { dbFile: 'temporal.db', ui: false },
      );
    temporal = await timed('Temporal dev server started', startTemporal);
  } else {
    const tools = await timed('Temporal server tools ready', () => ensureTemporalServerTools());
    pg = await timed('Postgres started', startPostgres);
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
    startTemporal = () => startTemporalServer(tools, temporalConfig, join(DATA_DIR, 'temporal'));
    temporal = await timed('Temporal server started (frontend port open)', startTemporal);
    await timed('namespace and search attributes registered', () => registerNamespace(temporal!.address, NAMESPACE));
  }
  ds = await openDataSource();
  await timed('migrations', () => ds!.runMigrations({ transaction: 'each' }));
  connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: NAMESPACE });

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
    (workers[i] = new AppProcess('worker', env({ WORKER_HTTP_PORT: String(PORTS.workers[i]), DB_POOL_MAX: '10' })));
  for (const [i, port] of PORTS.apis.entries())
    apis[i] = new AppProcess('api', env({ PORT: String(port), METRICS_PORT: String(port + 5), DB_POOL_MAX: '32' }));
  for (let i = 0; i < PORTS.workers.length; i++) startWorker(i);
  // Generous: five Node processes starting at once on a busy 2-core machine take minutes.
  const ready = (port: number, who: () => AppProcess, ms = 300_000) =>
    waitFor(
      async () => {
        if (!who().running) throw new Error(`${who().script} exited: ${who().output().slice(-800)}`);
        const r = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
        return r?.ok;
      },
      `${who().script} on ${port} to be ready`,
      ms,
      () => who().lines.slice(-3),
    );
  const workerReady = (i: number) => ready(PORTS.workers[i], () => workers[i]);
  const apisReady = (ms?: number) => Promise.all(PORTS.apis.map((p, i) => ready(p, () => apis[i], ms)));
  await timed('2 APIs and 3 workers ready', () =>
    Promise.all([apisReady(), ...PORTS.workers.map((_, i) => workerReady(i))]),
  );
  /** The worker whose Temporal identity (`<pid>@<host>`) that is. */
  const workerOf = (identity: string | null | undefined) =>
    workers.findIndex((w) => w.running && identity?.startsWith(`${w.pid}@`));

  // ---- users: a caseworker and two finance users, in the first county office
  const http = PORTS.apis.map((p) => request(`http://127.0.0.1:${p}`));
  const login = async (role: string, api: number): Promise<{ auth: Auth; username: string }> => {
    const username = `${role}-${randomBytes(3).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await ds!.query(
      `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId")
       SELECT $1, $2, $3, $4, 1, min(id) FROM offices WHERE kind = 'county'`,
      [username, `${role === 'finance' ? '钱' : '王'}${hanTag(2)}`, role, await hashPassword(password)],
    );
    const res = await http[api].post('/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login of ${role} answered ${res.status}`);
    return { auth: { Authorization: `Bearer ${res.body.token}` }, username };
  };
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
  const trainingPlacements: number[] = [];
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
      await classStartApproved(ds!, course.id);
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
        trainingPlacements.push(p.id);
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

  // ---- ledgers: a workers ledger (one transaction a batch), then a placements ledger (row by row,
  // each row a registration and its contract process), killing the worker running a batch midway
  const importLedger = async (api: number, kind: string, csv: string, name: string) => {
    const preview = await http[api]
      .post('/imports')
      .set(cw.auth)
      .field('kind', kind)
      .attach('file', Buffer.from(csv, 'utf8'), { filename: name, contentType: 'text/csv' });
    expectStatus(preview, 201, `preview of the ${kind} ledger`);
    expectStatus(
      await http[api].post(`/imports/${preview.body.id}/confirm`).set(cw.auth).send({}),
      202,
      `confirm of the ${kind} ledger`,
    );
    return preview.body as { id: number; preview: Record<string, number> };
  };
  const importDone = (api: number, id: number, ms = 600_000) =>
    waitFor(
      async () => {
        const r = (await retrying(() => http[api].get(`/imports/${id}`).set(cw.auth), `import ${id}`)).body;
        if (r.status === 'failed') throw new Error(`import ${id} failed: ${JSON.stringify(r)}`);
        return r.status === 'completed' ? (r as { result: Record<string, number> }) : null;
      },
      `import ${id} to complete`,
      ms,
    );
  const wl = workersLedger(LEDGER_WORKERS);
  const workersImport = await timed(
    `workers ledger of ${LEDGER_WORKERS} rows imported (preview + confirm)`,
    async () => {
      const imp = await importLedger(0, 'workers', wl.csv, '务工人员台账.csv');
      const t0 = performance.now();
      const done = await importDone(0, imp.id);
      figure('workers ledger: confirm → completed', `${(LEDGER_WORKERS / secs(t0)).toFixed(0)} rows/s`);
      return { ...imp, result: done.result };
    },
  );
  const employerCodes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const code = creditCode();
    await next()
      .post('/employers')
      .set(cw.auth)
      .send(employerBody({ creditCode: code }))
      .expect(201);
    employerCodes.push(code);
  }
  const pl = placementsLedger(wl.valid.slice(0, LEDGER_PLACEMENTS), employerCodes, addDays(shanghaiToday(), -3));
  const placementsImport = await timed(
    `placements ledger of ${LEDGER_PLACEMENTS} rows imported, a worker killed mid-batch`,
    async () => {
      const imp = await importLedger(1, 'placements', pl.csv, '输出登记台账.csv');
      const t0 = performance.now();
      // In the middle of a batch (rows are applied and counted one by one).
      const atKill = await waitFor(
        async () => {
          const r = (await http[1].get(`/imports/${imp.id}`).set(cw.auth)).body;
          if (r.status === 'completed') throw new Error('the placements import finished before the kill');
          const done = r.progress?.rowsDone as number;
          return done % BATCH >= BATCH / 5 && done % BATCH <= (BATCH * 4) / 5 ? done : null;
        },
        'the placements import to be in the middle of a batch',
        600_000,
      );
      const d = await client.workflow.getHandle(ledgerImportWorkflowId(imp.id)).describe();
      const act = d.raw.pendingActivities?.find(
        (a) => a.activityType?.name === 'importLedgerBatch' && Number(a.state) === STARTED,
      );
      const victim = workerOf(act?.lastWorkerIdentity);
      if (victim < 0)
        throw new Error(`no worker of ours runs the batch (${act?.lastWorkerIdentity ?? 'none pending'})`);
      await workers[victim].kill();
      figure(
        'kill -9 during an import batch',
        `worker ${victim + 1} (${act!.lastWorkerIdentity}) at row ${atKill} of ${LEDGER_PLACEMENTS}, attempt ${act!.attempt}`,
      );
      startWorker(victim);
      const done = await importDone(1, imp.id);
      const after = await client.workflow.getHandle(ledgerImportWorkflowId(imp.id)).fetchHistory();
      const retried = after.events?.filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length ?? 0;
      figure(
        'placements ledger: confirm → completed (with the kill)',
        `${secs(t0).toFixed(1)} s, ${(LEDGER_PLACEMENTS / secs(t0)).toFixed(0)} rows/s; ${retried} batch attempt(s) retried`,
      );
      return { ...imp, result: done.result };
    },
  );
  for (let i = 0; i < workers.length; i++) await workerReady(i);

  // ---- approvals: first by finance A; the second by finance B, while a worker is killed with
  // payouts inside their transaction; then the Temporal server restarts under the rest
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
  // Payouts wait on a lock of their table, so they are surely in flight when the worker dies.
  const locker = ds.createQueryRunner();
  await locker.connect();
  await locker.startTransaction();
  await locker.query('LOCK TABLE payouts IN SHARE MODE');
  const firstHalf = Promise.all(claimIds.slice(0, half).map(secondApproval));
  const inFlight = await waitFor(
    async () => {
      const running: { claimId: number; identity: string }[] = [];
      for (const id of claimIds.slice(0, half)) {
        const d = await client.workflow.getHandle(claimWorkflowId(id)).describe();
        const a = d.raw.pendingActivities?.find((x) => x.activityType?.name === 'recordPayout');
        if (a?.lastWorkerIdentity && Number(a.state) === STARTED)
          running.push({ claimId: id, identity: a.lastWorkerIdentity });
      }
      return running.length >= Math.min(3, half) ? running : null;
    },
    'payouts to be running',
    120_000,
  );
  const byWorker = new Map<number, number[]>();
  for (const r of inFlight)
    byWorker.set(workerOf(r.identity), [...(byWorker.get(workerOf(r.identity)) ?? []), r.claimId]);
  const [victim, victimClaims] = [...byWorker.entries()]
    .filter(([w]) => w >= 0)
    .sort((a, b) => b[1].length - a[1].length)[0];
  const killT0 = performance.now();
  await workers[victim].kill();
  await locker.rollbackTransaction();
  await locker.release();
  figure(
    'kill -9 during payouts',
    `worker ${victim + 1} with ${victimClaims.length} payout(s) in their transaction (claims ${victimClaims.join(', ')}); ${inFlight.length} running in all`,
  );
  await firstHalf;
  figure('second approvals of the first half, around the kill', `${secs(killT0).toFixed(1)} s`);

  const restartT0 = performance.now();
  await temporal.stop('SIGTERM');
  temporal = await startTemporal();
  figure('Temporal server restart (SIGTERM to frontend port open)', `${secs(restartT0).toFixed(1)} s`);
  startWorker(victim);
  // Approvals of the second half through the restarted server (an API call may fail while it comes back: retried).
  for (const id of claimIds.slice(half))
    await waitFor(
      () =>
        secondApproval(id).then(
          () => true,
          () => false,
        ),
      `second approval of claim ${id} after the restart`,
      90_000,
    );
  const paidT0 = performance.now();
  await waitFor(
    async () => {
      const { n } = await one(`SELECT count(*)::int AS n FROM claims WHERE id = ANY($1) AND status = 'paid'`, [
        claimIds,
      ]);
      return n === claimIds.length;
    },
    'every claim paid',
    300_000,
  );
  figure('all claims paid after the last approval', `${secs(paidT0).toFixed(1)} s`);
  // The payouts the dead worker held were run again (a later attempt) and paid once (checked below).
  const retriedPayouts = await pool(victimClaims, 4, async (id) => {
    const h = await client.workflow.getHandle(claimWorkflowId(id)).fetchHistory();
    return (h.events ?? []).some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  });
  check(
    retriedPayouts.every(Boolean),
    `every payout killed in its transaction was run again by another attempt (${retriedPayouts.filter(Boolean).length}/${victimClaims.length})`,
  );
  for (let i = 0; i < workers.length; i++) await workerReady(i);

  // ---- rights cases along the ladder; Postgres restarts while their processes start
  type Ladder = 'settled' | 'inspection' | 'arbitration';
  const ladders: Ladder[] = ['settled', 'inspection', 'arbitration'];
  const cases: { id: number; ladder: Ladder }[] = [];
  await timed(`${CASES} rights cases opened`, async () => {
    for (let i = 0; i < CASES; i++) {
      const w = await rec().worker();
      const e = await rec().employer();
      const r = await next()
        .post('/cases')
        .set(cw.auth)
        .send({
          kind: 'wage_arrears',
          workerIds: [w.id],
          employerId: e.id,
          facts: `演练 2026年8月至10月工资共计12000元未发放（${i + 1}）`,
          amountClaimedFen: 1_200_000,
          knewOn: addDays(shanghaiToday(), -10),
          channel: 'window',
        });
      expectStatus(r, 201, 'opening a case');
      cases.push({ id: r.body.id, ladder: ladders[i % 3] });
    }
  });
  const pgT0 = performance.now();
  await ds.destroy();
  await pg.stop();
  const pgDown = performance.now();
  // While it is down: readiness says so, and a request is answered (not left hanging).
  const probe = (path: string, auth?: Auth) =>
    Promise.all(
      PORTS.apis.map((p) =>
        fetch(`http://127.0.0.1:${p}${path}`, { headers: auth ?? {}, signal: AbortSignal.timeout(30_000) }).then(
          (r) => r.status,
          (e: Error) => e.name,
        ),
      ),
    );
  const readyWhileDown = await probe('/health/ready');
  const caseWhileDown = await probe(`/cases/${cases[0].id}`, cw.auth);
  figure(
    'while Postgres is down',
    `/health/ready ${readyWhileDown.join(', ')}; GET /cases/:id ${caseWhileDown.join(', ')}`,
  );
  check(
    [...readyWhileDown, ...caseWhileDown].every((s) => s === 503),
    `while Postgres is down both APIs answer 503, not 500 or nothing (${[...readyWhileDown, ...caseWhileDown].join(', ')})`,
  );
  await sleep(2000);
  pg = await startPostgres();
  ds = await openDataSource();
  const pgUp = performance.now();
  await apisReady(120_000);
  figure(
    'Postgres restart (stopped, down 2 s, started)',
    `stop ${((pgDown - pgT0) / 1000).toFixed(1)} s, start ${((pgUp - pgDown) / 1000 - 2).toFixed(1)} s, both APIs ready ${secs(pgUp).toFixed(1)} s after`,
  );
  const getCase = async (id: number) =>
    (await retrying(() => next().get(`/cases/${id}`).set(cw.auth), `case ${id}`)).body;
  const step = async (id: number, path: string, body: object, stage: string) => {
    const r = expectStatus(
      await retrying(() => next().post(`/cases/${id}/${path}`).set(cw.auth).send(body), `${path} of case ${id}`),
      200,
      `${path} of case ${id}`,
    );
    if (r.body.stage !== stage) throw new Error(`${path} of case ${id}: stage ${r.body.stage}, not ${stage}`);
  };
  await timed(`${CASES} cases moved along the ladder`, () =>
    pool(cases, 4, async ({ id, ladder }) => {
      await waitFor(
        async () => {
          const c = await getCase(id);
          return c.process?.current?.label === 'acknowledgement' && c.nextDeadline;
        },
        `case ${id}: the acknowledgement deadline`,
        180_000,
      );
      await step(id, 'acknowledge', {}, 'mediation');
      if (ladder === 'settled') {
        await step(
          id,
          'mediation',
          { outcome: 'settled', amountFen: 850_000, payBy: addDays(shanghaiToday(), 10) },
          'awaiting_payment',
        );
        await step(id, 'payment', { paid: true }, 'closed');
        return;
      }
      await step(id, 'mediation', { outcome: 'failed', reason: '用人单位拒绝调解' }, 'mediation_failed');
      const to = ladder === 'inspection' ? 'inspection' : 'arbitration';
      await step(id, 'escalate', { to, reason: '调解不成，依法转办', escalatedOn: shanghaiToday() }, `${to}_pending`);
      await step(id, 'accept', { accepted: true }, to);
      if (ladder === 'arbitration')
        await step(
          id,
          'close',
          { outcome: 'resolved', reason: '仲裁裁决已履行', amountRecoveredFen: 1_200_000 },
          'closed',
        );
    }),
  );

  // ---- throughput: the same load with one worker and with three
  const load = async (label: string) => {
    const prepared = [];
    for (let i = 0; i < LOAD; i++) prepared.push({ workerId: (await rec().worker()).id });
    const employer = await rec().employer();
    const t0 = performance.now();
    const ids = await pool(prepared, LOAD_CONCURRENCY, async ({ workerId }, i) => {
      const api = http[i % 2];
      const p = await records({ http: api }, cw.auth).placement({ workerId, employerId: employer.id });
      await records({ http: http[(i + 1) % 2] }, cw.auth).contract(p.id);
      await client.workflow.getHandle(contractWorkflowId(p.id)).result();
      return p.id;
    });
    const s = secs(t0);
    figure(
      `load, ${label}: ${LOAD} placements registered, signed, processes completed (${LOAD_CONCURRENCY} at a time)`,
      `${s.toFixed(1)} s = ${(LOAD / s).toFixed(1)} placements/s`,
    );
    return { ids, perSecond: LOAD / s };
  };
  await Promise.all([workers[1].stop(), workers[2].stop()]);
  const oneWorker = await load('1 worker');
  startWorker(1);
  startWorker(2);
  await Promise.all([workerReady(1), workerReady(2)]);
  await sleep(3000); // polling
  const threeWorkers = await load('3 workers');
  figure('3 workers / 1 worker', `${(threeWorkers.perSecond / oneWorker.perSecond).toFixed(2)}×`);

  // ================================================================== checks
  log('checks');
  // -- claims and payouts
  const claims = await one(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid,
            count(*) FILTER (WHERE status IN ('approved', 'paid'))::int AS approved FROM claims WHERE id = ANY($1)`,
    [claimIds],
  );
  const payouts = await one(
    `SELECT count(*)::int AS n, count(DISTINCT "claimId")::int AS claims, count(DISTINCT reference)::int AS refs
       FROM payouts WHERE "claimId" = ANY($1)`,
    [claimIds],
  );
  check(claims.n === enrollments.length, `one claim per completed, placed trainee (${claims.n}/${enrollments.length})`);
  check(
    payouts.n === claims.approved && claims.paid === claims.approved,
    `payouts = approved claims (${payouts.n} payouts, ${claims.approved} approved, ${claims.paid} paid)`,
  );
  check(payouts.claims === payouts.n && payouts.refs === payouts.n, 'no duplicate payout (by claim, by reference)');
  const allPayouts = await one(
    `SELECT count(*)::int AS n FROM (SELECT "claimId" FROM payouts GROUP BY "claimId" HAVING count(*) > 1) d`,
  );
  check(allPayouts.n === 0, `no claim anywhere with two payouts (${allPayouts.n})`);
  // -- documents and cases
  const dupDocs = await one(
    `SELECT count(*)::int AS n FROM (SELECT number FROM documents GROUP BY number HAVING count(*) > 1) d`,
  );
  const docs = await one(`SELECT count(*)::int AS n FROM documents`);
  check(dupDocs.n === 0, `no duplicate document number (${dupDocs.n} among ${docs.n} documents)`);
  const dupCases = await one(
    `SELECT (SELECT count(*) FROM (SELECT number FROM cases GROUP BY number HAVING count(*) > 1) a)::int AS numbers,
            (SELECT count(*) FROM (SELECT "sourceKey" FROM cases WHERE "sourceKey" IS NOT NULL GROUP BY "sourceKey" HAVING count(*) > 1) b)::int AS sources`,
  );
  check(
    dupCases.numbers === 0 && dupCases.sources === 0,
    `no duplicate case (by number ${dupCases.numbers}, by source ${dupCases.sources})`,
  );
  const openedCases = await one(`SELECT count(*)::int AS n FROM cases WHERE facts LIKE '演练 %'`);
  check(openedCases.n === CASES, `one case per opening (${openedCases.n}/${CASES})`);
  const dupClaims = await one(
    `SELECT count(*)::int AS n FROM (SELECT "enrollmentId" FROM claims WHERE "enrollmentId" IS NOT NULL
       GROUP BY "enrollmentId" HAVING count(*) > 1) d`,
  );
  check(dupClaims.n === 0, `no enrollment with two claims (${dupClaims.n})`);
  const expectedStage: Record<Ladder, string> = { settled: 'closed', inspection: 'inspection', arbitration: 'closed' };
  let stageWrong = 0;
  for (const c of cases) {
    const got = await getCase(c.id);
    const processStage = got.process?.stage ?? (got.status === 'closed' ? 'closed' : null);
    if (got.stage !== expectedStage[c.ladder] || processStage !== got.stage) {
      stageWrong++;
      log(`case ${c.id} (${c.ladder}): stage ${got.stage}, process ${processStage}`);
    }
  }
  check(stageWrong === 0, `every case at its rung, record and process agreeing (${stageWrong} not)`);
  // -- placements: none twice
  const dupPlacements = await one(
    `SELECT count(*)::int AS n FROM (SELECT "workerId", "employerId", "startDate" FROM placements
       GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
  );
  check(dupPlacements.n === 0, `no duplicate placement (same worker, employer, start date: ${dupPlacements.n})`);
  // -- import counts, exact
  const wExpected = { created: wl.valid.length, updated: 0, unchanged: 0, rejected: wl.bad };
  check(
    sameCounts(workersImport.result, wExpected),
    `workers ledger counts exact (${JSON.stringify(workersImport.result)}; expected ${JSON.stringify(wExpected)})`,
  );
  const wRows = await one(`SELECT count(*)::int AS n FROM workers WHERE "citizenId" = ANY($1)`, [wl.valid]);
  check(wRows.n === wl.valid.length, `every valid ledger worker registered once (${wRows.n}/${wl.valid.length})`);
  const pExpected = { created: pl.placed.length, updated: 0, unchanged: 0, rejected: pl.bad };
  check(
    sameCounts(placementsImport.result, pExpected),
    `placements ledger counts exact (${JSON.stringify(placementsImport.result)}; expected ${JSON.stringify(pExpected)})`,
  );
  const importedPlacements: number[] = (
    await ds.query(
      `SELECT p.id FROM placements p JOIN workers w ON w.id = p."workerId" WHERE w."citizenId" = ANY($1) ORDER BY p.id`,
      [pl.placed],
    )
  ).map((r: { id: number }) => r.id);
  check(
    importedPlacements.length === pl.placed.length,
    `one placement per placed ledger worker (${importedPlacements.length}/${pl.placed.length})`,
  );
  // -- audit lines
  const claimAudit = await one(
    `SELECT count(*) FILTER (WHERE a.approve <> 2 OR a.paid <> 1 OR a.created <> 1)::int AS bad FROM (
       SELECT c.id,
         count(l.id) FILTER (WHERE l.action = 'approve') AS approve,
         count(l.id) FILTER (WHERE l.action = 'paid') AS paid,
         count(l.id) FILTER (WHERE l.action = 'create') AS created
       FROM claims c LEFT JOIN audit_log l ON l.entity = 'claim' AND l."entityId" = c.id::text
       WHERE c.id = ANY($1) GROUP BY c.id) a`,
    [claimIds],
  );
  check(claimAudit.bad === 0, `every claim's audit: created once, two approvals, paid once (${claimAudit.bad} not)`);
  const allPlacements = [
    ...plainPlacements,
    ...trainingPlacements,
    ...importedPlacements,
    ...oneWorker.ids,
    ...threeWorkers.ids,
  ];
  const placementAudit = await one(
    `SELECT count(*) FILTER (WHERE a.created <> 1)::int AS bad, count(*) FILTER (WHERE a.signed <> a.contracts)::int AS unsigned FROM (
       SELECT p.id, count(l.id) FILTER (WHERE l.action = 'create') AS created,
              count(l.id) FILTER (WHERE l.action = 'status_changed' AND l.after->>'status' = 'contract_signed') AS signed,
              (SELECT count(*) FROM contracts c WHERE c."placementId" = p.id) AS contracts
       FROM placements p LEFT JOIN audit_log l ON l.entity = 'placement' AND l."entityId" = p.id::text
       WHERE p.id = ANY($1) GROUP BY p.id) a`,
    [allPlacements],
  );
  check(
    placementAudit.bad === 0,
    `every one of ${allPlacements.length} placements audited as created exactly once (${placementAudit.bad} not)`,
  );
  check(placementAudit.unsigned === 0, `every contract audited once as signed (${placementAudit.unsigned} not)`);
  const workerAudit = await one(
    `SELECT count(*)::int AS n, count(DISTINCT "entityId")::int AS workers FROM audit_log
      WHERE entity = 'worker' AND action = 'create' AND (after->'source'->>'importId')::int = $1`,
    [workersImport.id],
  );
  check(
    workerAudit.n === wl.valid.length && workerAudit.workers === wl.valid.length,
    `every imported worker audited once with its ledger row (${workerAudit.n} lines, ${workerAudit.workers} workers)`,
  );
  const steps: Record<Ladder, string[]> = {
    settled: ['acknowledge', 'mediation', 'payment'],
    inspection: ['acknowledge', 'mediation', 'escalate', 'accept'],
    arbitration: ['acknowledge', 'mediation', 'escalate', 'accept', 'close'],
  };
  const caseLines: { entityId: string; action: string; actorName: string }[] = await ds.query(
    `SELECT "entityId", action, "actorName" FROM audit_log WHERE entity = 'case' AND "entityId" = ANY($1) ORDER BY id`,
    [cases.map((c) => String(c.id))],
  );
  const caseAuditWrong = cases.filter(({ id, ladder }) => {
    const lines = caseLines.filter((l) => l.entityId === String(id));
    const actions = lines.filter((l) => l.action !== 'create' && steps[ladder].includes(l.action));
    const ok =
      lines.filter((l) => l.action === 'create').length === 1 &&
      actions.map((l) => l.action).join() === steps[ladder].join() &&
      actions.every((l) => l.actorName === cw.username);
    if (!ok) log(`case ${id} (${ladder}) audit: ${lines.map((l) => `${l.action}/${l.actorName}`).join(', ')}`);
    return !ok;
  });
  check(
    caseAuditWrong.length === 0,
    `every case audited: opened once, each step once, in order, by the caseworker (${caseAuditWrong.length} not)`,
  );
  // -- every workflow completed, or waiting where it should with nothing pending
  const count = async (q: string) => (await client.workflow.count(q)).count;
  const broken = await count(
    `ExecutionStatus != 'Running' AND ExecutionStatus != 'Completed' AND ExecutionStatus != 'ContinuedAsNew'`,
  );
  check(broken === 0, `no workflow failed, terminated, timed out or cancelled (${broken})`);
  const awaiting = await one(`SELECT count(*)::int AS n FROM placements WHERE status = 'awaiting_contract'`);
  const running = await waitFor(
    async () => {
      const n = await count(`WorkflowType = 'contractDeadline' AND ExecutionStatus = 'Running'`);
      return n === awaiting.n ? n : null;
    },
    'visibility to show every waiting contract process',
    60_000,
    () => awaiting.n,
  ).catch(() => -1);
  check(
    running === awaiting.n,
    `a running contract process per placement awaiting its contract (${running}/${awaiting.n})`,
  );
  const claimsRunning = await count(`WorkflowType = 'claimApproval' AND ExecutionStatus = 'Running'`);
  check(claimsRunning === 0, `every claim approval process completed (${claimsRunning} running)`);
  const importsRunning = await count(`WorkflowType = 'ledgerImport' AND ExecutionStatus != 'Completed'`);
  check(importsRunning === 0, `both ledger imports completed (${importsRunning} not)`);
  const openCases = await one(`SELECT count(*)::int AS n FROM cases WHERE status <> 'closed'`);
  const casesRunning = await count(`WorkflowType = 'caseEscalation' AND ExecutionStatus = 'Running'`);
  check(casesRunning === openCases.n, `a running case process per open case (${casesRunning}/${openCases.n})`);
  // A process that waits where it should has no activity pending and no workflow task failing.
  const stuck: string[] = [];
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `ExecutionStatus = 'Running'` })) ids.push(w.workflowId);
  await pool(ids, 8, async (id) => {
    const d = await client.workflow.getHandle(id).describe();
    const acts = d.raw.pendingActivities ?? [];
    const task = d.raw.pendingWorkflowTask;
    if (acts.length || (task && (task.attempt ?? 1) > 1))
      stuck.push(
        `${id}: ${acts.map((a) => `${a.activityType?.name} attempt ${a.attempt}`).join(', ')}${task ? ` task attempt ${task.attempt}` : ''}`,
      );
  });
  for (const s of stuck.slice(0, 10)) log(`not waiting: ${s}`);
  check(
    stuck.length === 0,
    `every one of ${ids.length} running workflows waits on a timer or a person, nothing pending (${stuck.length} not)`,
  );
  figure('running workflows at the end', String(ids.length));
  figure('requests sent again after no answer or a 5xx (Postgres restart)', String(retriedRequests));
}

function report(): void {
  const fails = failures();
  const out = (s = '') => process.stdout.write(`${s}\n`);
  out();
  out(`## Rehearsal report (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
  out();
  out(
    `${DEV ? 'DRY RUN on the CLI dev server (not the production server)' : `Temporal server ${TEMPORAL_SERVER_VERSION} (built from go.temporal.io/server), persistence and visibility on Postgres`}; ` +
      `embedded Postgres; 2 APIs and 3 workers (dist/src/api.js, dist/src/worker.js); ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GB, host ${hostname()}, node ${process.version}.`,
  );
  out(
    `Load: ${PLACEMENTS} placements, ${COURSES}×${TRAINEES} trainees → claims, ledgers of ${LEDGER_WORKERS} workers and ${LEDGER_PLACEMENTS} placements, ${CASES} cases, throughput ${LOAD} placements per run.`,
  );
  out();
  for (const [name, value] of figures) out(`- ${name}: ${value}`);
  out();
  for (const [ok, what] of checks) out(`- ${ok ? '[ok]' : '[FAIL]'} ${what}`);
  for (const e of errors) out(`- [ERROR] ${e}`);
  out();
  out(
    fails.length || errors.length
      ? `FAILED: ${fails.length} check(s), ${errors.length} error(s).`
      : `All ${checks.length} checks passed.`,
  );
}

async function shutdown(): Promise<void> {
  await Promise.all([...apis, ...workers].map((p) => p?.stop()));
  await connection?.close().catch(() => undefined);
  await ds?.destroy().catch(() => undefined);
  await temporal?.stop();
  await pg?.stop();
}

main()
  .catch((err: unknown) => {
    errors.push(String((err as Error).message ?? err));
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    for (const p of [...apis, ...workers])
      if (p)
        process.stderr.write(`${p.script} ${p.pid} (${p.running ? 'running' : 'exited'}): ${p.output().slice(-600)}\n`);
  })
  .finally(async () => {
    report();
    await shutdown().catch(() => undefined);
    process.exit(failures().length || errors.length ? 1 : 0);
  });
