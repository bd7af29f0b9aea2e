/**
 * Diagnostics for the placements benchmark (`--trace-api`), loaded into the API process with
 * `node --import ./dist/test/bench/api-timing.js dist/src/api.js`. Changes nothing in the app's
 * behaviour unless BENCH_PG_POOL_MAX is set (an experiment: a bigger Postgres pool).
 *
 * Records, per request and per call: HTTP request time, waits for a pooled Postgres connection,
 * query times by statement kind, how long each transaction stays open, the Temporal
 * `workflow.start` call, and event-loop delay. A GET on 127.0.0.1:$BENCH_TIMING_PORT answers
 * what it has since the last GET and starts afresh (the bench asks before and after the API
 * phase); with BENCH_CPU_PROFILE=1 it also profiles that window to $BENCH_TIMING_DIR/api.cpuprofile.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { WorkflowClient } from '@temporalio/client';

type Series = Record<string, number[]>;
let series: Series = {};
const add = (k: string, v: number) => (series[k] ??= []).push(v);
const now = () => performance.now();

// ---- optional experiment: a bigger Postgres pool, without touching the app's code
const poolMax = Number(process.env.BENCH_PG_POOL_MAX ?? 0);
if (poolMax > 0) {
  const Base = pg.Pool;
  (pg as unknown as { Pool: unknown }).Pool = class extends Base {
    constructor(opts: pg.PoolConfig = {}) {
      super({ ...opts, max: poolMax });
    }
  };
}

// ---- Postgres: pool waits, statement times, transaction lifetimes
const pools = new Set<pg.Pool>();
// Patch the class that defines connect (pg's BoundPool inherits it from pg-pool).
let poolProto = (pg.Pool as unknown as { prototype: object }).prototype as { connect: (...a: any[]) => unknown };
while (poolProto && !Object.prototype.hasOwnProperty.call(poolProto, 'connect'))
  poolProto = Object.getPrototypeOf(poolProto);
{
  const origConnect = poolProto.connect;
  poolProto.connect = function (
    this: pg.Pool,
    cb?: (err: Error | undefined, client: pg.PoolClient, release: () => void) => void,
  ) {
    pools.add(this);
    const t = now();
    add('pool.waitingAtConnect', this.waitingCount);
    if (typeof cb === 'function') {
      return origConnect.call(this, (err: Error | undefined, client: pg.PoolClient, release: () => void) => {
        add('pool.connectWait', now() - t);
        cb(err, client, release);
      });
    }
    return (origConnect.call(this) as Promise<pg.PoolClient>).then((c) => {
      add('pool.connectWait', now() - t);
      return c;
    });
  };
}

const txStart = new WeakMap<object, number>();
const origQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
  const kind = statementKind(text);
  const t = now();
  if (kind === 'BEGIN' || kind === 'START') txStart.set(this, t);
  const done = () => {
    add(`sql.${kind}`, now() - t);
    if (kind === 'COMMIT' || kind === 'ROLLBACK') {
      const s = txStart.get(this);
      if (s !== undefined) add('sql.transactionOpen', now() - s);
      txStart.delete(this);
    }
  };
  const last = args[args.length - 1];
  // A query object (the reach client's statement with what goes before it) answers through its callback.
  const submittable = args[0] as { submit?: unknown; callback?: (...r: unknown[]) => unknown } | undefined;
  if (typeof submittable?.submit === 'function' && typeof submittable.callback === 'function') {
    const callback = submittable.callback;
    submittable.callback = (...r: unknown[]) => {
      done();
      return callback(...r);
    };
    return origQuery.apply(this, args);
  }
  if (typeof last === 'function') {
    args[args.length - 1] = (...r: unknown[]) => {
      done();
      return (last as (...x: unknown[]) => unknown)(...r);
    };
    return origQuery.apply(this, args);
  }
  const out = origQuery.apply(this, args);
  if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(done, done);
  return out;
};

function statementKind(sql: string): string {
  const s = sql.trim().toUpperCase();
  const first = s.split(/\s+/, 1)[0] ?? '?';
  if (first === 'INSERT') return `INSERT ${/INSERT INTO\s+"?(\w+)"?/.exec(s)?.[1]?.toLowerCase() ?? '?'}`;
  if (first === 'SELECT') {
    const from = /FROM\s+"?(\w+)"?/.exec(s)?.[1]?.toLowerCase() ?? '?';
    return `SELECT ${from}`;
  }
  return first;
}

// ---- Temporal: the workflow start call
const origStart = WorkflowClient.prototype.start;
WorkflowClient.prototype.start = async function (this: WorkflowClient, ...args: Parameters<typeof origStart>) {
  const t = now();
  try {
    return await origStart.apply(this, args);
  } finally {
    add('temporal.workflowStart', now() - t);
  }
} as typeof origStart;

// ---- HTTP: time inside the server, from the request event to the response's finish
const origEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
  if (event === 'request') {
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    const t = now();
    res.once('finish', () => add(`http.${req.method} ${req.url?.split('?')[0].replace(/\/\d+/g, '/:id')}`, now() - t));
  }
  return (origEmit as (...a: unknown[]) => boolean).call(this, event, ...args);
} as typeof origEmit;

// ---- event loop
const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();

// ---- pool occupancy, sampled
setInterval(() => {
  for (const p of pools) {
    add('pool.total', p.totalCount);
    add('pool.idle', p.idleCount);
    add('pool.waiting', p.waitingCount);
  }
}, 50).unref();

// ---- CPU profile of the same window
let session: Session | undefined;
if (process.env.BENCH_CPU_PROFILE === '1') {
  session = new Session();
  session.connect();
}
let profiling = false;

/** What was recorded since the last call, then a fresh start (and the CPU profile toggled). */
async function dump(): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(series)) {
    const s = [...v].sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
    summary[k] = {
      n: s.length,
      mean: s.reduce((a, b) => a + b, 0) / s.length,
      p50: q(50),
      p95: q(95),
      p99: q(99),
      max: s[s.length - 1],
    };
  }
  summary['eventLoopDelay'] = {
    mean: eld.mean / 1e6,
    p50: eld.percentile(50) / 1e6,
    p99: eld.percentile(99) / 1e6,
    max: eld.max / 1e6,
  };
  series = {};
  eld.reset();
  let cpuProfile: string | null = null;
  if (session) {
    const s = session;
    if (profiling) {
      const profile = await new Promise<unknown>((ok, fail) =>
        s.post('Profiler.stop', (err, res) => (err ? fail(err) : ok(res.profile))),
      );
      cpuProfile = `${process.env.BENCH_TIMING_DIR ?? '.'}/api.cpuprofile`;
      writeFileSync(cpuProfile, JSON.stringify(profile));
      profiling = false;
    } else {
      await new Promise<void>((ok) =>
        s.post('Profiler.enable', () =>
          s.post('Profiler.setSamplingInterval', { interval: 500 }, () => s.post('Profiler.start', () => ok())),
        ),
      );
      profiling = true;
    }
  }
  return { at: Date.now(), poolMax: poolMax || null, summary, cpuProfile };
}

// A control port for the bench (signals are no good: Nest's shutdown hooks take SIGUSR2 too).
const controlPort = Number(process.env.BENCH_TIMING_PORT ?? 0);
if (controlPort) {
  const control = http.createServer((req, res) => {
    dump().then(
      (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  control.listen(controlPort, '127.0.0.1');
  control.unref();
}
