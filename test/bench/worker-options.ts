/**
 * Diagnostics for the placements benchmark (`--worker-options '<json>'`), loaded into the worker
 * process with `node --import ./dist/test/bench/worker-options.js dist/src/worker.js`: merges
 * $BENCH_WORKER_OPTIONS (JSON, e.g. {"nonStickyToStickyPollRatio":1}) into the options the app
 * passes to Worker.create, to try a worker setting without changing the app.
 */
import { Worker, type WorkerOptions } from '@temporalio/worker';

const extra = JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}') as Partial<WorkerOptions>;
const create = Worker.create.bind(Worker);
Worker.create = ((options: WorkerOptions) => create({ ...options, ...extra })) as typeof Worker.create;
process.stderr.write(`[worker-options] Worker.create gets ${JSON.stringify(extra)}\n`);
