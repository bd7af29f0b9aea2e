/**
 * The admin's year at a glance, in a real browser against the real API and Postgres: reached
 * from the list of loaded years, twelve month grids with the holidays and make-up working days
 * marked (name on hover), weekends shaded, a legend, and the days listed below.
 */
import type pw from 'playwright-core';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: pw.Browser;
let admin: { username: string; password: string };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  admin = await t.login('admin');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a year at a glance', () => {
  it('admin opens 2026 from the loaded years and sees its holidays and make-up days marked', async () => {
    // The seeded 2026 arrangement: 国庆节 from 1 October, a make-up working day on Sunday 28 September.
    const [{ holiday, workday }] = await t.db.query(
      `SELECT (SELECT name FROM calendar_days WHERE date = '2026-10-01' AND kind = 'holiday') AS holiday,
              (SELECT date::text FROM calendar_days WHERE kind = 'workday' AND date >= '2026-01-01' AND date <= '2026-12-31' ORDER BY date LIMIT 1) AS workday`,
    );
    expect(holiday).toBeTruthy();
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/calendar`);
    await submitAndWait(page, 'a[href="/console/calendar/2026"]');
    expect(new URL(page.url()).pathname).toBe('/console/calendar/2026');
    await expect(page.locator('h1').textContent()).resolves.toBe('2026年节假日一览');
    await expect(page.locator('#calendar-months .cal-month').count()).resolves.toBe(12);
    const oct1 = page.locator('#calendar-months td[data-date="2026-10-01"]');
    await expect(oct1.getAttribute('class')).resolves.toBe('cal-holiday');
    await expect(oct1.getAttribute('title')).resolves.toBe(holiday);
    if (workday) {
      await expect(page.locator(`#calendar-months td[data-date="${workday}"]`).getAttribute('class')).resolves.toBe(
        'cal-workday',
      );
    }
    // An ordinary Saturday is shaded as a weekend; an ordinary Wednesday is not.
    await expect(page.locator('td[data-date="2026-03-07"]').getAttribute('class')).resolves.toBe('cal-weekend');
    await expect(page.locator('td[data-date="2026-03-04"]').getAttribute('class')).resolves.toBe('');
    // 1 March 2026 is a Sunday: the month's first week is padded to start on Monday.
    const march = page.locator('#calendar-months .cal-month').nth(2);
    await expect(march.locator('tbody tr').first().locator('td').nth(6).textContent()).resolves.toBe('1');
    await expect(page.locator('#calendar-legend').textContent()).resolves.toContain('调休上班');
    await expect(page.locator('#calendar-days tr[data-date="2026-10-01"]').textContent()).resolves.toContain(holiday);
    await shot(page, 'admin-calendar-year');
    await page.context().close();
  });

  it('admin corrects single days of a year on its page: marked at once, refused with the reason, audited', async () => {
    // 2031: a year no seed or other test loads. 5 March 2031 is a Wednesday, 8 March a Saturday.
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/calendar/2031`);
    const cell = (d: string) => page.locator(`#calendar-months td[data-date="${d}"]`);
    await expect(cell('2031-03-05').getAttribute('class')).resolves.toBe('');
    await page.fill('#f-date', '2031-03-05');
    await page.selectOption('#f-kind', 'holiday');
    await page.fill('#f-name', '县庆');
    await page.fill('#f-source', '依据县政府通知更正');
    await submitAndWait(page, '#day-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/console/calendar/2031');
    await expect(cell('2031-03-05').getAttribute('class')).resolves.toBe('cal-holiday');
    await expect(cell('2031-03-05').getAttribute('title')).resolves.toBe('县庆');
    await expect(page.locator('#calendar-days tr[data-date="2031-03-05"]').textContent()).resolves.toContain('县庆');

    // A make-up working day on a Wednesday is refused on the same page, with what was typed kept.
    await page.fill('#f-date', '2031-03-05');
    await page.selectOption('#f-kind', 'workday');
    await page.fill('#f-name', '调休');
    await page.fill('#f-source', '试一试');
    await submitAndWait(page, '#day-form button[type=submit]');
    await expect(page.locator('body').textContent()).resolves.toMatch(/周六|周日|周末/);
    await expect(page.locator('#f-source').inputValue()).resolves.toBe('试一试');
    await expect(cell('2031-03-05').getAttribute('class')).resolves.toBe('cal-holiday');

    // A Saturday made a working day, then the Wednesday back to an ordinary day.
    await page.fill('#f-date', '2031-03-08');
    await page.selectOption('#f-kind', 'workday');
    await page.fill('#f-name', '县庆调休上班');
    await page.fill('#f-source', '依据县政府通知更正');
    await submitAndWait(page, '#day-form button[type=submit]');
    await expect(cell('2031-03-08').getAttribute('class')).resolves.toBe('cal-workday');
    await page.fill('#f-date', '2031-03-05');
    await page.selectOption('#f-kind', 'ordinary');
    await page.fill('#f-source', '通知撤回');
    await submitAndWait(page, '#day-form button[type=submit]');
    await expect(cell('2031-03-05').getAttribute('class')).resolves.toBe('');
    await shot(page, 'admin-calendar-correct');

    const lines = await t.db.query(
      `SELECT action FROM audit_log WHERE entity = 'calendar_day' AND "entityId" = '2031-03-05' ORDER BY id`,
    );
    expect(lines.map((l: { action: string }) => l.action)).toEqual(['create', 'delete']);
    await page.context().close();
  });
});
