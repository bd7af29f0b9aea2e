/**
 * Rights-protection cases through the real API: caseworker queues and assignment
 * rules, the documents each step of the escalation process produces, bad input, the figures,
 * and the no_contract case a placement's process opens by itself. A real worker runs the real
 * case-escalation workflow and its activities against Postgres on the Temporal dev server.
 */
import { fixClock } from '../src/common/clock.js';
import { addDays, addMonths, shanghaiToday } from '../src/common/dates.js';
import { CasesService } from '../src/cases/cases.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { newTownship, PNG } from './support/records.js';
import { employerBody, hanTag, tag, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
type User = { auth: Auth; userId: number; username: string };
let t: TestApp;
let cwA: User;
let cwB: User;
let cwC: User;
let admin: User;
let fin: User;
let broker: User;
/** A township of this run only, so the summary's by-township figures count only our cases. */
let township: string;

beforeAll(async () => {
  t = await createTestApp();
  [cwA, cwB, cwC, admin, fin, broker] = await Promise.all([
    t.login('caseworker'),
    t.login('caseworker'),
    t.login('caseworker'),
    t.login('admin'),
    t.login('finance'),
    t.login('broker'),
  ]);
  township = `案${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin.auth).send({ name: township, yearlyTarget: 10 }).expect(201);
});
afterAll(() => t?.close());

const today = () => shanghaiToday();

/** Calendar-day arithmetic done here, independently of the app's date helpers. */
function plusDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const daysFromToday = (date: string) => Math.round((Date.parse(date) - Date.parse(today())) / 86_400_000);

/** A marker put into a case's facts, so `?q=` finds this test's cases only. */
const marker = () => `T${tag()}`;

async function workers(n: number, overrides: Record<string, unknown> = {}) {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push((await t.http.post('/workers').set(cwA.auth).send(workerBody(overrides)).expect(201)).body);
  return out;
}

/** Opens a wage-arrears case (by caseworker A unless told) for fresh workers of one fresh employer. */
async function openCase(
  opts: {
    mark?: string;
    workerCount?: number;
    body?: Record<string, unknown>;
    workerOverrides?: Record<string, unknown>;
    by?: Auth;
  } = {},
) {
  const ws = await workers(opts.workerCount ?? 1, opts.workerOverrides);
  const employer = (await t.http.post('/employers').set(cwA.auth).send(employerBody()).expect(201)).body;
  const mark = opts.mark ?? marker();
  const res = await t.http
    .post('/cases')
    .set(opts.by ?? cwA.auth)
    .send({
      kind: 'wage_arrears',
      workerIds: ws.map((w) => w.id),
      employerId: employer.id,
      facts: `${mark} 2026年8月至10月工资共计12000元未发放`,
      amountClaimedFen: 1_200_000,
      knewOn: addDays(today(), -10),
      channel: 'window',
      ...opts.body,
    });
  return { res, workers: ws, employer, mark, id: res.body.id as number };
}

async function opened(opts: Parameters<typeof openCase>[0] = {}) {
  const o = await openCase(opts);
  expect(o.res.status).toBe(201);
  return o;
}

const getCase = async (id: number, auth: Auth = cwA.auth) =>
  (await t.http.get(`/cases/${id}`).set(auth).expect(200)).body;

/** Waits until the case's process has set up the deadline of that label (the workflow starts asynchronously). */
const processAt = (id: number, label: string) =>
  waitFor(async () => {
    const c = await getCase(id);
    return c.process?.current?.label === label && c.nextDeadline ? c : null;
  }, `case ${id}: the ${label} deadline`);

const queue = async (auth: Auth, q: Record<string, string>) =>
  (await t.http.get('/cases').query(q).set(auth).expect(200)).body;
const ids = (page: { items: { id: number }[] }) => page.items.map((c) => c.id);

const workingDaysAdd = async (from: string, days: number) =>
  (await t.http.get('/calendar/working-days/add').query({ from, days }).set(cwA.auth).expect(200)).body
    .result as string;

const caseRows = async (mark: string) =>
  (await t.db.query('SELECT count(*)::int AS n FROM cases WHERE facts LIKE $1', [`${mark}%`]))[0].n as number;

/** The document of that type on the case, and its HTML. */
async function documentOf(id: number, type: string): Promise<{ doc: { id: number; number: string }; html: string }> {
  const c = await getCase(id);
  const doc = c.documents.find((d: { type: string }) => d.type === type);
  expect(doc).toBeDefined();
  const res = await t.http.get(`/documents/${doc.id}`).set(cwA.auth).expect(200);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  return { doc, html: res.text };
}

describe('queues and assignment', () => {
  it('opens a wage_arrears case for two workers of one employer: 201, intake, an acknowledgement deadline; unassigned → A → B; a finance user cannot be the assignee', async () => {
    const { res, workers: ws, employer, mark, id } = await openCase({ workerCount: 2 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'wage_arrears',
      status: 'open',
      stage: 'intake',
      employerId: employer.id,
      assigneeId: null,
      channel: 'window',
      number: expect.stringMatching(/^维权〔\d{4}〕\d+号$/),
    });

    // Both workers are on the case; the process has set the acknowledgement deadline (default: 1 working day).
    const c = await processAt(id, 'acknowledgement');
    expect(c.workers.map((w: { id: number }) => w.id).sort()).toEqual(ws.map((w) => w.id).sort());
    expect(c.process.stage).toBe('intake');
    expect(c.process.current.dueOn).toBe(await workingDaysAdd(today(), 1));
    expect(c.nextDeadline).toBe(c.process.current.dueOn);

    // Unassigned: in the unassigned queue, in nobody's own queue.
    expect(ids(await queue(cwA.auth, { queue: 'unassigned', q: mark }))).toEqual([id]);
    expect(ids(await queue(cwA.auth, { queue: 'mine', q: mark }))).toEqual([]);

    const toA = await t.http.post(`/cases/${id}/assign`).set(cwA.auth).send({ assigneeId: cwA.userId });
    expect(toA.status).toBe(200);
    expect(toA.body.assigneeId).toBe(cwA.userId);
    expect(ids(await queue(cwA.auth, { queue: 'mine', q: mark }))).toEqual([id]);
    expect(ids(await queue(cwA.auth, { queue: 'unassigned', q: mark }))).toEqual([]);

    const toB = await t.http.post(`/cases/${id}/assign`).set(admin.auth).send({ assigneeId: cwB.userId });
    expect(toB.status).toBe(200);
    expect(ids(await queue(cwB.auth, { queue: 'mine', q: mark }))).toEqual([id]);
    expect(ids(await queue(cwA.auth, { queue: 'mine', q: mark }))).toEqual([]);
    const timeline = (await getCase(id)).timeline.map((e: { kind: string }) => e.kind);
    expect(timeline.filter((k: string) => k === 'assigned' || k === 'reassigned')).toEqual(['assigned', 'reassigned']);
    expect(timeline[0]).toBe('opened');

    // Only an active caseworker can carry a case: finance → 400, the assignee stays B.
    const toFinance = await t.http.post(`/cases/${id}/assign`).set(cwB.auth).send({ assigneeId: fin.userId });
    expect(toFinance.status).toBe(400);
    expect(toFinance.body.details.map((d: { field: string }) => d.field)).toContain('assigneeId');
    const after = await getCase(id);
    expect(after.assigneeId).toBe(cwB.userId);
    expect(
      after.timeline.filter((e: { kind: string }) => e.kind === 'assigned' || e.kind === 'reassigned'),
    ).toHaveLength(2);
  });

  it('queues are sorted by the nearest deadline (not by id) and carry a deadline badge', async () => {
    const mark = marker();
    // The older case keeps the near acknowledgement deadline; the newer one is acknowledged,
    // so its next deadline is mediation's (15 days). Newest-first by id would give the opposite order.
    const near = await opened({ mark });
    const far = await opened({ mark });
    await processAt(near.id, 'acknowledgement');
    await processAt(far.id, 'acknowledgement');
    await t.http.post(`/cases/${far.id}/acknowledge`).set(cwA.auth).expect(200);

    const page = await queue(cwA.auth, { queue: 'all', q: mark });
    expect(ids(page)).toEqual([near.id, far.id]);
    const [n, f] = page.items;
    expect(n.nextDeadline < f.nextDeadline).toBe(true);
    expect(f.nextDeadline).toBe(plusDays(today(), 15));
    expect(n.deadlineBadge).toBe(daysFromToday(n.nextDeadline) <= 3 ? 'due_soon' : 'on_track');
    expect(f.deadlineBadge).toBe('on_track');
    expect(ids(await queue(cwA.auth, { queue: 'unassigned', q: mark }))).toEqual([near.id, far.id]);

    // The whole unassigned queue, not just these two: deadlines never go down, cases without one last.
    const all = await queue(cwA.auth, { queue: 'unassigned', pageSize: '200' });
    const deadlines: (string | null)[] = all.items.map((c: { nextDeadline: string | null }) => c.nextDeadline);
    const dated = deadlines.filter((d): d is string => d !== null);
    expect(dated).toEqual([...dated].sort());
    expect(deadlines.slice(0, dated.length)).toEqual(dated);
    for (const c of all.items) expect(['on_track', 'due_soon', 'breached', 'none']).toContain(c.deadlineBadge);
  });
});

describe('one entrance: CasesService.open', () => {
  it('the same source key opened again, or several times at once, gives one case with one party, one opened event and one process', async () => {
    // A township of its own, so this case stays out of the file's township summary.
    const [w] = await workers(1, { township: (await newTownship(t, admin.auth, '开')).name });
    const employer = (await t.http.post('/employers').set(cwA.auth).send(employerBody()).expect(201)).body;
    const cases = t.app.get(CasesService);
    const sourceKey = `test-${tag()}`;
    const opening = {
      kind: 'no_contract' as const,
      workerIds: [w.id],
      employerId: employer.id,
      facts: `${marker()} 期限届满仍未签订书面劳动合同`,
      knewOn: addDays(today(), -1),
      channel: 'system' as const,
      sourceKey,
      openedBy: 'system:workflow',
      openedText: '系统自动立案',
    };
    const first = await cases.open(opening);
    expect((await cases.open(opening)).id).toBe(first.id);
    // A new key opened four times at once (retries racing): one case, the others wait and find it.
    const racing = { ...opening, sourceKey: `${sourceKey}-race` };
    const atOnce = await Promise.all([1, 2, 3, 4].map(() => cases.open(racing)));
    expect(new Set(atOnce.map((c) => c.id)).size).toBe(1);
    for (const key of [sourceKey, racing.sourceKey])
      expect((await t.db.query('SELECT id FROM cases WHERE "sourceKey" = $1', [key])).length).toBe(1);
    expect((await t.db.query('SELECT 1 FROM case_workers WHERE "caseId" = $1', [first.id])).length).toBe(1);
    const c = await processAt(first.id, 'acknowledgement');
    expect(
      c.timeline.filter((e: { kind: string }) => e.kind === 'opened').map((e: { text: string }) => e.text),
    ).toEqual(['系统自动立案']);
    expect(c).toMatchObject({ channel: 'system', openedBy: 'system:workflow', stage: 'intake' });
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity = 'case' AND "entityId" = $1`, [
      String(first.id),
    ]);
    expect(audit.filter((l: { action: string }) => l.action === 'create')).toHaveLength(1);
  });
});

describe('the escalation process and its documents', () => {
  it('acknowledge → 受理通知书; settled in mediation → 调解协议书; paid → closed resolved with the settlement recovered; reopened with a reason; to arbitration → 仲裁申请书', async () => {
    const { id } = await opened();
    await processAt(id, 'acknowledgement');
    const number = (await getCase(id)).number;

    const ack = await t.http.post(`/cases/${id}/acknowledge`).set(cwA.auth);
    expect(ack.status).toBe(200);
    expect(ack.body.stage).toBe('mediation');
    expect(ack.body.current).toMatchObject({ label: 'mediation', dueOn: plusDays(today(), 15) });
    const acceptance = await documentOf(id, 'case_acceptance');
    expect(acceptance.html).toContain('受理通知书');
    expect(acceptance.html).toContain(number);

    const payBy = plusDays(today(), 10);
    const settled = await t.http
      .post(`/cases/${id}/mediation`)
      .set(cwA.auth)
      .send({ outcome: 'settled', amountFen: 850_000, payBy });
    expect(settled.status).toBe(200);
    expect(settled.body.stage).toBe('awaiting_payment');
    expect(settled.body.settlement).toEqual({ amountFen: 850_000, payBy });
    expect(settled.body.current).toMatchObject({ dueOn: payBy });
    const agreement = await documentOf(id, 'mediation_agreement');
    expect(agreement.html).toContain('调解协议书');

    const paid = await t.http.post(`/cases/${id}/payment`).set(cwA.auth).send({ paid: true });
    expect(paid.status).toBe(200);
    expect(paid.body.stage).toBe('closed');
    const closed = await getCase(id);
    expect(closed).toMatchObject({
      status: 'closed',
      stage: 'closed',
      outcome: 'resolved',
      amountRecoveredFen: 850_000,
      nextDeadline: null,
      deadlineBadge: 'none',
    });
    expect(closed.closedAt).toEqual(expect.any(String));

    const reason = `劳动者反映加班费尚未支付${tag()}`;
    const reopened = await t.http.post(`/cases/${id}/reopen`).set(cwA.auth).send({ reason });
    expect(reopened.status).toBe(200);
    expect(reopened.body.stage).toBe('reopened');
    const open = await getCase(id);
    expect(open).toMatchObject({ status: 'open', stage: 'reopened', outcome: null, closedAt: null });
    const reopenEvent = open.timeline.find((e: { kind: string }) => e.kind === 'reopen');
    expect(reopenEvent.text).toContain(reason);
    expect(reopenEvent.by).toBe(cwA.username);

    const arb = await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'arbitration', reason: '调解协议未完全履行，申请仲裁', escalatedOn: today() });
    expect(arb.status).toBe(200);
    expect(arb.body.stage).toBe('arbitration_pending');
    expect(arb.body.current).toMatchObject({ label: 'arbitration acceptance', dueOn: plusDays(today(), 5) });
    const application = await documentOf(id, 'arbitration_application');
    expect(application.html).toContain('仲裁申请书');
    expect((await getCase(id)).stage).toBe('arbitration_pending');
  });

  it('escalating to labour inspection gives a 转办单 and an acceptance deadline of 5 working days', async () => {
    const { id } = await opened();
    await processAt(id, 'acknowledgement');
    await t.http.post(`/cases/${id}/acknowledge`).set(cwA.auth).expect(200);
    const res = await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'inspection', reason: '用人单位拒不支付，涉嫌违法', escalatedOn: today() });
    expect(res.status).toBe(200);
    expect(res.body.stage).toBe('inspection_pending');
    expect(res.body.current).toMatchObject({ label: 'inspection acceptance', dueOn: await workingDaysAdd(today(), 5) });
    const slip = await documentOf(id, 'transfer_slip');
    expect(slip.html).toContain('转办单');
    expect((await getCase(id)).stage).toBe('inspection_pending');
  });
});

describe('escalation on its 立案/收件 date', () => {
  /** A case opened `daysAgo` days ago (the API's clock set back while it is opened) and acknowledged. */
  async function openedDaysAgo(daysAgo: number) {
    fixClock(new Date(Date.now() - daysAgo * 86_400_000));
    let o;
    try {
      o = await opened({ body: { knewOn: addDays(today(), -3) } });
    } finally {
      fixClock(null);
    }
    await processAt(o.id, 'acknowledgement');
    await t.http.post(`/cases/${o.id}/acknowledge`).set(cwA.auth).expect(200);
    return o.id;
  }

  it.each([
    ['no date', () => ({})],
    ['a date in the future', () => ({ escalatedOn: plusDays(today(), 1) })],
    ['a date before the case was opened', () => ({ escalatedOn: plusDays(today(), -1) })],
    ['not a date', () => ({ escalatedOn: '2026-02-30' })],
  ])('%s → 400 naming escalatedOn; stage, timeline and documents unchanged', async (_what, date) => {
    const { id } = await opened();
    await processAt(id, 'acknowledgement');
    await t.http.post(`/cases/${id}/acknowledge`).set(cwA.auth).expect(200);
    const res = await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'inspection', reason: '用人单位拒不支付', ...date() });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('escalatedOn');
    const c = await getCase(id);
    expect(c).toMatchObject({ stage: 'mediation', escalatedTo: null, escalatedOn: null });
    expect(c.process.stage).toBe('mediation');
    expect(c.timeline.some((e: { kind: string }) => e.kind === 'escalate')).toBe(false);
    expect(c.documents.some((d: { type: string }) => d.type === 'transfer_slip')).toBe(false);
  });

  it('to labour inspection registered a week ago: the acceptance deadline runs from that date, and the case, timeline and 转办单 show it', async () => {
    const id = await openedDaysAgo(20);
    const registeredOn = plusDays(today(), -7);
    const res = await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'inspection', reason: '用人单位拒不支付', escalatedOn: registeredOn });
    expect(res.status).toBe(200);
    const due = await workingDaysAdd(registeredOn, 5);
    expect(due).not.toBe(await workingDaysAdd(today(), 5));
    expect(res.body.current).toMatchObject({ label: 'inspection acceptance', dueOn: due });
    const c = await getCase(id);
    expect(c).toMatchObject({ escalatedTo: 'inspection', escalatedOn: registeredOn, nextDeadline: due });
    expect(c.timeline.find((e: { kind: string }) => e.kind === 'escalate').text).toContain(`立案日期 ${registeredOn}`);
    const slip = await documentOf(id, 'transfer_slip');
    const cn = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
    expect(slip.html).toContain(`<th>立案日期</th><td>${cn(registeredOn)}</td>`);
    expect(slip.html).toContain(`${cn(due)}前（5个工作日内）`);
  });

  it('to arbitration received three days ago: the 5-day acceptance deadline runs from the 收件日期', async () => {
    const id = await openedDaysAgo(10);
    await t.http.post(`/cases/${id}/mediation`).set(cwA.auth).send({ outcome: 'failed', reason: '单位拒绝调解' });
    const receivedOn = plusDays(today(), -3);
    const res = await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'arbitration', reason: '调解不成，申请仲裁', escalatedOn: receivedOn });
    expect(res.status).toBe(200);
    expect(res.body.current).toMatchObject({ label: 'arbitration acceptance', dueOn: plusDays(receivedOn, 5) });
    expect(await getCase(id)).toMatchObject({ escalatedTo: 'arbitration', escalatedOn: receivedOn });
    const application = await documentOf(id, 'arbitration_application');
    expect(application.html).toContain('仲裁委员会收件日期');
  });
});

describe('bad input: clear 4xx, nothing changed', () => {
  /** A case in labour inspection, investigation accepted: the stage that can be extended. */
  async function inInspection() {
    const { id } = await opened();
    await processAt(id, 'acknowledgement');
    await t.http.post(`/cases/${id}/acknowledge`).set(cwA.auth).expect(200);
    await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'inspection', reason: '涉嫌违法', escalatedOn: today() })
      .expect(200);
    const acc = await t.http.post(`/cases/${id}/accept`).set(cwA.auth).send({ accepted: true });
    expect(acc.status).toBe(200);
    expect(acc.body.current).toMatchObject({
      label: 'inspection investigation',
      dueOn: await workingDaysAdd(today(), 60),
      extended: false,
    });
    return { id, due: acc.body.current.dueOn as string };
  }

  it('an extension twice: the first moves the investigation deadline by 30 working days, the second → 409 and changes nothing', async () => {
    const { id, due } = await inInspection();
    const first = await t.http.post(`/cases/${id}/extend`).set(cwA.auth).send({ reason: '案情复杂，需要延长调查' });
    expect(first.status).toBe(200);
    const extended = await workingDaysAdd(due, 30);
    expect(first.body.current).toMatchObject({ label: 'inspection investigation', dueOn: extended, extended: true });

    const second = await t.http.post(`/cases/${id}/extend`).set(cwA.auth).send({ reason: '再次延长' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'CASE.ALREADY_EXTENDED',
      message: expect.stringMatching(/只允许延长一次/),
    });
    const c = await getCase(id);
    expect(c.process.current).toMatchObject({ dueOn: extended, extended: true });
    expect(c.timeline.filter((e: { kind: string }) => e.kind === 'extend')).toHaveLength(1);
  });

  it('after an extension the case (and so the queue order and badge) carries the extended deadline', async () => {
    const { id, due } = await inInspection();
    await t.http.post(`/cases/${id}/extend`).set(cwA.auth).send({ reason: '案情复杂，需要延长调查' }).expect(200);
    const extended = await workingDaysAdd(due, 30);
    const c = await getCase(id);
    expect(c.process.current.dueOn).toBe(extended);
    expect(c.nextDeadline).toBe(extended);
  });

  it('closing without an outcome or with an unknown outcome → 400; closing with one → closed; escalating or extending a closed case → 409', async () => {
    const { id } = await opened();
    await processAt(id, 'acknowledgement');
    const none = await t.http.post(`/cases/${id}/close`).set(cwA.auth).send({ reason: '劳动者撤回投诉' });
    expect(none.status).toBe(400);
    expect(none.body.details.map((d: { field: string }) => d.field)).toContain('outcome');
    const unknown = await t.http
      .post(`/cases/${id}/close`)
      .set(cwA.auth)
      .send({ outcome: 'settled_somehow', reason: '劳动者撤回投诉' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.map((d: { field: string }) => d.field)).toContain('outcome');
    const still = await getCase(id);
    expect(still).toMatchObject({ status: 'open', stage: 'intake', outcome: null });
    expect(still.process.stage).toBe('intake');

    const closed = await t.http
      .post(`/cases/${id}/close`)
      .set(cwA.auth)
      .send({ outcome: 'withdrawn', reason: '劳动者撤回投诉' });
    expect(closed.status).toBe(200);
    expect(closed.body.stage).toBe('closed');
    expect(await getCase(id)).toMatchObject({
      status: 'closed',
      outcome: 'withdrawn',
      outcomeReason: '劳动者撤回投诉',
    });

    const esc = await t.http
      .post(`/cases/${id}/escalate`)
      .set(cwA.auth)
      .send({ to: 'arbitration', reason: '申请仲裁', escalatedOn: today() });
    expect(esc.status).toBe(409);
    const ext = await t.http.post(`/cases/${id}/extend`).set(cwA.auth).send({ reason: '延长' });
    expect(ext.status).toBe(409);
    const after = await getCase(id);
    expect(after).toMatchObject({ status: 'closed', stage: 'closed', outcome: 'withdrawn' });
    expect(after.timeline.some((e: { kind: string }) => e.kind === 'escalate' || e.kind === 'extend')).toBe(false);
    expect(after.documents.some((d: { type: string }) => d.type === 'arbitration_application')).toBe(false);
  });

  it.each([
    ['a knew-of date in the future', () => ({ knewOn: plusDays(today(), 1) }), 'knewOn'],
    ['an unknown worker id', () => ({ workerIds: [99_999_999] }), 'workerIds'],
  ])('%s → 400 naming the field, no case written', async (_what, body, field) => {
    const mark = marker();
    const { res } = await openCase({ mark, body: body() });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await caseRows(mark)).toBe(0);
  });

  it('notes: a confidential note is seen by its author and admin, not by another caseworker; finance and brokers may not post notes', async () => {
    const { id } = await opened();
    const secret = `举报人身份保密${tag()}`;
    const plain = `已电话联系用人单位${tag()}`;
    const n1 = await t.http.post(`/cases/${id}/notes`).set(cwA.auth).send({ text: secret, confidential: true });
    expect(n1.status).toBe(201);
    expect(n1.body).toMatchObject({ confidential: true, authorId: cwA.userId });
    await t.http.post(`/cases/${id}/notes`).set(cwA.auth).send({ text: plain }).expect(201);

    const texts = async (u: User) => (await getCase(id, u.auth)).notes.map((n: { text: string }) => n.text);
    expect(await texts(cwA)).toEqual([secret, plain]);
    expect(await texts(admin)).toEqual([secret, plain]);
    expect(await texts(cwC)).toEqual([plain]);

    const byFinance = await t.http.post(`/cases/${id}/notes`).set(fin.auth).send({ text: '财务备注' });
    expect(byFinance.status).toBe(403);
    const byBroker = await t.http.post(`/cases/${id}/notes`).set(broker.auth).send({ text: '经纪人备注' });
    expect(byBroker.status).toBe(403);
    expect((await t.db.query('SELECT count(*)::int AS n FROM case_notes WHERE "caseId" = $1', [id]))[0].n).toBe(2);
  });

  it('attachments: a text file named .pdf → 415, nothing stored; a PNG → 201 and downloadable byte for byte', async () => {
    const { id } = await opened();
    const text = await t.http
      .post(`/cases/${id}/attachments`)
      .set(cwA.auth)
      .attach('file', Buffer.from('just text, named like a pdf'), {
        filename: '工资条.pdf',
        contentType: 'application/pdf',
      });
    expect(text.status).toBe(415);
    expect(text.body.details[0].field).toBe('file');
    const count = async () =>
      (await t.db.query('SELECT count(*)::int AS n FROM case_attachments WHERE "caseId" = $1', [id]))[0].n;
    expect(await count()).toBe(0);

    const png = await t.http
      .post(`/cases/${id}/attachments`)
      .set(cwA.auth)
      .attach('file', PNG, { filename: 'iou.png', contentType: 'image/png' });
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ caseId: id, mime: 'image/png', size: PNG.length, fileName: 'iou.png' });
    expect(png.body.bytes).toBeUndefined();
    expect(await count()).toBe(1);
    const file = await t.http
      .get(`/cases/${id}/attachments/${png.body.id}`)
      .set(cwC.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);
    expect((await getCase(id)).attachments.map((a: { id: number }) => a.id)).toEqual([png.body.id]);
  });

  it('an attachment keeps its Chinese file name (stored, listed and in the download header)', async () => {
    const { id } = await opened();
    const name = '欠条-工资表.png';
    const png = await t.http
      .post(`/cases/${id}/attachments`)
      .set(cwA.auth)
      .attach('file', PNG, { filename: name, contentType: 'image/png' });
    expect(png.status).toBe(201);
    expect(png.body.fileName).toBe(name);
    expect((await getCase(id)).attachments[0].fileName).toBe(name);
    const file = await t.http.get(`/cases/${id}/attachments/${png.body.id}`).set(cwA.auth);
    expect(file.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  it('a broker may not see cases at all: list, one case, summary and opening → 403', async () => {
    const { id } = await opened();
    await t.http.get('/cases').set(broker.auth).expect(403);
    await t.http.get(`/cases/${id}`).set(broker.auth).expect(403);
    await t.http.get('/cases/summary').query({ from: today(), to: today() }).set(broker.auth).expect(403);
    const mark = marker();
    const open = await openCase({ mark, by: broker.auth });
    expect(open.res.status).toBe(403);
    expect(await caseRows(mark)).toBe(0);
  });
});

describe('the one-year limitation (art. 27): running, warned, expired, interrupted', () => {
  it('shows endsOn = knewOn + 365 days, in the case and in its process', async () => {
    const knewOn = '2026-03-15';
    const { id } = await opened({ body: { knewOn } });
    const c = await processAt(id, 'acknowledgement');
    expect(c.limitation).toMatchObject({ knewOn, startsOn: knewOn, endsOn: '2027-03-15', interruptions: [] });
    expect(c.limitation.daysLeft).toBe(daysFromToday('2027-03-15'));
    expect(c.limitation.basis).toContain('第二十七条');
    expect(c.process.limitationEndsOn).toBe(plusDays(knewOn, 365));
  });

  it('a limitation that ran out shows expired with its date; one with 15 days left shows warned; both in the queue and on the timeline', async () => {
    const mark = marker();
    const expired = await opened({ mark, body: { knewOn: plusDays(today(), -400) } });
    const warned = await opened({ mark, body: { knewOn: plusDays(today(), -350) } });
    const running = await opened({ mark, body: { knewOn: plusDays(today(), -10) } });
    const endedOn = plusDays(today(), -35);

    const e = await getCase(expired.id);
    expect(e.limitation).toMatchObject({ status: 'expired', endsOn: endedOn, expiredOn: endedOn, daysLeft: -35 });
    const w = await getCase(warned.id);
    expect(w.limitation).toMatchObject({ status: 'warned', daysLeft: 15, expiredOn: null });
    expect((await getCase(running.id)).limitation).toMatchObject({ status: 'running', expiredOn: null });

    const page = await queue(cwA.auth, { queue: 'all', q: mark });
    const status = Object.fromEntries(
      page.items.map((c: { id: number; limitation: { status: string } }) => [c.id, c.limitation]),
    );
    expect(status[expired.id]).toEqual({ status: 'expired', daysLeft: -35, expiredOn: endedOn });
    expect(status[warned.id]).toEqual({ status: 'warned', daysLeft: 15, expiredOn: null });
    expect(status[running.id].status).toBe('running');

    // The process records each: the expired one as run out (not warned), the other warned.
    const kinds = async (id: number) => (await getCase(id)).timeline.map((x: { kind: string }) => x.kind) as string[];
    await waitFor(async () => (await kinds(expired.id)).includes('limitation_expired'), 'the expiry on the timeline');
    expect(await kinds(expired.id)).not.toContain('limitation_warning');
    await waitFor(async () => (await kinds(warned.id)).includes('limitation_warning'), 'the warning on the timeline');
    expect(await kinds(warned.id)).not.toContain('limitation_expired');
  });

  it('an interruption within the year starts it over from its date: the case, its process, the timeline and the audit trail show it', async () => {
    const { id } = await opened({ body: { knewOn: plusDays(today(), -400) } });
    await processAt(id, 'acknowledgement');
    const interruptedOn = plusDays(today(), -45); // within the year, which ended 35 days ago
    const note = `劳动者书面向用人单位催要工资，有快递回执${tag()}`;
    const res = await t.http
      .post(`/cases/${id}/limitation/interruptions`)
      .set(cwA.auth)
      .send({ kind: 'claim_to_employer', interruptedOn, note });
    expect(res.status).toBe(200);
    const newEnd = plusDays(interruptedOn, 365);
    expect(res.body).toMatchObject({ limitationStartsOn: interruptedOn, limitationEndsOn: newEnd });

    const c = await getCase(id);
    expect(c.limitationEndsOn).toBe(newEnd);
    expect(c.limitation).toMatchObject({ status: 'running', startsOn: interruptedOn, endsOn: newEnd, expiredOn: null });
    expect(c.limitation.interruptions).toEqual([
      expect.objectContaining({
        kind: 'claim_to_employer',
        interruptedOn,
        note,
        endsOnBefore: plusDays(today(), -35),
        endsOnAfter: newEnd,
        by: cwA.username,
        byName: expect.stringMatching(/^王/),
      }),
    ]);
    expect(c.timeline.find((x: { kind: string }) => x.kind === 'interrupt_limitation').text).toContain(note);
    const audit = await t.http
      .get('/audit')
      .query({ entity: 'case', id: String(id) })
      .set(admin.auth)
      .expect(200);
    expect(audit.body.items.find((a: { action: string }) => a.action === 'interrupt_limitation')).toMatchObject({
      actorName: cwA.username,
      after: expect.objectContaining({ kind: 'claim_to_employer', interruptedOn, note }),
    });
  });

  it.each([
    ['after the year ran out', () => ({ interruptedOn: plusDays(today(), -20) }), 'interruptedOn'],
    ['before the worker knew', () => ({ interruptedOn: plusDays(today(), -401) }), 'interruptedOn'],
    ['in the future', () => ({ interruptedOn: plusDays(today(), 1) }), 'interruptedOn'],
    ['of an unknown kind', () => ({ kind: 'phone_call' }), 'kind'],
    ['without a note', () => ({ note: '' }), 'note'],
  ])('an interruption %s → 400 naming the field; nothing changed', async (_what, body, field) => {
    const { id } = await opened({ body: { knewOn: plusDays(today(), -400) } });
    await processAt(id, 'acknowledgement');
    const res = await t.http
      .post(`/cases/${id}/limitation/interruptions`)
      .set(cwA.auth)
      .send({ kind: 'employer_admission', interruptedOn: plusDays(today(), -45), note: '单位书面承认欠薪', ...body() });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const c = await getCase(id);
    expect(c.limitation).toMatchObject({ status: 'expired', endsOn: plusDays(today(), -35), interruptions: [] });
    expect(c.process.limitationEndsOn).toBe(plusDays(today(), -35));
  });
});

it('adds working days across National Day 2026 with the 10-10 make-up day from the seeded calendar', async () => {
  const res = await t.http.get('/calendar/working-days/add').query({ from: '2026-09-28', days: 5 }).set(cwA.auth);
  expect(res.status).toBe(200);
  // 9-29, 9-30, (10-01…10-07 holiday), 10-08, 10-09, 10-10 (Saturday, 调休上班).
  expect(res.body).toEqual({ from: '2026-09-28', days: 5, result: '2026-10-10', provisionalYears: [] });
});

it('summary: opened and closed today, closure rate, by kind and township, money recovered', async () => {
  const summary = async () =>
    (await t.http.get('/cases/summary').query({ from: today(), to: today() }).set(cwA.auth).expect(200)).body;
  const before = await summary();
  const recovered = 345_678;
  const a = await opened({ workerOverrides: { township } });
  const b = await opened({ workerOverrides: { township } });
  await opened({ workerOverrides: { township } });
  await processAt(a.id, 'acknowledgement');
  await processAt(b.id, 'acknowledgement');
  await t.http
    .post(`/cases/${a.id}/close`)
    .set(cwA.auth)
    .send({ outcome: 'resolved', reason: '用人单位已全额支付', amountRecoveredFen: recovered })
    .expect(200);
  await t.http
    .post(`/cases/${b.id}/close`)
    .set(cwA.auth)
    .send({ outcome: 'rejected', reason: '不属于受理范围' })
    .expect(200);
  expect((await getCase(a.id)).amountRecoveredFen).toBe(recovered);

  const s = await summary();
  expect(s).toMatchObject({ from: today(), to: today(), closureRateTarget: 90 });
  expect(s.opened - before.opened).toBeGreaterThanOrEqual(3);
  expect(s.closed - before.closed).toBeGreaterThanOrEqual(2);
  expect(s.recoveredFen - before.recoveredFen).toBeGreaterThanOrEqual(recovered);
  expect(s.closureRate).toBe(Math.round((s.closed / s.opened) * 1000) / 10);
  expect(typeof s.averageDaysToClose).toBe('number');
  const wage = s.byKind.find((k: { key: string }) => k.key === 'wage_arrears');
  expect(wage.opened).toBeGreaterThanOrEqual(3);
  expect(wage.closed).toBeGreaterThanOrEqual(2);
  // The township is this run's own: its figures are exactly ours.
  expect(s.byTownship.find((k: { key: string }) => k.key === township)).toEqual({
    key: township,
    countyId: expect.any(Number),
    opened: 3,
    closed: 2,
  });

  // to before from → 400.
  const bad = await t.http
    .get('/cases/summary')
    .query({ from: today(), to: plusDays(today(), -1) })
    .set(cwA.auth);
  expect(bad.status).toBe(400);
});

it('an overdue placement opens a no_contract case by itself: channel system, its process running, the art. 82 exposure', async () => {
  const [worker] = await workers(1);
  const employer = (await t.http.post('/employers').set(cwA.auth).send(employerBody()).expect(201)).body;
  const start = addDays(today(), -40);
  const placement = await t.http.post('/placements').set(cwA.auth).send({
    workerId: worker.id,
    employerId: employer.id,
    startDate: start,
    job: '报纸投递员',
    monthlyWageFen: 300_000,
    destination: '黑龙江省哈尔滨市南岗区',
    organised: true,
  });
  expect(placement.status).toBe(201);
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${placement.body.id}`).set(cwA.auth);
    return r.body.case ? r.body : null;
  }, 'the placement to show its case');

  const c = await processAt(p.case.id, 'acknowledgement');
  expect(c).toMatchObject({
    kind: 'no_contract',
    channel: 'system',
    status: 'open',
    placementId: placement.body.id,
    employerId: employer.id,
    openedBy: 'system:workflow',
  });
  expect(c.workers.map((w: { id: number }) => w.id)).toEqual([worker.id]);
  expect(c.process.stage).toBe('intake');
  expect(c.process.current.dueOn).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
  expect(c.exposure).toMatchObject({ doubleWageFrom: addMonths(start, 1), monthlyWageFen: 300_000 });
  expect(c.exposure.basis).toContain('第八十二条');
  expect(c.exposure.countedUntil).toBe(today());
  expect(c.exposure.months * 300_000 + c.exposure.days).toBeGreaterThan(0);
  expect(c.limitation.endsOn).toBe(plusDays(c.limitation.knewOn, 365));
  // The case is in the unassigned queue for a caseworker to pick up.
  expect(ids(await queue(cwA.auth, { queue: 'unassigned', q: c.number }))).toEqual([c.id]);
});

it('unsigned for more than a year: 11 months of double wages, an open-ended contract deemed concluded, on the case, the placement and the notice', async () => {
  const [worker] = await workers(1);
  const employer = (await t.http.post('/employers').set(cwA.auth).send(employerBody()).expect(201)).body;
  const start = addMonths(today(), -14);
  const oneYear = addMonths(start, 12);
  const placement = await t.http.post('/placements').set(cwA.auth).send({
    workerId: worker.id,
    employerId: employer.id,
    startDate: start,
    job: '报纸投递员',
    monthlyWageFen: 320_000,
    destination: '黑龙江省哈尔滨市南岗区',
    organised: true,
  });
  expect(placement.status).toBe(201);
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${placement.body.id}`).set(cwA.auth);
    return r.body.case && r.body.documents.length ? r.body : null;
  }, 'the placement to show its case and notice');
  const expected = {
    doubleWageFrom: addMonths(start, 1),
    countedUntil: plusDays(oneYear, -1),
    stoppedBy: 'one_year',
    months: 11,
    days: 0,
    monthlyWageFen: 320_000,
    dailyWageFen: 14_713, // 320000 / 21.75 = 14712.64
    extraWagesFen: 11 * 320_000,
    openEndedDeemedFrom: oneYear,
    period: '11个月',
  };
  expect(p.case.exposure).toMatchObject(expected);
  const c = (await t.http.get(`/cases/${p.case.id}`).set(cwA.auth).expect(200)).body;
  expect(c.exposure).toMatchObject(expected);

  const notice = p.documents.find((d: { type: string }) => d.type === 'contract_rectification');
  const html = (await t.http.get(`/documents/${notice.id}`).set(cwA.auth).expect(200)).text;
  expect(html).toContain('已计<span class="emph">11个月</span>');
  expect(html).toContain('¥35,200.00元');
  expect(html).toContain('第七条');
  expect(html).toContain('无固定期限劳动合同');

  // A contract signed now, after the year, changes neither the 11 months nor the deemed open-ended contract.
  await t.http
    .post(`/placements/${placement.body.id}/contract`)
    .set(cwA.auth)
    .field('signedOn', today())
    .field('openEnded', 'true')
    .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' })
    .expect(201);
  const after = (await t.http.get(`/cases/${p.case.id}`).set(cwA.auth).expect(200)).body;
  expect(after.exposure).toMatchObject(expected);
});

it('a late contract stops the exposure on the case at the day before signing', async () => {
  const [worker] = await workers(1);
  const employer = (await t.http.post('/employers').set(cwA.auth).send(employerBody()).expect(201)).body;
  const start = addMonths(today(), -3);
  const placement = await t.http.post('/placements').set(cwA.auth).send({
    workerId: worker.id,
    employerId: employer.id,
    startDate: start,
    job: '报纸投递员',
    monthlyWageFen: 300_000,
    destination: '黑龙江省哈尔滨市南岗区',
    organised: true,
  });
  expect(placement.status).toBe(201);
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${placement.body.id}`).set(cwA.auth);
    return r.body.case ? r.body : null;
  }, 'the placement to show its case');
  // Signed on the first day of the third month: exactly one whole month of double wages.
  const signedOn = addMonths(start, 2);
  await t.http
    .post(`/placements/${placement.body.id}/contract`)
    .set(cwA.auth)
    .field('signedOn', signedOn)
    .field('termMonths', '24')
    .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' })
    .expect(201);
  const c = (await t.http.get(`/cases/${p.case.id}`).set(cwA.auth).expect(200)).body;
  expect(c.exposure).toMatchObject({
    countedUntil: plusDays(signedOn, -1),
    stoppedBy: 'contract',
    months: 1,
    days: 0,
    extraWagesFen: 300_000,
    openEndedDeemedFrom: null,
  });
});
