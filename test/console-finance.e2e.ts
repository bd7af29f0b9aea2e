/**
 * Finance's decisions in a real browser: a batch of claims approved through its confirmation page
 * (figures and 大写), the true outcome of each (approved, first of two approvals recorded, refused
 * with its reason), a single approval through its confirmation, and the payouts of a township
 * with their totals; a payee without a bank account cannot be approved until a caseworker records
 * one, and the confirmation and payouts then show it. Real API, worker, Postgres, Temporal and Chromium.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG, classStartApproved } from './support/records.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { employerBody, hanTag, workerBody, providerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
type Auth = { Authorization: string };
let cw: Auth;
let admin: Auth;
let township: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  cw = (await t.login('caseworker')).auth;
  admin = (await t.login('admin')).auth;
  township = `财${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin).send({ name: township, yearlyTarget: 10 }).expect(201);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const today = () => shanghaiToday();

/** A completed, placed trainee of a new course paying `fen`: its training claim awaiting approval. */
async function trainingClaim(
  fen: number,
  providerFields: Record<string, unknown> = {},
): Promise<{ id: number; number: string; payeeName: string; providerId: number }> {
  const provider = (await t.http.post('/training-providers').set(cw).send(providerBody(providerFields)).expect(201))
    .body;
  const course = (
    await t.http
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
        subsidyPerTraineeFen: fen,
        payee: 'provider',
      })
      .expect(201)
  ).body;
  const worker = (await t.http.post('/workers').set(cw).send(workerBody({ township })).expect(201)).body;
  const e = (await t.http.post(`/courses/${course.id}/enrollments`).set(cw).send({ workerId: worker.id }).expect(201))
    .body;
  await t.http
    .put(`/enrollments/${e.id}/attendance`)
    .set(cw)
    .send({ sessionsAttended: 10, sessionsTotal: 10 })
    .expect(200);
  await t.http
    .put(`/enrollments/${e.id}/assessment`)
    .set(cw)
    .send({ result: 'pass', certificateNo: `ZJ-${e.id}` })
    .expect(200);
  await classStartApproved(t.db, course.id);
  await t.http.post(`/courses/${course.id}/complete`).set(cw).expect(200);
  const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
  const p = (
    await t.http
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
      })
      .expect(201)
  ).body;
  await t.http
    .post(`/placements/${p.id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
    .expect(201);
  return waitFor(async () => {
    const [c] = await t.db.query(
      `SELECT c.id, c.number, c."payeeName" FROM claims c WHERE c."enrollmentId" = $1 AND c.status = 'awaiting_approval'`,
      [e.id],
    );
    if (!c) return null;
    // The approval workflow must be running before a decision can reach it.
    const seen = (await t.http.get(`/claims/${c.id}`).set(admin).expect(200)).body;
    return seen.process
      ? { ...(c as { id: number; number: string; payeeName: string }), providerId: provider.id }
      : null;
  }, `the claim of enrollment ${e.id}`);
}

const status = async (id: number) => (await t.db.query('SELECT status FROM claims WHERE id = $1', [id]))[0].status;

it('finance batch-approves a mix through the confirmation, approves the second of two, and sees the township payouts with totals', async () => {
  const normal = await trainingClaim(60000);
  const big = await trainingClaim(150000);
  const gone = await trainingClaim(70000);
  const finA = await t.login('finance');
  const finB = await t.login('finance');

  const page = await signedInPage(browser, base, finA);
  await page.goto(`${base}/console/claims?township=${encodeURIComponent(township)}`);
  for (const c of [normal, big, gone]) await page.check(`tr[data-claim="${c.id}"] input[name=claimIds]`);
  // Another finance user rejects one while this page is open: the batch must refuse it with the reason.
  await t.http.post(`/claims/${gone.id}/reject`).set(finB.auth).send({ reason: '考勤表缺少学员签字' }).expect(200);

  await submitAndWait(page, '#batch-form button[type=submit]');
  await expect(page.locator('#confirm-claims tbody tr').count()).resolves.toBe(3);
  await expect(page.locator('#confirm-total').textContent()).resolves.toBe('¥2,800.00');
  await expect(page.locator('#confirm-total-upper').textContent()).resolves.toBe('贰仟捌佰元整');
  await expect(page.locator(`#confirm-claims tr[data-claim="${big.id}"]`).textContent()).resolves.toContain(big.number);
  await shot(page, 'finance-batch-confirm');
  // Nothing is decided before the confirm button.
  expect(await status(normal.id)).toBe('awaiting_approval');
  expect((await t.db.query('SELECT approvals FROM claims WHERE id = $1', [big.id]))[0].approvals).toEqual([]);

  await submitAndWait(page, '#confirm-form button[type=submit]');
  await page.waitForURL(/\/console\/claims\/batch\//);
  await expect(page.locator('#batch-approved').textContent()).resolves.toBe('1');
  await expect(page.locator('#batch-first').textContent()).resolves.toBe('1');
  await expect(page.locator('#batch-refused').textContent()).resolves.toBe('1');
  const row = (id: number) => page.locator(`#batch-results tr[data-claim="${id}"]`);
  await expect(row(normal.id).textContent()).resolves.toMatch(
    new RegExp(`${normal.number}[\\s\\S]*${normal.payeeName}[\\s\\S]*¥600\\.00[\\s\\S]*已批准`),
  );
  await expect(row(big.id).textContent()).resolves.toContain('已记录第一次审批，待另一名财务人员审批');
  await expect(row(big.id).textContent()).resolves.not.toContain('已批准');
  await expect(row(gone.id).textContent()).resolves.toMatch(/未批准[\s\S]*不能再审批/);
  await expect(row(gone.id).locator('a').textContent()).resolves.toBe(gone.number);
  await shot(page, 'finance-batch-outcomes');
  await page.context().close();

  // The second finance user gives the second approval from the claim's page, through its confirmation.
  const pageB = await signedInPage(browser, base, finB);
  await pageB.goto(`${base}/console/claims/${big.id}`);
  await submitAndWait(pageB, '#approve-form button[type=submit]');
  await expect(pageB.locator('#confirm-amount').textContent()).resolves.toBe('¥1,500.00');
  await expect(pageB.locator('#confirm-amount-upper').textContent()).resolves.toBe('壹仟伍佰元整');
  await expect(pageB.locator('#confirm-payee').textContent()).resolves.toBe(big.payeeName);
  await shot(pageB, 'finance-approve-confirm');
  expect(await status(big.id)).toBe('awaiting_approval');
  await submitAndWait(pageB, '#confirm-form button[type=submit]');
  await expect(pageB.locator('.flash').textContent()).resolves.toContain('已批准');

  for (const c of [normal, big])
    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM payouts WHERE "claimId" = $1', [c.id])).length > 0,
      `the payout of ${c.number}`,
    );
  await pageB.goto(`${base}/console/payouts`);
  await pageB.fill('#f-township', township);
  await submitAndWait(pageB, '#payout-filters button[type=submit]');
  await expect(pageB.locator('#payouts-count').textContent()).resolves.toBe('2');
  await expect(pageB.locator('#payouts-total').textContent()).resolves.toBe('¥2,100.00');
  await expect(pageB.locator('#payout-list tbody tr').count()).resolves.toBe(2);
  await expect(pageB.locator('#payouts-export').getAttribute('href')).resolves.toContain(
    `township=${encodeURIComponent(township)}`,
  );
  await shot(pageB, 'finance-payouts-township');
  // A date that is not one: named next to its field, no list.
  await pageB.goto(`${base}/console/payouts?from=2026-02-30`);
  await expect(pageB.locator('#f-from').locator('xpath=..').locator('.error').count()).resolves.toBe(1);
  await pageB.context().close();
}, 180_000);

it('rejecting asks first, showing the reason and the amount in 大写; a missing reason is refused at the field', async () => {
  const claim = await trainingClaim(123405);
  const fin = await t.login('finance');
  const page = await signedInPage(browser, base, fin);
  await page.goto(`${base}/console/claims/${claim.id}`);
  const refused = await submitAndWait(page, '#reject-form button[type=submit]');
  expect(refused?.status()).toBe(400);
  await expect(page.locator('#reject-form .error').textContent()).resolves.toContain('理由');
  await expect(page.locator('#confirm').count()).resolves.toBe(0);
  await page.fill('#reject-form textarea[name=reason]', '就业单位与培训订单不符');
  await submitAndWait(page, '#reject-form button[type=submit]');
  await expect(page.locator('#confirm-reason').textContent()).resolves.toBe('就业单位与培训订单不符');
  await expect(page.locator('#confirm-amount-upper').textContent()).resolves.toBe('壹仟贰佰叁拾肆元零伍分');
  expect(await status(claim.id)).toBe('awaiting_approval');
  await submitAndWait(page, '#confirm-form button[type=submit]');
  await expect(page.locator('.flash').textContent()).resolves.toContain('已驳回');
  await waitFor(async () => (await status(claim.id)) === 'rejected', 'the rejection');
  expect((await t.db.query('SELECT "lastReason" FROM claims WHERE id = $1', [claim.id]))[0].lastReason).toBe(
    '就业单位与培训订单不符',
  );
  await page.context().close();
}, 120_000);

it("no account, no approval: the claim says why; a caseworker records the provider's account; finance approves into it and sees it on the payouts", async () => {
  const claim = await trainingClaim(45600, { bankName: undefined, bankAccount: undefined });
  const fin = await t.login('finance');
  const page = await signedInPage(browser, base, fin);
  await page.goto(`${base}/console/claims/${claim.id}`);
  await expect(page.locator('#payee-account').textContent()).resolves.toContain('未登记');
  await expect(page.locator('#approve-blocked').textContent()).resolves.toBe('领取人尚未登记收款账户，不能批准。');
  await expect(page.locator('#approve-form button[type=submit]').isDisabled()).resolves.toBe(true);
  await shot(page, 'finance-claim-no-account');

  const caseworker = await t.login('caseworker');
  const cwPage = await signedInPage(browser, base, caseworker);
  await cwPage.goto(`${base}/console/providers/${claim.providerId}/edit`);
  await cwPage.fill('#f-bankName', '中国工商银行示范县支行');
  await cwPage.fill('#f-bankAccount', '1234567');
  const refused = await submitAndWait(cwPage, '#provider-edit button[type=submit]');
  expect(refused?.status()).toBe(400);
  await expect(cwPage.locator('#err-bankAccount').textContent()).resolves.toContain('现在是7位');
  await cwPage.fill('#f-bankAccount', '0902 0012 0910 0123 456');
  await submitAndWait(cwPage, '#provider-edit button[type=submit]');
  // The register shows the last four digits, even to the caseworker who typed it.
  await expect(cwPage.locator('#provider-account').textContent()).resolves.toBe(
    '中国工商银行示范县支行 ***************3456',
  );
  await cwPage.context().close();

  await page.reload();
  await expect(page.locator('#payee-account').textContent()).resolves.toContain('0902001209100123456');
  await submitAndWait(page, '#approve-form button[type=submit]');
  await expect(page.locator('#confirm-account').textContent()).resolves.toBe(
    '中国工商银行示范县支行 0902001209100123456',
  );
  await expect(page.locator('#confirm-amount-upper').textContent()).resolves.toBe('肆佰伍拾陆元整');
  await submitAndWait(page, '#confirm-form button[type=submit]');
  await expect(page.locator('.flash').textContent()).resolves.toContain('已批准');
  await waitFor(
    async () => (await t.db.query('SELECT 1 FROM payouts WHERE "claimId" = $1', [claim.id])).length > 0,
    `the payout of ${claim.number}`,
  );
  await page.goto(`${base}/console/payouts?township=${encodeURIComponent(township)}`);
  await expect(page.locator(`#payout-list tr[data-claim="${claim.id}"]`).textContent()).resolves.toContain(
    '中国工商银行示范县支行 0902001209100123456',
  );
  await shot(page, 'finance-payouts-accounts');
  await page.context().close();
}, 150_000);
