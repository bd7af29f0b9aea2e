/**
 * Placements and the contract-deadline process through the real API, with a real worker
 * running the real activities against Postgres, on the Temporal dev server.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { DocumentsService } from '../src/documents/documents.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG } from './support/records.js';
import { auditRows, brokerBody, employerBody, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';
import { PLACEMENT_EXPORT } from '../src/placements/placement-export.js';

let t: TestApp;
let cw: { Authorization: string };
let admin: { Authorization: string };
let fin: { Authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  cw = (await t.login('caseworker')).auth;
  admin = (await t.login('admin')).auth;
  fin = (await t.login('finance')).auth;
});
afterAll(() => t?.close());

const today = () => shanghaiToday();

async function parties(workerOverrides: Record<string, unknown> = {}) {
  const worker = (await t.http.post('/workers').set(cw).send(workerBody(workerOverrides)).expect(201)).body;
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  return { worker, employer };
}

async function register(overrides: Record<string, unknown> = {}) {
  const { worker, employer } = await parties();
  const res = await t.http
    .post('/placements')
    .set(cw)
    .send({
      workerId: worker.id,
      employerId: employer.id,
      startDate: today(),
      job: '报纸投递员',
      monthlyWageFen: 320000,
      destination: '黑龙江省哈尔滨市南岗区',
      organised: true,
      ...overrides,
    });
  return { res, worker, employer };
}

/** The same day of the next month (clamped to its last day), computed here rather than by the app. */
function oneMonthAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

const placementRows = async (workerId: number) =>
  (await t.db.query('SELECT count(*)::int AS n FROM placements WHERE "workerId" = $1', [workerId]))[0].n;

it('registers a placement and shows the live process state read from the workflow', async () => {
  const { res } = await register();
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('awaiting_contract');
  expect(res.body.deadline).toBe(addDays(today(), 15));
  const got = await t.http.get(`/placements/${res.body.id}`).set(cw).expect(200);
  expect(got.body.process).toMatchObject({
    stage: 'awaiting_contract',
    deadline: addDays(today(), 15),
    daysLeft: 15,
    reminderSentAt: null,
  });
  expect(got.body.process.nextReminder).toEqual(expect.any(String));
  expect(got.body.worker.citizenId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
});

it('records the contract: the workflow writes contract_signed through its activity, audited as the workflow', async () => {
  const { res } = await register();
  const id = res.body.id;
  const rec = await t.http
    .post(`/placements/${id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' });
  expect(rec.body).toMatchObject({ status: 'contract_signed' });
  expect(rec.status).toBe(201);
  expect(rec.body.status).toBe('contract_signed');
  expect(rec.body.contract).toMatchObject({
    signedOn: today(),
    termMonths: 24,
    openEnded: false,
    fileMime: 'image/png',
  });
  expect(rec.body.contract.file).toBeUndefined();
  const lines = await auditRows(t, 'placement', id);
  expect(lines.find((l) => l.action === 'status_changed')).toMatchObject({
    actorName: 'system:workflow',
    after: expect.objectContaining({ status: 'contract_signed' }),
  });
  const file = await t.http.get(`/placements/${id}/contract/file`).set(cw).expect(200);
  expect(Buffer.compare(file.body, PNG)).toBe(0);
  // A second contract for the same placement: refused, nothing written.
  const again = await t.http
    .post(`/placements/${id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('openEnded', 'true')
    .attach('file', PNG, { filename: 'x.png', contentType: 'image/png' });
  expect(again.status).toBe(409);
  expect((await t.db.query('SELECT count(*)::int AS n FROM contracts WHERE "placementId" = $1', [id]))[0].n).toBe(1);
});

it('registered already overdue: notice, overdue, a no_contract case with the art. 82 exposure; a late contract is noted on it', async () => {
  const start = addDays(today(), -40);
  const { res } = await register({ startDate: start, monthlyWageFen: 300000 });
  const id = res.body.id;
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${id}`).set(cw);
    return r.body.status === 'overdue' && r.body.case && r.body.documents.length ? r.body : null;
  }, 'the placement to become overdue');
  expect(p.process.stage).toBe('overdue');
  expect(p.case).toMatchObject({
    kind: 'no_contract',
    status: 'open',
    number: expect.stringMatching(/^维权〔\d{4}〕\d+号$/),
  });
  // 40 days in: less than one whole month of double wages, so only paid days at 300000 / 21.75, counted here.
  const from = p.case.exposure.doubleWageFrom;
  expect(from).toBe(oneMonthAfter(start));
  let paid = 0;
  for (let d = from; d <= today(); d = addDays(d, 1))
    if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) paid++;
  expect(p.case.exposure).toMatchObject({
    countedUntil: today(),
    stoppedBy: 'today',
    months: 0,
    days: paid,
    extraWagesFen: Math.min(Math.round((paid * 300000 * 4) / 87), 300000),
    openEndedDeemedFrom: null,
  });
  const notice = p.documents.find((d: { type: string }) => d.type === 'contract_rectification');
  expect(notice.number).toMatch(/^示劳输责〔\d{4}〕\d+号$/);
  const html = await t.http.get(`/documents/${notice.id}`).set(cw).expect(200);
  expect(html.text).toContain('限期签订劳动合同通知书');
  expect(html.text).toContain(p.case.number);
  expect(html.text).toContain(`已计<span class="emph">${p.case.exposure.period}</span>`);
  expect(html.headers['content-type']).toMatch(/text\/html/);
  // Finance may read documents; a broker may not.
  await t.http.get(`/documents/${notice.id}`).set(fin).expect(200);

  const late = await t.http
    .post(`/placements/${id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('openEnded', 'true')
    .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' });
  expect(late.status).toBe(201);
  expect(late.body.status).toBe('contract_signed');
  const events = await t.db.query('SELECT kind FROM case_events WHERE "caseId" = $1 ORDER BY id', [p.case.id]);
  // The case's own process adds its deadlines to the timeline too; the two facts under test come in order.
  expect(events.map((e: { kind: string }) => e.kind).filter((k: string) => k !== 'deadline')).toEqual([
    'opened',
    'late_contract',
  ]);
});

it('inside the reminder window: a 签订劳动合同提醒函 and a caseworker task at once', async () => {
  const { res } = await register({ startDate: addDays(today(), -13) });
  const id = res.body.id;
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${id}`).set(cw);
    // The activity commits the letter first; the workflow records the time when the activity returns.
    return r.body.documents.some((d: { type: string }) => d.type === 'contract_reminder') &&
      r.body.process.reminderSentAt
      ? r.body
      : null;
  }, 'the reminder');
  expect(p.process.nextReminder).toBeNull();
  const tasks = await t.db.query(
    `SELECT kind, role, "dueDate" FROM tasks WHERE "subjectType" = 'placement' AND "subjectId" = $1`,
    [id],
  );
  expect(tasks).toEqual([{ kind: 'contract_followup', role: 'caseworker', dueDate: addDays(today(), 2) }]);
});

it('ending the employment stops the process cleanly', async () => {
  const { res } = await register({ startDate: addDays(today(), -2) });
  const ended = await t.http
    .post(`/placements/${res.body.id}/end`)
    .set(cw)
    .send({ endDate: today(), reason: '试用期内离职' });
  expect(ended.status).toBe(201);
  expect(ended.body.status).toBe('ended');
  expect(ended.body.endReason).toBe('试用期内离职');
  const again = await t.http.post(`/placements/${res.body.id}/end`).set(cw).send({ endDate: today(), reason: '再次' });
  expect(again.status).toBe(409);
  const contract = await t.http
    .post(`/placements/${res.body.id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('termMonths', '12')
    .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' });
  expect(contract.status).toBe(409);
});

it('a policy change applies to placements registered after it; running processes keep theirs', async () => {
  const before = (await register()).res.body;
  const added = await t.http
    .post('/policies')
    .set(admin)
    .send({ key: 'contract.deadline_days', value: 20, effectiveFrom: today(), source: 'test: 县人社局通知' });
  try {
    expect(added.status).toBe(201);
    const after = (await register()).res.body;
    expect(after.deadline).toBe(addDays(today(), 20));
    const old = await t.http.get(`/placements/${before.id}`).set(cw).expect(200);
    expect(old.body.process.deadline).toBe(addDays(today(), 15));
    expect(old.body.process.deadlineDays).toBe(15);
  } finally {
    await t.db.query('DELETE FROM policy_values WHERE id = $1', [added.body.id]);
  }
});

describe('bad input: clear 4xx, nothing written, no workflow started', () => {
  it.each([
    ['an unknown worker', { workerId: 99999999 }, 'workerId'],
    ['an unknown employer', { employerId: 99999999 }, 'employerId'],
    ['an unknown broker', { brokerId: 99999999 }, 'brokerId'],
    ['a zero wage', { monthlyWageFen: 0 }, 'monthlyWageFen'],
    ['a wage as a float', { monthlyWageFen: 3200.5 }, 'monthlyWageFen'],
    ['a wage as a string', { monthlyWageFen: '¥3200' }, 'monthlyWageFen'],
    ['an impossible start date', { startDate: '2026-02-30' }, 'startDate'],
  ])('%s → 400 naming the field', async (_what, overrides, field) => {
    const { res, worker } = await register(overrides);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await placementRows(worker.id)).toBe(0);
  });

  it('a suspended broker → 400, nothing written', async () => {
    const broker = (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body;
    await t.http
      .post(`/brokers/${broker.id}/status`)
      .set(admin)
      .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: addDays(today(), -1) })
      .expect(201);
    const { res, worker } = await register({ brokerId: broker.id });
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toEqual({ field: 'brokerId', reason: expect.stringMatching(/已被暂停/) });
    expect(await placementRows(worker.id)).toBe(0);
  });

  it('contract uploads: not a PDF/JPEG/PNG by content → 415; over 10 MB → 413; signed before start or in the future → 400; nothing written', async () => {
    const { res } = await register({ startDate: addDays(today(), -3) });
    const id = res.body.id;
    const post = () => t.http.post(`/placements/${id}/contract`).set(cw);
    const text = await post()
      .field('signedOn', today())
      .field('termMonths', '12')
      .attach('file', Buffer.from('just text, named like a pdf'), {
        filename: 'scan.pdf',
        contentType: 'application/pdf',
      });
    expect(text.status).toBe(415);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const large = await post()
      .field('signedOn', today())
      .field('termMonths', '12')
      .attach('file', big, { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(large.status).toBe(413);
    const early = await post()
      .field('signedOn', addDays(today(), -5))
      .field('termMonths', '12')
      .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' });
    expect(early.status).toBe(400);
    expect(early.body.details[0].field).toBe('signedOn');
    const future = await post()
      .field('signedOn', addDays(today(), 1))
      .field('termMonths', '12')
      .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' });
    expect(future.status).toBe(400);
    const both = await post()
      .field('signedOn', today())
      .field('termMonths', '12')
      .field('openEnded', 'true')
      .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' });
    expect(both.status).toBe(400);
    expect((await t.db.query('SELECT count(*)::int AS n FROM contracts WHERE "placementId" = $1', [id]))[0].n).toBe(0);
    expect((await t.http.get(`/placements/${id}`).set(cw)).body.process.stage).toBe('awaiting_contract');
  });

  it('an end date before the start → 400, the process keeps waiting', async () => {
    const { res } = await register();
    const r = await t.http
      .post(`/placements/${res.body.id}/end`)
      .set(cw)
      .send({ endDate: addDays(today(), -1), reason: '离职' });
    expect(r.status).toBe(400);
    expect((await t.http.get(`/placements/${res.body.id}`).set(cw)).body.status).toBe('awaiting_contract');
  });

  it('a broker may not register placements, and sees 404 for a placement that is not theirs', async () => {
    const { res } = await register();
    const broker = await t.login('broker');
    await t.http.post('/placements').set(broker.auth).send({}).expect(403);
    await t.http.get(`/placements/${res.body.id}`).set(broker.auth).expect(404);
  });
});

describe('one worker, one placement at a time', () => {
  const body = (workerId: number, employerId: number, extra: Record<string, unknown> = {}) => ({
    workerId,
    employerId,
    startDate: today(),
    job: '叉车司机',
    monthlyWageFen: 450000,
    destination: '辽宁省大连市甘井子区',
    organised: false,
    ...extra,
  });
  const newEmployer = async () => (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const placementOf = async (id: number) => (await t.http.get(`/placements/${id}`).set(cw).expect(200)).body;

  it('a second placement while the first has not ended: 409 with the open placement (id, employer, start date); nothing is written', async () => {
    const { res: first, worker, employer } = await register({ startDate: addDays(today(), -20) });
    expect(first.status).toBe(201);
    const other = await newEmployer();
    const second = await t.http.post('/placements').set(cw).send(body(worker.id, other.id));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'PLACEMENT.WORKER_EMPLOYED',
      openPlacement: {
        id: first.body.id,
        employer: { id: employer.id, name: employer.name },
        startDate: addDays(today(), -20),
      },
    });
    expect(second.body.message).toContain(employer.name);
    expect(await placementRows(worker.id)).toBe(1);
    expect((await placementOf(first.body.id)).endDate).toBeNull();
  });

  it('the registration may end the open placement (date and reason): it ends through its process, then the new one is registered', async () => {
    const { res: first, worker } = await register({ startDate: addDays(today(), -20) });
    const other = await newEmployer();
    const second = await t.http
      .post('/placements')
      .set(cw)
      .send(
        body(worker.id, other.id, {
          endPrevious: { placementId: first.body.id, endDate: today(), reason: '调到新单位' },
        }),
      );
    expect(second.status).toBe(201);
    const ended = await placementOf(first.body.id);
    expect(ended).toMatchObject({ status: 'ended', endDate: today(), endReason: '调到新单位' });
    // The same end-of-employment path as POST /placements/:id/end: the contract process closed its wait.
    expect(ended.process.stage).toBe('ended');
    expect(await placementRows(worker.id)).toBe(2);
    expect((await placementOf(second.body.id)).status).toBe('awaiting_contract');
  });

  it('ends a signed open placement the same way (directly, as the contract process is over)', async () => {
    const { res: first, worker } = await register({ startDate: addDays(today(), -20) });
    await t.http
      .post(`/placements/${first.body.id}/contract`)
      .set(cw)
      .field('signedOn', addDays(today(), -18))
      .field('termMonths', '12')
      .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
      .expect(201);
    const second = await t.http
      .post('/placements')
      .set(cw)
      .send(
        body(worker.id, (await newEmployer()).id, {
          endPrevious: { placementId: first.body.id, endDate: addDays(today(), -1), reason: '合同期内协商解除' },
        }),
      );
    expect(second.status).toBe(201);
    expect(await placementOf(first.body.id)).toMatchObject({ status: 'ended', endDate: addDays(today(), -1) });
    const lines = await auditRows(t, 'placement', first.body.id);
    expect(
      lines.find((l) => l.action === 'status_changed' && (l.after as { status: string }).status === 'ended'),
    ).toBeDefined();
  });

  it('everything is checked before the open placement is ended: a refused registration leaves it as it was', async () => {
    const { res: first, worker, employer } = await register({ startDate: addDays(today(), -10) });
    const end = { placementId: first.body.id, endDate: today(), reason: '调到新单位' };
    const refused = [
      [body(worker.id, 999_999, { endPrevious: end }), 'employerId'],
      [body(worker.id, employer.id, { startDate: addDays(today(), -5), endPrevious: end }), 'endPrevious.endDate'],
      [
        body(worker.id, employer.id, { endPrevious: { ...end, endDate: addDays(today(), -11) } }),
        'endPrevious.endDate',
      ],
      [
        body(worker.id, employer.id, { endPrevious: { ...end, placementId: first.body.id + 100_000 } }),
        'endPrevious.placementId',
      ],
      [body(worker.id, employer.id, { endPrevious: { ...end, reason: '' } }), 'endPrevious.reason'],
    ] as const;
    for (const [req, field] of refused) {
      const r = await t.http.post('/placements').set(cw).send(req);
      expect({ status: r.status, fields: r.body.details.map((d: { field: string }) => d.field) }).toEqual({
        status: 400,
        fields: [field],
      });
    }
    const still = await placementOf(first.body.id);
    expect(still).toMatchObject({ status: 'awaiting_contract', endDate: null, endReason: null });
    expect(still.process.stage).toBe('awaiting_contract');
    expect(await placementRows(worker.id)).toBe(1);
  });

  it('naming an earlier placement when the worker has none open: 400, nothing written', async () => {
    const { worker, employer } = await parties();
    const r = await t.http
      .post('/placements')
      .set(cw)
      .send(body(worker.id, employer.id, { endPrevious: { placementId: 1, endDate: today(), reason: '调到新单位' } }));
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('endPrevious.placementId');
    expect(await placementRows(worker.id)).toBe(0);
  });

  it('two registrations of one worker at the same moment: one 201, one 409 (they queue on the worker)', async () => {
    const { worker, employer } = await parties();
    const other = await newEmployer();
    const results = await Promise.all([
      t.http.post('/placements').set(cw).send(body(worker.id, employer.id)),
      t.http.post('/placements').set(cw).send(body(worker.id, other.id)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await placementRows(worker.id)).toBe(1);
  });
});

describe('documents', () => {
  it('numbers concurrent renders of one type and year without gaps or duplicates, and never changes a document', async () => {
    const docs = t.app.get(DocumentsService);
    const year = 2090 + Math.floor(Math.random() * 9);
    const sample = {
      employer: { name: '某公司' },
      worker: { name: '某人', idMasked: '230781********1234' },
      placement: { job: '岗位', destination: '某地', startDate: '2026-01-01' },
      policyDays: 15,
      deadline: '2026-01-16',
      daysLeft: 3,
      caseworker: { name: '王', phone: '0458-5612345' },
    };
    // A document is about a record, whose county numbers it.
    const subjectId = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body.id;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        docs.render({
          type: 'contract_reminder',
          businessKey: `test-${year}-${i}-${Math.random()}`,
          subjectType: 'worker',
          subjectId,
          data: sample,
          issuedOn: `${year}-03-01`,
        }),
      ),
    );
    const seqs = results.map((r) => Number(/〔\d+〕(\d+)号/.exec(r.number)![1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // Idempotent by business key: the same key returns the same document.
    const again = await docs.render({
      type: 'contract_reminder',
      businessKey: `repeat-${year}`,
      subjectType: 'worker',
      subjectId,
      data: sample,
      issuedOn: `${year}-03-02`,
    });
    const same = await docs.render({
      type: 'contract_reminder',
      businessKey: `repeat-${year}`,
      subjectType: 'worker',
      subjectId,
      data: sample,
      issuedOn: `${year}-03-02`,
    });
    expect(same).toEqual(again);
    await expect(t.db.query('UPDATE documents SET html = $1 WHERE id = $2', ['x', again.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(t.db.query('DELETE FROM documents WHERE id = $1', [again.id])).rejects.toThrow(/immutable/);
    const meta = await t.http.get(`/documents/${again.id}/meta`).set(cw).expect(200);
    expect(meta.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.body.data.worker.idMasked).toBe('230781********1234');
  });

  it('prints a document to PDF with headless Chromium', async () => {
    // A document of this caseworker's own county: the shared database holds other counties' too.
    const docs = t.app.get(DocumentsService);
    const subjectId = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body.id;
    const d = await docs.render({
      type: 'contract_reminder',
      businessKey: `pdf-${Math.random()}`,
      subjectType: 'worker',
      subjectId,
      data: {
        employer: { name: '某公司' },
        worker: { name: '某人', idMasked: '230781********1234' },
        placement: { job: '岗位', destination: '某地', startDate: '2026-01-01' },
        policyDays: 15,
        deadline: '2026-01-16',
        daysLeft: 3,
        caseworker: { name: '王', phone: '0458-5612345' },
      },
      issuedOn: today(),
    });
    const pdf = await t.http
      .get(`/documents/${d.id}.pdf`)
      .set(cw)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the spreadsheet (?format=xlsx)', () => {
  it('has the JSON list’s rows for the same filter, by id, with its values', async () => {
    const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
    for (const organised of [true, false, true]) {
      const worker = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body;
      await t.http
        .post('/placements')
        .set(cw)
        .send({
          workerId: worker.id,
          employerId: employer.id,
          startDate: today(),
          job: '=SUM(A1)',
          monthlyWageFen: 320050,
          destination: '黑龙江省哈尔滨市南岗区',
          organised,
        })
        .expect(201);
    }
    const list = (await t.http.get('/placements').query({ employerId: employer.id }).set(cw).expect(200)).body;
    const res = await t.http
      .get('/placements')
      .query({ employerId: employer.id, format: 'xlsx' })
      .set(cw)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const [header, ...rows] = sheetRows((await readXlsx(res.body as Buffer)).worksheets[0]);
    expect(header).toEqual(PLACEMENT_EXPORT.map((c) => c.header));
    const expected = [...list.items]
      .sort((a: { id: number }, b: { id: number }) => a.id - b.id)
      .map((p: Record<string, unknown>) =>
        PLACEMENT_EXPORT.map((c) => {
          const v = c.value(p);
          return typeof v === 'string' && v.startsWith('=') ? `'${v}` : v;
        }),
      );
    expect(expected).toHaveLength(3);
    // exceljs reads an empty cell back as a hole: compare with the empty cells left out at the end.
    const trim = (r: unknown[]) => r.slice(0, 1 + r.findLastIndex((v) => v !== null && v !== undefined));
    expect(rows.map(trim)).toEqual(expected.map(trim));
    expect(rows.map((r) => r[8])).toEqual(['是', '否', '是']);
    expect(rows[0][6]).toBe(3200.5);
  });
});
