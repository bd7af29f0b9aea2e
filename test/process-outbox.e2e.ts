/**
 * No orphans, no lost starts: a registration's processes start exactly when its transaction
 * commits. A commit that fails leaves no workflow running; an API that dies between its commit
 * and the start leaves the start in the outbox, and the relay of another process starts it.
 * Real Postgres, real Temporal, a real API process killed with SIGKILL.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { defineSignal } from '@temporalio/workflow';
import request from 'supertest';
import { shanghaiToday } from '../src/common/dates.js';
import { freeLoopbackPort } from '../src/embedded/ports.js';
import { ProcessOutbox } from '../src/temporal/process-outbox.js';
import { Processes } from '../src/temporal/processes.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { contractWorkflowId, referralWorkflowId } from '../workflows/definitions.js';
import { AppProcess } from './support/app-process.js';
import { ownerDb } from './support/owner-db.js';
import { createTestApp, TestApp } from './support/app.js';
import { brokerBody, employerBody, workerBody } from './support/fixtures.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let cw: { Authorization: string };

/** A job title no other test uses: the commit of a placement with it fails (see beforeAll). */
const FAILS_AT_COMMIT = '提交时失败的岗位';

beforeAll(async () => {
  t = await createTestApp();
  cw = (await t.login('caseworker')).auth;
  // A deferred constraint trigger runs at COMMIT, after everything the transaction did (its
  // process starts included): the one way to make a registration fail exactly there. A trigger
  // is schema, so the owner adds it (the app's role owns nothing).
  const owner = await ownerDb();
  await owner.query(`
    CREATE OR REPLACE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the commit of placement % fails', NEW.id; END $$`);
  await owner.query(`DROP TRIGGER IF EXISTS test_fail_at_commit ON placements`);
  await owner.query(`
    CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER INSERT ON placements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.job = '${FAILS_AT_COMMIT}')
    EXECUTE FUNCTION test_fail_at_commit()`);
  await owner.end();
});
afterAll(async () => {
  const owner = await ownerDb();
  await owner.query(`DROP TRIGGER IF EXISTS test_fail_at_commit ON placements`);
  await owner.query(`DROP FUNCTION IF EXISTS test_fail_at_commit()`);
  await owner.end();
  await t?.close();
});

const client = () => t.app.get(TemporalService).client();

/** The workflow's status, or null when Temporal has never heard of it. */
async function status(workflowId: string): Promise<string | null> {
  try {
    return (await (await client()).workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

async function placementBody(job: string, brokered = false) {
  const worker = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body;
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const broker = brokered ? (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body : null;
  return {
    workerId: worker.id as number,
    employerId: employer.id,
    ...(broker ? { brokerId: broker.id } : {}),
    startDate: shanghaiToday(),
    job,
    monthlyWageFen: 320000,
    destination: '黑龙江省哈尔滨市南岗区',
    organised: true,
  };
}

it('a registration whose commit fails after its processes were asked for leaves no workflow running', async () => {
  const body = await placementBody(FAILS_AT_COMMIT, true);
  const res = await t.http.post('/placements').set(cw).send(body);
  expect(res.status).toBeGreaterThanOrEqual(400);
  // The id the rolled-back placement had (the sequence is not rolled back).
  const [{ id }] = await t.db.query(`SELECT last_value::int AS id FROM placements_id_seq`);
  expect(await t.db.query('SELECT id FROM placements WHERE "workerId" = $1', [body.workerId])).toEqual([]);
  expect(await status(contractWorkflowId(id))).toBeNull();
  expect(await status(referralWorkflowId(id))).toBeNull();
  // Nothing is left for a relay to start later either.
  expect(
    await t.db.query(`SELECT id FROM process_outbox WHERE "workflowId" IN ($1, $2)`, [
      contractWorkflowId(id),
      referralWorkflowId(id),
    ]),
  ).toEqual([]);
});

it('an API killed between its commit and the start: the relay of another process starts the workflow', async () => {
  const [tHost, tPort] = process.env.TEMPORAL_ADDRESS!.split(':');
  const temporalProxy = await TcpProxy.start(tHost, Number(tPort));
  const port = await freeLoopbackPort();
  const api = new AppProcess('api', {
    DATABASE_URL: process.env.DATABASE_URL!,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}`,
    // The test app's worker runs what this API starts.
    TEMPORAL_TASK_QUEUE: t.taskQueue,
    NODE_ENV: 'test',
    LOG_LEVEL: 'log',
    PORT: String(port),
  });
  try {
    await api.waitForEntry((e) => /^listening on/.test(e.msg), 'listening');
    const body = await placementBody('报纸投递员');
    // Temporal unreachable for that API: its commit goes through, its own start cannot.
    await temporalProxy.close();
    const answered = request(`http://127.0.0.1:${port}`)
      .post('/placements')
      .set(cw)
      .send(body)
      .then(
        (r) => r.status,
        () => 'no answer',
      );
    const [placement] = await waitFor(
      async () => {
        const rows = await t.db.query('SELECT id FROM placements WHERE "workerId" = $1', [body.workerId]);
        return rows.length ? rows : null;
      },
      'the placement committed',
      30_000,
      () => api.lines.slice(-3),
    );
    // Dies before it could start the process (and before it answered).
    await api.kill();
    expect(await answered).toBe('no answer');
    const workflowId = contractWorkflowId(placement.id);
    expect(await status(workflowId)).toBeNull();
    const [row] = await t.db.query(`SELECT "doneAt" FROM process_outbox WHERE "workflowId" = $1`, [workflowId]);
    expect(row).toEqual({ doneAt: null });

    // The test app (another API process, with Temporal reachable) runs the relay.
    await waitFor(async () => (await status(workflowId)) === 'RUNNING', 'the relay started it', 60_000);
    const delivered = await t.db.query(`SELECT outcome, "doneBy" FROM process_outbox WHERE "workflowId" = $1`, [
      workflowId,
    ]);
    expect(delivered).toEqual([{ outcome: 'started', doneBy: `relay ${t.app.get(ProcessOutbox).instance}` }]);
    const got = await t.http.get(`/placements/${placement.id}`).set(cw).expect(200);
    expect(got.body.process).toMatchObject({ stage: 'awaiting_contract' });
  } finally {
    await api.kill();
    await temporalProxy.close();
  }
});

it('relays running at once deliver every row once; a start already made counts as done', async () => {
  const outbox = t.app.get(ProcessOutbox);
  const body = await placementBody('报纸投递员');
  const placement = (await t.http.post('/placements').set(cw).send(body).expect(201)).body;
  const running = contractWorkflowId(placement.id);
  expect(await status(running)).toBe('RUNNING');
  // The request's own mark of its delivery (made a moment later) is in before the row is undone.
  await outbox.markDelivered();
  expect(await t.db.query(`SELECT outcome, "doneBy" FROM process_outbox WHERE "workflowId" = $1`, [running])).toEqual([
    { outcome: 'started', doneBy: `request ${outbox.instance}` },
  ]);
  // As crashed requests leave them, due at once: a start made but not recorded as made, and
  // signals to processes that do not exist.
  await t.db.query(
    `UPDATE process_outbox SET "doneAt" = NULL, outcome = NULL, attempts = 0, "nextAttemptAt" = now()
      WHERE "workflowId" = $1`,
    [running],
  );
  const tag = `outbox-test-${Date.now()}`;
  await t.db.query(
    `INSERT INTO process_outbox (kind, "workflowId", name, args, "nextAttemptAt")
     SELECT 'signal', $1 || '-' || i, 'nobodyListens', '[{}]'::jsonb, now() FROM generate_series(1, 12) i`,
    [tag],
  );
  // Three relays here at once (besides the application's own, every 2 s).
  await Promise.all([outbox.relayDue(), outbox.relayDue(), outbox.relayDue()]);
  const rows = await waitFor(async () => {
    const r = await t.db.query(
      `SELECT "workflowId", attempts, outcome FROM process_outbox
          WHERE ("workflowId" LIKE $1 || '-%' OR "workflowId" = $2) AND "doneAt" IS NOT NULL ORDER BY id`,
      [tag, running],
    );
    return r.length === 13 ? r : null;
  }, 'every row delivered');
  expect(rows).toEqual([
    { workflowId: running, attempts: 1, outcome: 'already_started' },
    ...Array.from({ length: 12 }, (_, i) => ({ workflowId: `${tag}-${i + 1}`, attempts: 1, outcome: 'no_process' })),
  ]);
  expect(await status(running)).toBe('RUNNING');
});

it('a request marks a signal it delivered done itself, at once (only starts are marked later, together)', async () => {
  const outbox = t.app.get(ProcessOutbox);
  // The marks made later are held back: what is marked now was marked at once.
  const markLater = outbox.markDelivered.bind(outbox);
  outbox.markDelivered = () => Promise.resolve();
  try {
    const placement = (
      await t.http
        .post('/placements')
        .set(cw)
        .send(await placementBody('信号当即标记'))
        .expect(201)
    ).body as { id: number };
    const workflowId = contractWorkflowId(placement.id);
    await waitFor(async () => ((await status(workflowId)) === 'RUNNING' ? true : null), 'the contract running', 30_000);
    // A signal the process does not handle: Temporal takes it, the workflow keeps it unread.
    const nobodyReads = defineSignal<[{ n: number }]>('testNobodyReads');
    await t.db.transaction((m) => t.app.get(Processes).signal({ workflowId }, nobodyReads, { n: 1 }, m));
    // Marked by the request itself (a held mark would be made by the relay, after the request's turn).
    const [signal] = await waitFor(
      async () => {
        const r = (await t.db.query(
          `SELECT "doneBy" FROM process_outbox WHERE "workflowId" = $1 AND kind = 'signal' AND "doneAt" IS NOT NULL`,
          [workflowId],
        )) as { doneBy: string }[];
        return r.length ? r : null;
      },
      'the signal marked done',
      15_000,
    );
    expect(signal.doneBy).toMatch(/^request /);
  } finally {
    outbox.markDelivered = markLater;
    await outbox.markDelivered();
  }
});
