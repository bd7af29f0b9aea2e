/**
 * 政策参数 against the real app, Postgres and a real browser: a new value is refused (naming the
 * field, nothing written) before today, without its source, outside its unit; on the admin's page
 * each key shows by its Chinese name in its unit with its source, a new value from a date appears
 * in the key's history with who added it, and the running placements' values are counted.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { employerBody, hanTag, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const countOf = async (county: number) =>
  (await t.db.query(`SELECT count(*)::int AS n FROM policy_values WHERE "countyId" = $1`, [county]))[0].n;

describe('adding a policy value through the API', () => {
  it.each([
    ['a day before today', { effectiveFrom: addDays(shanghaiToday(), -1) }, 'effectiveFrom', 'POLICY.PAST_DATE'],
    ['no source', { source: undefined }, 'source', undefined],
    ['a one-character source', { source: '文' }, 'source', undefined],
    [
      'a percent over 100',
      { key: 'training.attendance_threshold_percent', value: 101 },
      'value',
      'POLICY.PERCENT_RANGE',
    ],
    ['a negative value', { value: -1 }, 'value', undefined],
    ['a fraction', { value: 1.5 }, 'value', undefined],
    ['an unknown key', { key: 'contract.nothing' }, 'key', undefined],
  ])('refuses %s, naming the field, writing nothing', async (_what, change, field, code) => {
    const county = await countyOffice('策');
    const admin = await t.login('admin', { officeId: county });
    const body = {
      key: 'contract.deadline_days',
      value: 20,
      effectiveFrom: shanghaiToday(),
      source: '县人社局〔2026〕5号文',
      ...change,
    };
    const res = await t.http.post('/policies').set(admin.auth).send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    if (code) expect(res.body.code).toBe(code);
    expect(await countOf(county)).toBe(0);
  });

  it('accepts today, for the admin’s own county, with who added it by name', async () => {
    const county = await countyOffice('今');
    const admin = await t.login('admin', { officeId: county });
    const today = shanghaiToday();
    await t.http
      .post('/policies')
      .set(admin.auth)
      .send({ key: 'contract.deadline_days', value: 20, effectiveFrom: today, source: '县人社局〔2026〕6号文' })
      .expect(201);
    const list = (await t.http.get('/policies').set(admin.auth).expect(200)).body;
    expect(list.find((r: { countyId: number | null }) => r.countyId === county)).toMatchObject({
      value: 20,
      effectiveFrom: today,
      createdByName: admin.displayName,
    });
  });
});

describe('政策参数 page', () => {
  it('shows the values in force in their units, adds a value from a date and shows it in the history', async () => {
    const county = await countyOffice('页');
    const admin = await t.login('admin', { officeId: county });
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/policies`);
    await expect(page.locator('header nav a[href="/console/policies"]').textContent()).resolves.toBe('政策参数');
    const referral = page.locator('#in-force tr[data-key="referral.amount_fen"]');
    await expect(referral.innerText()).resolves.toContain('职业介绍补贴标准');
    await expect(referral.innerText()).resolves.toContain('80.00元');
    await expect(referral.innerText()).resolves.toContain('种子材料000');
    await expect(page.locator('#in-force tr[data-key="case.mediation_days"]').innerText()).resolves.toContain('15天');
    expect(await page.locator('main').innerText()).not.toMatch(/[a-z]+\.[a-z_]+|Seed|Law/);

    await page.selectOption('#f-key', 'referral.amount_fen');
    await page.fill('#f-value', '100');
    await page.fill('#f-effectiveFrom', addDays(shanghaiToday(), -3));
    await page.fill('#f-source', '县人社局〔2026〕12号文');
    await submitAndWait(page, '#policy-form button[type=submit]');
    await expect(page.locator('#err-effectiveFrom').textContent()).resolves.toContain('不能早于今天');
    await page.fill('#f-source', '');
    expect(await countOf(county)).toBe(0);

    const from = addDays(shanghaiToday(), 10);
    await page.fill('#f-effectiveFrom', from);
    await page.fill('#f-value', '1.234');
    await submitAndWait(page, '#policy-form button[type=submit]');
    await expect(page.locator('#err-value').textContent()).resolves.toContain('元');
    await expect(page.locator('#err-source').count()).resolves.toBe(1);
    await page.fill('#f-value', '100');
    await page.fill('#f-source', '县人社局〔2026〕12号文');
    await submitAndWait(page, '#policy-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('已新增政策参数取值');
    const history = page.locator('[data-history="referral.amount_fen"]');
    const row = history.locator('tr', { hasText: from });
    await expect(row.innerText()).resolves.toContain('100.00元');
    await expect(row.innerText()).resolves.toContain('县人社局〔2026〕12号文');
    await expect(row.innerText()).resolves.toContain(admin.displayName);
    await expect(row.innerText()).resolves.toContain('待生效');
    // Not yet in force: the value today is still the default.
    await expect(referral.innerText()).resolves.toContain('80.00元');
    await shot(page, 'policies');
    await page.context().close();
  });

  it('counts the placements awaiting their contract that keep the value they started with', async () => {
    const county = await countyOffice('旧');
    const admin = await t.login('admin', { officeId: county });
    const cw = (await t.login('caseworker', { officeId: county })).auth;
    const township = (
      await t.http
        .post('/townships')
        .set(admin.auth)
        .send({ name: `${hanTag(4)}镇` })
        .expect(201)
    ).body.name;
    const worker = (await t.http.post('/workers').set(cw).send(workerBody({ township })).expect(201)).body;
    const employer = (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;
    await t.http
      .post('/placements')
      .set(cw)
      .send({
        workerId: worker.id,
        employerId: employer.id,
        startDate: shanghaiToday(),
        job: '报纸投递员',
        monthlyWageFen: 320000,
        destination: '黑龙江省哈尔滨市南岗区',
        organised: true,
      })
      .expect(201);
    // From today the county allows 20 days; the placement registered before keeps its 15.
    await t.http
      .post('/policies')
      .set(admin.auth)
      .send({
        key: 'contract.deadline_days',
        value: 20,
        effectiveFrom: shanghaiToday(),
        source: '县人社局〔2026〕13号文',
      })
      .expect(201);
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/policies`);
    await expect(page.locator('#in-force tr[data-key="contract.deadline_days"]').innerText()).resolves.toContain(
      '20天',
    );
    const running = page.locator('[data-history="contract.deadline_days"] [data-running]');
    expect(await running.allInnerTexts()).toEqual(['15天：1件（旧值）']);
    await page.context().close();
  });
});
