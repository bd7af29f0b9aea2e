/**
 * Broker referral payouts, 80 yuan, and the broker's own view, through the real API
 * with a real worker running the real activities against Postgres on the Temporal dev server.
 */
import { ClaimActivities } from '../src/claims/claims.activities.js';
import { ClaimsService } from '../src/claims/claims.service.js';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { ReferralActivities } from '../src/referrals/referrals.activities.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { claimWorkflowId } from '../workflows/definitions.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG } from './support/records.js';
import { brokerBody, employerBody, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
type Auth = { Authorization: string };
let cw: Auth;
let cwName: string;
let admin: Auth;
let fin: { auth: Auth; username: string };

beforeAll(async () => {
  t = await createTestApp();
  const c = await t.login('caseworker');
  cw = c.auth;
  cwName = c.username;
  admin = (await t.login('admin')).auth;
  fin = await t.login('finance');
});
afterAll(() => t?.close());

const today = () => shanghaiToday();
const MASKED = /^\d{6}\*{8}[\dX]{4}$/;

// ---- building blocks ----
async function newBroker(overrides: Record<string, unknown> = {}) {
  return (await t.http.post('/brokers').set(cw).send(brokerBody(overrides)).expect(201)).body as {
    id: number;
    name: string;
    citizenId: string;
  };
}
/** A broker with a login of their own. */
async function brokerWithLogin() {
  const user = await t.login('broker');
  const broker = await newBroker({ userId: user.userId });
  return { broker, auth: user.auth };
}
async function newWorker(overrides: Record<string, unknown> = {}) {
  return (
    await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ categories: ['laid_off'], ...overrides }))
      .expect(201)
  ).body as { id: number; name: string; citizenId: string };
}
type W = { id: number; name: string; citizenId: string };
async function refer(
  brokerId: number,
  opts: { worker?: W; workerOverrides?: Record<string, unknown>; startDate?: string; ending?: number } = {},
) {
  const worker: W = opts.worker ?? (await newWorker(opts.workerOverrides));
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const res = await t.http
    .post('/placements')
    .set(cw)
    .send({
      workerId: worker.id,
      employerId: employer.id,
      brokerId,
      startDate: opts.startDate ?? today(),
      job: '叉车司机',
      monthlyWageFen: 450000,
      destination: '辽宁省大连市甘井子区',
      organised: true,
      // The worker's earlier placement, ended by this registration (one placement at a time).
      ...(opts.ending ? { endPrevious: { placementId: opts.ending, endDate: today(), reason: '换到新单位' } } : {}),
    });
  expect(res.status).toBe(201);
  return { placement: res.body as { id: number; startDate: string }, worker, employer };
}
function contract(placementId: number, term: { termMonths: number } | { openEnded: true }, signedOn = today()) {
  const req = t.http.post(`/placements/${placementId}/contract`).set(cw).field('signedOn', signedOn);
  if ('openEnded' in term) req.field('openEnded', 'true');
  else req.field('termMonths', String(term.termMonths));
  return req.attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' });
}
async function signed(
  placementId: number,
  term: { termMonths: number } | { openEnded: true } = { termMonths: 24 },
  signedOn = today(),
) {
  const r = await contract(placementId, term, signedOn);
  expect(r.status).toBe(201);
  return r.body;
}
/** The referral of a placement as staff see it (GET /referrals). */
async function referralOf(brokerId: number, placementId: number) {
  const r = await t.http.get('/referrals').set(cw).query({ brokerId }).expect(200);
  return r.body.items.find((i: { placementId: number }) => i.placementId === placementId);
}
async function referralWhen(
  brokerId: number,
  placementId: number,
  ok: (r: Record<string, any>) => boolean,
  what: string,
) {
  let seen: unknown;
  return waitFor(
    async () => {
      const r = await referralOf(brokerId, placementId);
      seen = r && {
        status: r.status,
        reasons: r.reasons,
        claim: r.claim,
        timeline: r.timeline?.map((s: { step: string }) => s.step),
      };
      return r && ok(r) ? r : null;
    },
    what,
    30_000,
    () => seen,
  );
}
const claimsOfPlacement = async (placementId: number): Promise<{ id: number }[]> =>
  t.db.query(`SELECT id FROM claims WHERE kind = 'referral' AND "placementId" = $1`, [placementId]);
const payoutRows = async (claimId: number) =>
  (await t.db.query('SELECT count(*)::int AS n FROM payouts WHERE "claimId" = $1', [claimId]))[0].n;
const getClaim = async (id: number) => (await t.http.get(`/claims/${id}`).set(fin.auth).expect(200)).body;

/** Waits for the referral claim (and its approval process) and returns it as finance sees it. */
async function claimOf(brokerId: number, placementId: number) {
  const r = await referralWhen(brokerId, placementId, (x) => !!x.claim, 'the referral claim');
  return waitFor(async () => {
    const c = await getClaim(r.claim.id);
    return c.process ? c : null;
  }, 'the approval process');
}
async function approveAndPay(claimId: number) {
  const a = await t.http.post(`/claims/${claimId}/approve`).set(fin.auth);
  expect(a.status).toBe(200);
  return waitFor(async () => {
    const c = await getClaim(claimId);
    return c.status === 'paid' && c.payout && c.documents.length ? c : null;
  }, `claim ${claimId} paid with its notice`);
}
/** Waits until the referral is judged ineligible and returns its reasons; no claim was prepared. */
async function ineligible(brokerId: number, placementId: number): Promise<string[]> {
  const r = await referralWhen(brokerId, placementId, (x) => x.status === 'ineligible', 'ineligible');
  expect(r.claim).toBeNull();
  expect(await claimsOfPlacement(placementId)).toHaveLength(0);
  return r.reasons;
}

describe('eligible referrals', () => {
  it('a laid-off worker, a 24-month contract, an active broker: an 8000-fen referral claim → approved → paid → 职业介绍补贴发放通知', async () => {
    const broker = await newBroker();
    const { placement, worker } = await refer(broker.id);
    await signed(placement.id, { termMonths: 24 });
    const claim = await claimOf(broker.id, placement.id);
    expect(claim).toMatchObject({
      kind: 'referral',
      status: 'awaiting_approval',
      amountFen: 8000,
      payeeType: 'broker',
      payeeId: broker.id,
      payeeName: broker.name,
      brokerId: broker.id,
      workerId: worker.id,
      placementId: placement.id,
      preparedBy: cwName,
      requiredApprovals: 1,
    });
    const queue = await t.http
      .get('/claims')
      .set(fin.auth)
      .query({ status: 'awaiting_approval', kind: 'referral', brokerId: broker.id })
      .expect(200);
    expect(queue.body.items.map((c: { id: number }) => c.id)).toEqual([claim.id]);

    const done = await approveAndPay(claim.id);
    expect(done.payout).toMatchObject({ amountFen: 8000, paidOn: today() });
    expect(await payoutRows(claim.id)).toBe(1);
    const notice = done.documents.find((d: { type: string }) => d.type === 'referral_subsidy_notice');
    expect(notice).toBeDefined();
    const html = await t.http.get(`/documents/${notice.id}`).set(fin.auth).expect(200);
    expect(html.text).toContain('职业介绍补贴发放通知');
    expect(html.text).toContain(broker.name);
    expect(html.text).toContain(claim.number);
    expect(html.text).not.toContain(worker.citizenId);
    const r = await referralOf(broker.id, placement.id);
    expect(r).toMatchObject({
      status: 'paid',
      amountFen: 8000,
      reasons: [],
      payout: { amountFen: 8000, paidOn: today() },
    });
    const paidList = await t.http
      .get('/referrals')
      .set(fin.auth)
      .query({ brokerId: broker.id, status: 'paid' })
      .expect(200);
    expect(paidList.body.items.map((i: { id: number }) => i.id)).toEqual([r.id]);
  });

  it('an open-ended contract (无固定期限) counts as eligible', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id);
    await signed(placement.id, { openEnded: true });
    const claim = await claimOf(broker.id, placement.id);
    expect(claim).toMatchObject({ kind: 'referral', amountFen: 8000, status: 'awaiting_approval' });
  });

  it('exactly 12 months is eligible', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id);
    await signed(placement.id, { termMonths: 12 });
    expect((await claimOf(broker.id, placement.id)).amountFen).toBe(8000);
  });

  it('a suspension that takes effect after the placement date does not cancel the payout, but is shown', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id, { startDate: addDays(today(), -5) });
    await t.http
      .post(`/brokers/${broker.id}/status`)
      .set(admin)
      .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: today() })
      .expect(201);
    await signed(placement.id, { termMonths: 24 });
    const claim = await claimOf(broker.id, placement.id);
    expect(claim.amountFen).toBe(8000);
    const r = await referralOf(broker.id, placement.id);
    expect(r.broker.status).toBe('suspended');
    expect(r.note).toMatch(/介绍人目前处于暂停状态/);
  });
});

describe('ineligible referrals: each reason on its own', () => {
  it('the worker is not laid-off/unemployed', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id, { workerOverrides: { categories: ['rural_surplus'] } });
    await signed(placement.id, { termMonths: 24 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([expect.stringMatching(/不属于下岗失业人员/)]);
  });

  it('a 6-month contract', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id);
    await signed(placement.id, { termMonths: 6 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([expect.stringMatching(/6个月）不足12个月/)]);
  });

  it('the broker was suspended on the placement date (suspension effective before it)', async () => {
    const broker = await newBroker();
    const start = addDays(today(), -5);
    const { placement } = await refer(broker.id, { startDate: start });
    await t.http
      .post(`/brokers/${broker.id}/status`)
      .set(admin)
      .send({ status: 'suspended', reason: '违规收费', effectiveDate: addDays(today(), -10) })
      .expect(201);
    await signed(placement.id, { termMonths: 24 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([`就业之日（${start}）介绍人处于暂停状态`]);
  });

  it('the broker is the worker (same citizen ID)', async () => {
    const worker = await newWorker();
    const broker = await newBroker({ citizenId: worker.citizenId });
    const { placement } = await refer(broker.id, { worker });
    await signed(placement.id, { termMonths: 24 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([expect.stringMatching(/介绍人介绍的是本人/)]);
  });

  it('the 12-month repeat rule: the first placement is paid, a second one of the same worker is ineligible', async () => {
    const b1 = await newBroker();
    const b2 = await newBroker();
    const { placement: first, worker } = await refer(b1.id);
    await signed(first.id, { termMonths: 24 });
    const c1 = await claimOf(b1.id, first.id);
    await approveAndPay(c1.id);
    await t.http
      .post(`/placements/${first.id}/end`)
      .set(cw)
      .send({ endDate: today(), reason: '合同期内协商解除' })
      .expect(201);

    const { placement: second } = await refer(b2.id, { worker });
    await signed(second.id, { termMonths: 24 });
    const reasons = await ineligible(b2.id, second.id);
    // Named by the earlier claim's number and its placement's date.
    expect(reasons).toEqual([
      expect.stringContaining(`职业介绍补贴申请${c1.number}（上岗日期${first.startDate}，已发放）`),
    ]);
    expect(reasons[0]).toMatch(/12个月内只发放一次/);
    // The first payout stands, alone.
    expect(await payoutRows(c1.id)).toBe(1);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM payouts p JOIN claims c ON c.id = p."claimId" WHERE c.kind = 'referral' AND c."workerId" = $1`,
      [worker.id],
    );
    expect(n).toBe(1);
  });

  it('every reason that applies is recorded', async () => {
    const worker = await newWorker({ categories: ['graduate'] });
    const broker = await newBroker({ citizenId: worker.citizenId });
    const { placement } = await refer(broker.id, { worker });
    await signed(placement.id, { termMonths: 3 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toHaveLength(3);
    expect(reasons.join(' | ')).toMatch(/下岗失业.*\|.*3个月.*\|.*本人/);
  });

  it('the placement ended before a contract: referral ended, no claim', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id, { startDate: addDays(today(), -3) });
    await t.http
      .post(`/placements/${placement.id}/end`)
      .set(cw)
      .send({ endDate: today(), reason: '试用期内离职' })
      .expect(201);
    const r = await referralWhen(broker.id, placement.id, (x) => x.status === 'ended', 'ended');
    expect(r.reasons).toEqual([expect.stringMatching(/签订劳动合同前已离职/)]);
    expect(r.claim).toBeNull();
    expect(await claimsOfPlacement(placement.id)).toHaveLength(0);
    expect(r.timeline.map((s: { step: string }) => s.step)).toEqual(['referred', 'not_eligible']);
  });
});

describe('a referral whose record never appears', () => {
  it('opens one task for admin, in Chinese, naming the worker and employer (not an id), audited once', async () => {
    const acts = t.app.get(ReferralActivities);
    const broker = await newBroker();
    const { placement, worker, employer } = await refer(broker.id);
    // The workflow calls it once its bounded lookup gave up; a retry of the activity raises nothing more.
    await acts.raiseReferralRecordMissing({ placementId: placement.id, workerId: worker.id });
    await acts.raiseReferralRecordMissing({ placementId: placement.id, workerId: worker.id });
    const tasks = await t.db.query(
      `SELECT kind, role, title, body, status FROM tasks WHERE "subjectType" = 'placement' AND "subjectId" = $1 AND kind = 'record_missing'`,
      [placement.id],
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'record_missing', role: 'admin', status: 'open' });
    expect(tasks[0].title).toBe(
      `介绍就业补贴：${worker.name} @ ${employer.name} 的劳动合同长时间查无记录，流程已停止，请核查`,
    );
    expect(tasks[0].body).toContain(`介绍人 ${broker.name}`);
    expect(`${tasks[0].title}${tasks[0].body}`).not.toMatch(new RegExp(`\\b${placement.id}\\b|${cwName}`));
    const audit = await t.db.query(
      `SELECT action FROM audit_log WHERE entity = 'placement' AND "entityId" = $1::text AND action = 'referral_record_missing'`,
      [placement.id],
    );
    expect(audit).toHaveLength(1);
  });
});

describe("the broker's own view", () => {
  it("broker A sees only their referrals, with a timeline, totals and masked ID numbers; B's referral answers 404", async () => {
    const a = await brokerWithLogin();
    const b = await brokerWithLogin();
    const paidOne = await refer(a.broker.id);
    await signed(paidOne.placement.id, { termMonths: 24 });
    const claim = await claimOf(a.broker.id, paidOne.placement.id);
    await approveAndPay(claim.id);
    const waiting = await refer(a.broker.id);
    const theirs = await refer(b.broker.id);
    await signed(theirs.placement.id, { termMonths: 24 });
    await claimOf(b.broker.id, theirs.placement.id);

    const mine = await t.http.get('/brokers/me/referrals').set(a.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { placementId: number }) => i.placementId).sort()).toEqual(
      [paidOne.placement.id, waiting.placement.id].sort(),
    );
    expect(mine.body.items.every((i: { broker: { id: number } }) => i.broker.id === a.broker.id)).toBe(true);
    const p = mine.body.items.find((i: { placementId: number }) => i.placementId === paidOne.placement.id);
    expect(p.status).toBe('paid');
    expect(p.timeline.map((s: { step: string }) => s.step)).toEqual([
      'referred',
      'contract_signed',
      'eligible',
      'awaiting_approval',
      'approved',
      'paid',
    ]);
    for (const s of p.timeline) expect(s.at).toBeTruthy();
    expect(p.payout).toMatchObject({ amountFen: 8000, paidOn: today() });
    expect(p.worker.citizenId).toMatch(MASKED);
    const w = mine.body.items.find((i: { placementId: number }) => i.placementId === waiting.placement.id);
    expect(w.status).toBe('waiting_contract');
    expect(w.timeline.map((s: { step: string }) => s.step)).toEqual(['referred', 'waiting_for_contract']);
    expect(mine.body.totals).toMatchObject({ paidFen: 8000, pendingFen: 0, rejectedFen: 0 });
    // Never a full ID number, never the finance officer's name, nothing of broker B.
    const text = JSON.stringify(mine.body);
    for (const full of [paidOne.worker.citizenId, waiting.worker.citizenId, a.broker.citizenId])
      expect(text).not.toContain(full);
    expect(text).not.toContain(fin.username);
    expect(text).not.toContain(theirs.worker.name);

    const one = await t.http.get(`/brokers/me/referrals/${p.id}`).set(a.auth);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: p.id, status: 'paid' });
    const bRef = (await t.http.get('/brokers/me/referrals').set(b.auth).expect(200)).body;
    expect(bRef.items.map((i: { placementId: number }) => i.placementId)).toEqual([theirs.placement.id]);
    expect(bRef.totals).toMatchObject({ paidFen: 0, pendingFen: 8000 });
    const bId = bRef.items[0].id;
    const probe = await t.http.get(`/brokers/me/referrals/${bId}`).set(a.auth);
    expect(probe.status).toBe(404);
    expect(JSON.stringify(probe.body)).not.toContain(theirs.worker.name);
  });

  it('a broker calling staff endpoints (GET /referrals, GET /claims, a claim, approving) → 403', async () => {
    const a = await brokerWithLogin();
    expect((await t.http.get('/referrals').set(a.auth)).status).toBe(403);
    expect((await t.http.get('/claims').set(a.auth)).status).toBe(403);
    expect((await t.http.get('/claims/summary').set(a.auth).query({ from: today(), to: today() })).status).toBe(403);
    expect((await t.http.get('/claims/1').set(a.auth)).status).toBe(403);
    expect((await t.http.post('/claims/1/approve').set(a.auth)).status).toBe(403);
    expect((await t.http.get('/payouts').set(a.auth)).status).toBe(403);
  });

  it('suspending a broker without a reason → 400, status unchanged', async () => {
    const broker = await newBroker();
    const r = await t.http
      .post(`/brokers/${broker.id}/status`)
      .set(admin)
      .send({ status: 'suspended', effectiveDate: today() });
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field)).toContain('reason');
    expect((await t.http.get(`/brokers/${broker.id}`).set(cw).expect(200)).body.status).toBe('active');
  });
});

it('two simultaneous contract recordings for one placement: one 201, one 409; one claim and, after approval, one payout', async () => {
  const broker = await newBroker();
  const { placement } = await refer(broker.id);
  const results = await Promise.all([
    contract(placement.id, { termMonths: 24 }),
    contract(placement.id, { termMonths: 36 }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  expect(
    (await t.db.query('SELECT count(*)::int AS n FROM contracts WHERE "placementId" = $1', [placement.id]))[0].n,
  ).toBe(1);
  const claim = await claimOf(broker.id, placement.id);
  expect(await claimsOfPlacement(placement.id)).toHaveLength(1);
  await approveAndPay(claim.id);
  // A second approval attempt after payment changes nothing.
  expect((await t.http.post(`/claims/${claim.id}/approve`).set(fin.auth)).status).toBe(409);
  expect(await claimsOfPlacement(placement.id)).toHaveLength(1);
  expect(await payoutRows(claim.id)).toBe(1);
});

describe('the 12-month repeat rule holds however the claims stand', () => {
  /** The worker's referral claims, oldest first. */
  const claimsOfWorker = async (workerId: number): Promise<{ id: number; status: string; number: string }[]> =>
    t.db.query(`SELECT id, status, number FROM claims WHERE kind = 'referral' AND "workerId" = $1 ORDER BY id`, [
      workerId,
    ]);

  it('the first claim awaiting approval (not paid): a second referral by another broker is ineligible, naming it; paid later, the first stays alone', async () => {
    const b1 = await newBroker();
    const b2 = await newBroker();
    const { placement: first, worker } = await refer(b1.id, { startDate: addDays(today(), -10) });
    await signed(first.id, { termMonths: 24 }, addDays(today(), -9));
    const c1 = await claimOf(b1.id, first.id);
    expect(c1.status).toBe('awaiting_approval');
    const { placement: second } = await refer(b2.id, { worker, ending: first.id });
    await signed(second.id, { termMonths: 24 });
    const reasons = await ineligible(b2.id, second.id);
    expect(reasons).toEqual([
      expect.stringContaining(`职业介绍补贴申请${c1.number}（上岗日期${first.startDate}，待审批）`),
    ]);
    // Finance pays the first one late, after the second placement started: nothing changes for the second.
    await approveAndPay(c1.id);
    expect((await referralOf(b2.id, second.id)).status).toBe('ineligible');
    expect((await claimsOfWorker(worker.id)).map((c) => c.id)).toEqual([c1.id]);
  });

  it("counts every claim that is not rejected, on the placements' start dates, in either direction, whichever broker", async () => {
    const acts = t.app.get(ReferralActivities);
    const worker = await newWorker();
    // Dates in the past: other test files count this month's placements.
    const start = '2025-03-15';
    const claimAt = async (startDate: string, status: string) => {
      const p = await referredPlacement(worker.id, startDate, 'ended');
      const c = await legacyClaim(p);
      await t.db.query(`UPDATE claims SET status = $2 WHERE id = $1`, [c.claimId, status]);
      return { placementId: p, claimId: c.claimId };
    };
    const judged = await referredPlacement(worker.id, start, 'contract_signed');
    const assess = () => acts.assessReferral({ placementId: judged, minContractMonths: 12, repeatWindowMonths: 12 });
    expect(await assess()).toEqual([]);

    // Rejected claims and claims a full 12 months away (before or after) do not count.
    await claimAt('2024-03-15', 'paid');
    await claimAt('2026-03-15', 'awaiting_approval');
    await claimAt('2025-01-01', 'rejected');
    expect(await assess()).toEqual([]);
    for (const [startDate, status, zh] of [
      ['2024-03-16', 'paid', '已发放'],
      ['2026-03-14', 'awaiting_approval', '待审批'],
      ['2025-09-01', 'returned', '退回补正'],
      ['2025-02-01', 'approved', '已批准'],
    ]) {
      const { claimId } = await claimAt(startDate, status);
      const [{ number }] = await t.db.query(`SELECT number FROM claims WHERE id = $1`, [claimId]);
      expect(await assess()).toEqual([expect.stringContaining(`${number}（上岗日期${startDate}，${zh}）`)]);
      await t.db.query(`UPDATE claims SET status = 'rejected' WHERE id = $1`, [claimId]);
    }
  });

  it('two referrals of one worker prepared at the same moment: one claim; the other is ineligible, naming it', async () => {
    const acts = t.app.get(ReferralActivities);
    const worker = await newWorker();
    const a = await referredPlacement(worker.id, addDays(today(), -60), 'ended');
    const b = await referredPlacement(worker.id, addDays(today(), -20), 'contract_signed');
    // Hold the claim-number counter, which both need after their check: without the lock on the
    // worker both would have checked before either wrote; with it, the second waits for the first.
    const gate = t.db.createQueryRunner();
    await gate.connect();
    await gate.startTransaction();
    const year = Number(today().slice(0, 4));
    // Claims are numbered per county: the worker's.
    const [{ countyId }] = await gate.query(`SELECT "countyId" FROM workers WHERE id = $1`, [worker.id]);
    await gate.query(
      `INSERT INTO number_counters ("countyId", series, year, last) VALUES ($2, 'claim', $1, 0) ON CONFLICT ("countyId", series, year) DO NOTHING`,
      [year, countyId],
    );
    await gate.query(
      `SELECT last FROM number_counters WHERE "countyId" = $2 AND series = 'claim' AND year = $1 FOR UPDATE`,
      [year, countyId],
    );
    const both = Promise.all([
      acts.prepareReferralClaim({ placementId: a, amountFen: 8000 }),
      acts.prepareReferralClaim({ placementId: b, amountFen: 8000 }),
    ]);
    await waitFor(async () => {
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND (query ILIKE '%number_counters%' OR query ILIKE '%FROM workers WHERE id%')`,
      );
      return n >= 2;
    }, 'both preparations waiting');
    await gate.commitTransaction();
    await gate.release();
    const results = await both;
    const claimed = results.filter((r) => 'claimId' in r) as { claimId: number }[];
    const refused = results.filter((r) => 'ineligible' in r) as { ineligible: string[] }[];
    expect({ claimed: claimed.length, refused: refused.length }).toEqual({ claimed: 1, refused: 1 });
    const [c] = await claimsOfWorker(worker.id).then((cs) => cs.filter((x) => x.status !== 'rejected'));
    expect(c.id).toBe(claimed[0].claimId);
    expect(refused[0].ineligible[0]).toContain(c.number);
    expect(await claimsOfWorker(worker.id)).toHaveLength(1);
  });

  it('two claims of one worker approved at the same moment (claims prepared before the rule): the earlier is approved, the later rejected as its repeat', async () => {
    const claimActs = t.app.get(ClaimActivities);
    const worker = await newWorker();
    const a = await legacyClaim(await referredPlacement(worker.id, addDays(today(), -60), 'ended'));
    const b = await legacyClaim(await referredPlacement(worker.id, addDays(today(), -20), 'contract_signed'));
    const approve = (claimId: number, by: string) =>
      claimActs.recordClaimDecision({
        claimId,
        seq: 1,
        action: 'approve',
        by,
        reason: null,
        status: 'approved',
        approvals: [{ by, at: new Date().toISOString() }],
      });
    const [ra, rb] = await Promise.all([approve(a.claimId, 'fin.one'), approve(b.claimId, 'fin.two')]);
    expect(ra).toBeUndefined();
    const [ca, cb] = await claimsOfWorker(worker.id);
    expect(rb).toMatchObject({ repeatOf: { earlierClaim: { id: a.claimId, number: ca.number } } });
    expect([ca.status, cb.status]).toEqual(['approved', 'rejected']);
    const [event] = await t.db.query(`SELECT action, by, reason FROM claim_events WHERE "claimId" = $1`, [b.claimId]);
    expect(event).toMatchObject({
      action: 'reject',
      by: 'system:workflow',
      reason: expect.stringContaining(ca.number),
    });
    // A retry of the refused approval answers the same and writes nothing more.
    expect(await approve(b.claimId, 'fin.two')).toMatchObject({ repeatOf: { reason: event.reason } });
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM claim_events WHERE "claimId" = $1`, [b.claimId]))[0].n,
    ).toBe(1);
  });

  it('finance approving a claim that became a repeat while it waited: 409 with the reason and the earlier claim, rejected by the system, never paid', async () => {
    const worker = await newWorker();
    const a = await legacyClaim(await referredPlacement(worker.id, addDays(today(), -60), 'ended'), true);
    const b = await legacyClaim(await referredPlacement(worker.id, addDays(today(), -20), 'contract_signed'), true);
    const [ca] = await claimsOfWorker(worker.id);
    const res = await t.http.post(`/claims/${b.claimId}/approve`).set(fin.auth);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'REFERRAL.REPEAT',
      earlierClaim: { id: a.claimId, number: ca.number, startDate: addDays(today(), -60) },
    });
    expect(res.body.message).toContain(ca.number);
    const rejected = await waitFor(async () => {
      const c = await getClaim(b.claimId);
      return c.status === 'rejected' && c.process?.status === 'rejected' ? c : null;
    }, 'the repeat rejected');
    expect(rejected.lastReason).toContain(ca.number);
    expect(rejected.process.history).toEqual([expect.objectContaining({ action: 'reject', by: 'system:workflow' })]);
    expect(rejected.payout).toBeNull();
    // The earlier one is approved and paid as usual.
    await approveAndPay(a.claimId);
    expect(await payoutRows(b.claimId)).toBe(0);
  });

  it('a repeat is refused at payment too: an approved claim with an earlier one in the window is rejected, not paid', async () => {
    const claimActs = t.app.get(ClaimActivities);
    const worker = await newWorker();
    const a = await legacyClaim(await referredPlacement(worker.id, addDays(today(), -60), 'ended'));
    const b = await legacyClaim(await referredPlacement(worker.id, addDays(today(), -20), 'contract_signed'));
    await t.db.query(`UPDATE claims SET status = 'approved' WHERE id = $1`, [b.claimId]);
    const answer = await claimActs.recordPayout({ claimId: b.claimId, seq: 2 });
    const [ca, cb] = await claimsOfWorker(worker.id);
    expect(answer).toMatchObject({ repeatOf: { earlierClaim: { id: a.claimId, number: ca.number } } });
    expect(cb.status).toBe('rejected');
    expect(await payoutRows(b.claimId)).toBe(0);
    // Asked again (a retry), the same answer.
    expect(await claimActs.recordPayout({ claimId: b.claimId, seq: 2 })).toMatchObject({ repeatOf: {} });
  });
});

/**
 * A broker-referred placement of the worker with its 24-month contract, written straight to the
 * tables as its processes would have left it (none runs for it): the tests play their steps.
 */
async function referredPlacement(workerId: number, startDate: string, status: 'ended' | 'contract_signed') {
  const broker = await newBroker();
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const [{ id }] = await t.db.query(
    `INSERT INTO placements ("workerId", "employerId", "brokerId", "startDate", "workerCategories", job, "monthlyWageFen", destination, organised, status, deadline, policy, "endDate", "registeredBy", version)
     VALUES ($1, $2, $3, $4, '{laid_off}', '叉车司机', 450000, '辽宁省大连市', true, $5, ($4::date + 15), $6::jsonb, $7, $8, 1) RETURNING id`,
    [
      workerId,
      employer.id,
      broker.id,
      startDate,
      status,
      JSON.stringify({ 'referral.repeat_window_months': 12, 'referral.amount_fen': 8000 }),
      status === 'ended' ? addDays(startDate, 30) : null,
      cwName,
    ],
  );
  await t.db.query(
    `INSERT INTO contracts ("placementId", "signedOn", "termMonths", "openEnded", "fileName", "fileMime", "fileSize", "fileSha256", file, "recordedBy")
     VALUES ($1, $2, 24, false, 'c.png', 'image/png', 1, repeat('0', 64), decode('00', 'hex'), $3)`,
    [id, startDate, cwName],
  );
  await t.db.query(
    `INSERT INTO referrals ("placementId", "brokerId", "workerId", stage) VALUES ($1, $2, $3, 'retention_check')`,
    [id, broker.id, workerId],
  );
  return id as number;
}

/** A referral claim made without the repeat check, as claims were before it (optionally with its approval process). */
async function legacyClaim(placementId: number, withProcess = false) {
  const [p] = await t.db.query(`SELECT "workerId", "brokerId", "registeredBy" FROM placements WHERE id = $1`, [
    placementId,
  ]);
  const claims = t.app.get(ClaimsService);
  const prepared = await t.db.transaction((m) =>
    claims.prepare(
      {
        kind: 'referral',
        sourceKey: `placement-${placementId}-referral`,
        amountFen: 8000,
        payeeType: 'broker',
        payeeId: p.brokerId,
        payeeName: '介绍人',
        workerId: p.workerId,
        placementId,
        brokerId: p.brokerId,
        preparedBy: p.registeredBy,
      },
      m,
    ),
  );
  if (withProcess) {
    const temporal = t.app.get(TemporalService);
    await (
      await temporal.client()
    ).workflow.start('claimApproval', {
      workflowId: claimWorkflowId(prepared.claimId),
      taskQueue: temporal.taskQueue,
      args: [prepared.approval],
    });
  }
  return prepared;
}
