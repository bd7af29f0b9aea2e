/**
 * The overview figures (GET /reports/monthly) and the monthly progress report (劳务输出进展情况汇报)
 * over a known data set built through the real API, with a real worker running the real processes
 * (contract deadlines, training subsidy, referral payout, finance approval) on the Temporal dev server.
 *
 * The data set lives in a township of its own, so its figures are exact; county-wide figures are
 * checked as at least the township's (other test files share the database).
 *
 * Dates: what the processes stamp "now" (cases opened, claims decided and paid) falls in the current
 * month, so the data set is built there: placements starting today (contracts in time, one pending),
 * a one-day course today. Two placements start in the previous month, so they are overdue on
 * registration: one gets a late contract, one none.
 */
import { addMonths, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows, brokerBody, hanTag, providerBody } from './support/fixtures.js';
import { newTownship, records, Records, classStartApproved } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
type Auth = { Authorization: string };
let cw: Auth;
let cwName: string;
let admin: Auth;
let fin: Auth;
let broker: Auth;
let township: { id: number; name: string };
let rec: Records;

const today = shanghaiToday();
const CM = today.slice(0, 7);
const PM = addMonths(`${CM}-01`, -1).slice(0, 7);
const NEXT = addMonths(`${CM}-01`, 1).slice(0, 7);
const sameYear = PM.slice(0, 4) === CM.slice(0, 4);
const pm = (day: number) => `${PM}-${String(day).padStart(2, '0')}`;

// ---- building blocks ----
/** A placement of the worker with a new employer (today, organised, unless told). */
const place = (workerId: number, opts: { startDate?: string; organised?: boolean; brokerId?: number } = {}) =>
  rec.placement({ workerId, ...opts });
/** A 24-month contract signed on the day. */
const contract = (placementId: number, signedOn = today) => rec.contract(placementId, { termMonths: 24 }, signedOn);
async function overdueCase(placementId: number): Promise<{ id: number }> {
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${placementId}`).set(cw);
    return r.body.status === 'overdue' && r.body.case ? r.body : null;
  }, `placement ${placementId} to be overdue with its case`);
  return p.case;
}
async function claimOf(placementId: number, kind: 'training' | 'referral'): Promise<number> {
  const id = await waitFor(
    async () =>
      (await t.db.query('SELECT id FROM claims WHERE "placementId" = $1 AND kind = $2', [placementId, kind]))[0]?.id,
    `the ${kind} claim of placement ${placementId}`,
  );
  await waitFor(
    async () => (await t.http.get(`/claims/${id}`).set(fin).expect(200)).body.process,
    `the approval process of claim ${id}`,
  );
  return id;
}
async function approveAndPay(claimId: number) {
  expect((await t.http.post(`/claims/${claimId}/approve`).set(fin)).status).toBe(200);
  await waitFor(async () => {
    const c = (await t.http.get(`/claims/${claimId}`).set(fin).expect(200)).body;
    return c.status === 'paid' && c.payout ? c : null;
  }, `claim ${claimId} to be paid`);
}
const figures = async (query: Record<string, string | number>, who: Auth = cw) => {
  const r = await t.http.get('/reports/monthly').set(who).query(query);
  expect(r.status).toBe(200);
  return r.body;
};

beforeAll(async () => {
  t = await createTestApp();
  const c = await t.login('caseworker');
  cw = c.auth;
  cwName = c.username;
  admin = (await t.login('admin')).auth;
  fin = (await t.login('finance')).auth;
  broker = (await t.login('broker')).auth;
  township = await newTownship(t, admin, '报');
  rec = records(t, cw, { worker: { township: township.name } });

  // Previous month, overdue at registration: P2 organised, late contract; P3 not organised, no contract.
  const p2 = await place((await rec.worker()).id, { startDate: pm(1), organised: true });
  const p3 = await place((await rec.worker()).id, { startDate: pm(2), organised: false });
  await overdueCase(p2.id);
  const case3 = await overdueCase(p3.id);
  await contract(p2.id, pm(20));
  const closed = await t.http
    .post(`/cases/${case3.id}/close`)
    .set(cw)
    .send({ outcome: 'withdrawn', reason: '劳动者撤回投诉' });
  expect(closed.status).toBe(200);

  // This month: P1 organised, contract in time; P6 not organised, no contract yet (pending).
  await contract((await place((await rec.worker()).id, { organised: true })).id);
  await place((await rec.worker()).id, { organised: false });

  // A one-day course today: W4 and W5 pass, W6 fails; W4 is placed (P4) → a training claim.
  const provider = (await t.http.post('/training-providers').set(cw).send(providerBody()).expect(201)).body;
  const course = (
    await t.http
      .post('/courses')
      .set(cw)
      .send({
        providerId: provider.id,
        name: `报纸投递员${hanTag()}培训班`,
        specialty: '报纸投递',
        mode: 'commissioned',
        startDate: today,
        endDate: today,
        hours: 8,
        subsidyPerTraineeFen: 60000,
        payee: 'provider',
      })
      .expect(201)
  ).body;
  const w4 = await rec.worker();
  for (const [w, result] of [
    [w4, 'pass'],
    [await rec.worker(), 'pass'],
    [await rec.worker(), 'fail'],
  ] as const) {
    const e = (await t.http.post(`/courses/${course.id}/enrollments`).set(cw).send({ workerId: w.id }).expect(201))
      .body;
    await t.http
      .put(`/enrollments/${e.id}/attendance`)
      .set(cw)
      .send({ sessionsAttended: 10, sessionsTotal: 10 })
      .expect(200);
    await t.http
      .put(`/enrollments/${e.id}/assessment`)
      .set(cw)
      .send(result === 'pass' ? { result, certificateNo: `ZJ-${e.id}` } : { result })
      .expect(200);
  }
  await classStartApproved(t.db, course.id);
  await t.http.post(`/courses/${course.id}/complete`).set(cw).expect(200);
  const p4 = await place(w4.id, { organised: true });
  await contract(p4.id);

  // A broker's referral of a laid-off worker (P5), 24-month contract → an 8000-fen referral claim.
  const b = (await t.http.post('/brokers').set(cw).send(brokerBody()).expect(201)).body;
  const p5 = await place((await rec.worker({ categories: ['laid_off'] })).id, { organised: true, brokerId: b.id });
  await contract(p5.id);

  await approveAndPay(await claimOf(p4.id, 'training'));
  await approveAndPay(await claimOf(p5.id, 'referral'));
}, 240_000);
afterAll(() => t?.close());

describe('GET /reports/monthly', () => {
  it('this month, for the township: the exact figures of the data set', async () => {
    const f = await figures({ month: CM, township: township.id });
    expect(f).toMatchObject({
      month: CM,
      period: { from: `${CM}-01`, yearFrom: `${CM.slice(0, 4)}-01-01` },
      asOf: today,
      partial: true,
      township: { id: township.id, name: township.name },
      placements: {
        month: { total: 4, organised: 3, viaBroker: 1 },
        yearToDate: sameYear ? { total: 6, organised: 4, viaBroker: 1 } : { total: 4, organised: 3, viaBroker: 1 },
        target: 10,
        completionRate: sameYear ? 60 : 40,
        yearElapsedRate: Math.round((Number(CM.slice(5)) / 12) * 1000) / 10,
      },
      training: {
        month: { trained: 2, notCompleted: 1, placedAfterTraining: 1, placementRate: 50 },
        yearToDate: { trained: 2, notCompleted: 1, placedAfterTraining: 1, placementRate: 50 },
      },
      contracts: {
        month: { due: 4, signedInTime: 3, signedLate: 0, overdueUnsigned: 0, pending: 1, inTimeRate: 100 },
        yearToDate: sameYear
          ? { due: 6, signedInTime: 3, signedLate: 1, overdueUnsigned: 1, pending: 1, inTimeRate: 60 }
          : { due: 4, signedInTime: 3, signedLate: 0, overdueUnsigned: 0, pending: 1, inTimeRate: 100 },
      },
      claims: {
        month: {
          approved: {
            training: { count: 1, amountFen: 60000 },
            referral: { count: 1, amountFen: 8000 },
            total: { count: 2, amountFen: 68000 },
          },
          paid: {
            training: { count: 1, amountFen: 60000 },
            referral: { count: 1, amountFen: 8000 },
            total: { count: 2, amountFen: 68000 },
          },
        },
        yearToDate: { paid: { total: { count: 2, amountFen: 68000 } } },
        awaitingApproval: { count: 0, amountFen: 0 },
      },
      cases: {
        month: { opened: 2, closed: 1, closureRate: 50 },
        yearToDate: { opened: 2, closed: 1, closureRate: 50 },
        openNow: 1,
        closureRateTarget: 90,
      },
      // The township has no household, so the households section is all zeros.
      households: {
        zeroEmploymentHouseholds: 0,
        identifiedMonth: 0,
        identifiedYearToDate: 0,
        clearedMonth: 0,
        clearedYearToDate: 0,
        contactRequestsMonth: 0,
        contactRequestsAnsweredInTime: 0,
      },
    });
    expect(f.townships).toEqual([
      {
        id: township.id,
        name: township.name,
        countyId: f.county.id,
        countyName: f.county.name,
        target: 10,
        placementsMonth: 4,
        organisedMonth: 3,
        placementsYearToDate: sameYear ? 6 : 4,
        organisedYearToDate: sameYear ? 4 : 3,
        completionRate: sameYear ? 60 : 40,
        trainedYearToDate: 2,
        casesOpenedMonth: 2,
      },
    ]);
    expect(f.series).toHaveLength(12);
    expect(f.series[11]).toEqual({ month: CM, placements: 4, organised: 3, claimsPaidCount: 2, claimsPaidFen: 68000 });
    expect(f.series[10]).toEqual({ month: PM, placements: 2, organised: 1, claimsPaidCount: 0, claimsPaidFen: 0 });
    expect(f.series.slice(0, 10).every((s: { placements: number }) => s.placements === 0)).toBe(true);
  });

  it('the previous month, for the township: the late contract and the overdue one, nothing in time', async () => {
    const f = await figures({ month: PM, township: township.id });
    expect(f).toMatchObject({
      month: PM,
      partial: false,
      placements: {
        month: { total: 2, organised: 1, viaBroker: 0 },
        yearToDate: { total: 2, organised: 1, viaBroker: 0 },
      },
      contracts: { month: { due: 2, signedInTime: 0, signedLate: 1, overdueUnsigned: 1, pending: 0, inTimeRate: 0 } },
      training: { month: { trained: 0, placedAfterTraining: 0, placementRate: null } },
      claims: { month: { paid: { total: { count: 0, amountFen: 0 } } } },
      cases: { month: { opened: 0, closed: 0, closureRate: null } },
    });
    expect(f.series[11]).toMatchObject({ month: PM, placements: 2, organised: 1 });
  });

  it('county-wide: at least the township, its row among the townships, the target a sum of targets', async () => {
    const c = await figures({ month: CM }, admin);
    expect(c.township).toBeNull();
    expect(c.placements.month.total).toBeGreaterThanOrEqual(4);
    expect(c.placements.month.organised).toBeGreaterThanOrEqual(3);
    expect(c.placements.target).toBeGreaterThanOrEqual(10);
    expect(c.training.month.trained).toBeGreaterThanOrEqual(2);
    expect(c.contracts.month.signedInTime).toBeGreaterThanOrEqual(3);
    expect(c.claims.month.paid.total.amountFen).toBeGreaterThanOrEqual(68000);
    expect(c.claims.month.paid.training.amountFen + c.claims.month.paid.referral.amountFen).toBe(
      c.claims.month.paid.total.amountFen,
    );
    expect(c.cases.month.opened).toBeGreaterThanOrEqual(2);
    const row = c.townships.find((r: { id: number }) => r.id === township.id);
    expect(row).toMatchObject({ placementsMonth: 4, trainedYearToDate: 2, casesOpenedMonth: 2 });
    expect(c.townships.reduce((s: number, r: { target: number }) => s + r.target, 0)).toBe(c.placements.target);
    expect(c.townships.reduce((s: number, r: { placementsMonth: number }) => s + r.placementsMonth, 0)).toBe(
      c.placements.month.total,
    );
    // Without a month: the current one.
    expect((await figures({})).month).toBe(CM);
  });

  it('bad months and townships → 400 with the field and the reason', async () => {
    for (const [month, reason] of [
      ['2026-13', /01至12/],
      ['garbage', /如 2026-11/],
      [NEXT, /不能晚于本月/],
    ] as const) {
      const r = await t.http.get('/reports/monthly').set(cw).query({ month });
      expect(r.status).toBe(400);
      expect(r.body.details).toEqual([{ field: 'month', reason: expect.stringMatching(reason) }]);
    }
    const unknown = await t.http.get('/reports/monthly').set(cw).query({ month: CM, township: 99_999_999 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].field).toBe('township');
    const notId = await t.http.get('/reports/monthly').set(cw).query({ township: 'abc' });
    expect(notId.status).toBe(400);
    expect(notId.body.details[0].field).toBe('township');
    const post = await t.http.post('/reports/monthly/2026-13/document').set(cw);
    expect(post.status).toBe(400);
    expect(post.body.details).toEqual([{ field: 'month', reason: expect.stringMatching(/01至12/) }]);
    expect((await t.http.post(`/reports/monthly/${NEXT}/document`).set(cw)).status).toBe(400);
  });

  it('finance and brokers are refused (403); without a login 401', async () => {
    for (const who of [fin, broker]) {
      expect((await t.http.get('/reports/monthly').set(who).query({ month: CM })).status).toBe(403);
      expect((await t.http.post(`/reports/monthly/${CM}/document`).set(who)).status).toBe(403);
      expect((await t.http.get(`/reports/monthly/${CM}/documents`).set(who)).status).toBe(403);
    }
    expect((await t.http.get('/reports/monthly').query({ month: CM })).status).toBe(401);
  });
});

describe('the monthly progress report (劳务输出进展情况汇报)', () => {
  it('issued once per month with a 文号 (again → the same one), reissued on request with a new number and the figures as they are', async () => {
    const first = await t.http
      .post(`/reports/monthly/${CM}/document`)
      .set(cw)
      .send({ problems: '组织化程度低，农民工自我保护意识差。', nextSteps: ['加强职业技能培训。', '拓宽输出渠道。'] });
    expect([200, 201]).toContain(first.status);
    // 200 when another test file (console.e2e) issued this month's report first: then its text is not ours.
    const firstHtml = (await t.http.get(`/documents/${first.body.id}`).set(cw).expect(200)).text;
    if (first.status === 201) expect(firstHtml).toContain('组织化程度低，农民工自我保护意识差。');
    expect(first.body).toMatchObject({
      type: 'monthly_progress_report',
      title: '劳务输出进展情况汇报',
      number: expect.stringMatching(/^示劳输汇〔\d{4}〕\d+号$/),
      subjectType: 'monthly_report',
      subjectId: Number(CM.replace('-', '')),
    });
    const again = await t.http.post(`/reports/monthly/${CM}/document`).set(admin);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, number: first.body.number, created: false });

    const re = await t.http
      .post(`/reports/monthly/${CM}/document`)
      .query({ reissue: 'true' })
      .set(cw)
      .send({ problems: '组织化程度低。' });
    expect(re.status).toBe(201);
    expect(re.body.created).toBe(true);
    expect(re.body.id).not.toBe(first.body.id);
    const seq = (n: string) => Number(/〔\d{4}〕(\d+)号/.exec(n)![1]);
    expect(seq(re.body.number)).toBe(seq(first.body.number) + 1);

    const list = await t.http.get(`/reports/monthly/${CM}/documents`).set(cw).expect(200);
    expect(list.body.map((d: { id: number }) => d.id).slice(-2)).toEqual([first.body.id, re.body.id]);

    // Opened like every document: HTML with the header, the 文号, the figures.
    const html = (await t.http.get(`/documents/${re.body.id}`).set(cw).expect(200)).text;
    expect(html).toContain('劳务输出进展情况汇报');
    expect(html).toContain(re.body.number);
    expect(html).toContain('一、');
    expect(html).toContain('二、主要做法');
    expect(html).toContain('三、存在的问题及下步打算');
    expect(html).toContain('组织化程度低。');
    const ytd = sameYear ? 6 : 4;
    const rateText = sameYear ? '60.0%' : '40.0%';
    expect(html).toMatch(
      new RegExp(
        `<tr><td>${township.name}</td><td>10</td><td>4</td><td>${ytd}</td><td>${sameYear ? 4 : 3}</td><td>${rateText}</td><td>2</td></tr>`,
      ),
    );
    // The current month's row of the 12-month table: 2 payouts; county totals at least the township's.
    expect(html).toMatch(
      new RegExp(
        `<tr><td>${Number(CM.slice(5)) === 1 ? `${CM.slice(0, 4)}年1月` : `${Number(CM.slice(5))}月`}</td><td>\\d+</td><td>\\d+</td><td>\\d+</td><td>[\\d,]+\\.\\d\\d</td></tr>`,
      ),
    );
    // The households context provides the households section, so the report renders it.
    expect(html).toContain('零就业家庭就业援助');

    const meta = (await t.http.get(`/documents/${re.body.id}/meta`).set(cw).expect(200)).body;
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.data.f).toMatchObject({ month: CM, township: null });
    expect(meta.data.townships.find((r: { id: number }) => r.id === township.id)).toMatchObject({
      placementsMonth: 4,
      trainedYearToDate: 2,
    });
    // The first one is unchanged, and the database refuses to change either.
    expect((await t.http.get(`/documents/${first.body.id}`).set(cw).expect(200)).text).toBe(firstHtml);
    await expect(t.db.query('UPDATE documents SET html = $1 WHERE id = $2', ['x', re.body.id])).rejects.toThrow(
      /immutable/,
    );
    // Issuing is audited with the person who did it.
    expect(await auditRows(t, 'document', re.body.id)).toEqual([
      expect.objectContaining({ action: 'issue', actorName: cwName, actorRole: 'caseworker' }),
    ]);
    // And it prints (several A4 pages) like every document.
    const pdf = await t.http
      .get(`/documents/${re.body.id}.pdf`)
      .set(cw)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a past month is issued as complete (no "截至" note) and is idempotent too', async () => {
    const r = await t.http.post(`/reports/monthly/${PM}/document`).set(cw);
    expect([200, 201]).toContain(r.status);
    const html = (await t.http.get(`/documents/${r.body.id}`).set(cw).expect(200)).text;
    expect(html).not.toContain('本月数据截至');
    expect(html).toContain(township.name);
    expect((await t.http.post(`/reports/monthly/${PM}/document`).set(cw)).body.id).toBe(r.body.id);
  });
});
