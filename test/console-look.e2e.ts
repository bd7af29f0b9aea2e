/**
 * The console's look, in a real browser: on a desk the navigation is a sidebar grouped under
 * Chinese headings with the current page marked, a detail page says where it sits in
 * breadcrumbs, a phone still folds the navigation behind 菜单, the overview's chart labels are
 * at least 11 px as drawn and its money axis steps whole yuan, and paper leaves the navigation
 * out. Screenshots (desktop 1280 and phone 390 wide): test-artifacts/screenshots/look-*.png.
 */
import type pw from 'playwright-core';
import { createTestApp, TestApp } from './support/app.js';
import { bothWidths, launchBrowser, shot, signedInPage } from './support/browser.js';
import { workerBody } from './support/fixtures.js';

type Login = { auth: { Authorization: string }; username: string; password: string; displayName: string };
let t: TestApp;
let browser: pw.Browser;
let base: string;
let admin: Login;
let cw: Login;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  admin = await t.login('admin');
  cw = await t.login('caseworker');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (who: Login, width = 1280) => signedInPage(browser, base, who, width);

describe('the layout', () => {
  it('on a desk shows the navigation as a sidebar under Chinese headings, the current entry marked', async () => {
    const page = await signedIn(admin);
    await page.goto(`${base}/console/workers`);
    const box = (await page.locator('header nav').boundingBox())!;
    expect(box.x).toBe(0);
    expect(box.width).toBeLessThan(260);
    expect(box.height).toBeGreaterThan(500);
    // The page itself stands to the right of the sidebar, not under it.
    expect((await page.locator('main').boundingBox())!.x).toBeGreaterThanOrEqual(box.width);
    const headings = await page.locator('header nav .nav-heading').allTextContents();
    expect(headings).toEqual(['日常办理', '就业服务', '名录', '培训', '零就业家庭与调查', '补贴', '系统管理']);
    for (const h of headings)
      expect(await page.locator('header nav .nav-heading', { hasText: h }).isVisible()).toBe(true);
    // Exactly one entry is the current page: 务工人员, under 名录 (人员登记 is a page of its own).
    const current = page.locator('header nav a[aria-current="page"]');
    await expect(current.count()).resolves.toBe(1);
    await expect(current.textContent()).resolves.toBe('务工人员');
    await expect(
      current.evaluate((a) => a.closest('.nav-group')!.querySelector('.nav-heading')!.textContent),
    ).resolves.toBe('名录');
    await page.goto(`${base}/console/workers/new`);
    await expect(page.locator('header nav a[aria-current="page"]').allTextContents()).resolves.toEqual(['人员登记']);
    // The top bar keeps the name, the search box and who is signed in.
    await expect(page.locator('header .brand').isVisible()).resolves.toBe(true);
    await expect(page.locator('#search-q').isVisible()).resolves.toBe(true);
    await expect(page.locator('#who').textContent()).resolves.toContain(admin.displayName);
    await page.context().close();
  });

  it('puts breadcrumbs on a detail page from its path and the navigation, none on a list', async () => {
    const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body as {
      id: number;
      name: string;
    };
    const page = await signedIn(cw);
    await page.goto(`${base}/console/workers`);
    await expect(page.locator('#crumbs').count()).resolves.toBe(0);
    await page.goto(`${base}/console/workers/${w.id}`);
    const crumbs = page.locator('#crumbs li');
    await expect(crumbs.allTextContents()).resolves.toEqual(['务工人员', `务工人员 ${w.name}`]);
    await expect(crumbs.first().locator('a').getAttribute('href')).resolves.toBe('/console/workers');
    await expect(crumbs.last().locator('[aria-current="page"]').count()).resolves.toBe(1);
    await shot(page, 'look-worker-desktop');
    await page.context().close();
  });

  it('on a phone still folds the navigation behind 菜单, with its headings inside', async () => {
    const page = await signedIn(cw, 390);
    await page.goto(`${base}/console/workers`);
    const link = page.locator('header nav a[href="/console/households"]');
    await expect(page.locator('#menu-button').isVisible()).resolves.toBe(true);
    await expect(link.isVisible()).resolves.toBe(false);
    await page.click('#menu-button');
    await expect(link.isVisible()).resolves.toBe(true);
    await expect(page.locator('header nav .nav-heading', { hasText: '零就业家庭与调查' }).isVisible()).resolves.toBe(
      true,
    );
    await shot(page, 'look-menu-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});

describe('the overview', () => {
  it('draws chart labels at least 11 px as shown, the money axis in whole yuan', async () => {
    const page = await signedIn(admin);
    await page.goto(`${base}/console/overview`);
    // The size a text is drawn at: its font size times the scale its SVG is shown at.
    const sizes = await page.evaluate<{ text: string; px: number }[]>(`[...document.querySelectorAll('.chart svg text')]
      .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }))`);
    expect(sizes.length).toBeGreaterThan(20);
    for (const s of sizes) expect({ ...s, readable: s.px >= 11 }).toMatchObject({ readable: true });
    // Each chart takes the width of the page's content.
    const main = (await page.locator('#charts').boundingBox())!;
    for (const id of ['#chart-placements', '#chart-claims', '#chart-townships', '#chart-rates'])
      expect((await page.locator(id).boundingBox())!.width).toBeGreaterThan(main.width - 2);
    const ticks = await page.locator('#chart-claims svg text.tick').allTextContents();
    await expect(page.locator('#chart-claims svg text.axis-title').textContent()).resolves.toBe('（元）');
    for (const v of ticks) expect(v).toMatch(/^\d{1,3}(,\d{3})*$/);
    const values = ticks.map((v) => Number(v.replace(/,/g, '')));
    expect(values[0]).toBe(0);
    expect(new Set(values).size).toBe(values.length);
    // A county with no payments yet: 0 and 1 yuan, not a row of zeros.
    const paid = await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE status = 'paid'`);
    if (paid[0].n === 0) expect(ticks).toEqual(['0', '1']);
    await page.context().close();
    await bothWidths(browser, base, admin, '/console/overview', 'look-overview');
    await bothWidths(browser, base, cw, '/console/workers', 'look-workers');
  });

  it('prints without the navigation and the toolbar, the charts across the page', async () => {
    const page = await signedIn(admin);
    await page.goto(`${base}/console/overview`);
    await expect(page.locator('.toolbar button[data-print]').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.toolbar').isVisible()).resolves.toBe(false);
    await expect(page.locator('#chart-claims').isVisible()).resolves.toBe(true);
    const pageWidth = await page.evaluate<number>('document.documentElement.clientWidth');
    expect((await page.locator('#chart-claims').boundingBox())!.width).toBeGreaterThan(pageWidth * 0.9);
    await expect(
      page.evaluate<string>(`getComputedStyle(document.querySelector('#chart-claims')).breakInside`),
    ).resolves.toBe('avoid');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });
});
