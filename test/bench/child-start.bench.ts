/**
 * `node dist/test/bench/child-start.bench.js [N] [--concurrency C]` — a diagnostic, not a test:
 * what Temporal costs for a registration's two processes started by the API (two client starts,
 * two first workflow tasks) against one start whose workflow starts the other as a child (its
 * first task, the child's first task, and the parent's task for ChildWorkflowExecutionStarted).
 * Both on one dev server (SQLite file with WAL, as the placements bench), one after the other,
 * each until the worker has run every task and the server rests (its CPU then
 * includes up to 1.5 s at rest per round); prints the server's and this process's CPU seconds
 * per pair. Ports BENCH_PORT_BASE+1 (default 57411), data in BENCH_DATA_DIR (default .data/child-bench).
 */
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import protoPkg from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startTemporalDevServer } from '../../src/embedded/temporal-server.js';

const proto = protoPkg.temporal;
const argv = process.argv.slice(2);
const N = Number(argv.find((a) => /^\d+$/.test(a)) ?? 1000);
const ci = argv.indexOf('--concurrency');
const C = ci >= 0 ? Number(argv[ci + 1]) : 16;
const base = Number(process.env.BENCH_PORT_BASE ?? 57410);
const dataDir = resolve(process.env.BENCH_DATA_DIR ?? '.data/child-bench');

/** CPU seconds of a process (user + system) from /proc. */
function cpuOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}
const self = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function pool(n: number, c: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function main(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const temporal = await startTemporalDevServer(
    { DATA_DIR: dataDir, EMBEDDED_TEMPORAL_PORT: base + 1, EMBEDDED_TEMPORAL_UI_PORT: base + 2 },
    { ui: false },
  );
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: temporal.address });
  const taskQueue = 'child-bench';
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./child-start.workflows.js', import.meta.url)),
  });
  const running = worker.run();
  const drained = async () => {
    // Every task taken and run: the queue's backlog empty (the parent's second task goes to the
    // worker's sticky queue, which this does not count) and the server at rest, three polls in a row.
    let last = cpuOf(temporal.pid);
    for (let calm = 0; calm < 3;) {
      await new Promise((r) => setTimeout(r, 500));
      const d = await client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      });
      const now = cpuOf(temporal.pid);
      const resting = now - last < 0.05;
      last = now;
      calm = Number(d.stats?.approximateBacklogCount ?? 0) === 0 && resting ? calm + 1 : 0;
    }
  };
  const run = async (name: string, one: (i: number) => Promise<unknown>) => {
    const t0 = performance.now();
    const s0 = cpuOf(temporal.pid);
    const p0 = self();
    await pool(N, C, one);
    const started = (performance.now() - t0) / 1000;
    await drained();
    const wall = (performance.now() - t0) / 1000;
    const server = cpuOf(temporal.pid) - s0;
    const here = self() - p0;
    console.log(
      `${name}: ${N} in ${started.toFixed(1)} s (${(N / started).toFixed(1)}/s), all tasks run after ${wall.toFixed(1)} s; ` +
        `Temporal ${((server / N) * 1000).toFixed(1)} ms, client + worker ${((here / N) * 1000).toFixed(1)} ms CPU per registration`,
    );
  };
  const opts = (id: string) => ({ taskQueue, workflowId: id });
  // A warm-up, so neither side pays for the first connections and the bundle.
  await pool(50, C, (i) => client.workflow.start('waiting', opts(`warm-${i}`)));
  await drained();
  for (let round = 1; round <= 2; round++) {
    await run(`two starts (today), round ${round}`, (i) =>
      Promise.all([
        client.workflow.start('waiting', opts(`r${round}-contract-${i}`)),
        client.workflow.start('waiting', opts(`r${round}-followup-${i}`)),
      ]),
    );
    await run(`one start, the other its child, round ${round}`, (i) =>
      client.workflow.start('startingChild', { ...opts(`r${round}-parent-${i}`), args: [`r${round}-child-${i}`] }),
    );
  }
  worker.shutdown();
  await running;
  await native.close();
  await connection.close();
  await temporal.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
