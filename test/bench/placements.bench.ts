/**
 * `npm run bench:placements [N] [--concurrency C] [--memory]` — the scale benchmark
 * (a benchmark, not a test: it prints figures and targets, and never fails because of them).
 *
 * One run, on its own embedded stack (Postgres 54369, Temporal 7283, API 39300, data in
 * .data/bench/, wiped at start except earlier results):
 *  1. Postgres, the Temporal dev server (SQLite file with WAL + synchronous=normal), migrations,
 *     then the real API and the real worker as child processes (`dist/src/api.js`, `dist/src/worker.js`).
 *  2. Seed (timed apart): a caseworker logged in through POST /auth/login, N workers and 50
 *     employers through the API.
 *  3. Floor: N `contractDeadline` workflows started directly with the Temporal client, C at a
 *     time, on a task queue nobody polls — what Temporal itself costs. Terminated afterwards.
 *  4. API path: N × POST /placements, C at a time, through HTTP with real auth.
 *  5. Ratio API/floor (target ≥ 0.8), p99 (target < 250 ms), API CPU per registration (≤ 3 ms).
 *  6. Time until all N deadline workflows are Running (visibility), until the worker has taken
 *     every first workflow task (its task queue backlog is empty), and, from 50 histories spread
 *     over the run, how long a first workflow task waited for the worker and took to complete.
 *  7. Worker RSS (now and peak), Postgres and SQLite sizes.
 *  8. A sample of 20 timers queried and checked; 20 placements registered already overdue and
 *     20 on their reminder day, waited for until the overdue notice / reminder letter exist.
 *  9. Everything stopped in order: worker, API, Temporal, Postgres.
 * With --memory the whole run is repeated on an in-memory Temporal for comparison.
 * Figures are also written to .data/bench/placements-<timestamp>.json; CPU seconds per process
 * and the machine's busy/iowait/steal shares are printed for each phase, to tell where time goes.
 *
 * Diagnostics, off by default (they change what is measured a little):
 *   --trace-api        timings inside the API process (test/bench/api-timing.ts, loaded with --import):
 *                      HTTP time, waits for a pooled Postgres connection, SQL by statement, how long
 *                      each transaction stays open, the Temporal start call, event-loop delay
 *   --cpu-profile      and a V8 CPU profile of the API during the API phase, summarised
 *   --pg-pool-max K    experiment: the API's Postgres pool at K connections instead of the app's 10
 *   --pg-unix-socket   experiment: the API and the worker reach Postgres through its Unix socket
 *                      (in /tmp) instead of loopback TCP, as a DATABASE_URL with ?host=<dir> does
 *   --floor-polled     a second floor on the queue the worker polls (the worker runs each first task)
 *   --worker-options J experiment: JSON merged into the worker's Worker.create options
 *                      (test/bench/worker-options.ts), e.g. '{"nonStickyToStickyPollRatio":1}'
 *   BENCH_API_LOG_LEVEL=log  the API at that log level instead of warn (log: a JSON line per
 *                      request, as in production), to measure what logging costs
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowIdReusePolicy } from '@temporalio/client';
import protoPkg from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/passwords.js';
import { createMigrationDataSource } from '../../src/database/data-source.js';
import { waitForPort } from '../../src/embedded/ports.js';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/embedded/postgres.js';
import { RunningTemporal, startTemporalDevServer } from '../../src/embedded/temporal-server.js';
import {
  contractStateQuery,
  type ContractDeadlineInput,
  type ContractDeadlineState,
  contractWorkflowId,
} from '../../workflows/definitions.js';

// ---------------------------------------------------------------- settings
const argv = process.argv.slice(2);
const flagValue = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
};
const VALUE_FLAGS = ['--concurrency', '--pg-pool-max', '--worker-options'];
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && VALUE_FLAGS.includes(argv[i - 1])));
const N = Number(positional[0] ?? process.env.BENCH_N ?? 10_000);
const C = Number(flagValue('--concurrency') ?? process.env.BENCH_C ?? 16);
const WITH_MEMORY = argv.includes('--memory') || process.env.BENCH_MEMORY === '1';
// Diagnostics (off by default): timings inside the API process, a CPU profile of it, a bigger
// Postgres pool in the API as an experiment, and a second floor on the queue the worker polls.
const CPU_PROFILE = argv.includes('--cpu-profile');
const PG_POOL_MAX = flagValue('--pg-pool-max');
const TRACE_API = argv.includes('--trace-api') || CPU_PROFILE || PG_POOL_MAX !== undefined;
const FLOOR_POLLED = argv.includes('--floor-polled');
const PG_UNIX_SOCKET = argv.includes('--pg-unix-socket');
/** Where Postgres puts its socket with --pg-unix-socket (the file is named by the port, so runs side by side differ). */
const PG_SOCKET_DIR = '/tmp';
const WORKER_OPTIONS = flagValue('--worker-options');
if (WORKER_OPTIONS) JSON.parse(WORKER_OPTIONS); // fail early on bad JSON
const EMPLOYERS = 50;
const SAMPLE = 20;
const FIRE_BATCH = 20;
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 250;
/** API CPU per registration (the API process's CPU seconds in the API phase over N). */
const TARGET_API_CPU_MS = 3;
/** The worker keeps up: no sampled first workflow task waits longer than this for it. */
const TARGET_FIRST_TASK_WAIT_S = 30;

// BENCH_PORT_BASE moves all six ports (base … base+5), so two runs on one machine do not collide.
const PORT_BASE = process.env.BENCH_PORT_BASE ? Number(process.env.BENCH_PORT_BASE) : undefined;
const PG_PORT = PORT_BASE ?? 54369;
const TEMPORAL_PORT = PORT_BASE ? PORT_BASE + 1 : 7283;
const TEMPORAL_UI_PORT = PORT_BASE ? PORT_BASE + 2 : 8283;
const API_PORT = PORT_BASE ? PORT_BASE + 3 : 39300;
const API_TIMING_PORT = PORT_BASE ? PORT_BASE + 4 : 39301;
const WORKER_HTTP_PORT = PORT_BASE ? PORT_BASE + 5 : 39302;
const API_QUEUE = 'bench-placements';
const FLOOR_QUEUE = 'bench-floor-unpolled';
const proto = protoPkg.temporal;
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? '.data/bench');

const log = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const say = (m: string) => process.stdout.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const oneLine = (e: unknown) =>
  (e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e))
    .replace(/\s+/g, ' ')
    .trim();

// ---------------------------------------------------------------- small helpers
/** Runs fn(0..n-1) with at most c in flight. */
async function pool<T>(
  n: number,
  c: number,
  fn: (i: number) => Promise<T>,
  progress?: (done: number) => void,
): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  let done = 0;
  const lanes = Array.from({ length: Math.min(c, n) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      out[i] = await fn(i);
      done++;
      progress?.(done);
    }
  });
  await Promise.all(lanes);
  return out;
}

function progressEvery(what: string, n: number): (done: number) => void {
  const step = Math.max(1, Math.ceil(n / 10));
  return (done) => {
    if (done % step === 0 || done === n) log(`${what} ${done}/${n}`);
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

interface Rate {
  n: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function rate(latencies: number[], seconds: number): Rate {
  const s = [...latencies].sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    n: s.length,
    seconds: r1(seconds),
    perSecond: r1(s.length / seconds),
    p50: r1(percentile(s, 50)),
    p95: r1(percentile(s, 95)),
    p99: r1(percentile(s, 99)),
    max: r1(s[s.length - 1] ?? NaN),
  };
}
const fmtRate = (r: Rate, unit: string) =>
  `${r.perSecond.toFixed(1)} ${unit}/s (${r.n} in ${r.seconds.toFixed(1)} s), p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms`;

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Calendar arithmetic written here, independently of the code under measurement.
const DAY = 86_400_000;
const addDaysIndep = (d: string, n: number) =>
  new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) + n * DAY).toISOString().slice(0, 10);
const shanghaiTodayIndep = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

// GB 11643 (citizen ID) and GB 32100 (credit code) check characters, as in test/support/fixtures.ts.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (first17: string) =>
  '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0) % 11];
const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const creditCheck = (first17: string) =>
  CC_ALPHABET[(31 - ([...first17].reduce((s, c, i) => s + CC_ALPHABET.indexOf(c) * CC_WEIGHTS[i], 0) % 31)) % 31];

/** The i-th citizen ID: unique for i < 10,957,000 (one birth date per 1000, sequence i % 1000). */
function citizenIdFor(i: number): string {
  const birth = addDaysIndep('1970-01-01', Math.floor(i / 1000)).replace(/-/g, '');
  const first17 = `230781${birth}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}
/** The i-th credit code (a random organisation code per run, so reruns never collide either). */
function creditCodeFor(i: number, salt: string): string {
  let x = i;
  let org = salt;
  for (let k = 0; k < 4; k++) {
    org += CC_ALPHABET[x % 31];
    x = Math.floor(x / 31);
  }
  const first17 = `91210211${org}`;
  return first17 + creditCheck(first17);
}
const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
const hanTag = (n: number) => Array.from({ length: n }, () => HAN[randomInt(0, HAN.length)]).join('');

// ---------------------------------------------------------------- HTTP
// Keep-alive sockets, dropped after 2 s idle (the API closes them after 5 s; reusing one it is
// closing gives "socket hang up"), and a fresh agent before each phase for the same reason.
const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 2000 });
let agent = newAgent();
const freshAgent = () => {
  agent.destroy();
  agent = newAgent();
};
interface HttpAnswer {
  status: number;
  body: any;
  ms: number;
}
function httpJson(method: string, path: string, body?: unknown, token?: string): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: API_PORT,
        method,
        path,
        agent,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* keep the text */
          }
          ok({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - t0 });
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

// ---------------------------------------------------------------- /proc readings
function procStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

const CLK_TCK = 100;
function procStat(pid: number): { ppid: number; cpu: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after "comm": state(0) ppid(1) ... utime(11) stime(12)
    // + cutime(13) cstime(14): children already reaped (e.g. closed Postgres backends)
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK };
  } catch {
    return null;
  }
}
function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}
/** Pids of processes whose command line contains `needle` (reading /proc only). */
function findPids(needle: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => p !== process.pid && cmdline(p).includes(needle));
}
/** CPU seconds used so far by a process and all its descendants (living ones). */
function treeCpu(root: number | undefined): number {
  if (!root) return 0;
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const p of all) {
    const s = procStat(p);
    if (s) stats.set(p, s);
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    const s = stats.get(p);
    if (!s) continue;
    total += s.cpu;
    for (const [q, t] of stats) if (t.ppid === p) stack.push(q);
  }
  return total;
}

/** Whole-machine CPU counters (jiffies) from /proc/stat, to tell a busy or stolen CPU from a slow program. */
function machineCpu(): number[] {
  return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
}
/** Shares of the machine's CPU time between two readings: busy (user+nice+system+irq+softirq), iowait, steal. */
function machineShare(a: number[], b: number[]): { busy: number; iowait: number; steal: number; busySeconds: number } {
  const d = b.map((x, i) => x - (a[i] ?? 0));
  const total = d.slice(0, 8).reduce((x, y) => x + y, 0) || 1;
  const pct = (x: number) => Math.round((x / total) * 1000) / 10;
  const busy = d[0] + d[1] + d[2] + d[5] + d[6];
  return { busy: pct(busy), iowait: pct(d[4]), steal: pct(d[7] ?? 0), busySeconds: busy / CLK_TCK };
}

// ---------------------------------------------------------------- one run
interface RunResult {
  mode: 'file' | 'memory';
  temporalStorage: string;
  seeding: { workers: number; employers: number; seconds: number; workersPerSecond: number };
  floor: Rate & { terminateSeconds: number };
  api: Rate & { non201: number; non201Examples: unknown[] };
  ratio: number;
  ratioMet: boolean;
  p99Met: boolean;
  allRunningAfterSeconds: number | null;
  firstWorkflowTasksDoneAfterSeconds: number | null;
  firstWorkflowTask: Record<
    'queueWaitMs' | 'processingMs' | 'totalMs',
    { n: number; p50: number; p99: number; max: number }
  >;
  workerRssBytes: number;
  workerPeakRssBytes: number;
  apiRssBytes: number;
  apiPeakRssBytes: number;
  postgresBytes: number;
  postgresPretty: string;
  sqliteBytes: number | null;
  cpuSeconds: { floor: Record<string, number>; api: Record<string, number> };
  machine: Record<'floor' | 'api', { busy: number; iowait: number; steal: number; busySeconds: number }>;
  sample: { checked: number; correct: number; failures: string[] };
  fired: {
    overdue: number;
    overdueWithCaseAndNotice: number;
    reminders: number;
    batch: number;
    seconds: number | null;
    timedOut: boolean;
  };
  childLogLines: { api: number; worker: number };
  floorPolled?: Rate & { cpuSeconds: Record<string, number> };
  apiTimings?: ApiTimings;
  apiCpuProfile?: ProfileSummary;
}

interface Stat {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
interface ApiTimings {
  at: number;
  poolMax: number | null;
  cpuProfile: string | null;
  summary: Record<string, Stat>;
}
interface ProfileSummary {
  totalMs: number;
  byArea: { area: string; ms: number; share: number }[];
  topFunctions: { fn: string; ms: number; share: number }[];
}

/** Self time of a V8 CPU profile, by area (app, package, node internals, GC, idle) and by function. */
function summariseProfile(file: string): ProfileSummary | null {
  let prof: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  try {
    prof = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, k) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[k] ?? 0) / 1000));
  const area = (url: string, fn: string): string => {
    if (!url) return fn.startsWith('(') ? fn : '(native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    if (url.startsWith('node:')) return 'node internals';
    if (url.includes('/dist/')) return 'app (dist/)';
    return url;
  };
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    total += ms;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${n.callFrame.lineNumber + 1}`;
    fns.set(f, (fns.get(f) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  const r = (x: number) => Math.round(x);
  return {
    totalMs: r(total),
    byArea: top(areas, 15).map(([a, ms]) => ({ area: a, ms: r(ms), share: Math.round((ms / total) * 1000) / 10 })),
    topFunctions: top(fns, 25).map(([fn, ms]) => ({ fn, ms: r(ms), share: Math.round((ms / total) * 1000) / 10 })),
  };
}

class Stack {
  pg?: RunningPostgres;
  temporal?: RunningTemporal;
  ds?: DataSource;
  client?: Client;
  connection?: Connection;
  api?: ChildProcess;
  worker?: ChildProcess;
  stopping = false;
  private stopHooks: (() => void)[] = [];
  onStop(f: () => void) {
    this.stopHooks.push(f);
  }
  private failListeners: ((e: Error) => void)[] = [];
  readonly failed: Promise<never>;

  constructor(readonly dir: string) {
    this.failed = new Promise<never>((_, fail) => this.failListeners.push(fail));
    this.failed.catch(() => undefined);
  }

  fail(e: Error) {
    for (const f of this.failListeners) f(e);
  }

  spawnChild(name: 'api' | 'worker', env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
    const script = fileURLToPath(new URL(`../../src/${name}.js`, import.meta.url));
    const fd = openSync(join(this.dir, `${name}.log`), 'a');
    // Own process group, so a Ctrl-C reaches only the bench, which stops everything in order.
    const child = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    child.on('exit', (code, signal) => {
      if (!this.stopping)
        this.fail(
          new Error(
            `the ${name} process exited (${signal ?? code}) during the run; last log lines: ${tail(join(this.dir, `${name}.log`), 3)}`,
          ),
        );
    });
    return child;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const f of this.stopHooks) f();
    for (const [name, c] of [
      ['worker', this.worker],
      ['api', this.api],
    ] as const) {
      if (!c || c.exitCode !== null || c.signalCode !== null) continue;
      await new Promise<void>((ok) => {
        const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
        c.once('exit', () => {
          clearTimeout(t);
          ok();
        });
        log(`stopping the ${name}`);
        c.kill('SIGTERM');
      });
    }
    await this.connection?.close().catch(() => undefined);
    await this.ds?.destroy().catch(() => undefined);
    if (this.temporal) {
      log('stopping Temporal');
      await this.temporal.stop().catch((e) => log(`while stopping Temporal: ${oneLine(e)}`));
    }
    if (this.pg) {
      log('stopping Postgres');
      await this.pg.stop().catch((e) => log(`while stopping Postgres: ${oneLine(e)}`));
    }
  }
}

function tail(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-n).join(' | ').slice(0, 600);
  } catch {
    return '(no log)';
  }
}
const lineCount = (file: string) => {
  try {
    const t = readFileSync(file, 'utf8').trim();
    return t ? t.split('\n').length : 0;
  } catch {
    return 0;
  }
};

async function runOnce(mode: 'file' | 'memory', stack: Stack): Promise<RunResult> {
  const dir = stack.dir;
  mkdirSync(dir, { recursive: true });
  const opts = {
    DATA_DIR: dir,
    EMBEDDED_PG_PORT: PG_PORT,
    EMBEDDED_TEMPORAL_PORT: TEMPORAL_PORT,
    EMBEDDED_TEMPORAL_UI_PORT: TEMPORAL_UI_PORT,
  };
  const race = <T>(p: Promise<T>) => Promise.race([p, stack.failed]);

  // ---- 1. the stack
  let t0 = performance.now();
  stack.pg = await startEmbeddedPostgres(opts, {
    database: 'labour_export_bench',
    settings: PG_UNIX_SOCKET ? [`unix_socket_directories=${PG_SOCKET_DIR}`] : [],
  });
  log(`Postgres up on ${PG_PORT} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  t0 = performance.now();
  const sqliteFile = mode === 'file' ? 'temporal.db' : null;
  stack.temporal = await startTemporalDevServer(opts, { dbFile: sqliteFile, ui: false });
  log(
    `Temporal dev server up on ${stack.temporal.address}, ${mode === 'file' ? 'SQLite file with WAL + synchronous=normal' : 'SQLite in memory'} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const temporalPid = findPids(`--port ${TEMPORAL_PORT}`).find((p) => cmdline(p).includes('start-dev'));
  const pgPid = findPids(`-p ${PG_PORT}`).find((p) => cmdline(p).includes(' -D '));

  stack.ds = createMigrationDataSource({ DATABASE_URL: stack.pg.url, DATABASE_OWNER_URL: stack.pg.ownerUrl });
  await stack.ds.initialize();
  const applied = await stack.ds.runMigrations({ transaction: 'each' });
  log(`migrations applied: ${applied.length}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The API and the worker reach Postgres through its Unix socket instead of loopback TCP.
    DATABASE_URL: PG_UNIX_SOCKET ? `${stack.pg.url}?host=${encodeURIComponent(PG_SOCKET_DIR)}` : stack.pg.url,
    TEMPORAL_ADDRESS: stack.temporal.address,
    TEMPORAL_TASK_QUEUE: API_QUEUE,
    PORT: String(API_PORT),
    WORKER_HTTP_PORT: String(WORKER_HTTP_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  stack.worker = WORKER_OPTIONS
    ? stack.spawnChild('worker', { ...env, BENCH_WORKER_OPTIONS: WORKER_OPTIONS }, [
        '--import',
        fileURLToPath(new URL('./worker-options.js', import.meta.url)),
      ])
    : stack.spawnChild('worker', env);
  // BENCH_API_LOG_LEVEL=log: the API writes its line per request, as it does by default in production.
  const apiEnv = { ...env, LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? env.LOG_LEVEL };
  stack.api = TRACE_API
    ? stack.spawnChild(
        'api',
        {
          ...apiEnv,
          BENCH_TIMING_PORT: String(API_TIMING_PORT),
          BENCH_TIMING_DIR: dir,
          BENCH_CPU_PROFILE: CPU_PROFILE ? '1' : '0',
          ...(PG_POOL_MAX ? { BENCH_PG_POOL_MAX: PG_POOL_MAX } : {}),
        },
        ['--import', fileURLToPath(new URL('./api-timing.js', import.meta.url))],
      )
    : stack.spawnChild('api', apiEnv);
  /** Asks the API for its timings since the last ask (and starts afresh); waits for the file. */
  const apiTimings = async (): Promise<ApiTimings | null> => {
    if (!TRACE_API) return null;
    const body = await new Promise<string>((ok, fail) => {
      http
        .get({ host: '127.0.0.1', port: API_TIMING_PORT, path: '/dump' }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            res.statusCode === 200
              ? ok(Buffer.concat(chunks).toString())
              : fail(new Error(`API timing dump answered ${res.statusCode}`)),
          );
        })
        .on('error', fail);
    });
    return JSON.parse(body) as ApiTimings;
  };

  stack.connection = await Connection.connect({ address: stack.temporal.address });
  const client = (stack.client = new Client({ connection: stack.connection, namespace: 'default' }));

  t0 = performance.now();
  const up = await race(waitForPort(API_PORT, '127.0.0.1', 90_000, () => stack.api!.exitCode === null));
  if (!up) throw new Error(`the API did not listen on ${API_PORT} within 90 s: ${tail(join(dir, 'api.log'), 3)}`);
  for (;;) {
    const h = await httpJson('GET', '/health').catch(() => null);
    if (h?.status === 200) break;
    await race(sleep(250));
  }
  log(`API up on ${API_PORT} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  for (;;) {
    const d = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: API_QUEUE, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (d.pollers.length > 0) break;
    if (performance.now() - t0 > 120_000)
      throw new Error(`the worker did not poll ${API_QUEUE} within 120 s: ${tail(join(dir, 'worker.log'), 3)}`);
    await race(sleep(250));
  }
  log(`worker polling ${API_QUEUE} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const rssPeak = { worker: 0, api: 0 };
  const sampleRss = () => {
    const w = stack.worker?.pid ? procStatus(stack.worker.pid) : null;
    const a = stack.api?.pid ? procStatus(stack.api.pid) : null;
    if (w) rssPeak.worker = Math.max(rssPeak.worker, w.hwm, w.rss);
    if (a) rssPeak.api = Math.max(rssPeak.api, a.hwm, a.rss);
  };
  const rssTimer = setInterval(sampleRss, 1000);
  rssTimer.unref();

  const cpu = () => ({
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    api: treeCpu(stack.api?.pid),
    worker: treeCpu(stack.worker?.pid),
    temporal: treeCpu(temporalPid),
    postgres: treeCpu(pgPid),
  });
  const cpuDelta = (a: Record<string, number>, b: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const k of Object.keys(a)) out[k] = Math.round((b[k] - a[k]) * 10) / 10;
    return out;
  };

  // ---- 2. seed (not measured)
  const seedT0 = performance.now();
  const username = 'bench-caseworker';
  const password = `bench-${randomInt(1e9)}`;
  await stack.ds.query(
    `INSERT INTO users (username, "displayName", role, "passwordHash", version, "officeId")
     SELECT $1, $2, 'caseworker', $3, 1, min(id) FROM offices WHERE kind = 'county'`,
    [username, '基准科员', await hashPassword(password)],
  );
  const login = await race(httpJson('POST', '/auth/login', { username, password }));
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
  const token: string = login.body.token;
  const salt = Array.from({ length: 5 }, () => CC_ALPHABET[randomInt(0, 31)]).join('');
  const totalWorkers = N + 2 * FIRE_BATCH;
  const employerIds = await race(
    pool(EMPLOYERS, C, async (i) => {
      const r = await httpJson(
        'POST',
        '/employers',
        {
          name: `大连${hanTag(4)}物流有限公司${i}`,
          creditCode: creditCodeFor(i, salt),
          region: '大连市甘井子区',
          contactName: '刘经理',
          contactPhone: '0411-86661234',
          agreementStart: '2026-01-01',
          agreementEnd: '2027-12-31',
        },
        token,
      );
      if (r.status !== 201)
        throw new Error(`POST /employers answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body.id as number;
    }),
  );
  const workerIds = await race(
    pool(
      totalWorkers,
      C,
      async (i) => {
        const r = await httpJson(
          'POST',
          '/workers',
          {
            name: `张${hanTag(3)}`,
            citizenId: citizenIdFor(i),
            phone: `13${String(100_000_000 + i).padStart(9, '0')}`,
            township: '城关镇',
            categories: ['rural_surplus'],
            skills: ['电焊'],
          },
          token,
        );
        if (r.status !== 201)
          throw new Error(`POST /workers answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
        return r.body.id as number;
      },
      progressEvery('seeding workers', totalWorkers),
    ),
  );
  const seedSeconds = (performance.now() - seedT0) / 1000;
  log(`seeded ${totalWorkers} workers and ${EMPLOYERS} employers in ${seedSeconds.toFixed(1)} s`);

  const today = shanghaiTodayIndep();

  // ---- 3. floor: the same workflows started straight with the Temporal client, on a queue nobody polls
  log(`floor: starting ${N} contractDeadline workflows directly, ${C} at a time, on ${FLOOR_QUEUE}`);
  const cpuF0 = cpu();
  const machF0 = machineCpu();
  const floorT0 = performance.now();
  const floorLat = await race(
    pool(
      N,
      C,
      async (i) => {
        const input: ContractDeadlineInput = {
          placementId: 10_000_000 + i,
          startDate: today,
          deadlineDays: 15,
          reminderDaysBefore: 3,
          rectifyDays: 10,
        };
        const s = performance.now();
        await client.workflow.start('contractDeadline', {
          workflowId: contractWorkflowId(10_000_000 + i),
          taskQueue: FLOOR_QUEUE,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return performance.now() - s;
      },
      progressEvery('floor', N),
    ),
  );
  const floorSeconds = (performance.now() - floorT0) / 1000;
  const cpuFloor = cpuDelta(cpuF0, cpu());
  const machineFloor = machineShare(machF0, machineCpu());
  const floor = rate(floorLat, floorSeconds);
  log(`floor: ${fmtRate(floor, 'starts')}`);
  // Out of the way before the API phase, so both phases see the same server state.
  const termT0 = performance.now();
  await race(
    pool(
      N,
      C,
      (i) =>
        client.workflow
          .getHandle(contractWorkflowId(10_000_000 + i))
          .terminate('benchmark floor done')
          .then(() => undefined),
      progressEvery('terminating floor workflows', N),
    ),
  );
  const terminateSeconds = (performance.now() - termT0) / 1000;

  // Diagnostic: the same starts on the queue the worker polls, so the worker runs each one's
  // first workflow task (sets its timers) meanwhile — the Temporal work the API path causes.
  let floorPolled: (Rate & { cpuSeconds: Record<string, number> }) | null = null;
  if (FLOOR_POLLED) {
    log(`floor on the worker's queue: ${N} starts, ${C} at a time, on ${API_QUEUE}`);
    const c0 = cpu();
    const t = performance.now();
    const lat = await race(
      pool(
        N,
        C,
        async (i) => {
          const id = 20_000_000 + i;
          const input: ContractDeadlineInput = {
            placementId: id,
            startDate: today,
            deadlineDays: 15,
            reminderDaysBefore: 3,
            rectifyDays: 10,
          };
          const s = performance.now();
          await client.workflow.start('contractDeadline', {
            workflowId: contractWorkflowId(id),
            taskQueue: API_QUEUE,
            args: [input],
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          });
          return performance.now() - s;
        },
        progressEvery('floor (polled)', N),
      ),
    );
    floorPolled = { ...rate(lat, (performance.now() - t) / 1000), cpuSeconds: cpuDelta(c0, cpu()) };
    log(`floor (polled): ${fmtRate(floorPolled, 'starts')}`);
    await race(
      pool(
        N,
        C,
        (i) =>
          client.workflow
            .getHandle(contractWorkflowId(20_000_000 + i))
            .terminate('benchmark floor done')
            .then(() => undefined),
        progressEvery('terminating polled floor workflows', N),
      ),
    );
  }

  // ---- 4. the API path
  log(`API: ${N} × POST /placements, ${C} at a time`);
  const non201: { i: number; status: number; body: unknown }[] = [];
  const placementIds: number[] = new Array(N);
  let allRunningAt: number | null = null;
  let runningTarget = N; // lowered after the phase by the number of refused registrations
  const countQuery = `WorkflowType="contractDeadline" AND ExecutionStatus="Running" AND TaskQueue="${API_QUEUE}"`;
  freshAgent();
  await apiTimings(); // starts the API's timing window (and its CPU profile) afresh
  const cpuA0 = cpu();
  const machA0 = machineCpu();
  const apiT0 = performance.now();
  // Visibility watcher: from the first registration, once a second, until all are Running.
  let watching = true;
  const watcher = (async () => {
    for (;;) {
      await sleep(1000);
      const { count } = await client.workflow.count(countQuery);
      if (count >= runningTarget) {
        allRunningAt = performance.now();
        return;
      }
      if (!watching || performance.now() - apiT0 > 30 * 60_000) return;
    }
  })();
  watcher.catch(() => undefined);
  stack.onStop(() => (watching = false));
  const apiLat = await race(
    pool(
      N,
      C,
      async (i) => {
        const r = await httpJson(
          'POST',
          '/placements',
          {
            workerId: workerIds[i],
            employerId: employerIds[i % EMPLOYERS],
            startDate: today,
            job: '报纸投递员',
            monthlyWageFen: 320000,
            destination: '黑龙江省哈尔滨市南岗区',
            organised: true,
          },
          token,
        );
        if (r.status !== 201) non201.push({ i, status: r.status, body: r.body });
        else placementIds[i] = r.body.id;
        return r.ms;
      },
      progressEvery('API registrations', N),
    ),
  );
  const apiSeconds = (performance.now() - apiT0) / 1000;
  const cpuApi = cpuDelta(cpuA0, cpu());
  const machineApi = machineShare(machA0, machineCpu());
  const timings = await apiTimings();
  const cpuProfile = timings?.cpuProfile ? summariseProfile(timings.cpuProfile) : null;
  const api = rate(apiLat, apiSeconds);
  log(`API: ${fmtRate(api, 'regs')}; non-201: ${non201.length}`);
  for (const x of non201.slice(0, 10)) log(`  non-201 #${x.i}: ${x.status} ${JSON.stringify(x.body).slice(0, 400)}`);

  // ---- 6. all running (visibility), and all first workflow tasks taken (worker backlog empty)
  runningTarget = N - non201.length;
  await race(watcher);
  const waitUntil = performance.now() + 10 * 60_000;
  let backlogDrainedAt: number | null = null;
  for (;;) {
    const d = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: API_QUEUE, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      reportStats: true,
    });
    const raw = d.stats?.approximateBacklogCount;
    if (raw === undefined || raw === null) break; // this server does not report it
    const backlog = typeof raw === 'number' ? raw : raw.toNumber();
    if (backlog === 0) {
      backlogDrainedAt = performance.now();
      break;
    }
    if (performance.now() > waitUntil) break;
    await race(sleep(500));
  }
  const allRunningAfterSeconds = allRunningAt === null ? null : Math.round((allRunningAt - apiT0) / 100) / 10;
  const firstTasksAfter = backlogDrainedAt === null ? null : Math.round((backlogDrainedAt - apiT0) / 100) / 10;

  // ---- 6b. where a workflow's first task waited: from 50 histories spread over the run,
  // started → first workflow task picked up by the worker (queue wait) → completed (timers set).
  const spread = Array.from(
    { length: Math.min(50, N) },
    (_, k) => placementIds[Math.floor((k * (N - 1)) / Math.max(1, Math.min(50, N) - 1))],
  ).filter((id) => id !== undefined);
  const firstTask = { queueWait: [] as number[], processing: [] as number[], total: [] as number[] };
  const E = proto.api.enums.v1.EventType;
  const tsMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => {
    const sec = t?.seconds as { toNumber?: () => number } | number | undefined;
    return (typeof sec === 'number' ? sec : (sec?.toNumber?.() ?? 0)) * 1000 + (t?.nanos ?? 0) / 1e6;
  };
  for (const id of spread) {
    const h = await client.workflow.getHandle(contractWorkflowId(id)).fetchHistory();
    const at = (type: number) => h.events?.find((e) => e.eventType === type)?.eventTime;
    const started = at(E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    const wftStarted = at(E.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const wftDone = at(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    if (!started || !wftStarted || !wftDone) continue;
    firstTask.queueWait.push(tsMs(wftStarted) - tsMs(started));
    firstTask.processing.push(tsMs(wftDone) - tsMs(wftStarted));
    firstTask.total.push(tsMs(wftDone) - tsMs(started));
  }
  const stat = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return {
      n: s.length,
      p50: Math.round(percentile(s, 50)),
      p99: Math.round(percentile(s, 99)),
      max: Math.round(s[s.length - 1] ?? NaN),
    };
  };
  const firstWorkflowTask = {
    queueWaitMs: stat(firstTask.queueWait),
    processingMs: stat(firstTask.processing),
    totalMs: stat(firstTask.total),
  };

  // ---- 8a. a sample of timers: queried, compared with what they must be
  const registered = placementIds.map((id, i) => ({ id, i })).filter((x) => x.id !== undefined);
  const shuffled = [...registered];
  for (let k = shuffled.length - 1; k > 0; k--) {
    const j = randomInt(0, k + 1);
    [shuffled[k], shuffled[j]] = [shuffled[j], shuffled[k]];
  }
  const sample = shuffled.slice(0, SAMPLE);
  const failures: string[] = [];
  const expectDeadline = addDaysIndep(today, 15);
  const expectReminder = `${addDaysIndep(expectDeadline, -3)}T01:00:00.000Z`; // 09:00 Asia/Shanghai
  for (const { id } of sample) {
    try {
      const st: ContractDeadlineState = await client.workflow
        .getHandle(contractWorkflowId(id))
        .query(contractStateQuery);
      const desc = await client.workflow.getHandle(contractWorkflowId(id)).describe();
      const [row] = await stack.ds.query('SELECT status, deadline FROM placements WHERE id = $1', [id]);
      const bad: string[] = [];
      if (desc.status.name !== 'RUNNING') bad.push(`status ${desc.status.name}`);
      if (st.stage !== 'awaiting_contract') bad.push(`stage ${st.stage}`);
      if (st.deadline !== expectDeadline) bad.push(`deadline ${st.deadline} ≠ ${expectDeadline}`);
      if (st.reminderAt !== expectReminder) bad.push(`reminderAt ${st.reminderAt} ≠ ${expectReminder}`);
      if (st.reminderSentAt !== null || st.overdueAt !== null) bad.push('reminder/overdue already marked');
      if (row?.status !== 'awaiting_contract' || row?.deadline !== expectDeadline)
        bad.push(`Postgres row ${JSON.stringify(row)}`);
      if (bad.length) failures.push(`placement ${id}: ${bad.join(', ')}`);
    } catch (e) {
      failures.push(`placement ${id}: ${oneLine(e)}`);
    }
  }

  // ---- 8b. timers that fire now: 20 registered 20 days late (overdue at once), 20 on their reminder day
  log(
    `firing: ${FIRE_BATCH} placements started 20 days ago (overdue) and ${FIRE_BATCH} started 13 days ago (reminder due)`,
  );
  freshAgent();
  const fireT0 = performance.now();
  const fire = await race(
    pool(2 * FIRE_BATCH, C, async (k) => {
      const overdue = k < FIRE_BATCH;
      const r = await httpJson(
        'POST',
        '/placements',
        {
          workerId: workerIds[N + k],
          employerId: employerIds[k % EMPLOYERS],
          startDate: addDaysIndep(today, overdue ? -20 : -13),
          job: '电焊工',
          monthlyWageFen: 450000,
          destination: '辽宁省大连市甘井子区',
          organised: false,
        },
        token,
      );
      if (r.status !== 201)
        throw new Error(
          `POST /placements (firing batch) answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`,
        );
      return { id: r.body.id as number, overdue };
    }),
  );
  const overdueIds = fire.filter((f) => f.overdue).map((f) => f.id);
  const reminderIds = fire.filter((f) => !f.overdue).map((f) => f.id);
  let firedOverdue = 0;
  let firedComplete = 0;
  let firedReminders = 0;
  let firedSeconds: number | null = null;
  const fireUntil = performance.now() + 5 * 60_000;
  while (performance.now() < fireUntil) {
    [{ n: firedOverdue }] = await stack.ds.query(
      `SELECT count(*)::int AS n FROM placements WHERE id = ANY($1) AND status = 'overdue'`,
      [overdueIds],
    );
    [{ n: firedComplete }] = await stack.ds.query(
      `SELECT count(*)::int AS n FROM placements p WHERE p.id = ANY($1) AND p.status = 'overdue'
          AND EXISTS (SELECT 1 FROM cases c WHERE c."placementId" = p.id AND c.kind = 'no_contract')
          AND EXISTS (SELECT 1 FROM documents d WHERE d."subjectType" = 'placement' AND d."subjectId" = p.id AND d.type = 'contract_rectification')`,
      [overdueIds],
    );
    [{ n: firedReminders }] = await stack.ds.query(
      `SELECT count(DISTINCT "subjectId")::int AS n FROM documents WHERE type = 'contract_reminder' AND "subjectType" = 'placement' AND "subjectId" = ANY($1)`,
      [reminderIds],
    );
    if (firedComplete === FIRE_BATCH && firedReminders === FIRE_BATCH) {
      firedSeconds = Math.round((performance.now() - fireT0) / 100) / 10;
      break;
    }
    await race(sleep(250));
  }

  // ---- 7. sizes and memory, after everything ran
  sampleRss();
  const w = stack.worker?.pid ? procStatus(stack.worker.pid) : null;
  const a = stack.api?.pid ? procStatus(stack.api.pid) : null;
  clearInterval(rssTimer);
  const [{ bytes, pretty }] = await stack.ds.query(
    `SELECT pg_database_size(current_database())::bigint AS bytes, pg_size_pretty(pg_database_size(current_database())) AS pretty`,
  );
  let sqliteBytes: number | null = null;
  if (sqliteFile) {
    sqliteBytes = 0;
    for (const suffix of ['', '-wal', '-shm']) {
      const f = join(dir, sqliteFile + suffix);
      if (existsSync(f)) sqliteBytes += statSync(f).size;
    }
  }

  const ratio = Math.round((api.perSecond / floor.perSecond) * 100) / 100;
  return {
    mode,
    temporalStorage: mode === 'file' ? 'SQLite file, journal_mode=WAL, synchronous=NORMAL' : 'SQLite in memory',
    seeding: {
      workers: totalWorkers,
      employers: EMPLOYERS,
      seconds: Math.round(seedSeconds * 10) / 10,
      workersPerSecond: Math.round((totalWorkers / seedSeconds) * 10) / 10,
    },
    floor: { ...floor, terminateSeconds: Math.round(terminateSeconds * 10) / 10 },
    api: { ...api, non201: non201.length, non201Examples: non201.slice(0, 10) },
    ratio,
    ratioMet: ratio >= TARGET_RATIO,
    p99Met: api.p99 < TARGET_P99_MS,
    allRunningAfterSeconds,
    firstWorkflowTasksDoneAfterSeconds: firstTasksAfter,
    firstWorkflowTask,
    workerRssBytes: w?.rss ?? NaN,
    workerPeakRssBytes: Math.max(rssPeak.worker, w?.hwm ?? 0),
    apiRssBytes: a?.rss ?? NaN,
    apiPeakRssBytes: Math.max(rssPeak.api, a?.hwm ?? 0),
    postgresBytes: Number(bytes),
    postgresPretty: pretty,
    sqliteBytes,
    cpuSeconds: { floor: cpuFloor, api: cpuApi },
    machine: { floor: machineFloor, api: machineApi },
    sample: { checked: sample.length, correct: sample.length - failures.length, failures },
    fired: {
      overdue: firedOverdue,
      overdueWithCaseAndNotice: firedComplete,
      reminders: firedReminders,
      batch: FIRE_BATCH,
      seconds: firedSeconds,
      timedOut: firedSeconds === null,
    },
    childLogLines: { api: lineCount(join(dir, 'api.log')), worker: lineCount(join(dir, 'worker.log')) },
    ...(floorPolled ? { floorPolled } : {}),
    ...(timings ? { apiTimings: timings } : {}),
    ...(cpuProfile ? { apiCpuProfile: cpuProfile } : {}),
  };
}

function report(r: RunResult): void {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const cpuLine = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
  say('');
  say(`== placements benchmark: N=${r.api.n}, concurrency ${C}, Temporal on ${r.temporalStorage} ==`);
  if (PG_POOL_MAX || WORKER_OPTIONS)
    say(
      `(experiment:${PG_POOL_MAX ? ` API Postgres pool max ${PG_POOL_MAX}` : ''}${WORKER_OPTIONS ? ` worker options ${WORKER_OPTIONS}` : ''})`,
    );
  say(
    `seeding (not measured): ${r.seeding.workers} workers + ${r.seeding.employers} employers through the API in ${r.seeding.seconds.toFixed(1)} s (${r.seeding.workersPerSecond.toFixed(1)} workers/s)`,
  );
  say(`floor (Temporal client): ${fmtRate(r.floor, 'starts')}`);
  say(`API POST /placements: ${fmtRate(r.api, 'regs')}; non-201 answers: ${r.api.non201}`);
  say(`ratio API/floor: ${r.ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${met(r.ratioMet)})`);
  say(`API p99: ${r.api.p99.toFixed(0)} ms (target < ${TARGET_P99_MS} ms: ${met(r.p99Met)})`);
  const cpuPerReg = (r.cpuSeconds.api.api * 1000) / r.api.n;
  say(
    `API CPU per registration: ${cpuPerReg.toFixed(1)} ms (target ≤ ${TARGET_API_CPU_MS} ms: ${met(cpuPerReg <= TARGET_API_CPU_MS)}); Temporal ${((r.cpuSeconds.api.temporal * 1000) / r.api.n).toFixed(1)} ms, worker ${((r.cpuSeconds.api.worker * 1000) / r.api.n).toFixed(1)} ms, Postgres ${((r.cpuSeconds.api.postgres * 1000) / r.api.n).toFixed(1)} ms per registration; Temporal ${((r.cpuSeconds.floor.temporal * 1000) / r.floor.n).toFixed(1)} ms per floor start`,
  );
  say(
    `all ${r.api.n - r.api.non201} deadline workflows running after ${r.allRunningAfterSeconds === null ? 'NEVER (gave up after 10 min)' : `${r.allRunningAfterSeconds.toFixed(1)} s`} (visibility, from the first registration); worker had taken every first workflow task after ${r.firstWorkflowTasksDoneAfterSeconds === null ? '—' : `${r.firstWorkflowTasksDoneAfterSeconds.toFixed(1)} s`}`,
  );
  const ft = r.firstWorkflowTask;
  say(
    `first workflow task of ${ft.totalMs.n} workflows spread over the run: started → timers set p50 ${(ft.totalMs.p50 / 1000).toFixed(1)} s, max ${(ft.totalMs.max / 1000).toFixed(1)} s (waiting for the worker p50 ${(ft.queueWaitMs.p50 / 1000).toFixed(1)} s, max ${(ft.queueWaitMs.max / 1000).toFixed(1)} s, target < ${TARGET_FIRST_TASK_WAIT_S} s: ${met(ft.queueWaitMs.max < TARGET_FIRST_TASK_WAIT_S * 1000)}; processing p50 ${ft.processingMs.p50} ms, max ${ft.processingMs.max} ms)`,
  );
  say(
    `worker RSS ${MB(r.workerRssBytes)} (peak ${MB(r.workerPeakRssBytes)}); API RSS ${MB(r.apiRssBytes)} (peak ${MB(r.apiPeakRssBytes)})`,
  );
  say(`Postgres size ${r.postgresPretty} (${r.postgresBytes} bytes)`);
  say(`SQLite ${r.sqliteBytes === null ? 'in memory (no file)' : `${MB(r.sqliteBytes)} (temporal.db + -wal + -shm)`}`);
  say(
    `sample of ${r.sample.checked} timers: ${r.sample.correct}/${r.sample.checked} correct (stage awaiting_contract, deadline start+15, reminder at 09:00 Shanghai 3 days before)`,
  );
  for (const f of r.sample.failures) say(`  wrong: ${f}`);
  say(
    `fired: ${r.fired.overdueWithCaseAndNotice}/${r.fired.batch} overdue (status, no_contract case, 限期签订 notice), ${r.fired.reminders}/${r.fired.batch} reminders (提醒函) ${r.fired.seconds === null ? 'NOT all within 5 min' : `in ${r.fired.seconds.toFixed(1)} s`}`,
  );
  const mach = (
    m: { busy: number; iowait: number; steal: number; busySeconds: number },
    ours: Record<string, number>,
  ) =>
    `other processes ${Math.max(0, m.busySeconds - Object.values(ours).reduce((x, y) => x + y, 0)).toFixed(1)}; machine ${m.busy}% busy, ${m.iowait}% iowait, ${m.steal}% steal (of ${os.cpus().length} cores)`;
  say(
    `CPU seconds during the floor (${r.floor.seconds.toFixed(1)} s wall): ${cpuLine(r.cpuSeconds.floor)}, ${mach(r.machine.floor, r.cpuSeconds.floor)}`,
  );
  say(
    `CPU seconds during the API phase (${r.api.seconds.toFixed(1)} s wall): ${cpuLine(r.cpuSeconds.api)}, ${mach(r.machine.api, r.cpuSeconds.api)}`,
  );
  if (r.floorPolled)
    say(
      `floor on the worker's queue (worker runs each first workflow task meanwhile): ${fmtRate(r.floorPolled, 'starts')}; CPU s: ${cpuLine(r.floorPolled.cpuSeconds)}`,
    );
  if (r.apiTimings) {
    const s = r.apiTimings.summary;
    const line = (k: string) =>
      s[k]
        ? `${k} n=${s[k].n} mean ${s[k].mean.toFixed(1)} p50 ${s[k].p50.toFixed(1)} p99 ${s[k].p99.toFixed(1)} ms`
        : null;
    say(
      `inside the API during the API phase${r.apiTimings.poolMax ? ` (experiment: Postgres pool max ${r.apiTimings.poolMax})` : ''}:`,
    );
    const keys = Object.keys(s).sort((a, b) => s[b].mean * s[b].n - s[a].mean * s[a].n);
    for (const k of keys)
      if (k !== 'eventLoopDelay' && !k.startsWith('pool.total') && !k.startsWith('pool.idle')) say(`  ${line(k)}`);
    for (const k of ['pool.total', 'pool.idle'])
      if (s[k]) say(`  ${k} (sampled every 50 ms): mean ${s[k].mean.toFixed(1)}, p50 ${s[k].p50}, max ${s[k].max}`);
    const e = s['eventLoopDelay'] as unknown as { mean: number; p50: number; p99: number; max: number };
    say(`  event-loop delay: mean ${e.mean.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms, max ${e.max.toFixed(1)} ms`);
  }
  if (r.apiCpuProfile) {
    say(`API CPU profile of the API phase (${(r.apiCpuProfile.totalMs / 1000).toFixed(1)} s sampled, self time):`);
    say(`  by area: ${r.apiCpuProfile.byArea.map((a) => `${a.area} ${a.share}%`).join(', ')}`);
    for (const f of r.apiCpuProfile.topFunctions.slice(0, 15)) say(`  ${f.share.toFixed(1).padStart(5)}%  ${f.fn}`);
  }
  say(
    `(floor workflows terminated afterwards in ${r.floor.terminateSeconds.toFixed(1)} s; child log lines: api ${r.childLogLines.api}, worker ${r.childLogLines.worker})`,
  );
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1)
    throw new Error(`N must be a positive whole number (argv or BENCH_N), got ${positional[0] ?? process.env.BENCH_N}`);
  if (!Number.isInteger(C) || C < 1)
    throw new Error(
      `concurrency must be a positive whole number, got ${flagValue('--concurrency') ?? process.env.BENCH_C}`,
    );
  // Wipe the bench data folder, keeping earlier results.
  mkdirSync(DATA_DIR, { recursive: true });
  for (const f of readdirSync(DATA_DIR))
    if (!/^placements-.*\.json$/.test(f)) rmSync(join(DATA_DIR, f), { recursive: true, force: true });

  const modes: ('file' | 'memory')[] = WITH_MEMORY ? ['file', 'memory'] : ['file'];
  const results: RunResult[] = [];
  let current: Stack | undefined;
  let interrupted = false;
  const onSignal = (sig: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping`);
    current?.fail(new Error(`interrupted (${sig})`));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // A stray rejection ends the run like any other error: one line, everything stopped.
  process.on('unhandledRejection', (e) => {
    if (current) current.fail(e instanceof Error ? e : new Error(String(e)));
    else {
      process.stderr.write(`bench failed: ${oneLine(e)}\n`);
      process.exit(1);
    }
  });

  let error: unknown;
  for (const mode of modes) {
    const stack = (current = new Stack(join(DATA_DIR, mode)));
    try {
      results.push(await Promise.race([runOnce(mode, stack), stack.failed]));
    } catch (e) {
      error = e;
    } finally {
      await stack.stop();
    }
    if (error) break;
    report(results[results.length - 1]);
  }
  agent.destroy();
  if (error) {
    process.stderr.write(`bench failed: ${oneLine(error)}\n`);
    process.exit(1);
  }
  if (results.length === 2) {
    const [f, m] = results;
    say('');
    say(
      `file vs memory: floor ${f.floor.perSecond.toFixed(1)} vs ${m.floor.perSecond.toFixed(1)} starts/s; API ${f.api.perSecond.toFixed(1)} vs ${m.api.perSecond.toFixed(1)} regs/s; API p99 ${f.api.p99.toFixed(0)} vs ${m.api.p99.toFixed(0)} ms`,
    );
  }
  const out = join(DATA_DIR, `placements-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    `${JSON.stringify({ benchmark: 'placements', n: N, concurrency: C, targets: { ratio: TARGET_RATIO, p99Ms: TARGET_P99_MS, apiCpuMsPerRegistration: TARGET_API_CPU_MS, firstTaskWaitSeconds: TARGET_FIRST_TASK_WAIT_S }, node: process.version, cpus: os.cpus().length, at: new Date().toISOString(), runs: results }, null, 2)}\n`,
  );
  say(`figures written to ${out}`);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${oneLine(e)}\n`);
  process.exit(1);
});
