/**
 * The follow-up officer on a phone (390×844) at the workplace: the list of check-ins due reads as
 * cards, the check-in is recorded on one screen (asked for what is missing first), and a problem
 * found (wages owed) opens a wage-arrears case, which the placement's page then shows in its
 * follow-up history. Real Chromium against the real API, worker and database.
 * Screenshots: test-artifacts/screenshots/follow-up-*.png.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { FollowUpActivities } from '../src/followups/followups.activities.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs, shot } from './support/browser.js';
import { records } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: Awaited<ReturnType<TestApp['login']>>;
let placement: { id: number; startDate: string };
let workerName: string;

const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  cw = await t.login('caseworker');
  const r = records(t, cw.auth);
  const worker = await r.worker();
  workerName = worker.name;
  placement = await r.placement({ workerId: worker.id, startDate: addDays(shanghaiToday(), -5) });
  await waitFor(
    async () => (await t.http.get(`/follow-ups/${placement.id}`).set(cw.auth)).body.checkIns?.length > 0,
    'the first check-in to be planned',
  );
  // Its due day has come (the plan's timer is proved in follow-up.test.ts).
  await t.app
    .get(FollowUpActivities)
    .openCheckIn({ placementId: placement.id, seq: 1, dueOn: addDays(placement.startDate, 7) });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const submit = (page: pw.Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const fitsThePhone = async (page: pw.Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

it('records a check-in on a phone that finds wages owed: a wage-arrears case opens and the placement shows it', async () => {
  const page = await (await browser.newContext({ locale: 'zh-CN', viewport: PHONE })).newPage();
  await loginAs(page, base, cw.username, cw.password);

  await page.click('#menu-button');
  await submit(page, 'header nav a[href="/console/follow-ups"]');
  const row = page.locator(`#checkin-list tr[data-placement="${placement.id}"]`);
  await expect(row.textContent()).resolves.toContain(workerName);
  await expect(row.textContent()).resolves.toContain('待回访');
  // A card: the heading row hidden, each cell labelled.
  await expect(page.locator('#checkin-list thead').isVisible()).resolves.toBe(false);
  await expect(row.locator('td[data-label="到期日"]').count()).resolves.toBe(1);
  await fitsThePhone(page);
  await shot(page, 'follow-up-due');

  await submit(page, `#checkin-list tr[data-placement="${placement.id}"] a.button`);
  expect(new URL(page.url()).pathname).toBe(`/console/follow-ups/${placement.id}/check-in`);
  // Sent without the answers: each question is asked for by its name, nothing is written.
  await submit(page, '#check-in-form button[type=submit]');
  await expect(page.locator('#err-wagesOnTime').textContent()).resolves.toBe('请选择“工资按时发放”是或否');
  await expect(page.locator('#check-in-form .error').count()).resolves.toBe(5);
  await fitsThePhone(page);
  await shot(page, 'follow-up-empty');

  await page.check('#check-in-form input[name=method][value=visit]');
  await page.check('#check-in-form input[name=contractSigned][value=yes]');
  await page.check('#check-in-form input[name=wagesOnTime][value=no]');
  await page.check('#check-in-form input[name=wagesInFull][value=no]');
  await page.check('#check-in-form input[name=housingOk][value=yes]');
  await page.check('#check-in-form input[name=safetyOk][value=yes]');
  await page.fill('#check-in-form #f-weeklyHours', '60');
  await page.check('#check-in-form input[name=problems][value=wage_arrears]');
  await page.fill('#check-in-form #f-amountOwed', '6400');
  await page.fill('#check-in-form #f-workerWords', '两个月工资没发，老板说年底一起结');
  // One screen: the whole form within two phone heights, nothing sideways.
  expect(
    await page.evaluate<number>(`document.querySelector('#check-in-form').getBoundingClientRect().height`),
  ).toBeLessThan(PHONE.height * 2.5);
  await fitsThePhone(page);
  await shot(page, 'follow-up-filled');
  await submit(page, '#check-in-form button[type=submit]');

  // The new case is opened on its page, from the check-in.
  expect(new URL(page.url()).pathname).toMatch(/^\/console\/cases\/\d+$/);
  await expect(page.locator('.flash').textContent()).resolves.toContain('回访已记录');
  const caseId = Number(new URL(page.url()).pathname.split('/').pop());
  const [c] = await t.db.query(`SELECT kind, "placementId", "amountClaimedFen", number FROM cases WHERE id = $1`, [
    caseId,
  ]);
  expect(c).toMatchObject({ kind: 'wage_arrears', placementId: placement.id, amountClaimedFen: 640000 });
  await expect(page.locator('body').textContent()).resolves.toContain('两个月工资没发');
  await shot(page, 'follow-up-case');

  await page.goto(`${base}/console/placements/${placement.id}#follow-up`);
  const history = page.locator('#follow-up-history tbody tr').first();
  await expect(history.textContent()).resolves.toContain('已回访');
  await expect(history.textContent()).resolves.toContain('实地走访');
  await expect(history.textContent()).resolves.toContain(c.number);
  await fitsThePhone(page);
  await shot(page, 'follow-up-history');
  await page.context().close();
}, 120_000);
