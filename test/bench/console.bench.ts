/**
 * `npm run bench:console [N]` — how fast the console's pages answer at county scale (a
 * benchmark, not a test: it prints figures and never fails because of them).
 *
 * One run on its own embedded stack (Postgres 54439, Temporal 7339, API 39339, data in
 * .data/bench-console/, wiped at start except earlier results):
 *  1. Postgres, the Temporal dev server, migrations, the real API and worker as child processes.
 *  2. Seed through the owner connection: N workers (default 100,000) in one INSERT … SELECT
 *     generate_series, spread over six townships of the county, with Chinese names, ID numbers
 *     with valid check digits (GB 11643) and mobile numbers; one township held by a station.
 *     Then, through the API as a caseworker: employers, placements and rights cases.
 *  3. Two console sessions (cookie from POST /auth/login): a caseworker of the county, and a
 *     caseworker of the township station (row-level security confines them to its township).
 *  4. Each page below fetched REPEAT times (after one warm-up) in each session: median, p95.
 *     Pages over 300 ms median are worth an EXPLAIN ANALYZE (see README).
 * BENCH_WITHOUT_INDEX=<name> drops that index after the migrations, to measure what it is worth.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/passwords.js';
import { createMigrationDataSource } from '../../src/database/data-source.js';
import { waitForPort } from '../../src/embedded/ports.js';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/embedded/postgres.js';
import { RunningTemporal, startTemporalDevServer } from '../../src/embedded/temporal-server.js';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 100_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);
const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 300);
const CASES = Number(process.env.BENCH_CASES ?? 60);
const SLOW_MS = 300;
const PG_PORT = 54439;
const TEMPORAL_PORT = 7339;
const TEMPORAL_UI_PORT = 8339;
const API_PORT = 39339;
const WORKER_HTTP_PORT = 39341;
const QUEUE = 'bench-console';
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? '.data/bench-console');
const TOWNSHIPS = ['城关镇', '东风镇', '新华镇', '永安镇', '红旗乡', '太平乡'];
/** The township a station holds: its caseworker sees its people only. */
const STATION_TOWNSHIP = '东风镇';

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const say = (m: string) => process.stdout.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志永海燕淑珍春梅德胜庆凤文宏立新';
const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const creditCheck = (first17: string) =>
  CC_ALPHABET[(31 - ([...first17].reduce((s, c, i) => s + CC_ALPHABET.indexOf(c) * CC_WEIGHTS[i], 0) % 31)) % 31];
function creditCodeFor(i: number): string {
  let x = i;
  let org = 'BENCH';
  for (let k = 0; k < 4; k++) {
    org += CC_ALPHABET[x % 31];
    x = Math.floor(x / 31);
  }
  const first17 = `91210211${org}`;
  return first17 + creditCheck(first17);
}
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) =>
  new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * N workers in one statement. The i-th: born 1966-01-01 + (i mod 12000) days, sequence
 * (i div 12000)·100 + i mod 7 (its last digit odd for a man), so every ID number is unique;
 * the check digit computed as GB 11643 says; a name of a surname and one or two given characters.
 */
const SEED_WORKERS = `
WITH t AS (SELECT array_agg(name ORDER BY name) AS names, array_agg(id ORDER BY name) AS ids FROM townships WHERE "countyId" = $1::int),
s AS (
  SELECT i,
         date '1966-01-01' + (i % 12000) AS birth,
         '230781' || to_char(date '1966-01-01' + (i % 12000), 'YYYYMMDD') || lpad(((i / 12000) * 100 + i % 7)::text, 3, '0') AS f17
    FROM generate_series(0, $2::int - 1) i
)
INSERT INTO workers (name, "citizenId", "birthDate", sex, phone, township, categories, version, "countyId", "officeId", "createdAt")
SELECT substr($3::text, 1 + (i * 7 + i / 97) % char_length($3::text), 1)
         || substr($4::text, 1 + (i * 13 + 5) % char_length($4::text), 1)
         || CASE WHEN i % 3 = 0 THEN '' ELSE substr($4::text, 1 + (i * 31 + 11) % char_length($4::text), 1) END,
       f17 || substr('10X98765432', 1 + (SELECT sum(substr(f17, k, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k]) FROM generate_series(1, 17) k)::int % 11, 1),
       birth,
       CASE WHEN (i % 7) % 2 = 1 THEN 'male' ELSE 'female' END,
       (ARRAY['13','15','18','17','19'])[1 + i % 5] || lpad(((i::bigint * 7919 + 12345) % 1000000000)::text, 9, '0'),
       t.names[1 + i % array_length(t.names, 1)],
       CASE WHEN i % 4 = 0 THEN ARRAY['laid_off'] ELSE ARRAY['rural_surplus'] END,
       1, $1::int,
       coalesce((SELECT "stationId" FROM townships x WHERE x.id = t.ids[1 + i % array_length(t.ids, 1)]), $1::int),
       now() - make_interval(secs => (i % 86400) * 20)
  FROM s, t`;

// ---------------------------------------------------------------- HTTP
function request(
  method: string,
  path: string,
  opts: { token?: string; cookie?: string; body?: unknown } = {},
): Promise<{ status: number; body: any; ms: number }> {
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
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text && !opts.cookie ? JSON.parse(text) : text;
          } catch {
            /* keep text */
          }
          ok({ status: res.statusCode ?? 0, body, ms });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${path}: no answer within 120 s`)));
    if (payload) req.write(payload);
    req.end();
  });
}

// ---------------------------------------------------------------- the stack
let pg: RunningPostgres | undefined;
let temporal: RunningTemporal | undefined;
let ds: DataSource | undefined;
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
  await ds?.destroy().catch(() => undefined);
  await temporal?.stop().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
}

/** A user of that role in that office, logged in through the API: its bearer token (also the console's session cookie). */
async function userIn(officeId: number, role: string, displayName: string): Promise<string> {
  const username = `bench-${role}-${randomInt(1e6)}`;
  const password = `pw-${randomInt(1e9)}`;
  await ds!.query(
    `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId") VALUES ($1, $2, $3, $4, 1, $5)`,
    [username, displayName, role, await hashPassword(password), officeId],
  );
  const login = await request('POST', '/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return login.body.token as string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  for (const f of readdirSync(DATA_DIR))
    if (!/^console-.*\.json$/.test(f)) rmSync(join(DATA_DIR, f), { recursive: true, force: true });
  const opts = {
    DATA_DIR,
    EMBEDDED_PG_PORT: PG_PORT,
    EMBEDDED_TEMPORAL_PORT: TEMPORAL_PORT,
    EMBEDDED_TEMPORAL_UI_PORT: TEMPORAL_UI_PORT,
  };
  pg = await startEmbeddedPostgres(opts, { database: 'labour_export_bench' });
  temporal = await startTemporalDevServer(opts, { dbFile: 'temporal.db', ui: false });
  ds = createMigrationDataSource({ DATABASE_URL: pg.url, DATABASE_OWNER_URL: pg.ownerUrl });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  log('Postgres, Temporal and migrations ready');
  // To see what an index is worth: BENCH_WITHOUT_INDEX=<name> runs without it, as before its migration.
  if (process.env.BENCH_WITHOUT_INDEX) {
    await ds.query(`DROP INDEX "${process.env.BENCH_WITHOUT_INDEX.replace(/"/g, '')}"`);
    log(`without the index ${process.env.BENCH_WITHOUT_INDEX}`);
  }

  // ---- the county, its townships, one of them held by a station
  const [{ id: county }] = await ds.query(`SELECT min(id) AS id FROM offices WHERE kind = 'county'`);
  for (const name of TOWNSHIPS)
    await ds.query(
      `INSERT INTO townships (name, "yearlyTarget", "countyId") SELECT $1::varchar, 500, $2::int
        WHERE NOT EXISTS (SELECT 1 FROM townships WHERE name = $1::varchar AND "countyId" = $2::int)`,
      [name, county],
    );
  const [{ id: station }] = await ds.query(
    `INSERT INTO offices ("parentId", kind, name) VALUES ($1, 'station', '东风镇劳动保障所') RETURNING id`,
    [county],
  );
  await ds.query(`UPDATE townships SET "stationId" = $1 WHERE "countyId" = $2 AND name = $3`, [
    station,
    county,
    STATION_TOWNSHIP,
  ]);
  const [{ n: towns }] = await ds.query(`SELECT count(*)::int AS n FROM townships WHERE "countyId" = $1`, [county]);

  let t0 = performance.now();
  await ds.query(SEED_WORKERS, [county, N, SURNAMES, GIVEN]);
  await ds.query('ANALYZE');
  log(`${N} workers over ${towns} townships seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // ---- the API and the worker
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: QUEUE,
    PORT: String(API_PORT),
    WORKER_HTTP_PORT: String(WORKER_HTTP_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  spawnChild('worker', env);
  const api = spawnChild('api', env);
  if (!(await waitForPort(API_PORT, '127.0.0.1', 90_000, () => api.exitCode === null)))
    throw new Error('the API did not start');
  for (;;) {
    const h = await request('GET', '/health').catch(() => null);
    if (h?.status === 200) break;
    await sleep(250);
  }
  const countyCw = await userIn(county, 'caseworker', '王建国');
  const stationCw = await userIn(station, 'caseworker', '李秀英');

  // ---- placements and cases through the API (they start their processes as in use)
  t0 = performance.now();
  const employers: number[] = [];
  for (let i = 0; i < 20; i++) {
    const e = await request('POST', '/employers', {
      token: countyCw,
      body: {
        name: `大连第${'一二三四五六七八九十'[i % 10]}${i >= 10 ? '分' : ''}物流有限公司`,
        creditCode: creditCodeFor(i),
        region: '大连市甘井子区',
        contactName: '刘经理',
        contactPhone: '0411-86661234',
        agreementStart: '2026-01-01',
        agreementEnd: '2027-12-31',
      },
    });
    if (e.status !== 201) throw new Error(`employer answered ${e.status}: ${JSON.stringify(e.body).slice(0, 200)}`);
    employers.push(e.body.id);
  }
  // Spread over the townships, so the station has its share; every 6th worker id is in each township.
  const someWorkers: { id: number }[] = await ds.query(`SELECT id FROM workers ORDER BY id LIMIT $1`, [
    PLACEMENTS + CASES,
  ]);
  const today = shanghaiToday();
  for (let i = 0; i < PLACEMENTS; i++) {
    const r = await request('POST', '/placements', {
      token: countyCw,
      body: {
        workerId: someWorkers[i].id,
        employerId: employers[i % employers.length],
        startDate: addDays(today, -(i % 60)),
        job: ['报纸投递员', '仓库管理员', '叉车司机', '电焊工'][i % 4],
        monthlyWageFen: 320000 + (i % 10) * 10000,
        destination: '辽宁省大连市甘井子区',
        organised: i % 2 === 0,
      },
    });
    if (r.status !== 201) throw new Error(`placement answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
  }
  for (let i = 0; i < CASES; i++) {
    const r = await request('POST', '/cases', {
      token: countyCw,
      body: {
        kind: 'wage_arrears',
        workerIds: [someWorkers[PLACEMENTS + i].id],
        employerId: employers[i % employers.length],
        facts: `2026年8月至10月工资共计${8000 + i * 100}元未发放`,
        amountClaimedFen: (8000 + i * 100) * 100,
        knewOn: addDays(today, -10 - (i % 30)),
        channel: 'window',
      },
    });
    if (r.status !== 201) throw new Error(`case answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
  }
  await sleep(5000); // the processes file their first tasks
  const [{ n: tasks }] = await ds.query(`SELECT count(*)::int AS n FROM tasks`);
  log(
    `${employers.length} employers, ${PLACEMENTS} placements, ${CASES} cases through the API in ${((performance.now() - t0) / 1000).toFixed(1)} s (${tasks} tasks)`,
  );

  // ---- what is searched for: a worker of the station's township, by ID, name and phone
  const [probe] = await ds.query(
    `SELECT name, "citizenId", phone FROM workers WHERE township = $1 ORDER BY id OFFSET 1234 LIMIT 1`,
    [STATION_TOWNSHIP],
  );
  const surname = SURNAMES[3];
  const pages: [string, string][] = [
    ['务工人员（默认）', '/console/workers'],
    [`务工人员 按姓名“${surname}”`, `/console/workers?q=${encodeURIComponent(surname)}`],
    [`务工人员 按乡镇`, `/console/workers?township=${encodeURIComponent(STATION_TOWNSHIP)}`],
    ['务工人员 按姓名排序', '/console/workers?sort=name&order=asc'],
    ['务工人员 第50页', '/console/workers?page=50'],
    ['查找 完整身份证号', `/console/search?q=${probe.citizenId}`],
    ['查找 姓名', `/console/search?q=${encodeURIComponent(probe.name)}`],
    ['查找 手机号', `/console/search?q=${probe.phone}`],
    ['待办', '/console/tasks'],
    ['就业登记', '/console/placements'],
    ['案件办理', '/console/cases'],
  ];
  const sessions: [string, string][] = [
    ['县局科员', `le_session=${countyCw}`],
    ['乡镇站科员', `le_session=${stationCw}`],
  ];
  const results: { page: string; path: string; who: string; median: number; p95: number; status: number }[] = [];
  for (const [page, path] of pages)
    for (const [who, cookie] of sessions) {
      const warm = await request('GET', path, { cookie });
      if (warm.status !== 200) throw new Error(`${path} as ${who} answered ${warm.status}`);
      const ms: number[] = [];
      for (let i = 0; i < REPEAT; i++) ms.push((await request('GET', path, { cookie })).ms);
      results.push({ page, path, who, median: median(ms), p95: p95(ms), status: warm.status });
      log(`${page} as ${who}: median ${median(ms).toFixed(0)} ms`);
    }

  // ---- report
  say('');
  say(
    `console pages at county scale — ${N} workers, ${PLACEMENTS} placements, ${CASES} cases, ${tasks} tasks; ${REPEAT} requests each; node ${process.version}, ${os.cpus().length} CPUs`,
  );
  // Chinese characters take two columns in a terminal.
  const width = (x: string) => [...x].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const pad = (x: string, w: number) => x + ' '.repeat(Math.max(1, w - width(x)));
  say(`${pad('page', 34)}${sessions.map(([w]) => pad(`${w} median / p95 ms`, 30)).join('')}`);
  for (const [page] of pages) {
    const cells = sessions.map(([who]) => {
      const r = results.find((x) => x.page === page && x.who === who)!;
      return pad(
        `${r.median.toFixed(0).padStart(6)} / ${r.p95.toFixed(0).padStart(5)}${r.median > SLOW_MS ? '  SLOW' : ''}`,
        30,
      );
    });
    say(`${pad(page, 34)}${cells.join('')}`);
  }
  const out = join(DATA_DIR, `console-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'console', n: N, repeat: REPEAT, results, at: new Date().toISOString() }, null, 2)}\n`,
  );
  say(`figures written to ${out}`);
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
main()
  .then(async () => {
    await stopAll();
    process.exit(0);
  })
  .catch(async (e) => {
    process.stderr.write(`bench failed: ${(e as Error).message}\n`);
    await stopAll();
    process.exit(1);
  });
