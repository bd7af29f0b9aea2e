/**
 * Finance's payout batches in a real browser (real API, worker, Postgres, Temporal, Chromium), in
 * a county of its own with a funding line: a batch over the remaining budget is refused with the
 * figures; a batch of three approved claims shows its totals by kind and township and its budget;
 * a caseworker records an objection on the notice page, which holds that line out of the file;
 * a second finance user approves; the bank file is downloaded (its sha256 as the page says); the
 * bank's return file with one failure and one unknown reference is uploaded and the page lists
 * both; the caseworker resolves the objection and confirms the corrected account; both claims go
 * into a second batch under new references.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type pw from 'playwright-core';
import { shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { bankAccountBody, brokerBody, employerBody, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship, PNG } from './support/records.js';
import { waitFor } from './support/wait.js';

type Login = Awaited<ReturnType<TestApp['login']>>;
let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: Login;
let admin: Login;
let fin1: Login;
let fin2: Login;
let town: string;
let fundingLineId: number;
const today = () => shanghaiToday();
const year = () => Number(today().slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  const county = await countyOffice('盘');
  admin = await t.login('admin', { officeId: county });
  cw = await t.login('caseworker', { officeId: county });
  fin1 = await t.login('finance', { officeId: county });
  fin2 = await t.login('finance', { officeId: county });
  town = (await newTownship(t, admin.auth, '盘')).name;
  // No notice wait here (payout-batch.test.ts has the wait); the notice and its objections still apply.
  await t.http
    .post('/policies')
    .set(admin.auth)
    .send({ key: 'payouts.notice_working_days', value: 0, effectiveFrom: today(), source: '测试：公示期不等待' })
    .expect(201);
  // 300 yuan: three referral claims (80 yuan each) fit, four do not.
  fundingLineId = (
    await t.http
      .post('/funding-lines')
      .set(fin1.auth)
      .send({ year: year(), name: '就业补助资金（职业介绍补贴）', budgetFen: 30000 })
      .expect(201)
  ).body.id;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const getClaim = async (id: number) => (await t.http.get(`/claims/${id}`).set(fin1.auth).expect(200)).body;
const getBatch = async (id: number) => (await t.http.get(`/payout-batches/${id}`).set(fin1.auth).expect(200)).body;
const textOf = async (page: pw.Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

/** A broker's referral of a laid-off worker into a 24-month contract: an 80-yuan claim, approved by finance. */
async function approvedReferralClaim() {
  const broker = (await t.http.post('/brokers').set(cw.auth).send(brokerBody()).expect(201)).body;
  const worker = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ township: town, categories: ['laid_off'] }))
      .expect(201)
  ).body;
  const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  const placement = (
    await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId: worker.id,
        employerId: employer.id,
        brokerId: broker.id,
        startDate: today(),
        job: '叉车司机',
        monthlyWageFen: 450000,
        destination: '辽宁省大连市甘井子区',
        organised: true,
      })
      .expect(201)
  ).body;
  await t.http
    .post(`/placements/${placement.id}/contract`)
    .set(cw.auth)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '劳动合同.png', contentType: 'image/png' })
    .expect(201);
  const [{ id }] = await waitFor(async () => {
    const rows = await t.db.query(`SELECT id FROM claims WHERE "placementId" = $1`, [placement.id]);
    return rows.length ? rows : null;
  }, 'the referral claim');
  await waitFor(async () => (await getClaim(id)).process, 'its approval process');
  await t.http.post(`/claims/${id}/approve`).set(fin1.auth).expect(200);
  const claim = await waitFor(async () => {
    const c = await getClaim(id);
    return c.status === 'approved' && c.process?.status === 'approved' ? c : null;
  }, `claim ${id} approved`);
  return { claim, broker };
}

function returnCsv(rows: (string | number)[][]): Buffer {
  const head = '业务参考号,处理结果,失败原因,处理日期,金额（元）';
  return Buffer.from(`\uFEFF${[head, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`, 'utf8');
}

async function build(page: pw.Page, claimIds: number[]) {
  await page.goto(`${base}/console/payout-batches`);
  await page.selectOption('#f-fundingLineId', String(fundingLineId));
  for (const id of claimIds) await page.check(`#pick-${id}`);
  await submitAndWait(page, '#build-batch');
}

describe('payout batches in the console', () => {
  it('from approved claims to a bank file, the bank’s answer, an objection that holds a line, the correction and a second batch', async () => {
    const [a, b, c, d] = [
      await approvedReferralClaim(),
      await approvedReferralClaim(),
      await approvedReferralClaim(),
      await approvedReferralClaim(),
    ];
    const f1 = await signedInPage(browser, base, fin1);
    await expect(f1.locator('header nav a[href="/console/payout-batches"]').textContent()).resolves.toBe('代发批次');
    await f1.goto(`${base}/console/payout-batches`);
    await expect(textOf(f1, '#approved-by-kind')).resolves.toContain('职业介绍补贴');
    await expect(textOf(f1, '#approved-by-township')).resolves.toContain(town);
    await expect(textOf(f1, '#funding-lines')).resolves.toContain('¥300.00');

    // Four claims are 320 yuan: over the 300 left, refused with the figures, nothing built.
    await build(
      f1,
      [a, b, c, d].map((x) => x.claim.id),
    );
    await expect(textOf(f1, '#batch-error')).resolves.toContain('本批代发合计320.00元');
    await expect(textOf(f1, '#batch-error')).resolves.toContain('剩余额度300.00元');
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM payout_batches WHERE "fundingLineId" = $1`, [fundingLineId]))[0]
        .n,
    ).toBe(0);
    // Nothing chosen: asked for by name.
    await f1.goto(`${base}/console/payout-batches`);
    await f1.selectOption('#f-fundingLineId', String(fundingLineId));
    await submitAndWait(f1, '#build-batch');
    await expect(textOf(f1, '#err-claimIds')).resolves.toBe('请勾选要编入批次的补贴申请');

    await build(
      f1,
      [a, b, c].map((x) => x.claim.id),
    );
    expect(new URL(f1.url()).pathname).toMatch(/^\/console\/payout-batches\/\d+$/);
    const batchId = Number(new URL(f1.url()).pathname.split('/').pop());
    await expect(textOf(f1, '#batch-status')).resolves.toBe('待审核');
    await expect(textOf(f1, '#batch-total')).resolves.toBe('3 笔 · ¥240.00');
    await expect(textOf(f1, '#batch-budget')).resolves.toBe('¥240.00 / ¥60.00');
    await expect(textOf(f1, '#batch-by-kind')).resolves.toContain('职业介绍补贴3 笔¥240.00');
    await expect(textOf(f1, '#batch-by-township')).resolves.toContain(town);
    await expect(textOf(f1, '#own-batch')).resolves.toContain('须由另一名财务人员审核');
    await expect(f1.locator('#approve-batch').count()).resolves.toBe(0);
    const batch = await getBatch(batchId);
    const refOf = (claimId: number) => batch.lines.find((l: { claimId: number }) => l.claimId === claimId).reference;

    // 公示: a caseworker records an objection against C's line; the line is held.
    const cwPage = await signedInPage(browser, base, cw);
    await cwPage.goto(`${base}/console/payout-batches/${batchId}/notice`);
    await expect(cwPage.locator('#no-objections').count()).resolves.toBe(1);
    await submitAndWait(cwPage, '#record-objection');
    await expect(textOf(cwPage, '#err-lineId')).resolves.toBe('请选择被反映的人员');
    const cLine = batch.lines.find((l: { claimId: number }) => l.claimId === c.claim.id);
    await cwPage.selectOption('#f-lineId', String(cLine.id));
    await cwPage.fill('#f-objector', '匿名');
    await cwPage.fill('#f-content', '该人员此次就业并非经介绍人介绍');
    await submitAndWait(cwPage, '#record-objection');
    const objection = (await getBatch(batchId)).objections[0];
    await expect(textOf(cwPage, `#objection-${objection.id} [data-status]`)).resolves.toBe('待核实');
    await expect(textOf(cwPage, `#objection-${objection.id}`)).resolves.toContain(cw.displayName);
    expect((await getClaim(c.claim.id)).status).toBe('held');

    // The second finance user approves; the file is issued without the held line.
    const f2 = await signedInPage(browser, base, fin2);
    await f2.goto(`${base}/console/payout-batches/${batchId}`);
    await expect(textOf(f2, '#held-count')).resolves.toBe('1 笔异议待核实');
    await submitAndWait(f2, '#approve-batch');
    await waitFor(async () => (await getBatch(batchId)).status === 'awaiting_bank', 'the bank file issued');
    await f2.goto(`${base}/console/payout-batches/${batchId}`);
    await expect(textOf(f2, '#batch-status')).resolves.toBe('等待银行回盘');
    await expect(textOf(f2, '#batch-approver')).resolves.toContain(fin2.displayName);
    await expect(textOf(f2, `[data-reference="${refOf(c.claim.id)}"] [data-status]`)).resolves.toContain('已移出');
    const issued = await getBatch(batchId);
    await expect(textOf(f2, '#batch-file')).resolves.toContain(issued.file.sha256);
    const [download] = await Promise.all([f2.waitForEvent('download'), f2.click('#download-file')]);
    const content = await readFile((await download.path())!);
    expect(createHash('sha256').update(content).digest('hex')).toBe(issued.file.sha256);

    // The bank's answer: A paid, B failed (closed account), one reference the batch does not have.
    const unknown = `DF${year()}99999998`;
    await f2.setInputFiles('#f-file', {
      name: '回盘.csv',
      mimeType: 'text/csv',
      buffer: returnCsv([
        [refOf(a.claim.id), '成功', '', today(), '80.00'],
        [refOf(b.claim.id), '失败', '账户已销户', today(), '80.00'],
        [unknown, '成功', '', today(), '80.00'],
      ]),
    });
    await submitAndWait(f2, '#upload-return');
    await expect(textOf(f2, '#batch-status')).resolves.toBe('已对账');
    await expect(textOf(f2, '#reconciliation')).resolves.toContain('已支付 1 笔 · 支付失败 1 笔');
    await expect(textOf(f2, '#failed-lines')).resolves.toContain(
      `${refOf(b.claim.id)} · ${b.broker.name} · ¥80.00 · 账户已销户`,
    );
    await expect(textOf(f2, '#unknown-references')).resolves.toBe(unknown);
    await expect(textOf(f2, `[data-reference="${refOf(a.claim.id)}"] [data-status]`)).resolves.toContain('已支付');
    await shot(f2, 'payouts-reconciled-desktop');
    expect((await getClaim(a.claim.id)).status).toBe('paid');
    expect((await getClaim(b.claim.id)).status).toBe('payment_failed');

    // The caseworker dismisses the objection (C goes ahead) and confirms B's corrected account.
    await cwPage.goto(`${base}/console/payout-batches/${batchId}/notice`);
    await cwPage.selectOption(`#r-${objection.id}-decision`, 'dismissed');
    await cwPage.fill(`#r-${objection.id}-note`, '经核实，系介绍人介绍就业');
    await submitAndWait(cwPage, `#resolve-${objection.id} button[type=submit]`);
    await expect(textOf(cwPage, `#objection-${objection.id} [data-status]`)).resolves.toBe('异议不成立');
    expect((await getClaim(c.claim.id)).status).toBe('approved');
    const { version } = (await t.http.get(`/brokers/${b.broker.id}`).set(cw.auth).expect(200)).body;
    await t.http
      .patch(`/brokers/${b.broker.id}`)
      .set(cw.auth)
      .send({ version, ...bankAccountBody() })
      .expect(200);
    await cwPage.goto(`${base}/console/payment-failures`);
    await expect(textOf(cwPage, `#failure-list [data-claim="${b.claim.id}"]`)).resolves.toContain('账户已销户');
    await submitAndWait(cwPage, `#corrected-${b.claim.id} button`);
    await expect(cwPage.locator(`#failure-list [data-claim="${b.claim.id}"]`).count()).resolves.toBe(0);

    // The second batch: B and C under new references; budget used now counts A, B and C.
    await build(f1, [b.claim.id, c.claim.id]);
    const second = Number(new URL(f1.url()).pathname.split('/').pop());
    expect(second).not.toBe(batchId);
    await expect(textOf(f1, '#batch-total')).resolves.toBe('2 笔 · ¥160.00');
    await expect(textOf(f1, '#batch-budget')).resolves.toBe('¥240.00 / ¥60.00');
    const lines2 = (await getBatch(second)).lines;
    const newRefB = lines2.find((l: { claimId: number }) => l.claimId === b.claim.id).reference;
    expect(newRefB).not.toBe(refOf(b.claim.id));
    expect(lines2.find((l: { claimId: number }) => l.claimId === c.claim.id).reference).not.toBe(refOf(c.claim.id));
    await f1.goto(`${base}/console/payout-batches`);
    await expect(f1.locator('#batch-list tbody tr').count()).resolves.toBe(2);
  }, 300_000);
});
