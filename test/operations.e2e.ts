/**
 * What an operator sees, on the real processes (`node dist/src/api.js`, `node dist/src/worker.js`)
 * against the test Postgres and Temporal: JSON log lines on standard output with request id, user,
 * route, status and duration; the Temporal SDK's logs in the same stream; ID and phone numbers
 * masked wherever they come from; Prometheus metrics on the API and the worker, with the office
 * figures counted right from real records; liveness apart from readiness, which names Postgres or
 * Temporal when either cannot be reached.
 */
import request from 'supertest';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { freeLoopbackPort } from '../src/embedded/ports.js';
import { createHttpApp } from '../src/http-app.js';
import { AppProcess } from './support/app-process.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG } from './support/records.js';
import { citizenId, employerBody, hanTag, mobile, tag, workerBody } from './support/fixtures.js';
import { ownerDb } from './support/owner-db.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { uniqueQueue } from './support/temporal.js';
import { waitFor } from './support/wait.js';
import { xlsxOf } from './support/xlsx.js';

type Auth = { Authorization: string };
let t: TestApp;
let api: AppProcess;
let worker: AppProcess;
let apiUrl: string;
let workerUrl: string;
let cw: { auth: Auth; userId: number };
let token: string;

const today = () => shanghaiToday();
const baseEnv = () => ({
  DATABASE_URL: process.env.DATABASE_URL!,
  TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
  NODE_ENV: 'test',
  LOG_LEVEL: 'log',
});
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;
const maskedMobile = (m: string) => `${m.slice(0, 3)}****${m.slice(7)}`;
const http = () => request(apiUrl);

beforeAll(async () => {
  // In this process only to create users (their tokens work against the API process too).
  t = await createTestApp({ worker: false });
  cw = await t.login('caseworker');
  token = cw.auth.Authorization.slice('Bearer '.length);
  const [apiPort, workerPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const env = { ...baseEnv(), TEMPORAL_TASK_QUEUE: uniqueQueue('ops'), METRICS_CACHE_SECONDS: '2' };
  api = new AppProcess('api', { ...env, PORT: String(apiPort) });
  worker = new AppProcess('worker', { ...env, WORKER_HTTP_PORT: String(workerPort) });
  apiUrl = `http://127.0.0.1:${apiPort}`;
  workerUrl = `http://127.0.0.1:${workerPort}`;
  await api.waitForEntry((e) => /^listening on/.test(e.msg), 'listening');
  await worker.waitForEntry((e) => e.context === 'Temporal' && e.state === 'RUNNING', 'worker running');
});
afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await t?.close();
});

describe('logs', () => {
  it('writes one JSON line per request: its id (the caller’s X-Request-Id, answered back), user, route, status, duration', async () => {
    const w = (await http().post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    const requestId = `ops-${tag()}`;
    const res = await http().get(`/workers/${w.id}`).set(cw.auth).set('X-Request-Id', requestId).expect(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    const line = await api.waitForEntry((e) => e.reqId === requestId && e.status, 'the request line');
    expect(line).toMatchObject({
      level: 'info',
      name: 'api',
      method: 'GET',
      route: '/workers/:id',
      url: `/workers/${w.id}`,
      status: 200,
      user: { id: cw.userId, role: 'caseworker' },
      msg: expect.stringMatching(/^GET \/workers\/:id 200 \d+ms$/),
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(typeof line.time).toBe('string');

    // Without one, the API makes an id, answers with it, and logs under it.
    const anon = await http().get('/workers/1').expect(401);
    const made = anon.headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await api.waitForEntry((e) => e.reqId === made && e.status, 'the refused request');
    expect(refused).toMatchObject({ level: 'warn', status: 401, route: '/workers/:id' });
    expect(refused.user).toBeUndefined();

    // Every line is JSON (entries() throws otherwise); no token or password ever appears.
    expect(api.entries().length).toBeGreaterThan(10);
    expect(api.output()).not.toContain(token);
    expect(api.output()).not.toMatch(/authorization|bearer|cookie/i);
  });

  it('masks ID and phone numbers wherever a request carries them: path, query, request id', async () => {
    const id = citizenId().id;
    const phone = mobile();
    await http().get(`/workers/by-citizen-id/${id}`).set(cw.auth);
    await http().get('/workers').query({ q: id, phone, tel: '0458-5612345' }).set(cw.auth);
    await http().get('/health').set('X-Request-Id', id).expect(200);
    await api.waitForEntry((e) => e.reqId === masked(id) && e.route === '/health', 'the request named by an ID');
    const out = api.output();
    expect(out).toContain(masked(id));
    expect(out).toContain(maskedMobile(phone));
    expect(out).toContain('0458-*******');
    expect(out).not.toContain(id);
    expect(out).not.toContain(phone);
    expect(out).not.toContain('5612345');
  });

  it('routes the Temporal SDK’s logs into the same JSON logger, and masks an activity’s failure carrying a worker’s ID and phone', async () => {
    // The SDK's own lines (its state changes, the Rust core's forwarded ones) arrive as JSON with our fields.
    const sdk = worker.entries().filter((e) => e.context === 'Temporal');
    expect(sdk.map((e) => e.sdkComponent)).toEqual(expect.arrayContaining(['worker', 'core']));
    expect(sdk.every((e) => e.name === 'worker' && typeof e.level === 'string')).toBe(true);

    // A database that refuses this one row, with its values in the message (as a constraint's detail would carry them).
    const person = { id: citizenId().id, phone: mobile() };
    const fn = `ops_refuse_${tag()}`;
    // A trigger is schema: only the owner may add one (the app's role owns nothing).
    const owner = await ownerDb();
    await owner.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW."citizenId" = '${person.id}' THEN RAISE EXCEPTION 'refused % %', NEW."citizenId", NEW.phone; END IF;
         RETURN NEW; END $$`,
    );
    await owner.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON workers FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    let importId: number;
    try {
      const file = await xlsxOf([
        ['姓名', '身份证号', '手机号码', '所属乡镇'],
        [`王${hanTag(2)}`, person.id, person.phone, '城关镇'],
      ]);
      const up = await http()
        .post('/imports')
        .set(cw.auth)
        .field('kind', 'workers')
        .attach('file', file, { filename: '台账.xlsx', contentType: 'application/octet-stream' })
        .expect(201);
      importId = up.body.id;
      await http().post(`/imports/${importId}/confirm`).set(cw.auth).expect(202);
      const failed = await worker.waitForEntry(
        (e) => e.context === 'Temporal' && e.msg === 'Activity failed' && e.activityType === 'importLedgerBatch',
        'the activity failure logged by the SDK',
      );
      expect(failed.level).toBe('warn');
      expect(failed.err.message).toContain(`refused ${masked(person.id)} ${maskedMobile(person.phone)}`);
      // TypeORM's error carries the query parameters: the serializer writes them, masked.
      expect(JSON.stringify(failed.err.parameters)).toContain(masked(person.id));
    } finally {
      await owner.query(`DROP TRIGGER ${fn} ON workers`);
      await owner.query(`DROP FUNCTION ${fn}()`);
      await owner.end();
    }
    // Retried by Temporal, the row goes in once the database accepts it.
    await waitFor(
      async () => (await http().get(`/imports/${importId}`).set(cw.auth)).body.status === 'completed',
      'the import to complete',
      60_000,
    );
    const out = worker.output();
    expect(out).not.toContain(person.id);
    expect(out).not.toContain(person.phone);
    // The Nest logger's lines of the same activity carry the masked number too (batch retried row by row).
    expect(
      worker.entries().some((e) => e.context === 'LedgerImportsService' && e.msg.includes(masked(person.id))),
    ).toBe(true);
  });
});

describe('metrics', () => {
  const scrape = async (url: string) => {
    const res = await request(url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };
  const sample = (text: string, name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`${name} is not on /metrics`);
    return Number(m[1]);
  };

  it('the API times requests by route pattern and status, not by URL, without a login', async () => {
    const w = (await http().post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    await http().get(`/workers/${w.id}`).set(cw.auth).expect(200);
    await http().get('/no/such/page').expect(404);
    const text = await scrape(apiUrl);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/workers\/:id",status_code="200"\} [1-9]/m,
    );
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.1",method="POST",route="\/workers",/m);
    expect(text).toMatch(/route="\(unmatched\)",status_code="404"/);
    expect(text).not.toContain(`/workers/${w.id}`);
    expect(text).not.toContain('/no/such/page');
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    // Scrapes and probes come every few seconds: no line each.
    await http().get('/health/ready').expect(200);
    await http().get('/health/live').expect(200);
    await http().get('/workers/0').set('X-Request-Id', 'ops-after-scrape').expect(401);
    await api.waitForEntry((e) => e.reqId === 'ops-after-scrape' && e.status, 'a request after them');
    expect(api.entries().filter((e) => /^\/(metrics|health\/(live|ready))/.test(e.url ?? ''))).toEqual([]);
  });

  it('with METRICS_PORT the API serves /metrics only there, beside its probes, so it can stay internal', async () => {
    const [port, metricsPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const a = new AppProcess('api', {
      ...baseEnv(),
      TEMPORAL_TASK_QUEUE: uniqueQueue('ops-metrics'),
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
    });
    try {
      await a.waitForEntry((e) => /^listening on/.test(e.msg), 'listening');
      await request(`http://127.0.0.1:${port}`).get('/metrics').expect(404);
      await request(`http://127.0.0.1:${port}`).get('/health/ready').expect(200);
      const inside = `http://127.0.0.1:${metricsPort}`;
      expect(await scrape(inside)).toMatch(/^labour_export_contracts_overdue \d+$/m);
      expect((await request(inside).get('/health/ready').expect(200)).body.status).toBe('up');
      await request(inside).get('/health/live').expect(200);
      await request(inside).get('/workers').expect(404);
    } finally {
      await a.stop();
    }
  });

  it('the worker exports its own figures and the Temporal SDK’s worker metrics (slots, latencies, sticky cache)', async () => {
    const text = await scrape(workerUrl);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^temporal_worker_task_slots_available\{.*worker_type="ActivityWorker"/m);
    expect(text).toMatch(/^temporal_activity_execution_latency_count\{activity_type="importLedgerBatch",/m);
    // Durations in seconds, as Prometheus names them elsewhere.
    expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{.*le="0\.1"\}/m);
    expect(text).toMatch(/^temporal_sticky_cache_size\{/m);
    expect(text).not.toMatch(/http_request_duration_seconds|labour_export_/);
  });

  it('counts overdue contracts, cases past a deadline, claims past the finance SLA and unanswered contact-card requests from the records, cached briefly', async () => {
    const figures = async () => {
      const text = await scrape(apiUrl);
      return {
        contracts: sample(text, 'labour_export_contracts_overdue'),
        cases: sample(text, 'labour_export_cases_past_deadline'),
        claims: sample(text, 'labour_export_claims_past_finance_sla'),
        requests: sample(text, 'labour_export_contact_requests_overdue'),
      };
    };
    const settle = () => new Promise((r) => setTimeout(r, 2100));
    const employer = (await http().post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const newWorker = async (birth = '1985-05-05') =>
      (
        await http()
          .post('/workers')
          .set(cw.auth)
          .send(workerBody({ citizenId: citizenId({ birth }).id }))
          .expect(201)
      ).body as { id: number };
    const placement = async (startDate: string) =>
      (
        await http()
          .post('/placements')
          .set(cw.auth)
          .send({
            workerId: (await newWorker()).id,
            employerId: employer.id,
            startDate,
            job: '报纸投递员',
            monthlyWageFen: 320000,
            destination: '黑龙江省哈尔滨市南岗区',
            organised: true,
          })
          .expect(201)
      ).body as { id: number };
    const insertClaim = async (status: string, dueAt: string, workerId: number, placementId: number) => {
      const key = tag();
      await t.db.query(
        `INSERT INTO claims (number, kind, status, "amountFen", "payeeType", "payeeId", "payeeName", "workerId", township,
           "placementId", "sourceKey", "preparedBy", "decisionDueAt", version)
         VALUES ($1, 'referral', $2, 8000, 'broker', 1, '赵某', $3, '城关镇', $4, $5, 'system:workflow', $6, 1)`,
        [`测〔${key}〕号`, status, workerId, placementId, `ops-${key}`, dueAt],
      );
    };

    const claimed = await placement(today());
    const claimant = (await t.db.query('SELECT "workerId" FROM placements WHERE id = $1', [claimed.id]))[0].workerId;
    await settle();
    const before = await figures();

    // Claims, as the approval process leaves them: one past its deadline (counts), one due tomorrow, one decided.
    await insertClaim('awaiting_approval', new Date(Date.now() - 3_600_000).toISOString(), claimant, claimed.id);
    // Within the cache: still the figure read a moment ago.
    expect((await figures()).claims).toBe(before.claims);
    await insertClaim('awaiting_approval', new Date(Date.now() + 86_400_000).toISOString(), claimant, claimed.id);
    await insertClaim('approved', new Date(Date.now() - 86_400_000).toISOString(), claimant, claimed.id);

    // Contracts: started 30 days ago and unsigned (counts); started today; ended; signed late.
    await placement(addDays(today(), -30));
    const ended = await placement(addDays(today(), -30));
    await http()
      .post(`/placements/${ended.id}/end`)
      .set(cw.auth)
      .send({ endDate: addDays(today(), -20), reason: '试用期内离职' })
      .expect(201);
    const signed = await placement(addDays(today(), -30));
    await http()
      .post(`/placements/${signed.id}/contract`)
      .set(cw.auth)
      .field('signedOn', addDays(today(), -2))
      .field('termMonths', '12')
      .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
      .expect(201);

    // Cases: once the process has set their first deadline, one is moved as if 2 days had passed
    // without action (counts) and one falls due today (not yet past).
    const openCase = async () =>
      (
        await http()
          .post('/cases')
          .set(cw.auth)
          .send({
            kind: 'wage_arrears',
            workerIds: [(await newWorker()).id],
            employerId: employer.id,
            facts: `运维测试${hanTag()} 2026年10月工资未发放`,
            amountClaimedFen: 300_000,
            knewOn: addDays(today(), -5),
            channel: 'window',
          })
          .expect(201)
      ).body as { id: number };
    const [late, dueToday] = [await openCase(), await openCase()];
    for (const c of [late, dueToday])
      await waitFor(
        async () =>
          (await t.db.query('SELECT "nextDeadline" FROM cases WHERE id = $1', [c.id]))[0].nextDeadline !== null,
        `case ${c.id}'s first deadline`,
      );
    await t.db.query(`UPDATE cases SET "nextDeadline" = $2 WHERE id = $1`, [late.id, addDays(today(), -2)]);
    await t.db.query(`UPDATE cases SET "nextDeadline" = $2 WHERE id = $1`, [dueToday.id, today()]);

    // Contact-card requests: one received 10 days ago and unanswered (counts), one received today.
    const member = await newWorker('1988-08-08');
    const household = (
      await http()
        .post('/households')
        .set(cw.auth)
        .send({
          address: `城关镇幸福路${hanTag(2)}号`,
          township: '城关镇',
          members: [{ workerId: member.id, relationship: 'head' }],
        })
        .expect(201)
    ).body;
    for (const receivedOn of [addDays(today(), -10), today()])
      await http()
        .post('/contact-requests')
        .set(cw.auth)
        .send({
          householdId: household.id,
          caller: '户主',
          channel: 'phone',
          kind: 'job',
          details: '想找工作',
          receivedOn,
        })
        .expect(201);

    await settle();
    expect(await figures()).toEqual({
      contracts: before.contracts + 1,
      cases: before.cases + 1,
      claims: before.claims + 1,
      requests: before.requests + 1,
    });
  });
});

describe('probes', () => {
  it('the API is live while its readiness names Temporal, when Temporal is unreachable', async () => {
    const saved = process.env.TEMPORAL_ADDRESS;
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${await freeLoopbackPort()}`;
    const app = await createHttpApp();
    await app.init();
    process.env.TEMPORAL_ADDRESS = saved;
    try {
      const srv = app.getHttpServer();
      expect((await request(srv).get('/health/live').expect(200)).body).toEqual({ status: 'up' });
      const ready = await request(srv).get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'down', down: ['temporal'], postgres: { up: true } });
      expect(ready.body.temporal.error).toEqual(expect.any(String));
      // /health answers as before: the same as readiness.
      expect((await request(srv).get('/health').expect(503)).body).toMatchObject({
        status: 'down',
        down: ['temporal'],
        postgres: { up: true },
        temporal: { up: false },
      });
    } finally {
      await app.close();
    }
  });

  it('the API’s readiness names Postgres while Postgres is unreachable, and comes back with it', async () => {
    const pg = new URL(process.env.DATABASE_URL!);
    const proxy = await TcpProxy.start(pg.hostname, Number(pg.port));
    const saved = process.env.DATABASE_URL;
    pg.port = String(proxy.port);
    process.env.DATABASE_URL = pg.toString();
    const app = await createHttpApp();
    await app.init();
    process.env.DATABASE_URL = saved;
    try {
      const srv = app.getHttpServer();
      await request(srv).get('/health/ready').expect(200);
      await proxy.close();
      const ready = await request(srv).get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'down', down: ['postgres'], temporal: { up: true } });
      await request(srv).get('/health/live').expect(200);
      // Metrics still answer; the office figures read NaN (unknown), not a stale or zero count.
      const metrics = await request(srv).get('/metrics').expect(200);
      // (prom-client writes "Nan"; Prometheus reads NaN in any case.)
      expect(metrics.text).toMatch(/^labour_export_contracts_overdue nan$/im);
      expect(metrics.text).toMatch(/^process_cpu_seconds_total /m);
      await proxy.reopen();
      await waitFor(async () => (await request(srv).get('/health/ready')).status === 200, 'ready again');
    } finally {
      await app.close();
      await proxy.close();
    }
  });

  it('the worker is live while its readiness follows its own Temporal and Postgres connections', async () => {
    const pgUrl = new URL(process.env.DATABASE_URL!);
    const [tHost, tPort] = process.env.TEMPORAL_ADDRESS!.split(':');
    const pgProxy = await TcpProxy.start(pgUrl.hostname, Number(pgUrl.port));
    const temporalProxy = await TcpProxy.start(tHost, Number(tPort));
    pgUrl.port = String(pgProxy.port);
    const port = await freeLoopbackPort();
    const w = new AppProcess('worker', {
      ...baseEnv(),
      DATABASE_URL: pgUrl.toString(),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}`,
      TEMPORAL_TASK_QUEUE: uniqueQueue('ops-probe'),
      WORKER_HTTP_PORT: String(port),
    });
    const url = `http://127.0.0.1:${port}`;
    const ready = async () =>
      (
        await request(url)
          .get('/health/ready')
          .catch(() => ({ body: {} }))
      ).body;
    try {
      await waitFor(
        async () => (await ready()).status === 'up',
        'worker ready',
        60_000,
        () => w.lines.slice(-3),
      );

      await temporalProxy.close();
      const down = await waitFor(async () => {
        const r = await request(url).get('/health/ready');
        return r.status === 503 ? r.body : null;
      }, 'readiness down without Temporal');
      expect(down).toMatchObject({ status: 'down', down: ['temporal'], postgres: { up: true } });
      await request(url).get('/health/live').expect(200);
      await w.waitForEntry((e) => e.context === 'Readiness' && /^temporal is unreachable/.test(e.msg), 'logged');

      await temporalProxy.reopen();
      await waitFor(async () => (await ready()).status === 'up', 'ready again with Temporal back', 60_000);

      await pgProxy.close();
      const noPg = await waitFor(async () => {
        const r = await request(url).get('/health/ready');
        return r.status === 503 ? r.body : null;
      }, 'readiness down without Postgres');
      expect(noPg.down).toEqual(['postgres']);
      await request(url).get('/health/live').expect(200);
      expect(w.running).toBe(true);
    } finally {
      await w.stop();
      await pgProxy.close();
      await temporalProxy.close();
    }
  });
});
