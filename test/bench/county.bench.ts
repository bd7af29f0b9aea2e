/**
 * `npm run bench:county` — how fast the API and the console answer on a county after three years
 * (a benchmark, not a test: it prints its figures beside the targets and never fails on them).
 *
 * One run on its own embedded stack (Postgres 57010, Temporal 57011, API 57013, worker 57014; data
 * in .data/bench-county/, kept between runs so the county is made once):
 *  1. Postgres, the Temporal dev server, migrations; `seedCounty` at BENCH_SCALE (default 1: 250,000
 *     workers, 300,000 placements, 3,000,000 audit lines), which does nothing when the data is there.
 *  2. The real API and worker as child processes; their outbox relay starts the current processes.
 *  3. Users of the seeded county logged in through POST /auth/login: a caseworker of the county
 *     bureau, one of the 东山镇 station (row-level security confines them to its township), finance.
 *  4. Each operation BENCH_REPEAT times (default 48) by 8 concurrent users (after a warm-up), the
 *     API with a bearer token and the console pages with the session cookie: p50 and p95.
 *  5. The placements export (xlsx) of the filter nearest 100,000 rows, with the API's RSS sampled.
 * BENCH_WITHOUT_INDEX=<name> drops that index after the migrations, to measure what it is worth.
 * BENCH_ONLY=<regular expression> runs only the operations whose group and name match (导出: the export).
 * BENCH_BARRIER=<dir> BENCH_PEERS=<n>: runs side by side (an old build and a new) start each
 * operation together, so every operation of one meets the same load as the other's.
 * BENCH_PG_STATEMENTS=1: Postgres with pg_stat_statements; each operation prints its statements per
 * request and the costliest ones (the warm-up and the relay's polling included).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hashPassword } from '../../src/auth/passwords.js';
import { createMigrationDataSource } from '../../src/database/data-source.js';
import { waitForPort } from '../../src/embedded/ports.js';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/embedded/postgres.js';
import { RunningTemporal, startTemporalDevServer } from '../../src/embedded/temporal-server.js';
import {
  COUNTY_NAME,
  countyTargets,
  progressPrinter,
  seedCounty,
  STATION_NAME,
  STATION_TOWNSHIP,
} from '../county/seed.js';

const SCALE = Number(process.env.BENCH_SCALE ?? process.env.SEED_SCALE ?? 1);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 48);
const USERS = 8;
const BASE = Number(process.env.BENCH_PORT_BASE ?? 57010);
const PG_PORT = BASE;
const TEMPORAL_PORT = BASE + 1;
const TEMPORAL_UI_PORT = BASE + 2;
const API_PORT = BASE + 3;
const WORKER_HTTP_PORT = BASE + 4;
const QUEUE = 'bench-county';
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? '.data/bench-county');
const EXPORT_ROWS = 100_000;
/** BENCH_ONLY=<regular expression>: only the operations whose group and name match (the export is 导出). */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const PASSWORD = 'bench-county-Pw-2026';
const PG_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';
const BARRIER = process.env.BENCH_BARRIER;
const PEERS = Number(process.env.BENCH_PEERS ?? 2);

/** Waits until every peer run has reached the same step (a file per run and step in BENCH_BARRIER). */
async function barrier(step: string): Promise<void> {
  if (!BARRIER) return;
  mkdirSync(BARRIER, { recursive: true });
  writeFileSync(join(BARRIER, `${step}.${process.pid}`), '');
  while (readdirSync(BARRIER).filter((f) => f.startsWith(`${step}.`)).length < PEERS) await sleep(100);
}

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const say = (m: string) => process.stdout.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function request(
  path: string,
  opts: { method?: string; token?: string; cookie?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: any; ms: number; bytes: number }> {
  const method = opts.method ?? 'GET';
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: API_PORT,
        method,
        path,
        headers: {
          accept: opts.cookie ? 'text/html' : 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        const xlsx = /spreadsheet/.test(String(res.headers['content-type']));
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (!xlsx) chunks.push(c);
        });
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text && !opts.cookie ? JSON.parse(text) : text;
          } catch {
            /* keep text */
          }
          ok({ status: res.statusCode ?? 0, body, ms, bytes });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.setTimeout(opts.timeoutMs ?? 60_000, () =>
      req.destroy(new Error(`${method} ${path}: no answer within ${(opts.timeoutMs ?? 60_000) / 1000} s`)),
    );
    if (payload) req.write(payload);
    req.end();
  });
}

let pgServer: RunningPostgres | undefined;
let temporal: RunningTemporal | undefined;
const children: ChildProcess[] = [];
let stopping = false;

function spawnChild(name: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const script = fileURLToPath(new URL(`../../src/${name}.js`, import.meta.url));
  const fd = openSync(join(DATA_DIR, `${name}.log`), 'a');
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.on('exit', (code, signal) => {
    if (!stopping) log(`the ${name} process exited (${signal ?? code})`);
  });
  children.push(child);
  return child;
}

async function stopAll(): Promise<void> {
  stopping = true;
  for (const c of children.reverse()) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    await new Promise<void>((ok) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
      c.once('exit', () => {
        clearTimeout(t);
        ok();
      });
      c.kill('SIGTERM');
    });
  }
  await temporal?.stop().catch(() => undefined);
  await pgServer?.stop().catch(() => undefined);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

interface Op {
  group: string;
  name: string;
  target: number;
  /** Each request: a path and who asks (a session index). */
  paths: string[];
  kind: 'api' | 'page';
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const opts = {
    DATA_DIR,
    EMBEDDED_PG_PORT: PG_PORT,
    EMBEDDED_TEMPORAL_PORT: TEMPORAL_PORT,
    EMBEDDED_TEMPORAL_UI_PORT: TEMPORAL_UI_PORT,
  };
  pgServer = await startEmbeddedPostgres(opts, {
    settings: PG_STATEMENTS ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'] : [],
  });
  temporal = await startTemporalDevServer(opts, { dbFile: 'temporal.db', ui: false });
  const ds = createMigrationDataSource({ DATABASE_URL: pgServer.url, DATABASE_OWNER_URL: pgServer.ownerUrl });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  const owner = new pg.Pool({ connectionString: pgServer.ownerUrl, max: 2 });
  const superuser = PG_STATEMENTS
    ? new pg.Client({ connectionString: pgServer.adminUrl.replace(/\/postgres$/, '/labour_export') })
    : undefined;
  if (superuser) {
    await superuser.connect();
    await superuser.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  }
  /** The statements since the last call: how many per request, and the costliest. */
  const statements = async (requests: number): Promise<string[]> => {
    if (!superuser) return [];
    const rows: { calls: number; ms: number; query: string }[] = (
      await superuser.query(
        `SELECT calls::int, round(total_exec_time)::int AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' AND toplevel ORDER BY total_exec_time DESC`,
      )
    ).rows;
    await superuser.query('SELECT pg_stat_statements_reset()');
    const calls = rows.reduce((n, r) => n + r.calls, 0);
    const ms = rows.reduce((n, r) => n + r.ms, 0);
    return [
      `${(calls / requests).toFixed(1)} statements per request, ${(ms / requests).toFixed(1)} ms in Postgres`,
      ...rows.slice(0, 10).map((r) => `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(6)} × ${r.query}`),
    ];
  };
  if (process.env.BENCH_WITHOUT_INDEX) {
    await owner.query(`DROP INDEX IF EXISTS "${process.env.BENCH_WITHOUT_INDEX.replace(/"/g, '')}"`);
    log(`without the index ${process.env.BENCH_WITHOUT_INDEX}`);
  }
  const t = countyTargets(SCALE);
  log(`seeding ${COUNTY_NAME} at scale ${SCALE} (${t.workers} workers; nothing to do when it is there)`);
  const seeded = await seedCounty(owner, { scale: SCALE, taskQueue: QUEUE, progress: progressPrinter() });
  process.stderr.write('\n');
  log(`seed ${seeded.seconds.toFixed(1)} s; ${JSON.stringify(seeded.counts)}`);
  const county = seeded.countyId;
  const station = seeded.stationId;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pgServer.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: QUEUE,
    PORT: String(API_PORT),
    WORKER_HTTP_PORT: String(WORKER_HTTP_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  delete env.DATABASE_OWNER_URL;
  spawnChild('worker', env);
  const api = spawnChild('api', env);
  if (!(await waitForPort(API_PORT, '127.0.0.1', 120_000, () => api.exitCode === null)))
    throw new Error('the API did not start');
  for (;;) {
    const h = await request('/health').catch(() => null);
    if (h?.status === 200) break;
    await sleep(250);
  }

  // ---- users of the seeded county, with a known password (set again each run)
  const hash = await hashPassword(PASSWORD);
  const login = async (username: string, displayName: string, role: string, officeId: number) => {
    await owner.query(
      `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId") VALUES ($1, $2, $3, $4, 1, $5)
       ON CONFLICT (username) DO UPDATE SET "passwordHash" = EXCLUDED."passwordHash", active = true`,
      [username, displayName, role, hash, officeId],
    );
    const r = await request('/auth/login', { method: 'POST', body: { username, password: PASSWORD } });
    if (r.status !== 200) throw new Error(`login of ${username} answered ${r.status}`);
    return r.body.token as string;
  };
  // The seeded caseworker of the county bureau with cases and tasks assigned (beishan-cw03), and the station's.
  const countyCw = await login('beishan-cw03', '张志强', 'caseworker', county);
  const stationCw = await login('beishan-cw01', '王建国', 'caseworker', station);
  const finance = await login('beishan-fin1', '马会计', 'finance', county);
  // The audit trail is the admin's.
  const admin = await login('beishan-admin', '韩主任', 'admin', county);

  // Let the relay start the current processes; they file their tasks.
  for (let i = 0; i < 60; i++) {
    const [{ n }] = (await owner.query(`SELECT count(*)::int AS n FROM process_outbox WHERE "doneAt" IS NULL`)).rows;
    if (n === 0) break;
    if (i % 10 === 0) log(`${n} process starts still in the outbox`);
    await sleep(2000);
  }
  await owner.query('ANALYZE tasks');

  // ---- what is looked up
  const one = async (sql: string, params: unknown[] = []) => (await owner.query(sql, params)).rows[0];
  const worker = await one(
    `SELECT name, "citizenId", phone FROM workers WHERE "countyId" = $1 AND char_length(name) = 3 ORDER BY id OFFSET $2 LIMIT 1`,
    [county, Math.floor(t.workers / 4)],
  );
  // A two-character name has no trigram: the search reads the county's rows.
  const shortName = (
    await one(
      `SELECT name FROM workers WHERE "countyId" = $1 AND char_length(name) = 2 ORDER BY id OFFSET $2 LIMIT 1`,
      [county, Math.floor(t.workers / 5)],
    )
  ).name;
  const stationWorker = await one(
    `SELECT name, "citizenId", phone FROM workers WHERE "countyId" = $1 AND township = $2 AND char_length(name) = 3 ORDER BY id OFFSET $3 LIMIT 1`,
    [county, STATION_TOWNSHIP, Math.floor(t.workers / 40)],
  );
  const caseIds: number[] = (
    await owner.query(`SELECT id FROM cases WHERE "countyId" = $1 AND "officeId" = $1 ORDER BY id DESC LIMIT 8`, [
      county,
    ])
  ).rows.map((r) => r.id);
  const claimIds: number[] = (
    await owner.query(`SELECT id FROM claims WHERE "countyId" = $1 ORDER BY id DESC LIMIT 8`, [county])
  ).rows.map((r) => r.id);
  const placementIds: number[] = (
    await owner.query(
      `SELECT id FROM placements WHERE "countyId" = $1 AND status = 'ended' ORDER BY id LIMIT 8 OFFSET 1000`,
      [county],
    )
  ).rows.map((r) => r.id);
  const townshipId = (await one(`SELECT id FROM townships WHERE "countyId" = $1 AND name = '城关镇'`, [county])).id;
  const enc = encodeURIComponent;
  const tw = enc('西河镇');

  const ops: Op[] = [
    { group: '查找', name: '按完整身份证号 API', target: 50, kind: 'api', paths: [`/workers?q=${worker.citizenId}`] },
    {
      group: '查找',
      name: '按完整身份证号 页面',
      target: 50,
      kind: 'page',
      paths: [`/console/search?q=${worker.citizenId}`],
    },
    { group: '查找', name: '按姓名 API', target: 50, kind: 'api', paths: [`/workers?q=${enc(worker.name)}`] },
    { group: '查找', name: '按姓名 页面', target: 50, kind: 'page', paths: [`/console/search?q=${enc(worker.name)}`] },
    { group: '查找', name: '按两字姓名 API', target: 50, kind: 'api', paths: [`/workers?q=${enc(shortName)}`] },
    {
      group: '查找',
      name: '按两字姓名 页面',
      target: 50,
      kind: 'page',
      paths: [`/console/search?q=${enc(shortName)}`],
    },
    { group: '查找', name: '按手机号 API', target: 50, kind: 'api', paths: [`/workers?q=${worker.phone}`] },
    { group: '查找', name: '按手机号 页面', target: 50, kind: 'page', paths: [`/console/search?q=${worker.phone}`] },
    {
      group: '查找',
      name: '站所 按姓名 页面',
      target: 50,
      kind: 'page',
      paths: [`/console/search?q=${enc(stationWorker.name)}`],
    },
    {
      group: '列表',
      name: '务工人员 乡镇+按姓名排序',
      target: 100,
      kind: 'api',
      paths: [`/workers?township=${tw}&sort=name&order=asc`],
    },
    { group: '列表', name: '务工人员 页面 第20页', target: 100, kind: 'page', paths: [`/console/workers?page=20`] },
    {
      group: '列表',
      name: '就业登记 已签合同 按开始日',
      target: 100,
      kind: 'api',
      paths: [`/placements?status=contract_signed&sort=startDate&order=desc`],
    },
    {
      group: '列表',
      name: '就业登记 页面 按乡镇',
      target: 100,
      kind: 'page',
      paths: [`/console/placements?township=${tw}`],
    },
    {
      group: '列表',
      name: '补贴申请 已发放 职介',
      target: 100,
      kind: 'api',
      paths: [`/claims?status=paid&kind=referral`],
    },
    { group: '列表', name: '补贴申请 页面', target: 100, kind: 'page', paths: [`/console/claims?status=paid`] },
    {
      group: '列表',
      name: '案件 已结 工资拖欠',
      target: 100,
      kind: 'api',
      paths: [`/cases?status=closed&kind=wage_arrears`],
    },
    { group: '列表', name: '案件 页面 按乡镇', target: 100, kind: 'page', paths: [`/console/cases?township=${tw}`] },
    { group: '待办', name: '待办 API 我的', target: 100, kind: 'api', paths: [`/tasks?queue=mine`] },
    { group: '待办', name: '待办 页面', target: 100, kind: 'page', paths: [`/console/tasks`] },
    { group: '待办', name: '案件队列 我的', target: 100, kind: 'api', paths: [`/cases?queue=mine`] },
    {
      group: '待办',
      name: '案件队列 未分配',
      target: 100,
      kind: 'api',
      paths: [`/cases?queue=unassigned&status=open`],
    },
    { group: '单页', name: '案件页', target: 100, kind: 'page', paths: caseIds.map((id) => `/console/cases/${id}`) },
    { group: '单页', name: '案件 API', target: 100, kind: 'api', paths: caseIds.map((id) => `/cases/${id}`) },
    {
      group: '单页',
      name: '补贴申请页',
      target: 100,
      kind: 'page',
      paths: claimIds.map((id) => `/console/claims/${id}`),
    },
    { group: '单页', name: '补贴申请 API', target: 100, kind: 'api', paths: claimIds.map((id) => `/claims/${id}`) },
    { group: '报表', name: '月度数据 全县', target: 1000, kind: 'api', paths: [`/reports/monthly`] },
    {
      group: '报表',
      name: '月度数据 一个乡镇',
      target: 1000,
      kind: 'api',
      paths: [`/reports/monthly?township=${townshipId}`],
    },
    { group: '报表', name: '工作台概览 页面', target: 1000, kind: 'page', paths: [`/console/overview`] },
    {
      group: '审计',
      name: '一条登记的审计记录',
      target: 50,
      kind: 'api',
      paths: placementIds.map((id) => `/audit?entity=placement&id=${id}`),
    },
    {
      group: '审计',
      name: '审计记录 页面',
      target: 50,
      kind: 'page',
      paths: placementIds.map((id) => `/console/audit?entity=placement&id=${id}`),
    },
  ];
  // The county's caseworker for most; the station's for the station search; finance reads claims too; the admin the audit trail.
  const sessionFor = (op: Op, i: number): { token?: string; cookie?: string } => {
    const token = op.name.startsWith('站所')
      ? stationCw
      : op.group === '审计'
        ? admin
        : op.name.startsWith('补贴') && (op.kind === 'page' || i % 2)
          ? finance
          : countyCw;
    return op.kind === 'page' ? { cookie: `le_session=${token}` } : { token };
  };

  interface Result {
    group: string;
    name: string;
    target: number;
    p50: number;
    p95: number;
    max: number;
    status: number;
    path: string;
  }
  const results: Result[] = [];
  for (const op of ops.filter((o) => !ONLY || ONLY.test(`${o.group} ${o.name}`))) {
    // A request that fails or takes over a minute is reported as such; the other operations still run.
    await statements(1);
    await barrier(`${op.group}-${op.name}`.replace(/[^\p{L}\p{N}-]+/gu, '_'));
    try {
      const warm = await request(op.paths[0], sessionFor(op, 0));
      if (warm.status !== 200)
        throw new Error(`${op.paths[0]} answered ${warm.status}: ${String(JSON.stringify(warm.body)).slice(0, 300)}`);
      const ms: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: USERS }, async () => {
          for (let i = next++; i < REPEAT; i = next++) {
            const r = await request(op.paths[i % op.paths.length], sessionFor(op, i));
            if (r.status !== 200) throw new Error(`${op.paths[i % op.paths.length]} answered ${r.status}`);
            ms.push(r.ms);
          }
        }),
      );
      const r = {
        group: op.group,
        name: op.name,
        target: op.target,
        p50: pct(ms, 0.5),
        p95: pct(ms, 0.95),
        max: Math.max(...ms),
        status: warm.status,
        path: op.paths[0],
      };
      results.push(r);
      log(`${op.name}: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms`);
      for (const line of await statements(REPEAT + 1)) log(`  ${line}`);
    } catch (e) {
      log(`${op.name}: ${(e as Error).message}`);
      results.push({
        group: op.group,
        name: op.name,
        target: op.target,
        p50: NaN,
        p95: NaN,
        max: NaN,
        status: 0,
        path: op.paths[0],
      });
    }
  }

  // ---- the export: the status whose count is nearest 100,000 placements
  const counts: { status: string; n: number }[] = (
    await owner.query(`SELECT status, count(*)::int AS n FROM placements WHERE "countyId" = $1 GROUP BY status`, [
      county,
    ])
  ).rows;
  const pick = counts.sort((a, b) => Math.abs(a.n - EXPORT_ROWS) - Math.abs(b.n - EXPORT_ROWS))[0];
  const before = rssMb(api.pid!);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid!))), 50);
  const xlsx =
    !ONLY || ONLY.test('导出')
      ? await request(`/placements?status=${pick.status}&format=xlsx`, { token: countyCw, timeoutMs: 600_000 })
      : { status: 0, ms: NaN, bytes: 0 };
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(api.pid!));
  log(
    `export of ${pick.n} placements: ${xlsx.status}, ${(xlsx.bytes / 1e6).toFixed(1)} MB in ${(xlsx.ms / 1000).toFixed(1)} s, API RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`,
  );

  // ---- report
  const width = (x: string) => [...x].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const pad = (x: string, w: number) => x + ' '.repeat(Math.max(1, w - width(x)));
  const [{ n: tasks }] = (
    await owner.query(`SELECT count(*)::int AS n FROM tasks WHERE "countyId" = $1 AND status = 'open'`, [county])
  ).rows;
  say('');
  say(
    `county scale ${SCALE}: ${Object.entries(seeded.counts)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}; ${tasks} open tasks`,
  );
  say(
    `${USERS} concurrent users, ${REPEAT} requests per operation; node ${process.version}, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`,
  );
  say(`${pad('operation', 40)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'target p95'.padStart(12)}   `);
  for (const r of results)
    say(
      `${pad(`${r.group} ${r.name}`, 40)}${r.p50.toFixed(0).padStart(8)}${r.p95.toFixed(0).padStart(8)}${`< ${r.target}`.padStart(12)}   ${Number.isNaN(r.p95) ? 'FAILED (see the log)' : r.p95 < r.target ? 'met' : 'NOT MET'}`,
    );
  say(
    `${pad(`导出 ${pick.n.toLocaleString('en')} 条就业登记 xlsx`, 40)}${(xlsx.ms / 1000).toFixed(1).padStart(7)}s${''.padStart(8)}${'< 5 s'.padStart(12)}   ${xlsx.ms < 5000 ? 'met' : 'NOT MET'}`,
  );
  say(
    `${pad('  API RSS during the export', 40)}${peak.toFixed(0).padStart(6)}MB${''.padStart(8)}${'< 300 MB'.padStart(12)}   ${peak < 300 ? 'met' : 'NOT MET'}`,
  );
  const out = join(DATA_DIR, `county-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'county', scale: SCALE, counts: seeded.counts, users: USERS, repeat: REPEAT, results, export: { rows: pick.n, status: xlsx.status, ms: xlsx.ms, bytes: xlsx.bytes, rssBeforeMb: before, rssPeakMb: peak }, station: STATION_NAME, at: new Date().toISOString() }, null, 2)}\n`,
  );
  say(`figures written to ${out}`);
  await owner.end();
  await superuser?.end();
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
main()
  .then(async () => {
    await stopAll();
    process.exit(0);
  })
  .catch(async (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    await stopAll();
    process.exit(1);
  });
