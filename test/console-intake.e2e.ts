/**
 * A caseworker's complaint at the window, in a real browser against the real API, worker,
 * Postgres and Temporal: 新建案件 for several workers and an employer, the confirmation the
 * server asks before 受理 and 结案, and placements ended (离职) and shown overdue (逾期N天).
 * Screenshots at desktop (1280) and phone (390) width go to test-artifacts/screenshots/.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs, shot } from './support/browser.js';
import { employerBody, workerBody } from './support/fixtures.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: { auth: { Authorization: string }; username: string; password: string; userId: number };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  cw = await t.login('caseworker');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newPage(width = 1280): Promise<pw.Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 } });
  return ctx.newPage();
}
/** Clicks a submit button and waits for the page the server answers with. */
const submit = (page: pw.Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const fieldError = (page: pw.Page, name: string) => page.locator(`#f-${name}`).locator('xpath=..').locator('.error');

/** The same page at phone width, for its screenshot. */
async function phoneShot(path: string, name: string): Promise<void> {
  const page = await newPage(390);
  await loginAs(page, base, cw.username, cw.password, path);
  await shot(page, name);
  await page.context().close();
}

async function placement(startDate: string): Promise<{ id: number; worker: { name: string }; employerId: number }> {
  const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
  const e = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  const p = (
    await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId: w.id,
        employerId: e.id,
        startDate,
        job: '装配工',
        monthlyWageFen: 400000,
        destination: '辽宁省大连市',
        organised: true,
      })
      .expect(201)
  ).body;
  return { id: p.id, worker: w, employerId: e.id };
}

describe('case intake (新建案件)', () => {
  it('takes a complaint at the window for two workers and an employer, confirms 受理 into mediation, and asks before 结案', async () => {
    const [a, b] = await Promise.all(
      [workerBody(), workerBody()].map(
        async (body) => (await t.http.post('/workers').set(cw.auth).send(body).expect(201)).body,
      ),
    );
    const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/cases');
    await submit(page, '#case-new-link');
    expect(new URL(page.url()).pathname).toBe('/console/cases/new');

    // One worker by ID number, the other found by name inside the form and ticked.
    await page.selectOption('#f-kind', 'wage_arrears');
    await page.fill('#f-citizenIds', a.citizenId);
    await page.fill('#f-find', b.name);
    await submit(page, '#intake-find');
    await expect(page.inputValue('#f-citizenIds')).resolves.toBe(a.citizenId);
    await page.check(`#intake-found input[value="${b.id}"]`);
    await page.selectOption('#f-employerId', String(employer.id));
    await page.fill('#f-facts', '2026年9月至11月工资共计24000元未发放');
    await page.fill('#f-amountClaimed', '二万四');
    await page.fill('#f-knewOn', addDays(shanghaiToday(), -3));
    await page.selectOption('#f-channel', 'window');
    await shot(page, 'intake-case-new');
    await submit(page, '#intake-submit');

    // A wrong amount: refused next to its field in Chinese, everything typed kept.
    await expect(fieldError(page, 'amountClaimed').textContent()).resolves.toContain('请填写金额（元');
    await expect(page.inputValue('#f-amountClaimed')).resolves.toBe('二万四');
    await expect(page.inputValue('#f-facts')).resolves.toBe('2026年9月至11月工资共计24000元未发放');
    await expect(page.inputValue('#f-citizenIds')).resolves.toBe(a.citizenId);
    await expect(page.isChecked(`#intake-found input[value="${b.id}"]`)).resolves.toBe(true);
    await expect(page.inputValue('#f-employerId')).resolves.toBe(String(employer.id));
    await page.fill('#f-amountClaimed', '24000.50');
    await submit(page, '#intake-submit');
    await page.waitForURL(/\/console\/cases\/\d+$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain('案件已登记');
    const caseId = Number(new URL(page.url()).pathname.split('/').pop());
    const [row] = await t.db.query(
      `SELECT c."amountClaimedFen", c."employerId", c.channel, c."openedBy",
              (SELECT array_agg("workerId" ORDER BY "workerId") FROM case_workers cw WHERE cw."caseId" = c.id) AS workers
         FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    expect(row).toEqual({
      amountClaimedFen: 2400050,
      employerId: employer.id,
      channel: 'window',
      openedBy: cw.username,
      workers: [a.id, b.id].sort((x, y) => x - y),
    });
    await expect(page.locator('main').textContent()).resolves.toContain(a.name);
    await expect(page.locator('main').textContent()).resolves.toContain(b.name);
    await expect(page.locator('#case-stage').getAttribute('data-stage')).resolves.toBe('intake');

    // 受理 issues a document: the server asks first, and nothing happens until confirmed.
    await submit(page, '#form-acknowledge button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toBe('确认受理？');
    await expect(page.locator('#confirm').textContent()).resolves.toContain('受理通知书');
    await shot(page, 'intake-confirm-acknowledge');
    expect((await t.db.query('SELECT stage FROM cases WHERE id = $1', [caseId]))[0].stage).toBe('intake');
    await submit(page, '#confirm-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(page.locator('#case-stage').getAttribute('data-stage')).resolves.toBe('mediation');
    await expect(page.locator('#timeline').textContent()).resolves.toContain('受理');

    // 结案: a missing reason is refused on the case page first; then the confirmation, and 返回 leaves it open.
    await page.selectOption('#form-close #f-close-outcome', 'withdrawn');
    await submit(page, '#form-close button[type=submit]');
    await expect(page.locator('#form-close .error').first().isVisible()).resolves.toBe(true);
    await page.fill('#form-close #f-reason', '当事人撤回投诉');
    await submit(page, '#form-close button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toBe('确认结案？');
    await expect(page.locator('#confirm').textContent()).resolves.toContain('当事人撤回投诉');
    await expect(page.locator('#confirm').textContent()).resolves.toContain('当事人撤回');
    await shot(page, 'intake-confirm-close');
    await submit(page, '#confirm-form a.button');
    expect((await t.db.query('SELECT status FROM cases WHERE id = $1', [caseId]))[0].status).toBe('open');
    await page.selectOption('#form-close #f-close-outcome', 'withdrawn');
    await page.fill('#form-close #f-reason', '当事人撤回投诉');
    await submit(page, '#form-close button[type=submit]');
    await submit(page, '#confirm-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(page.locator('#case-stage').getAttribute('data-stage')).resolves.toBe('closed');
    await page.context().close();
    await phoneShot('/console/cases/new', 'intake-case-new-phone');
  });

  it('says which ID numbers are not registered, in Chinese, and keeps them', async () => {
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/cases/new');
    await page.fill('#f-citizenIds', '110101199003070000');
    await page.fill('#f-facts', '拖欠两个月工资');
    await page.fill('#f-amountClaimed', '8000');
    await page.fill('#f-knewOn', shanghaiToday());
    await submit(page, '#intake-submit');
    await expect(fieldError(page, 'citizenIds').textContent()).resolves.toContain('尚未登记');
    await expect(page.inputValue('#f-citizenIds')).resolves.toBe('110101199003070000');
    await page.context().close();
  });
});

describe('placements: 离职 and overdue', () => {
  it('ends an employment from its page: an end before the start is refused in Chinese next to the field', async () => {
    const start = addDays(shanghaiToday(), -5);
    const p = await placement(start);
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, `/console/placements/${p.id}`);
    await expect(page.locator('#employer-contact').textContent()).resolves.toContain('刘经理');
    await expect(page.locator('#employer-contact').textContent()).resolves.toContain('0411-86661234');
    await page.fill('#end-form #f-endDate', addDays(start, -1));
    await page.fill('#end-form #f-reason', '个人原因辞职');
    await submit(page, '#end-form button[type=submit]');
    await expect(fieldError(page, 'endDate').textContent()).resolves.toContain('离职日期不能早于上岗日期');
    await expect(page.inputValue('#end-form #f-reason')).resolves.toBe('个人原因辞职');
    await shot(page, 'intake-placement-end-refused');
    await page.fill('#end-form #f-endDate', shanghaiToday());
    await submit(page, '#end-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/placements/${p.id}$`));
    await expect(page.locator('.flash').textContent()).resolves.toContain('离职已登记');
    await expect(page.locator('#placement-status').getAttribute('data-status')).resolves.toBe('ended');
    await expect(page.locator('#placement-ended').textContent()).resolves.toContain('个人原因辞职');
    await expect(page.locator('#end-form').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('shows an overdue placement (no contract past its 15 days) as 逾期N天 in the default list and on its page', async () => {
    const start = addDays(shanghaiToday(), -20);
    const p = await placement(start);
    const [{ deadline }] = await t.db.query(
      `SELECT to_char(deadline, 'YYYY-MM-DD') AS deadline FROM placements WHERE id = $1`,
      [p.id],
    );
    const late = Math.round((Date.parse(shanghaiToday()) - Date.parse(deadline)) / 86_400_000);
    expect(late).toBeGreaterThan(0);
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/placements');
    const row = page.locator(`tr[data-placement="${p.id}"]`);
    await expect(row.textContent()).resolves.toContain(`逾期${late}天`);
    await shot(page, 'intake-placements');
    await row.locator('a').first().click();
    await page.waitForURL(new RegExp(`/console/placements/${p.id}$`));
    await expect(page.locator('#placement-overdue').textContent()).resolves.toBe(`逾期${late}天`);
    await shot(page, 'intake-placement');
    await page.context().close();
    await phoneShot('/console/placements', 'intake-placements-phone');
    await phoneShot(`/console/placements/${p.id}`, 'intake-placement-phone');
  });
});
