/**
 * `npm run bench:import [N]` — the ledger-import benchmark (a benchmark, not a test:
 * it prints figures and targets, and never fails because of them).
 *
 * One run on its own embedded stack (Postgres 54379, Temporal 7293, API 39310, or BENCH_PORT_BASE …
 * +4; data in .data/bench-import/ or BENCH_DATA_DIR, wiped at start except earlier results):
 *  1. Postgres, the Temporal dev server, migrations, the real API and worker as child processes.
 *  2. A caseworker logged in through POST /auth/login.
 *  3. An N-row workers ledger (default 50,000) as .xlsx: realistic Chinese names, valid ID
 *     numbers with check digits, and 2% bad rows (wrong check digit, ID stored as a number,
 *     bad phone, unknown township).
 *  4. POST /imports (preview): time. POST /imports/:id/confirm, then GET /imports/:id until
 *     completed: rows/s.
 *  5. Workers topped up to 100,000 (SQL), then GET /workers?format=xlsx read to the end: time.
 *  6. Peak RSS of the worker and the API (VmHWM), against the targets.
 *  Before the ledger: two small hostile uploads (one 80 MB cell, 200,000 rows), each refused;
 *  how long the refusal took and how far the API's RSS rose meanwhile.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pgClient from 'pg';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/passwords.js';
import { createMigrationDataSource } from '../../src/database/data-source.js';
import { waitForPort } from '../../src/embedded/ports.js';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/embedded/postgres.js';
import { RunningTemporal, startTemporalDevServer } from '../../src/embedded/temporal-server.js';
import { workbookParts, zipOf } from '../support/xlsx.js';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 50_000);
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const TARGET_ROWS_PER_S = 2000;
const TARGET_RSS_MB = 300;
// BENCH_PORT_BASE moves all five ports (base … base+4), so two runs on one machine do not collide.
const PORT_BASE = process.env.BENCH_PORT_BASE ? Number(process.env.BENCH_PORT_BASE) : undefined;
const PG_PORT = PORT_BASE ?? 54379;
const TEMPORAL_PORT = PORT_BASE ? PORT_BASE + 1 : 7293;
const TEMPORAL_UI_PORT = PORT_BASE ? PORT_BASE + 2 : 8293;
const API_PORT = PORT_BASE ? PORT_BASE + 3 : 39310;
const WORKER_HTTP_PORT = PORT_BASE ? PORT_BASE + 4 : 39312;
const QUEUE = 'bench-import';
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? '.data/bench-import');
// BENCH_PG_STATEMENTS=1: Postgres with pg_stat_statements, and the import's costliest statements printed.
const PG_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const say = (m: string) => process.stdout.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (b: number) => Math.round(b / 1048576);

// ---------------------------------------------------------------- data
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (first17: string) =>
  '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0) % 11];
function citizenIdFor(i: number, region: string): string {
  const d = new Date(Date.UTC(1965, 0, 1) + Math.floor(i / 1000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `${region}${d}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强永刚海燕淑珍春梅德胜国庆凤英文明宏伟立新';
const nameFor = () =>
  SURNAMES[randomInt(SURNAMES.length)] +
  GIVEN[randomInt(GIVEN.length)] +
  (randomInt(3) ? GIVEN[randomInt(GIVEN.length)] : '');
const TOWNSHIPS = ['城关镇', '东风镇', '新华镇', '永安镇', '红旗乡', '太平乡'];
const mobileFor = (i: number) => `13${String(100_000_000 + ((i * 7919) % 900_000_000)).padStart(9, '0')}`;

async function ledgerFile(n: number, region: string): Promise<{ buffer: Buffer; bad: number }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('务工人员台账');
  ws.addRow(['姓名', '身份证号', '联系电话', '乡镇', '人员类别', '技能']);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    let id: string | number = citizenIdFor(i, region);
    let phone = mobileFor(i);
    let town = TOWNSHIPS[i % TOWNSHIPS.length];
    if (i % 50 === 7) {
      bad++;
      const kind = ((i / 50) % 4) | 0;
      if (kind === 0) id = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
      else if (kind === 1) id = Number(id);
      else if (kind === 2) phone = '1234567';
      else town = '不存在乡';
    }
    ws.addRow([nameFor(), id, phone, town, i % 3 ? '农村富余劳动力' : '下岗失业人员', i % 5 ? '' : '电焊、叉车']);
  }
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), bad };
}

// ---------------------------------------------------------------- HTTP
function request(
  method: string,
  path: string,
  opts: { token?: string; body?: Buffer; contentType?: string; sink?: boolean } = {},
): Promise<{ status: number; body: any; bytes: number }> {
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: API_PORT,
        // A fresh connection each time: node's agent keeps sockets alive, and one the API closed
        // after its 5 s keep-alive (while the bench built the next file) failed as "socket hang up".
        agent: false,
        method,
        path,
        headers: {
          accept: 'application/json',
          ...(opts.body
            ? { 'content-type': opts.contentType ?? 'application/json', 'content-length': opts.body.length }
            : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (!opts.sink) chunks.push(c);
        });
        res.on('end', () => {
          const text = opts.sink ? '' : Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* keep text */
          }
          ok({ status: res.statusCode ?? 0, body, bytes });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.setTimeout(600_000, () => req.destroy(new Error(`${method} ${path}: no answer within 600 s`)));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

function multipart(
  fields: Record<string, string>,
  file: { name: string; buffer: Buffer },
): { body: Buffer; contentType: string } {
  const boundary = `----bench${randomInt(1e9)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
  );
  parts.push(file.buffer, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Small files that inflate to far more than they weigh: one 80 MB cell, 200,000 rows. */
function hostileLedgers(): { what: string; name: string; buffer: Buffer }[] {
  const header = ['姓名', '身份证号', '乡镇', '联系电话'];
  const head = `<row r="1">${header.map((_, i) => `<c r="${'ABCD'[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>`;
  const row = (n: number) => `<row r="${n}"><c r="A${n}" t="s"><v>4</v></c></row>`;
  let many = head;
  for (let n = 2; n <= 200_001; n++) many += row(n);
  return [
    {
      what: 'one 80 MB cell',
      name: 'cell.xlsx',
      buffer: zipOf(workbookParts(head + row(2), [...header, 'A'.repeat(80 * 1024 * 1024)])),
    },
    { what: '200,000 one-character rows', name: 'rows.xlsx', buffer: zipOf(workbookParts(many, [...header, '甲'])) },
  ];
}

function hwm(pid: number | undefined): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

// ---------------------------------------------------------------- the run
let pg: RunningPostgres | undefined;
let temporal: RunningTemporal | undefined;
let ds: DataSource | undefined;
let admin: pgClient.Client | undefined;

/** The statements that took the most time since the last call (nested ones, in triggers, included). */
async function topStatements(): Promise<string[]> {
  if (!admin) return [];
  const rows: { calls: string; ms: number; query: string }[] = (
    await admin.query(
      `SELECT calls, round(total_exec_time)::int AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
         FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 12`,
    )
  ).rows;
  await admin.query('SELECT pg_stat_statements_reset()');
  return rows.map((r) => `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(7)} × ${r.query}`);
}
const children: ChildProcess[] = [];
let stopping = false;

function spawnChild(name: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const script = fileURLToPath(new URL(`../../src/${name}.js`, import.meta.url));
  const fd = openSync(join(DATA_DIR, `${name}.log`), 'a');
  // BENCH_CHILD_NODE_ARGS: flags node refuses in NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', fd, fd], detached: true });
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
  await admin?.end().catch(() => undefined);
  await temporal?.stop().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  for (const f of readdirSync(DATA_DIR))
    if (!/^import-.*\.json$/.test(f)) rmSync(join(DATA_DIR, f), { recursive: true, force: true });
  const opts = {
    DATA_DIR,
    EMBEDDED_PG_PORT: PG_PORT,
    EMBEDDED_TEMPORAL_PORT: TEMPORAL_PORT,
    EMBEDDED_TEMPORAL_UI_PORT: TEMPORAL_UI_PORT,
  };
  pg = await startEmbeddedPostgres(opts, {
    database: 'labour_export_bench',
    settings: PG_STATEMENTS ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'] : [],
  });
  if (PG_STATEMENTS) {
    admin = new pgClient.Client({ connectionString: pg.adminUrl.replace(/\/postgres$/, '/labour_export_bench') });
    await admin.connect();
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  }
  temporal = await startTemporalDevServer(opts, { dbFile: 'temporal.db', ui: false });
  ds = createMigrationDataSource({ DATABASE_URL: pg.url, DATABASE_OWNER_URL: pg.ownerUrl });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  log('Postgres, Temporal and migrations ready');
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
    // Experiment: e.g. BENCH_CHILD_NODE_OPTIONS=--max-old-space-size=160 for the API and the worker only.
    ...(process.env.BENCH_CHILD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_CHILD_NODE_OPTIONS } : {}),
  };
  const worker = spawnChild('worker', env);
  const api = spawnChild('api', env);
  if (!(await waitForPort(API_PORT, '127.0.0.1', 90_000, () => api.exitCode === null)))
    throw new Error('the API did not start');
  for (;;) {
    const h = await request('GET', '/health').catch(() => null);
    if (h?.status === 200) break;
    await sleep(250);
  }
  await sleep(3000); // let the worker start polling
  const username = `bench-${randomInt(1e6)}`;
  const password = `pw-${randomInt(1e9)}`;
  await ds.query(
    `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId")
     SELECT $1, '基准科员', 'caseworker', $2, 1, min(id) FROM offices WHERE kind = 'county'`,
    [username, await hashPassword(password)],
  );
  const login = await request('POST', '/auth/login', { body: Buffer.from(JSON.stringify({ username, password })) });
  const token = login.body.token as string;
  log(`API and worker up; logged in as ${username}`);

  // ---- hostile uploads: each must be refused before the API holds what it inflates to
  const refusals: { what: string; kb: number; status: number; ms: number; rssRiseMb: number }[] = [];
  for (const h of hostileLedgers()) {
    const f = multipart({ kind: 'workers' }, { name: h.name, buffer: h.buffer });
    const before = hwm(api.pid).rss;
    let top = before;
    const watch = setInterval(() => (top = Math.max(top, hwm(api.pid).rss)), 10);
    const started = performance.now();
    const r = await request('POST', '/imports', { token, body: f.body, contentType: f.contentType });
    const ms = performance.now() - started;
    clearInterval(watch);
    top = Math.max(top, hwm(api.pid).rss);
    refusals.push({
      what: h.what,
      kb: Math.round(h.buffer.length / 1024),
      status: r.status,
      ms,
      rssRiseMb: mb(top - before),
    });
    log(`${h.what}: ${r.status} ${r.body?.code ?? ''} in ${ms.toFixed(0)} ms`);
  }

  // ---- the ledger
  let t0 = performance.now();
  const { buffer, bad } = await ledgerFile(N, '230781');
  log(
    `ledger of ${N} rows (${bad} bad) built: ${mb(buffer.length)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const peak = { api: 0, worker: 0 };
  const sample = () => {
    peak.api = Math.max(peak.api, hwm(api.pid).hwm);
    peak.worker = Math.max(peak.worker, hwm(worker.pid).hwm);
  };
  const baseline = { api: hwm(api.pid).rss, worker: hwm(worker.pid).rss };
  const timer = setInterval(sample, 500);

  // ---- preview
  const form = multipart({ kind: 'workers' }, { name: 'bench.xlsx', buffer });
  t0 = performance.now();
  const preview = await request('POST', '/imports', { token, body: form.body, contentType: form.contentType });
  const previewSeconds = (performance.now() - t0) / 1000;
  if (preview.status !== 201)
    throw new Error(`preview answered ${preview.status}: ${JSON.stringify(preview.body).slice(0, 300)}`);
  sample();
  const afterPreview = { ...peak };
  log(
    `preview: ${JSON.stringify(preview.body.preview)} in ${previewSeconds.toFixed(1)} s (API peak RSS so far ${mb(peak.api)} MB)`,
  );

  // ---- import
  await topStatements();
  t0 = performance.now();
  const confirm = await request('POST', `/imports/${preview.body.id}/confirm`, { token, body: Buffer.from('{}') });
  if (confirm.status !== 202)
    throw new Error(`confirm answered ${confirm.status}: ${JSON.stringify(confirm.body).slice(0, 300)}`);
  let done: any;
  let lastLog = 0;
  for (;;) {
    const r = await request('GET', `/imports/${preview.body.id}`, { token });
    if (r.body.status === 'completed') {
      done = r.body;
      break;
    }
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`import: ${r.body.progress.rowsDone}/${r.body.progress.total} rows, ${r.body.progress.errorsSoFar} errors`);
    }
    await sleep(250);
  }
  const importSeconds = (performance.now() - t0) / 1000;
  const rowsPerSecond = N / importSeconds;
  sample();
  const afterImport = { ...peak };
  log(
    `import done: ${JSON.stringify(done.result)} in ${importSeconds.toFixed(1)} s (worker peak RSS so far ${mb(peak.worker)} MB)`,
  );

  const statements = await topStatements();
  const why: { reason: string; n: number }[] = await ds.query(
    `SELECT left(reasons->>0, 14) AS reason, count(*)::int AS n FROM ledger_import_rows WHERE "importId" = $1 AND action = 'reject' GROUP BY 1 ORDER BY 2 DESC`,
    [preview.body.id],
  );
  log(`rejected rows by reason: ${why.map((w) => `${w.reason}… ×${w.n}`).join('; ')}`);

  // ---- export of EXPORT_ROWS workers
  const [{ n: have }] = await ds.query('SELECT count(*)::int AS n FROM workers');
  const topUp = Math.max(0, EXPORT_ROWS - have);
  if (topUp) {
    for (let from = 0; from < topUp; from += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, topUp - from) }, (_, k) => {
        const i = from + k;
        const id = citizenIdFor(i, '230782');
        return [
          nameFor(),
          id,
          `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
          Number(id[16]) % 2 ? 'male' : 'female',
          mobileFor(i + 7),
          TOWNSHIPS[i % 6],
        ];
      });
      await ds.query(
        `INSERT INTO workers (name, "citizenId", "birthDate", sex, phone, township, version, "countyId")
         SELECT *, 1, (SELECT min(id) FROM offices WHERE kind = 'county')
           FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[])`,
        [0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c])),
      );
    }
    log(`topped up to ${EXPORT_ROWS} workers`);
  }
  t0 = performance.now();
  const exp = await request('GET', '/workers?format=xlsx', { token, sink: true });
  const exportSeconds = (performance.now() - t0) / 1000;
  if (exp.status !== 200) throw new Error(`export answered ${exp.status}`);
  sample();
  clearInterval(timer);
  const [{ n: exported }] = await ds.query('SELECT count(*)::int AS n FROM workers');

  // ---- report
  const ok = (b: boolean) => (b ? 'meets target' : 'BELOW target');
  say('');
  say(`ledger import benchmark — ${N} rows (${bad} bad), node ${process.version}, ${os.cpus().length} CPUs`);
  say(
    `  preview (upload, parse, validate, classify, store):  ${previewSeconds.toFixed(1)} s   ${JSON.stringify(preview.body.preview)}`,
  );
  say(
    `  import (confirm → completed):                        ${importSeconds.toFixed(1)} s = ${rowsPerSecond.toFixed(0)} rows/s   (target ≥ ${TARGET_ROWS_PER_S}: ${ok(rowsPerSecond >= TARGET_ROWS_PER_S)})   ${JSON.stringify(done.result)}`,
  );
  say(`  export of ${exported} workers as xlsx (streamed):       ${exportSeconds.toFixed(1)} s, ${mb(exp.bytes)} MB`);
  say(`  RSS before the import: worker ${mb(baseline.worker)} MB, API ${mb(baseline.api)} MB`);
  say(
    `  peak RSS by the end of: preview API ${mb(afterPreview.api)} MB; import worker ${mb(afterImport.worker)} MB, API ${mb(afterImport.api)} MB; export API ${mb(peak.api)} MB`,
  );
  say(`  peak RSS worker: ${mb(peak.worker)} MB (target < ${TARGET_RSS_MB}: ${ok(mb(peak.worker) < TARGET_RSS_MB)})`);
  say(`  peak RSS API:    ${mb(peak.api)} MB (target < ${TARGET_RSS_MB}: ${ok(mb(peak.api) < TARGET_RSS_MB)})`);
  if (statements.length)
    say(`  the import's costliest statements (pg_stat_statements):\n${statements.map((x) => `    ${x}`).join('\n')}`);
  for (const r of refusals)
    say(
      `  refused ${r.what} (${r.kb} KB): ${r.status} in ${r.ms.toFixed(0)} ms, API RSS +${r.rssRiseMb} MB (target < 1000 ms and < 50 MB: ${ok(r.status >= 400 && r.status < 500 && r.ms < 1000 && r.rssRiseMb < 50)})`,
    );
  const out = join(DATA_DIR, `import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'import', n: N, bad, previewSeconds, importSeconds, rowsPerSecond, exportRows: exported, exportSeconds, exportBytes: exp.bytes, peakRssMb: { worker: mb(peak.worker), api: mb(peak.api) }, refusals, at: new Date().toISOString() }, null, 2)}\n`,
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
