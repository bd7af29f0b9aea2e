/**
 * Broker referral payouts, 80 yuan (issue 6), and the broker's own view, through the real API
 * with a real worker running the real activities against Postgres on the Temporal dev server.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
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

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
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
  opts: { worker?: W; workerOverrides?: Record<string, unknown>; startDate?: string } = {},
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
    expect(r.note).toMatch(/suspended/);
  });
});

describe('ineligible referrals: each reason on its own', () => {
  it('the worker is not laid-off/unemployed', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id, { workerOverrides: { categories: ['rural_surplus'] } });
    await signed(placement.id, { termMonths: 24 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([expect.stringMatching(/laid-off/)]);
  });

  it('a 6-month contract', async () => {
    const broker = await newBroker();
    const { placement } = await refer(broker.id);
    await signed(placement.id, { termMonths: 6 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([expect.stringMatching(/6 months.*under 12 months/)]);
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
    expect(reasons).toEqual([expect.stringMatching(new RegExp(`suspended on the placement date \\(${start}\\)`))]);
  });

  it('the broker is the worker (same citizen ID)', async () => {
    const worker = await newWorker();
    const broker = await newBroker({ citizenId: worker.citizenId });
    const { placement } = await refer(broker.id, { worker });
    await signed(placement.id, { termMonths: 24 });
    const reasons = await ineligible(broker.id, placement.id);
    expect(reasons).toEqual([expect.stringMatching(/referred themself/)]);
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
    expect(reasons).toEqual([expect.stringMatching(/already paid for this worker in the 12 months/)]);
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
    expect(reasons.join(' | ')).toMatch(/laid-off.*\|.*3 months.*\|.*themself/);
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
    expect(r.reasons).toEqual([expect.stringMatching(/ended before a labour contract/)]);
    expect(r.claim).toBeNull();
    expect(await claimsOfPlacement(placement.id)).toHaveLength(0);
    expect(r.timeline.map((s: { step: string }) => s.step)).toEqual(['referred', 'not_eligible']);
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
