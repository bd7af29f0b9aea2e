/**
 * 乡镇与目标 in the console, in a real browser: an admin adds a township with its yearly
 * target, finds it in the list served by the county itself, changes the target (a negative or
 * fractional number refused on the same page with what was typed kept), sees a placement of
 * its people counted beside the target, and the audit trail
 * records the admin with the old and the new target. The API refuses a target over the limit
 * with the field named.
 */
import type pw from 'playwright-core';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { auditRows, hanTag } from './support/fixtures.js';
import { records } from './support/records.js';

type Login = Awaited<ReturnType<TestApp['login']>>;
let t: TestApp;
let browser: pw.Browser;
let base: string;
let admin: Login;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  admin = await t.login('admin');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const townshipNamed = async (name: string) =>
  (await t.db.query('SELECT id, "yearlyTarget", "stationId" FROM townships WHERE name = $1', [name])) as {
    id: number;
    yearlyTarget: number;
    stationId: number | null;
  }[];

describe('乡镇与目标', () => {
  it('adds a township with its target, lists it, changes the target (bad ones refused in place) and audits the change', async () => {
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/tasks`);
    const listed = await submitAndWait(page, 'header nav a[href="/console/townships"]');
    expect(listed?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/console/townships');

    // A name the rule refuses is shown at its field, with the target kept.
    const name = `${hanTag(4)}镇`;
    await page.fill('#f-name', '新区');
    await page.fill('#f-yearlyTarget', '1500');
    const refusedName = await submitAndWait(page, '#township-form button[type=submit]');
    expect(refusedName?.status()).toBe(400);
    await expect(page.locator('#err-name').textContent()).resolves.toMatch(/镇/);
    await expect(page.inputValue('#f-yearlyTarget')).resolves.toBe('1500');

    await page.fill('#f-name', name);
    const added = await submitAndWait(page, '#township-form button[type=submit]');
    expect(added?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/console/townships');
    await expect(page.locator('.flash').textContent()).resolves.toBe('乡镇已添加。');
    const [created] = await townshipNamed(name);
    expect(created).toMatchObject({ yearlyTarget: 1500, stationId: null });
    const row = page.locator(`#townships tr[data-township="${created.id}"]`);
    await expect(row.locator('td').first().textContent()).resolves.toBe(name);
    await expect(row.textContent()).resolves.toContain('县局直管');
    await expect(row.locator('input[name=yearlyTarget]').inputValue()).resolves.toBe('1500');
    // No one of a new township has been placed yet.
    await expect(row.locator('[data-placed]').textContent()).resolves.toBe('0');
    // The station is changed where the records move with it.
    await expect(page.locator('a[href="/console/offices#townships"]').count()).resolves.toBe(1);
    await shot(page, 'townships-desktop');

    // Bad targets: refused at the township's own form, the typed value kept, nothing saved.
    for (const bad of ['-1', '1.5', '1000001']) {
      await row.locator('input[name=yearlyTarget]').fill(bad);
      const refused = await submitAndWait(page, `#townships tr[data-township="${created.id}"] button[type=submit]`);
      expect(refused?.status()).toBe(400);
      await expect(row.locator('.error').textContent()).resolves.toBe('须为0至1000000之间的整数（人）');
      await expect(row.locator('input[name=yearlyTarget]').inputValue()).resolves.toBe(bad);
      expect((await townshipNamed(name))[0].yearlyTarget).toBe(1500);
    }
    await shot(page, 'townships-target-refused-desktop');

    await row.locator('input[name=yearlyTarget]').fill('2000');
    const changed = await submitAndWait(page, `#townships tr[data-township="${created.id}"] button[type=submit]`);
    expect(changed?.status()).toBe(200);
    await expect(page.locator('.flash').textContent()).resolves.toBe('年度目标已修改。');
    await expect(row.locator('input[name=yearlyTarget]').inputValue()).resolves.toBe('2000');
    await expect(row.locator('.error').count()).resolves.toBe(0);
    expect((await townshipNamed(name))[0].yearlyTarget).toBe(2000);

    // A placement of one of its people this year counts beside the target, as on the overview.
    const cw = await t.login('caseworker');
    const w = await records(t, cw.auth).worker({ township: name });
    await records(t, cw.auth).placement({ workerId: w.id });
    await page.reload();
    await expect(row.locator('[data-placed]').textContent()).resolves.toBe('1');

    const lines = await auditRows(t, 'township', created.id);
    expect(lines.map((l) => l.action)).toEqual(['create', 'update']);
    expect(lines[1]).toMatchObject({
      // The stored line keeps the login; pages show the name.
      actorName: admin.username,
      actorRole: 'admin',
      before: expect.objectContaining({ yearlyTarget: 1500 }),
      after: expect.objectContaining({ yearlyTarget: 2000 }),
    });
    await page.context().close();
  });

  it('the API refuses a target out of range with the field named', async () => {
    const res = await t.http
      .post('/townships')
      .set(admin.auth)
      .send({ name: `${hanTag(4)}乡`, yearlyTarget: 1_000_001 })
      .expect(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field)).toEqual(['yearlyTarget']);
  });
});
