/**
 * Rights cases through the real API with the real worker: queues and assignment, each
 * step's document, the refusals of issue 7's "Bad input", the working-day calendar and the
 * figures. (case-escalation.test.ts covers the timers on the time-skipping server.)
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { employerBody, workerBody } from './support/fixtures.js';

let t: TestApp;
let a: { auth: { Authorization: string }; userId: number };
let b: { auth: { Authorization: string }; userId: number };
let c: { auth: { Authorization: string }; userId: number };
let admin: { Authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  a = await t.login('caseworker');
  b = await t.login('caseworker');
  c = await t.login('caseworker');
  admin = (await t.login('admin')).auth;
});
afterAll(() => t?.close());

const today = () => shanghaiToday();
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function openCase(overrides: Record<string, unknown> = {}) {
  const w1 = (await t.http.post('/workers').set(a.auth).send(workerBody()).expect(201)).body;
  const w2 = (await t.http.post('/workers').set(a.auth).send(workerBody()).expect(201)).body;
  const e = (await t.http.post('/employers').set(a.auth).send(employerBody()).expect(201)).body;
  const res = await t.http.post('/cases').set(a.auth).send({
    kind: 'wage_arrears', workerIds: [w1.id, w2.id], employerId: e.id, facts: '2026年9月至11月工资共计12000元未发放',
    amountClaimedFen: 1200000, knewOn: addDays(today(), -10), channel: 'hotline', ...overrides,
  });
  return { res, workers: [w1, w2], employer: e };
}

async function docsOf(id: number): Promise<{ id: number; type: string; number: string }[]> {
  return (await t.http.get(`/cases/${id}`).set(a.auth).expect(200)).body.documents;
}

it('opens a case for two workers of one employer with its process, in the unassigned queue until assigned; reassignment is on the timeline', async () => {
  const { res } = await openCase();
  expect(res.status).toBe(201);
  const id = res.body.id;
  const got = (await t.http.get(`/cases/${id}`).set(a.auth).expect(200)).body;
  expect(got.workers).toHaveLength(2);
  expect(got.workers[0].citizenId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  expect(got.process.stage).toBe('intake');
  expect(got.limitation.endsOn).toBe(addDays(addDays(today(), -10), 365));
  const ids = async (auth: { Authorization: string }, queue: string) => (await t.http.get(`/cases?queue=${queue}&pageSize=200`).set(auth).expect(200)).body.items.map((x: { id: number }) => x.id);
  expect(await ids(a.auth, 'unassigned')).toContain(id);
  expect(await ids(a.auth, 'mine')).not.toContain(id);
  await t.http.post(`/cases/${id}/assign`).set(a.auth).send({ assigneeId: a.userId }).expect(200);
  expect(await ids(a.auth, 'mine')).toContain(id);
  expect(await ids(a.auth, 'unassigned')).not.toContain(id);
  await t.http.post(`/cases/${id}/assign`).set(a.auth).send({ assigneeId: b.userId }).expect(200);
  expect(await ids(b.auth, 'mine')).toContain(id);
  expect(await ids(a.auth, 'mine')).not.toContain(id);
  const timeline = (await t.http.get(`/cases/${id}`).set(a.auth)).body.timeline.map((e: { kind: string }) => e.kind);
  expect(timeline).toEqual(expect.arrayContaining(['opened', 'assigned', 'reassigned']));
  const fin = await t.login('finance');
  const bad = await t.http.post(`/cases/${id}/assign`).set(a.auth).send({ assigneeId: fin.userId });
  expect(bad.status).toBe(400);
});

it('queues are sorted by the nearest deadline and carry a badge', async () => {
  await openCase();
  await openCase();
  const items = (await t.http.get('/cases?queue=all&status=open&pageSize=200').set(a.auth).expect(200)).body.items as { nextDeadline: string | null; deadlineBadge: string }[];
  const dated = items.filter((x) => x.nextDeadline).map((x) => x.nextDeadline!);
  expect(dated).toEqual([...dated].sort());
  expect(items.every((x) => ['on_track', 'due_soon', 'breached', 'none'].includes(x.deadlineBadge))).toBe(true);
});

it('acknowledge → 受理通知书; settle → 调解协议书; paid → closed resolved with the amount; reopen → open again with the reason', async () => {
  const { res } = await openCase();
  const id = res.body.id;
  const ack = await t.http.post(`/cases/${id}/acknowledge`).set(a.auth).expect(200);
  expect(ack.body.stage).toBe('mediation');
  expect(ack.body.current.label).toBe('mediation');
  const acceptance = (await docsOf(id)).find((d) => d.number.includes('受'))!;
  expect((await t.http.get(`/documents/${acceptance.id}`).set(a.auth).expect(200)).text).toContain('受理通知书');
  await t.http.post(`/cases/${id}/mediation`).set(a.auth).send({ outcome: 'settled', amountFen: 1000000, payBy: addDays(today(), 10) }).expect(200);
  const agreement = (await docsOf(id)).find((d) => d.number.includes('调'))!;
  expect((await t.http.get(`/documents/${agreement.id}`).set(a.auth).expect(200)).text).toContain('调解协议书');
  const paid = await t.http.post(`/cases/${id}/payment`).set(a.auth).send({ paid: true }).expect(200);
  expect(paid.body.stage).toBe('closed');
  const closed = (await t.http.get(`/cases/${id}`).set(a.auth)).body;
  expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', amountRecoveredFen: 1000000 });
  // Escalating a closed case is refused.
  expect((await t.http.post(`/cases/${id}/escalate`).set(a.auth).send({ to: 'arbitration', reason: '申请仲裁' })).status).toBe(409);
  const reopened = await t.http.post(`/cases/${id}/reopen`).set(a.auth).send({ reason: '单位再次拖欠' }).expect(200);
  expect(reopened.body.stage).toBe('reopened');
  const after = (await t.http.get(`/cases/${id}`).set(a.auth)).body;
  expect(after.status).toBe('open');
  expect(after.timeline.some((e: { kind: string; text: string }) => e.kind === 'reopen' && e.text.includes('单位再次拖欠'))).toBe(true);
  const arb = await t.http.post(`/cases/${id}/escalate`).set(a.auth).send({ to: 'arbitration', reason: '申请仲裁' }).expect(200);
  expect(arb.body.stage).toBe('arbitration_pending');
  const draft = (await docsOf(id)).find((d) => d.number.includes('仲'))!;
  expect((await t.http.get(`/documents/${draft.id}`).set(a.auth).expect(200)).text).toContain('仲裁申请书');
});

it('to labour inspection with a 转办单; one extension only; closing needs an outcome and a reason', async () => {
  const { res } = await openCase({ kind: 'treatment' });
  const id = res.body.id;
  await t.http.post(`/cases/${id}/acknowledge`).set(a.auth).expect(200);
  const inspection = await t.http.post(`/cases/${id}/escalate`).set(a.auth).send({ to: 'inspection', reason: '涉嫌违法' }).expect(200);
  expect(inspection.body.current.label).toBe('inspection acceptance');
  const slip = (await docsOf(id)).find((d) => d.number.includes('转'))!;
  expect((await t.http.get(`/documents/${slip.id}`).set(a.auth).expect(200)).text).toContain('转办单');
  await t.http.post(`/cases/${id}/accept`).set(a.auth).send({ accepted: true }).expect(200);
  const ext = await t.http.post(`/cases/${id}/extend`).set(a.auth).send({ reason: '需调取银行流水' }).expect(200);
  expect(ext.body.current.extended).toBe(true);
  const twice = await t.http.post(`/cases/${id}/extend`).set(a.auth).send({ reason: '再次延长' });
  expect(twice.status).toBe(409);
  expect(twice.body.message).toMatch(/one/);
  expect((await t.http.post(`/cases/${id}/close`).set(a.auth).send({ reason: '已处理' })).status).toBe(400);
  expect((await t.http.post(`/cases/${id}/close`).set(a.auth).send({ outcome: 'maybe', reason: '已处理' })).status).toBe(400);
  expect((await t.http.post(`/cases/${id}/close`).set(a.auth).send({ outcome: 'resolved' })).status).toBe(400);
  expect((await t.http.get(`/cases/${id}`).set(a.auth)).body.status).toBe('open');
  await t.http.post(`/cases/${id}/close`).set(a.auth).send({ outcome: 'resolved', reason: '责令整改完毕', amountRecoveredFen: 50000 }).expect(200);
});

describe('bad input: clear 4xx, nothing changed', () => {
  it('a knew-of date in the future, an unknown worker: 400 and no case written', async () => {
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM cases');
    expect((await openCase({ knewOn: addDays(today(), 1) })).res.status).toBe(400);
    expect((await openCase({ workerIds: [99999999] })).res.status).toBe(400);
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM cases');
    expect(after).toBe(before);
  });

  it('confidential notes are shown to their author, the assignee and admin only; finance may not write notes', async () => {
    const { res } = await openCase();
    const id = res.body.id;
    await t.http.post(`/cases/${id}/assign`).set(a.auth).send({ assigneeId: b.userId }).expect(200);
    await t.http.post(`/cases/${id}/notes`).set(a.auth).send({ text: '举报人身份保密', confidential: true }).expect(201);
    await t.http.post(`/cases/${id}/notes`).set(a.auth).send({ text: '已电话联系单位' }).expect(201);
    const sees = async (auth: { Authorization: string }) => (await t.http.get(`/cases/${id}`).set(auth).expect(200)).body.notes.map((n: { text: string }) => n.text);
    expect(await sees(a.auth)).toContain('举报人身份保密');
    expect(await sees(b.auth)).toContain('举报人身份保密');
    expect(await sees(admin)).toContain('举报人身份保密');
    expect(await sees(c.auth)).toEqual(['已电话联系单位']);
    const fin = await t.login('finance');
    await t.http.post(`/cases/${id}/notes`).set(fin.auth).send({ text: 'x' }).expect(403);
  });

  it('attachments: a text file named .pdf → 415; a PNG → 201 and downloadable', async () => {
    const { res } = await openCase();
    const id = res.body.id;
    const bad = await t.http.post(`/cases/${id}/attachments`).set(a.auth).attach('file', Buffer.from('not a pdf'), { filename: '证据.pdf', contentType: 'application/pdf' });
    expect(bad.status).toBe(415);
    const good = await t.http.post(`/cases/${id}/attachments`).set(a.auth).attach('file', PNG, { filename: '工资条.png', contentType: 'image/png' }).expect(201);
    const file = await t.http.get(`/cases/${id}/attachments/${good.body.id}`).set(a.auth).expect(200);
    expect(Buffer.compare(file.body, PNG)).toBe(0);
  });

  it('a broker may not see cases at all', async () => {
    const { res } = await openCase();
    const broker = await t.login('broker');
    await t.http.get('/cases').set(broker.auth).expect(403);
    await t.http.get(`/cases/${res.body.id}`).set(broker.auth).expect(403);
  });
});

it('working days come from the seeded calendar: 5 working days from 2026-09-28 cross National Day to the 10-10 make-up day', async () => {
  const r = await t.http.get('/calendar/working-days/add?from=2026-09-28&days=5').set(a.auth).expect(200);
  expect(r.body.result).toBe('2026-10-10');
});

it('the summary counts what was opened and closed today, with the closure rate and money recovered', async () => {
  const { res } = await openCase();
  await t.http.post(`/cases/${res.body.id}/close`).set(a.auth).send({ outcome: 'resolved', reason: '单位已支付', amountRecoveredFen: 1234500 }).expect(200);
  const s = (await t.http.get(`/cases/summary?from=${today()}&to=${today()}`).set(a.auth).expect(200)).body;
  expect(s.opened).toBeGreaterThanOrEqual(1);
  expect(s.closed).toBeGreaterThanOrEqual(1);
  expect(s.closureRate).toBe(Math.round((s.closed / s.opened) * 1000) / 10);
  expect(s.recoveredFen).toBeGreaterThanOrEqual(1234500);
  expect(s.byKind.some((k: { key: string }) => k.key === 'wage_arrears')).toBe(true);
  expect((await t.http.get(`/cases/summary?from=${today()}&to=${addDays(today(), -1)}`).set(a.auth)).status).toBe(400);
});
