/**
 * The console on a phone (390×844), as a caseworker uses it on a home visit: the navigation is
 * folded behind 菜单 until opened, a worker is found by ID number through the search box and
 * opened, and a visit to their zero-employment household is recorded — an empty form asked for
 * by its fields' names first. Every list on the way reads as cards (each cell labelled with its
 * column) and no page is wider than the phone. Screenshots: test-artifacts/screenshots/phone-*.png.
 */
import type pw from 'playwright-core';
import { shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs, shot } from './support/browser.js';
import { citizenId, hanTag, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: Awaited<ReturnType<TestApp['login']>>;
let worker: { id: number; name: string; citizenId: string };
let householdId: number;

const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  cw = await t.login('caseworker');
  // Of working age, so that a household of them alone is zero-employment.
  worker = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ citizenId: citizenId({ birth: '1984-04-04', sex: 'female' }).id }))
      .expect(201)
  ).body;
  householdId = (
    await t.http
      .post('/households')
      .set(cw.auth)
      .send({
        address: `城关镇向阳路${hanTag(3)}号`,
        township: '城关镇',
        responsibleUserId: cw.userId,
        members: [{ workerId: worker.id, relationship: 'head' }],
      })
      .expect(201)
  ).body.id;
  await waitFor(
    async () => (await t.http.get(`/households/${householdId}`).set(cw.auth)).body.status === 'zero_employment',
    'the household to be zero-employment',
  );
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const submit = (page: pw.Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

/** Nothing sticks out sideways: the page is no wider than the phone. */
const fitsThePhone = async (page: pw.Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

/**
 * A list reads as cards: its heading row is hidden, and every cell of the first row stands on
 * its own line with its column's heading shown before it.
 */
type CardLook = {
  headings: string[];
  headVisible: boolean;
  rowWidth: number;
  cells: { label: string | null; shown: string; display: string }[];
};
async function readsAsCards(page: pw.Page, table: string): Promise<void> {
  const look = await page.evaluate<CardLook>(`(() => {
    const t = document.querySelector(${JSON.stringify(table)});
    return {
      headings: [...t.tHead.rows[0].cells].map((th) => th.textContent.trim()),
      headVisible: getComputedStyle(t.tHead).display !== 'none',
      rowWidth: t.tBodies[0].rows[0].getBoundingClientRect().width,
      cells: [...t.tBodies[0].rows[0].cells].map((td) => ({
        label: td.getAttribute('data-label'),
        shown: getComputedStyle(td, '::before').content,
        display: getComputedStyle(td).display,
      })),
    };
  })()`);
  expect(look.headVisible).toBe(false);
  expect(look.rowWidth).toBeLessThanOrEqual(PHONE.width);
  expect(look.cells.map((c) => c.label)).toEqual(look.headings);
  for (const c of look.cells) {
    expect(c.shown).toBe(JSON.stringify(c.label));
    expect(c.display).not.toBe('table-cell');
  }
}

describe('a caseworker on a home visit, on a phone', () => {
  it('opens the menu, finds the worker by ID number, opens them, and records a visit to their household', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: PHONE })).newPage();
    await loginAs(page, base, cw.username, cw.password);

    // The navigation is folded away until 菜单 is pressed.
    const households = page.locator('header nav a[href="/console/households"]');
    await expect(page.locator('#menu-button').isVisible()).resolves.toBe(true);
    await expect(households.isVisible()).resolves.toBe(false);
    await fitsThePhone(page);
    await shot(page, 'phone-landing');
    await page.click('#menu-button');
    await expect(households.isVisible()).resolves.toBe(true);
    await shot(page, 'phone-menu-open');
    await page.click('#menu-button');
    await expect(households.isVisible()).resolves.toBe(false);

    // The search box finds the worker by their ID number; the result is a card.
    await page.fill('#search-q', worker.citizenId);
    await submit(page, '#search-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/console/search');
    await readsAsCards(page, '#search-workers');
    await fitsThePhone(page);
    await shot(page, 'phone-search');
    await submit(page, `#search-workers a[href="/console/workers/${worker.id}"]`);
    await expect(page.locator('h1').textContent()).resolves.toContain(worker.name);
    await fitsThePhone(page);
    await shot(page, 'phone-worker');

    // The list of workers, eight columns on a desk, is cards here too.
    await page.goto(`${base}/console/workers`);
    await readsAsCards(page, '#worker-list');
    await fitsThePhone(page);
    await shot(page, 'phone-workers');

    // Through the menu to 零就业家庭, the household as a card, then the visit form.
    await page.click('#menu-button');
    await submit(page, 'header nav a[href="/console/households"]');
    await expect(households.isVisible()).resolves.toBe(false);
    await readsAsCards(page, '#household-list');
    await fitsThePhone(page);
    await shot(page, 'phone-households');
    await submit(page, `#household-list tr[data-household="${householdId}"] a`);
    expect(new URL(page.url()).pathname).toBe(`/console/households/${householdId}`);
    await fitsThePhone(page);

    // The date is marked required; sent empty, it is asked for by its name, once (not with its format).
    await expect(
      page.evaluate(
        `getComputedStyle(document.querySelector('#visit-form label[for="f-visitedOn"]'), '::after').content`,
      ),
    ).resolves.toBe('" *"');
    await submit(page, '#visit-form button[type=submit]');
    await expect(page.locator('#visit-form #err-visitedOn').textContent()).resolves.toBe('请填写回访日期');
    await expect(page.locator('#visit-form .error').allTextContents()).resolves.toEqual(['请填写回访日期']);
    await fitsThePhone(page);
    await shot(page, 'phone-visit-empty');

    await page.fill('#visit-form #f-visitedOn', shanghaiToday());
    await page.check('#visit-form input[name=offered][value=referral]');
    await page.fill('#visit-form #f-note', '户主愿意到县城附近务工，已推荐两个岗位');
    await submit(page, '#visit-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('回访已记录');
    await expect(page.locator('#visit-list').textContent()).resolves.toContain('户主愿意到县城附近务工');
    await fitsThePhone(page);
    await shot(page, 'phone-visit-recorded');
    await page.context().close();
  }, 120_000);

  it('without scripts the lists stay tables, scrolling inside their frame rather than widening the page', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await loginAs(page, base, cw.username, cw.password);
    await page.goto(`${base}/console/workers`);
    await expect(page.locator('#worker-list thead').isVisible()).resolves.toBe(true);
    await expect(page.locator('#worker-list td[data-label]').count()).resolves.toBe(0);
    await fitsThePhone(page);
    // The menu is a checkbox and its label: it opens without scripts as well.
    await expect(page.locator('header nav a[href="/console/households"]').isVisible()).resolves.toBe(false);
    await page.click('#menu-button');
    await expect(page.locator('header nav a[href="/console/households"]').isVisible()).resolves.toBe(true);
    await shot(page, 'phone-workers-noscript');
    await ctx.close();
  }, 60_000);
});
