/**
 * What every workflow test file sets up: one time-skipping environment for the file, and
 * workers whose activities are recording test doubles (the workflow's decisions are under test;
 * the real activities run in the e2e tests).
 *
 *     const wf = workflowTests();
 *     const { worker, calls, start } = await wf.recordingWorker('contract', {
 *       sendContractReminder: () => ({ documentId: 2 }),
 *       markContractSigned: nothing,
 *     });
 *     const handle = await start('contractDeadline', input);
 */
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { existsSync, writeFileSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { shanghaiDate } from '../../workflows/calendar.js';
import { timeSkippingEnv, uniqueQueue, workflowBundle } from './temporal.js';

/** One activity call a recording double saw: its arguments, at the test server's time (and its Asia/Shanghai date). */
export interface Call {
  name: string;
  args: Record<string, unknown>;
  at: number;
  on: string;
}

/** What a recording double answers, from the call's arguments. */
export type Answer = (args: Record<string, unknown>) => unknown;
/** Records the call and answers nothing. */
export const nothing: Answer = () => undefined;

// Activities are any functions; the SDK's own type for them is as loose.
type Activity = (...args: any[]) => unknown;

/** The calls of one activity, in order. */
export const of = (calls: Call[], name: string) => calls.filter((c) => c.name === name);

/**
 * Why a workflow's validator refused an update: its code, then its Chinese message (the test
 * fails if it was not refused).
 */
export async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x) => x,
  );
  expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (e as WorkflowUpdateFailedError).cause as { type?: string; message?: string } | undefined;
  return `${cause?.type ?? ''} ${cause?.message ?? ''}`;
}

const HISTORIES = new URL('../histories/', import.meta.url);

/**
 * With RECORD_HISTORIES set (`npm run record:histories`), saves the run's history as
 * test/histories/<name>.json for the replay test. Only once: a saved history must stay as the
 * code of its day wrote it, or replaying it proves nothing (RECORD_HISTORIES=overwrite replaces
 * it all the same, for a history recorded wrongly).
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const mode = process.env.RECORD_HISTORIES;
  if (!mode) return;
  const file = new URL(`${name}.json`, HISTORIES);
  if (existsSync(file) && mode !== 'overwrite') return;
  const History = temporal.api.history.v1.History;
  const json = History.toObject(History.fromObject(await handle.fetchHistory()), {
    longs: String,
    enums: String,
    bytes: String,
  });
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** Registers the file's environment (started before its tests, stopped after them) and gives its helpers. */
export function workflowTests() {
  const started: Worker[] = [];
  const wf = {
    /** Set before the first test runs. */
    env: undefined as unknown as TestWorkflowEnvironment,

    /** The test server's Asia/Shanghai date. */
    today: async () => shanghaiDate(await wf.env.currentTimeMs()),

    /**
     * A worker on its own task queue (or the one given, e.g. a second worker for the same runs)
     * whose `recorded` activities push every call onto `calls` and answer as told; `others`
     * run as they are (doubles that keep their own ledger). `start` starts a workflow there.
     */
    async recordingWorker(
      prefix: string,
      recorded: Record<string, Answer>,
      opts: { others?: Record<string, Activity>; taskQueue?: string; calls?: Call[] } = {},
    ) {
      const calls = opts.calls ?? [];
      const taskQueue = opts.taskQueue ?? uniqueQueue(prefix);
      const record =
        (name: string, answer: Answer) =>
        async (args: Record<string, unknown>): Promise<unknown> => {
          const at = await wf.env.currentTimeMs();
          calls.push({ name, args, at, on: shanghaiDate(at) });
          return answer(args);
        };
      const worker = await Worker.create({
        connection: wf.env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: {
          ...Object.fromEntries(Object.entries(recorded).map(([name, answer]) => [name, record(name, answer)])),
          ...opts.others,
        },
      });
      started.push(worker);
      /** Starts a workflow on this worker's queue; its id is the type and the queue, and `key` for another of one type. */
      const start = (workflowType: string, input: unknown, key?: string) =>
        wf.env.client.workflow.start(workflowType, {
          workflowId: `${workflowType}-${taskQueue}${key ? `-${key}` : ''}`,
          taskQueue,
          args: [input],
        });
      return { worker, calls, taskQueue, start };
    },
  };
  beforeAll(async () => {
    wf.env = await timeSkippingEnv();
  }, 120_000);
  // A test that failed or timed out inside runUntil leaves its worker polling: stopped here, it
  // cannot hold the connection open past the file and fail the next file's tests.
  afterEach(async () => {
    const running = started.splice(0).filter((w) => w.getState() === 'RUNNING');
    for (const w of running) w.shutdown();
    const until = Date.now() + 30_000;
    while (running.some((w) => !['STOPPED', 'FAILED'].includes(w.getState())) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
  }, 40_000);
  afterAll(() => wf.env?.teardown());
  return wf;
}
