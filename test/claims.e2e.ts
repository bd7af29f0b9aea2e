/**
 * Training → placement subsidy claims and the finance approval path they share with
 * referral payouts, through the real API, with a real worker running the real activities
 * against Postgres on the Temporal dev server.
 */
import { addDays, addMonths, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG, classStartApproved } from './support/records.js';
import { brokerBody, employerBody, hanTag, providerBody, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';

let t: TestApp;
type Auth = { Authorization: string };
let cw: Auth;
let cwName: string;
let cwDisplayName: string;
let admin: Auth;
let finA: { auth: Auth; username: string };
let finB: { auth: Auth; username: string };
/** A township of this run only, so the queue and summary filters see nothing else. */
let township: string;

beforeAll(async () => {
  t = await createTestApp();
  const c = await t.login('caseworker');
  cw = c.auth;
  cwName = c.username;
  cwDisplayName = c.displayName;
  admin = (await t.login('admin')).auth;
  finA = await t.login('finance');
  finB = await t.login('finance');
  township = `试${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin).send({ name: township, yearlyTarget: 10 }).expect(201);
});
afterAll(() => t?.close());

const today = () => shanghaiToday();

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- building blocks ----
async function newWorker(overrides: Record<string, unknown> = {}) {
  return (
    await t.http
      .post('/workers')
      .set(cw)
      .send(workerBody({ township, ...overrides }))
      .expect(201)
  ).body;
}
async function newEmployer() {
  return (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
}
async function newProvider() {
  return (await t.http.post('/training-providers').set(cw).send(providerBody()).expect(201)).body;
}
/** A commissioned course that started 20 days ago and ended 3 days ago, paying the provider 600 yuan per trainee. */
async function newCourse(overrides: Record<string, unknown> = {}) {
  const provider = await newProvider();
  const res = await t.http
    .post('/courses')
    .set(cw)
    .send({
      providerId: provider.id,
      name: `报纸投递员${hanTag()}培训班`,
      specialty: '报纸投递',
      mode: 'commissioned',
      startDate: addDays(today(), -20),
      endDate: addDays(today(), -3),
      hours: 56,
      subsidyPerTraineeFen: 60000,
      payee: 'provider',
      ...overrides,
    });
  expect(res.status).toBe(201);
  return { course: res.body, provider };
}
/** Enrols a new worker (or the given one) and records attendance and assessment. */
async function trainee(
  courseId: number,
  opts: { attended?: number; total?: number; result?: 'pass' | 'fail'; worker?: { id: number; name: string } } = {},
) {
  const worker = opts.worker ?? (await newWorker());
  const enrollment = (
    await t.http.post(`/courses/${courseId}/enrollments`).set(cw).send({ workerId: worker.id }).expect(201)
  ).body;
  await t.http
    .put(`/enrollments/${enrollment.id}/attendance`)
    .set(cw)
    .send({ sessionsAttended: opts.attended ?? 10, sessionsTotal: opts.total ?? 10 })
    .expect(200);
  await t.http
    .put(`/enrollments/${enrollment.id}/assessment`)
    .set(cw)
    .send(opts.result === 'fail' ? { result: 'fail' } : { result: 'pass', certificateNo: `ZJ-${enrollment.id}` })
    .expect(200);
  return { worker, enrollment };
}
async function completeCourse(courseId: number) {
  await classStartApproved(t.db, courseId);
  const res = await t.http.post(`/courses/${courseId}/complete`).set(cw);
  expect(res.status).toBe(200);
  return res.body;
}
/**
 * Registers a placement (as the caseworker `cw`) and records a 24-month contract on it; a worker
 * still employed elsewhere has that placement ended in the same registration (`endPrevious`).
 */
async function place(
  workerId: number,
  employerId: number,
  startDate = today(),
  endPrevious?: { placementId: number; endDate: string; reason: string },
) {
  const p = await t.http
    .post('/placements')
    .set(cw)
    .send({
      workerId,
      employerId,
      startDate,
      job: '报纸投递员',
      monthlyWageFen: 320000,
      destination: '黑龙江省哈尔滨市南岗区',
      organised: true,
      ...(endPrevious ? { endPrevious } : {}),
    });
  expect(p.status).toBe(201);
  const c = await t.http
    .post(`/placements/${p.body.id}/contract`)
    .set(cw)
    .field('signedOn', startDate)
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' });
  expect(c.status).toBe(201);
  return p.body as { id: number };
}
const enrollment = async (id: number) => (await t.http.get(`/enrollments/${id}`).set(cw).expect(200)).body;
const claimsOfEnrollment = async (id: number) =>
  (await t.db.query('SELECT id FROM claims WHERE "enrollmentId" = $1', [id])).length;
const payoutRows = async (claimId: number) =>
  (await t.db.query('SELECT count(*)::int AS n FROM payouts WHERE "claimId" = $1', [claimId]))[0].n;
const getClaim = async (id: number) => (await t.http.get(`/claims/${id}`).set(finA.auth).expect(200)).body;

/** Waits for the enrollment's process to prepare its claim and returns the claim as finance sees it. */
async function claimFor(enrollmentId: number) {
  const e = await waitFor(async () => {
    const r = await enrollment(enrollmentId);
    return r.subsidyStatus === 'claimed' && r.process?.claimId ? r : null;
  }, `the claim of enrollment ${enrollmentId}`);
  return waitFor(async () => {
    const c = await getClaim(e.process.claimId);
    // The approval workflow is started as a child right after the claim row is written.
    return c.process ? c : null;
  }, `the approval process of claim ${e.process.claimId}`);
}

/** A complete-and-placed trainee: a claim awaiting approval. */
async function trainingClaim(courseOverrides: Record<string, unknown> = {}) {
  const { course, provider } = await newCourse(courseOverrides);
  const { worker, enrollment: e } = await trainee(course.id);
  await completeCourse(course.id);
  const employer = await newEmployer();
  const placement = await place(worker.id, employer.id);
  const claim = await claimFor(e.id);
  return { course, provider, worker, enrollment: e, employer, placement, claim };
}

async function paid(claimId: number) {
  return waitFor(async () => {
    const c = await getClaim(claimId);
    return c.status === 'paid' && c.payout && c.documents.length ? c : null;
  }, `claim ${claimId} to be paid with its notice`);
}

describe('training → placement → claim', () => {
  it('completed and placed: a training claim awaiting approval for the course subsidy, payable to the provider, prepared by the caseworker who registered the placement', async () => {
    const {
      course,
      provider,
      worker,
      enrollment: e,
      placement,
      claim,
    } = await trainingClaim({ subsidyPerTraineeFen: 72000 });
    expect(claim).toMatchObject({
      kind: 'training',
      status: 'awaiting_approval',
      amountFen: 72000,
      payeeType: 'provider',
      payeeId: provider.id,
      payeeName: provider.name,
      workerId: worker.id,
      township,
      courseId: course.id,
      enrollmentId: e.id,
      placementId: placement.id,
      preparedBy: cwName,
      requiredApprovals: 1,
      number: expect.stringMatching(/^补〔\d{4}〕\d+号$/),
    });
    expect(claim.process).toMatchObject({
      status: 'awaiting_approval',
      amountFen: 72000,
      requiredApprovals: 1,
      preparedBy: cwName,
    });
    expect(claim.evidence.contract).toMatchObject({ termMonths: 24, recordedByName: cwDisplayName });
    // Finance sees who recorded the attendance and the assessment, by name, and opens the contract scan.
    expect(claim.evidence.enrollment.attendanceRecorded).toMatchObject({ byName: cwDisplayName });
    expect(claim.evidence.enrollment.assessmentRecorded).toMatchObject({ byName: cwDisplayName });
    expect(claim.evidence.enrollment.certificateNo).toBe(`ZJ-${e.id}`);
    expect(claim.evidence.contract.fileUrl).toBe(`/placements/${placement.id}/contract/file`);
    const scan = await t.http.get(claim.evidence.contract.fileUrl).set(finA.auth).expect(200);
    expect(scan.headers['content-type']).toContain('image/png');
    expect(claim.evidence.referral).toBeNull();
    expect(claim.worker.citizenId).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const en = await enrollment(e.id);
    expect(en).toMatchObject({ completion: 'completed', subsidyStatus: 'claimed' });
    expect(en.process).toMatchObject({ stage: 'claimed', placementId: placement.id, claimId: claim.id });
    // It is in finance's queue, found by kind, township, course and amount.
    const queue = await t.http
      .get('/claims')
      .set(finA.auth)
      .query({
        status: 'awaiting_approval',
        kind: 'training',
        township,
        courseId: course.id,
        minFen: 72000,
        maxFen: 72000,
      })
      .expect(200);
    expect(queue.body.items.map((c: { id: number }) => c.id)).toEqual([claim.id]);
    expect(queue.body.totals).toEqual({ count: 1, amountFen: 72000 });
  });

  it('a course paying the trainee: the claim is payable to the worker', async () => {
    const { worker, claim } = await trainingClaim({ payee: 'worker', subsidyPerTraineeFen: 50000 });
    expect(claim).toMatchObject({ payeeType: 'worker', payeeId: worker.id, payeeName: worker.name, amountFen: 50000 });
  });

  it('not completed (attendance under 80%, or a failed assessment): not_eligible with the reason, and no claim even once placed', async () => {
    const { course } = await newCourse();
    const low = await trainee(course.id, { attended: 7, total: 10 });
    const failed = await trainee(course.id, { attended: 10, total: 10, result: 'fail' });
    const ok = await trainee(course.id, { attended: 8, total: 10 }); // exactly 80%: completes
    const done = await completeCourse(course.id);
    const byId = (id: number) => done.results.find((r: { enrollmentId: number }) => r.enrollmentId === id);
    expect(byId(low.enrollment.id)).toMatchObject({
      completion: 'not_completed',
      reason: expect.stringContaining('出勤7/10次，低于80%'),
    });
    expect(byId(failed.enrollment.id)).toMatchObject({
      completion: 'not_completed',
      reason: expect.stringContaining('考核不合格'),
    });
    expect(byId(ok.enrollment.id)).toMatchObject({ completion: 'completed', reason: null });

    for (const [who, reason] of [
      [low, /出勤7\/10次，低于80%/],
      [failed, /考核不合格/],
    ] as const) {
      const e = await waitFor(async () => {
        const r = await enrollment(who.enrollment.id);
        return r.subsidyStatus === 'not_eligible' && r.process?.stage === 'not_eligible' ? r : null;
      }, 'not_eligible');
      expect(e.subsidyReason).toMatch(reason);
      expect(e.process.reason).toMatch(reason);
    }
    // Placed anyway: still no claim for them (and the one who completed gets one).
    const employer = await newEmployer();
    await place(low.worker.id, employer.id);
    await place(failed.worker.id, employer.id);
    await place(ok.worker.id, employer.id);
    await claimFor(ok.enrollment.id);
    expect(await claimsOfEnrollment(low.enrollment.id)).toBe(0);
    expect(await claimsOfEnrollment(failed.enrollment.id)).toBe(0);
    expect((await enrollment(low.enrollment.id)).subsidyStatus).toBe('not_eligible');
  });

  it('placed (and contracted) before the course ended, enrolled after that: the process finds the placement when the course completes', async () => {
    const { course } = await newCourse({ startDate: addDays(today(), -30), endDate: addDays(today(), -2) });
    const worker = await newWorker();
    const employer = await newEmployer();
    // Employment started during the course, before its end; the contract is recorded before enrolment,
    // so no signal can have reached the process: only its own look-up can find it.
    const placement = await place(worker.id, employer.id, addDays(today(), -10));
    const { enrollment: e } = await trainee(course.id, { worker });
    expect((await enrollment(e.id)).process.stage).toBe('waiting_completion');
    await completeCourse(course.id);
    const claim = await claimFor(e.id);
    expect(claim).toMatchObject({ placementId: placement.id, enrollmentId: e.id, status: 'awaiting_approval' });
  });

  it('an order course placed with another employer: no claim (still awaiting_placement); placed with the ordering employer: the claim names that placement', async () => {
    const ordering = await newEmployer();
    const { course } = await newCourse({ mode: 'order', orderingEmployerId: ordering.id });
    const { worker, enrollment: e } = await trainee(course.id);
    await completeCourse(course.id);
    await waitFor(async () => (await enrollment(e.id)).process?.stage === 'awaiting_placement', 'awaiting_placement');
    const other = await newEmployer();
    // The contract request returns after the process was told of the placement.
    const elsewhere = await place(worker.id, other.id);
    await pause(3000);
    const waiting = await waitFor(async () => {
      const x = await enrollment(e.id);
      return x.uncountedPlacements.length ? x : null;
    }, 'why the placement does not count');
    expect(waiting.subsidyStatus).toBe('awaiting_placement');
    expect(waiting.process).toMatchObject({ stage: 'awaiting_placement', placementId: null, claimId: null });
    // Why that placement does not count, on the enrolment and in its process.
    expect(waiting.uncountedPlacements).toEqual([
      {
        placementId: elsewhere.id,
        employerName: other.name,
        startDate: today(),
        reason: `${other.name}（${today()}上岗）的就业不计入培训补贴：用工单位不是本定单培训班的订单单位（${ordering.name}）`,
      },
    ]);
    expect(waiting.subsidyReason).toContain(
      `仍在等待${addMonths(course.endDate, 6)}前在${ordering.name}签订劳动合同的就业`,
    );
    expect(waiting.process.reason).toBe(waiting.subsidyReason);
    expect(await claimsOfEnrollment(e.id)).toBe(0);

    const right = await place(worker.id, ordering.id, today(), {
      placementId: elsewhere.id,
      endDate: today(),
      reason: '转到订单单位就业',
    });
    const claim = await claimFor(e.id);
    expect(claim.placementId).toBe(right.id);
    const claimed = await enrollment(e.id);
    expect(claimed).toMatchObject({ subsidyStatus: 'claimed', subsidyReason: null });
    expect(claimed.uncountedPlacements.map((u: { placementId: number }) => u.placementId)).toEqual([elsewhere.id]);
  });

  it('a directed course whose window passed with the trainee placed only elsewhere: lapsed, and the reason names that placement', async () => {
    const ordering = await newEmployer();
    // The course ended seven months ago: the six-month window is over by the time it is completed.
    const { course } = await newCourse({
      mode: 'directed',
      orderingEmployerId: ordering.id,
      startDate: addMonths(today(), -8),
      endDate: addMonths(today(), -7),
    });
    const { worker, enrollment: e } = await trainee(course.id);
    const other = await newEmployer();
    const elsewhere = await place(worker.id, other.id, addMonths(today(), -5));
    await completeCourse(course.id);
    const lapsed = await waitFor(async () => {
      const x = await enrollment(e.id);
      return x.subsidyStatus === 'lapsed' ? x : null;
    }, 'the subsidy to lapse');
    const why = `${other.name}（${addMonths(today(), -5)}上岗）的就业不计入培训补贴：用工单位不是本定向培训班的订单单位（${ordering.name}）`;
    expect(lapsed.uncountedPlacements).toEqual([expect.objectContaining({ placementId: elsewhere.id, reason: why })]);
    expect(lapsed.subsidyReason).toBe(
      `补贴期限（${addMonths(course.endDate, 6)}）届满，没有在订单单位${ordering.name}签订劳动合同的就业；${why}`,
    );
    expect(lapsed.process).toMatchObject({ stage: 'lapsed', reason: lapsed.subsidyReason });
    const [task] = await t.db.query(`SELECT title FROM tasks WHERE "sourceKey" = $1`, [`enrollment-${e.id}-lapsed`]);
    expect(task.title).toContain(why);
    expect(await claimsOfEnrollment(e.id)).toBe(0);
  });
});

describe('finance approval', () => {
  it('approve: status paid, exactly one payout, a 培训补贴审核通知书', async () => {
    const { claim, provider, course } = await trainingClaim({ subsidyPerTraineeFen: 66000 });
    const res = await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', approvals: [{ by: finA.username }] });
    const done = await paid(claim.id);
    expect(done.payout).toMatchObject({ claimId: claim.id, amountFen: 66000, paidOn: today() });
    expect(await payoutRows(claim.id)).toBe(1);
    expect(done.history).toEqual([expect.objectContaining({ action: 'approve', by: finA.username })]);
    const notice = done.documents.find((d: { type: string }) => d.type === 'training_subsidy_notice');
    expect(notice).toBeDefined();
    const html = await t.http.get(`/documents/${notice.id}`).set(finA.auth).expect(200);
    expect(html.text).toContain('培训补贴审核通知书');
    expect(html.text).toContain(claim.number);
    expect(html.text).toContain(provider.name);
    expect(html.text).toContain(course.name);
    const payouts = await t.http
      .get('/payouts')
      .set(finA.auth)
      .query({ from: today(), to: today(), pageSize: 500 })
      .expect(200);
    expect(payouts.body.items.filter((p: { claimId: number }) => p.claimId === claim.id)).toHaveLength(1);
    // Decided: approving again is refused, and nothing changes.
    const again = await t.http.post(`/claims/${claim.id}/approve`).set(finB.auth);
    expect(again.status).toBe(409);
    expect(await payoutRows(claim.id)).toBe(1);
    expect((await getClaim(claim.id)).approvals).toHaveLength(1);
  });

  it("a returned claim is resubmitted by the preparer's side, its maker stays, and A approves it", async () => {
    const { claim } = await trainingClaim();
    const maker = (await getClaim(claim.id)).preparedBy;
    await t.http
      .post(`/claims/${claim.id}/return`)
      .set(finA.auth)
      .send({ reason: '培训考勤表缺少学员签字' })
      .expect(200);
    expect((await getClaim(claim.id)).status).toBe('returned');
    // A returned claim cannot be approved until it is resubmitted.
    expect((await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth)).status).toBe(409);
    // Revising a claim is the preparer's work, not finance's.
    expect(
      (await t.http.post(`/claims/${claim.id}/resubmit`).set(finB.auth).send({ note: '已补充考勤表签字页' })).status,
    ).toBe(403);
    const cwLogin = await t.login('caseworker');
    const re = await t.http.post(`/claims/${claim.id}/resubmit`).set(cwLogin.auth).send({ note: '已补充考勤表签字页' });
    expect(re.status).toBe(200);
    expect(re.body).toMatchObject({ status: 'awaiting_approval', preparedBy: maker, revisedBy: [cwLogin.username] });
    expect((await getClaim(claim.id)).preparedBy).toBe(maker);
    const ok = await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    const done = await paid(claim.id);
    expect(done.history.map((h: { action: string; by: string }) => [h.action, h.by])).toEqual([
      ['return', finA.username],
      ['resubmit', cwLogin.username],
      ['approve', finA.username],
    ]);
    expect(await payoutRows(claim.id)).toBe(1);
  });

  it('above the 100000-fen threshold: two approvals by two different finance users', async () => {
    const { claim } = await trainingClaim({ subsidyPerTraineeFen: 150000 });
    expect(claim).toMatchObject({ amountFen: 150000, requiredApprovals: 2 });
    const first = await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'awaiting_approval', approvals: [{ by: finA.username }] });
    const same = await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth);
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({
      code: 'CLAIM.APPROVED_BY_YOU',
      message: expect.stringMatching(/另一名财务人员/),
    });
    const c = await getClaim(claim.id);
    expect(c.status).toBe('awaiting_approval');
    expect(c.approvals).toHaveLength(1);
    expect(await payoutRows(claim.id)).toBe(0);
    const second = await t.http.post(`/claims/${claim.id}/approve`).set(finB.auth);
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('approved');
    const done = await paid(claim.id);
    expect(done.payout.amountFen).toBe(150000);
    expect(done.approvals.map((a: { by: string }) => a.by)).toEqual([finA.username, finB.username]);
    expect(await payoutRows(claim.id)).toBe(1);
  });

  it('at exactly the threshold (100000 fen) one approval is enough', async () => {
    const { claim } = await trainingClaim({ subsidyPerTraineeFen: 100000 });
    expect(claim.requiredApprovals).toBe(1);
    const r = await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth).expect(200);
    expect(r.body.status).toBe('approved');
    await paid(claim.id);
  });

  it('reject: without a reason → 400 and nothing changes; with a reason → rejected, no payout, and it cannot be approved afterwards', async () => {
    const { claim } = await trainingClaim();
    for (const body of [{}, { reason: '' }, { reason: ' ' }]) {
      const r = await t.http.post(`/claims/${claim.id}/reject`).set(finA.auth).send(body);
      expect(r.status).toBe(400);
      expect(r.body.details.map((d: { field: string }) => d.field)).toContain('reason');
    }
    expect((await getClaim(claim.id)).status).toBe('awaiting_approval');
    const r = await t.http.post(`/claims/${claim.id}/reject`).set(finA.auth).send({ reason: '就业单位与培训订单不符' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('rejected');
    const c = await waitFor(async () => {
      const x = await getClaim(claim.id);
      return x.status === 'rejected' ? x : null;
    }, 'rejected');
    expect(c.lastReason).toBe('就业单位与培训订单不符');
    expect(c.payout).toBeNull();
    const again = await t.http.post(`/claims/${claim.id}/approve`).set(finB.auth);
    expect(again.status).toBe(409);
    await pause(1000);
    expect(await payoutRows(claim.id)).toBe(0);
    expect((await getClaim(claim.id)).status).toBe('rejected');
  });

  it('batch approval of [good, above the limit, already decided, nonexistent]: the true outcome per claim, by number', async () => {
    const good = (await trainingClaim()).claim;
    const big = (await trainingClaim({ subsidyPerTraineeFen: 150000 })).claim;
    const decided = (await trainingClaim()).claim;
    await t.http.post(`/claims/${decided.id}/reject`).set(finA.auth).send({ reason: '材料不全' }).expect(200);
    const missing = 99_999_999;
    const res = await t.http
      .post('/claims/batch-approve')
      .set(finB.auth)
      .send({ claimIds: [good.id, big.id, decided.id, missing] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ approved: 1, firstApprovalRecorded: 1, refused: 2 });
    const by = (id: number) => res.body.results.find((r: { claimId: number }) => r.claimId === id);
    expect(by(good.id)).toMatchObject({
      outcome: 'approved',
      status: 'approved',
      number: good.number,
      payeeName: good.payeeName,
      amountFen: 60000,
    });
    // Above the limit one approval is only the first of two: not reported as approved.
    expect(by(big.id)).toMatchObject({
      outcome: 'first_approval_recorded',
      status: 'awaiting_approval',
      number: big.number,
      amountFen: 150000,
    });
    expect(by(decided.id)).toMatchObject({
      outcome: 'refused',
      ok: false,
      number: decided.number,
      code: expect.stringMatching(/DECIDED$/),
      error: expect.stringMatching(/不在待审批状态/),
    });
    expect(by(missing)).toMatchObject({
      outcome: 'refused',
      number: null,
      code: 'CLAIM.NOT_FOUND',
      error: '没有这个补贴申请',
    });
    await paid(good.id);
    expect(await payoutRows(good.id)).toBe(1);
    expect(await payoutRows(decided.id)).toBe(0);
    expect(await payoutRows(big.id)).toBe(0);
    expect((await getClaim(big.id)).approvals).toHaveLength(1);
  });

  it('GET /payouts filters by date, kind and township, with totals over the whole filtered set, and exports it', async () => {
    const { claim, provider: registered } = await trainingClaim({ subsidyPerTraineeFen: 61000 });
    const provider = (await t.http.get(`/training-providers/${registered.id}`).set(cw).expect(200)).body;
    // The register shows the last four digits only; the export must carry the whole number.
    const [{ bankAccount }] = await t.db.query('SELECT "bankAccount" FROM training_providers WHERE id = $1', [
      registered.id,
    ]);
    expect(provider.bankAccount).toBe(`${'*'.repeat(bankAccount.length - 4)}${bankAccount.slice(-4)}`);
    provider.bankAccount = bankAccount;
    await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth).expect(200);
    await paid(claim.id);
    const list = async (query: Record<string, unknown>) =>
      (await t.http.get('/payouts').set(finA.auth).query(query).expect(200)).body;
    const all = await list({ township, pageSize: 500 });
    expect(all.items.every((p: { township: string }) => p.township === township)).toBe(true);
    expect(all.items.map((p: { claimId: number }) => p.claimId)).toContain(claim.id);
    const sum = all.items.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0);
    expect(all.totals).toEqual({ count: all.items.length, amountFen: sum });
    // One row a page: the totals are still the whole filtered set's.
    const one = await list({ township, pageSize: 1 });
    expect(one.items).toHaveLength(1);
    expect(one.totals).toEqual(all.totals);
    expect(one.total).toBe(all.items.length);
    expect((await list({ township, kind: 'referral' })).totals).toEqual({ count: 0, amountFen: 0 });
    const todays = await list({ township, kind: 'training', from: today(), to: today(), pageSize: 500 });
    expect(todays.items.map((p: { claimId: number }) => p.claimId)).toContain(claim.id);
    expect((await list({ township, from: addDays(today(), 1) })).totals.count).toBe(0);
    expect(
      (await list({ township, to: addDays(today(), -1) })).items.map((p: { claimId: number }) => p.claimId),
    ).not.toContain(claim.id);
    const x = await t.http
      .get('/payouts')
      .set(finA.auth)
      .query({ township, format: 'xlsx' })
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const rows = sheetRows((await readXlsx(x.body as Buffer)).worksheets[0]);
    // The bank's batch-payment columns first: payee, bank, account, yuan, remark.
    expect(rows[0]).toEqual([
      '收款人姓名',
      '开户银行',
      '收款账号',
      '金额(元)',
      '用途(凭证号)',
      '申请编号',
      '补贴类型',
      '乡镇',
      '发放日期',
    ]);
    expect(rows.length - 1).toBe(all.items.length);
    const row = rows.find((r) => r[5] === claim.number)!;
    const line = all.items.find((p: { claimId: number }) => p.claimId === claim.id);
    expect(row.slice(0, 5)).toEqual([claim.payeeName, provider.bankName, provider.bankAccount, 610, line.reference]);
    expect(row.slice(6)).toEqual(['培训补贴', township, today()]);
  });

  it.each([
    ['from not a date', { from: '2026-13-01' }, 'from'],
    ['to as free text', { to: '昨天' }, 'to'],
    ['to before from', { from: '2026-11-10', to: '2026-11-01' }, 'to'],
    ['an unknown kind', { kind: 'bonus' }, 'kind'],
    ['a one-letter township', { township: '镇' }, 'township'],
  ])('GET /payouts with %s → 400 naming the field', async (_what, query, field) => {
    const r = await t.http.get('/payouts').set(finA.auth).query(query);
    expect(r.status).toBe(400);
    const fields = [...(r.body.details ?? []).map((d: { field: string }) => d.field), r.body.field];
    expect(fields).toContain(field);
  });

  it('only finance decides: a caseworker (and an admin) approving → 403, nothing changes', async () => {
    const { claim } = await trainingClaim();
    expect((await t.http.post(`/claims/${claim.id}/approve`).set(cw)).status).toBe(403);
    expect((await t.http.post(`/claims/${claim.id}/approve`).set(admin)).status).toBe(403);
    expect((await t.http.post(`/claims/${claim.id}/reject`).set(cw).send({ reason: '不符合条件' })).status).toBe(403);
    expect(
      (
        await t.http
          .post('/claims/batch-approve')
          .set(cw)
          .send({ claimIds: [claim.id] })
      ).status,
    ).toBe(403);
    const c = await getClaim(claim.id);
    expect(c.status).toBe('awaiting_approval');
    expect(c.approvals).toEqual([]);
  });
});

describe('payee accounts', () => {
  const masked = (account: string) => `${'*'.repeat(account.length - 4)}${account.slice(-4)}`;

  it('a payee without an account: approval refused with the reason (alone and in a batch), nothing decided; once recorded, approved and paid into it', async () => {
    const { claim, provider } = await trainingClaim({ subsidyPerTraineeFen: 62000 });
    // The provider loses its account in the register (as every record kept before accounts were).
    await t.db.query('UPDATE training_providers SET "bankName" = NULL, "bankAccount" = NULL WHERE id = $1', [
      provider.id,
    ]);
    expect((await getClaim(claim.id)).account).toEqual({ recorded: false, approved: false });

    const res = await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth).expect(409);
    expect(res.body.code).toBe('CLAIM.PAYEE_ACCOUNT_MISSING');
    expect(res.body.message).toBe('领取人还没有登记开户银行和银行账号，不能批准：请先在培训机构档案中登记收款账户');
    const batch = await t.http
      .post('/claims/batch-approve')
      .set(finA.auth)
      .send({ claimIds: [claim.id] })
      .expect(200);
    expect(batch.body.results).toEqual([
      expect.objectContaining({ claimId: claim.id, outcome: 'refused', code: 'CLAIM.PAYEE_ACCOUNT_MISSING' }),
    ]);
    const untouched = await getClaim(claim.id);
    expect(untouched).toMatchObject({ status: 'awaiting_approval', approvals: [], history: [] });

    const version = (await t.http.get(`/training-providers/${provider.id}`).set(cw).expect(200)).body.version;
    const saved = await t.http
      .patch(`/training-providers/${provider.id}`)
      .set(cw)
      .send({ version, bankName: '中国建设银行示范县支行', bankAccount: '6217 0000 1234 5678 901' })
      .expect(200);
    expect(saved.body).toMatchObject({ bankName: '中国建设银行示范县支行', bankAccount: '***************8901' });

    // Finance sees the whole number it pays into; a caseworker or an admin only its last four digits.
    expect((await getClaim(claim.id)).account).toEqual({
      recorded: true,
      approved: false,
      bankName: '中国建设银行示范县支行',
      bankAccount: '6217000012345678901',
    });
    const seenByAdmin = (await t.http.get(`/claims/${claim.id}`).set(admin).expect(200)).body;
    expect(seenByAdmin.account.bankAccount).toBe('***************8901');
    expect(JSON.stringify(seenByAdmin)).not.toContain('6217000012345678901');

    await t.http.post(`/claims/${claim.id}/approve`).set(finA.auth).expect(200);
    const done = await paid(claim.id);
    expect(done.account).toEqual({
      recorded: true,
      approved: true,
      bankName: '中国建设银行示范县支行',
      bankAccount: '6217000012345678901',
    });
    // Lists and their exports never carry the whole number, not even to finance.
    for (const auth of [admin, finA.auth]) {
      const listed = await t.http.get('/claims').set(auth).query({ township, pageSize: 200 }).expect(200);
      expect(listed.body.items.map((c: { id: number }) => c.id)).toContain(claim.id);
      expect(JSON.stringify(listed.body)).not.toContain('6217000012345678901');
    }
    // A later change in the register does not move a payment already approved.
    const v2 = (await t.http.get(`/training-providers/${provider.id}`).set(cw).expect(200)).body.version;
    await t.http
      .patch(`/training-providers/${provider.id}`)
      .set(cw)
      .send({ version: v2, bankName: '中国银行示范县支行', bankAccount: '6013820000000000' })
      .expect(200);
    expect((await getClaim(claim.id)).account.bankAccount).toBe('6217000012345678901');

    const line = async (auth: Auth) =>
      (await t.http.get('/payouts').set(auth).query({ township, pageSize: 500 }).expect(200)).body.items.find(
        (p: { claimId: number }) => p.claimId === claim.id,
      );
    expect(await line(finA.auth)).toMatchObject({
      bankName: '中国建设银行示范县支行',
      bankAccount: '6217000012345678901',
    });
    expect((await line(admin)).bankAccount).toBe('***************8901');
    // The trail keeps the approval's account with its last four digits only.
    const [approval] = await t.db.query(
      `SELECT after FROM audit_log WHERE entity = 'claim' AND "entityId" = $1 AND action = 'approve'`,
      [String(claim.id)],
    );
    expect(approval.after).toMatchObject({ payeeBank: '中国建设银行示范县支行', payeeAccount: '***************8901' });
  });

  it('a worker and a broker keep their accounts masked in the register; half an account or a bad number → 400 naming the field, nothing written', async () => {
    const w = await newWorker({ bankName: '中国农业银行示范县支行', bankAccount: '6228480402564890018' });
    expect(w.bankAccount).toBe(masked('6228480402564890018'));
    expect((await t.http.get(`/workers/${w.id}`).set(cw).expect(200)).body.bankAccount).toBe(
      masked('6228480402564890018'),
    );
    const [stored] = await t.db.query('SELECT "bankAccount" FROM workers WHERE id = $1', [w.id]);
    expect(stored.bankAccount).toBe('6228480402564890018');

    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ bankName: '中国农业银行示范县支行' }, 'bankAccount', /^请填写银行账号$/],
      [{ bankAccount: '6228480402564890018' }, 'bankName', /^请填写开户银行$/],
      [{ bankName: '农行', bankAccount: '6228480402564890018' }, 'bankName', /4至60个字/],
      [{ bankName: '中国农业银行示范县支行', bankAccount: '6228-4804-A256' }, 'bankAccount', /只能包含数字/],
      [{ bankName: '中国农业银行示范县支行', bankAccount: '1234567' }, 'bankAccount', /8至32位数字，现在是7位/],
    ];
    for (const [account, field, reason] of refusals) {
      const { bankName: _n, bankAccount: _a, ...bare } = workerBody({ township });
      const r = await t.http
        .post('/workers')
        .set(cw)
        .send({ ...bare, ...account });
      expect(r.status).toBe(400);
      const detail = r.body.details.find((d: { field: string }) => d.field === field);
      expect(detail?.reason).toMatch(reason);
      expect((await t.db.query('SELECT 1 FROM workers WHERE "citizenId" = $1', [bare.citizenId])).length).toBe(0);
    }
    const v = (await t.http.get(`/workers/${w.id}`).set(cw).expect(200)).body.version;
    const half = await t.http.patch(`/workers/${w.id}`).set(cw).send({ version: v, bankName: '中国银行示范县支行' });
    expect(half.status).toBe(400);
    expect((await t.db.query('SELECT "bankName" FROM workers WHERE id = $1', [w.id]))[0].bankName).toBe(
      '中国农业银行示范县支行',
    );

    const b = (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body;
    expect(b.bankAccount).toMatch(/^\*+\d{4}$/);
    const list = (await t.http.get('/brokers').set(cw).query({ q: b.name }).expect(200)).body.items;
    expect(list[0].bankAccount).toBe(b.bankAccount);
    const suspended = await t.http
      .post(`/brokers/${b.id}/status`)
      .set(admin)
      .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: today() })
      .expect(201);
    expect(suspended.body.bankAccount).toBe(b.bankAccount);

    // A course list carries its provider, and the provider's account only by its last four digits.
    const { course, provider } = await newCourse();
    const courses = (await t.http.get('/courses').set(cw).query({ providerId: provider.id }).expect(200)).body.items;
    expect(courses.find((c: { id: number }) => c.id === course.id).provider.bankAccount).toMatch(/^\*+\d{4}$/);
  });
});

describe('bad input: clear 4xx, nothing changed', () => {
  it('attendance above the total → 400, the record unchanged', async () => {
    const { course } = await newCourse();
    const { enrollment: e } = await trainee(course.id, { attended: 9, total: 10 });
    const r = await t.http
      .put(`/enrollments/${e.id}/attendance`)
      .set(cw)
      .send({ sessionsAttended: 11, sessionsTotal: 10 });
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('sessionsAttended');
    expect(await enrollment(e.id)).toMatchObject({ sessionsAttended: 9, sessionsTotal: 10 });
  });

  it('completing a course that has not started → 400, nobody marked', async () => {
    const { course } = await newCourse({ startDate: addDays(today(), 5), endDate: addDays(today(), 12) });
    const { enrollment: e } = await trainee(course.id);
    const r = await t.http.post(`/courses/${course.id}/complete`).set(cw);
    expect(r.status).toBe(400);
    const en = await enrollment(e.id);
    expect(en.completion).toBeNull();
    expect(en.process.stage).toBe('waiting_completion');
  });

  it.each([
    ['minFen as a float', { minFen: '100.5' }, 'minFen'],
    ['minFen with a currency sign', { minFen: '¥100' }, 'minFen'],
    ['maxFen as yuan text', { maxFen: '80元' }, 'maxFen'],
    ['maxFen negative', { maxFen: '-1' }, 'maxFen'],
  ])('GET /claims with %s → 400 naming the field', async (_what, query, field) => {
    const r = await t.http
      .get('/claims')
      .set(finA.auth)
      .query({ status: 'awaiting_approval', ...query });
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('a course subsidy as a float or a string → 400, no course written', async () => {
    const provider = await newProvider();
    for (const subsidyPerTraineeFen of [600.5, '60000', '¥600']) {
      const name = `电焊${hanTag()}培训班`;
      const r = await t.http
        .post('/courses')
        .set(cw)
        .send({
          providerId: provider.id,
          name,
          specialty: '电焊',
          mode: 'commissioned',
          startDate: addDays(today(), -5),
          endDate: addDays(today(), -1),
          hours: 40,
          subsidyPerTraineeFen,
        });
      expect(r.status).toBe(400);
      expect(r.body.details.map((d: { field: string }) => d.field)).toContain('subsidyPerTraineeFen');
      expect((await t.db.query('SELECT count(*)::int AS n FROM courses WHERE name = $1', [name]))[0].n).toBe(0);
    }
  });

  it('unknown claim → 404; claim ids that are not whole numbers → 400', async () => {
    expect((await t.http.post('/claims/99999999/approve').set(finA.auth)).status).toBe(404);
    expect((await t.http.get('/claims/99999999').set(finA.auth)).status).toBe(404);
    expect(
      (
        await t.http
          .post('/claims/batch-approve')
          .set(finA.auth)
          .send({ claimIds: [1.5] })
      ).status,
    ).toBe(400);
    expect((await t.http.post('/claims/batch-approve').set(finA.auth).send({ claimIds: [] })).status).toBe(400);
  });
});

it('GET /claims/summary: counts, fen totals by course and the training figures for the data created here', async () => {
  const end = addDays(today(), -4);
  const figures = async () =>
    (await t.http.get('/claims/summary').set(finA.auth).query({ from: end, to: end }).expect(200)).body.training;
  const before = await figures();
  const { course } = await newCourse({ startDate: addDays(today(), -15), endDate: end, subsidyPerTraineeFen: 40000 });
  const a = await trainee(course.id);
  const b = await trainee(course.id);
  await trainee(course.id, { attended: 2, total: 10 });
  await completeCourse(course.id);
  const employer = await newEmployer();
  await place(a.worker.id, employer.id);
  await place(b.worker.id, employer.id);
  const ca = await claimFor(a.enrollment.id);
  await claimFor(b.enrollment.id);
  await t.http.post(`/claims/${ca.id}/approve`).set(finA.auth).expect(200);
  await paid(ca.id);

  const s = (await t.http.get('/claims/summary').set(finA.auth).query({ from: today(), to: today() }).expect(200)).body;
  const mine = s.byCourse.filter((r: { key: unknown }) => Number(r.key) === course.id);
  expect(mine).toEqual(
    expect.arrayContaining([
      { key: course.id, status: 'awaiting_approval', count: 1, amountFen: 40000 },
      { key: course.id, status: 'paid', count: 1, amountFen: 40000 },
    ]),
  );
  expect(mine).toHaveLength(2);
  // The township of this file only: every training claim created here, by status.
  const town = s.byTownship.filter((r: { key: string }) => r.key === township);
  const viaList = await t.http.get('/claims').set(finA.auth).query({ township, pageSize: 200 }).expect(200);
  expect(town.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(viaList.body.total);
  expect(town.reduce((n: number, r: { amountFen: number }) => n + r.amountFen, 0)).toBe(viaList.body.totals.amountFen);
  expect(s.paid.find((r: { kind: string }) => r.kind === 'training').amountFen).toBeGreaterThanOrEqual(40000);

  const after = await figures();
  expect(after.trained - before.trained).toBe(3);
  expect(after.completed - before.completed).toBe(2);
  expect(after.placedWithinWindow - before.placedWithinWindow).toBe(2);
  expect(after.postTrainingPlacementRate).toBe(Math.round((after.placedWithinWindow / after.completed) * 1000) / 10);

  const bad = await t.http
    .get('/claims/summary')
    .set(finA.auth)
    .query({ from: today(), to: addDays(today(), -1) });
  expect(bad.status).toBe(400);
  expect((await t.http.get('/claims/summary').set(finA.auth).query({ from: '2026-02-30', to: today() })).status).toBe(
    400,
  );
});
