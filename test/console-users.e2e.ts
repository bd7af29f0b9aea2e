/**
 * The admin's 用户 pages in a real browser against the real app: a new user and a reset each
 * show a temporary password once (a reload shows it no more), and it logs in through the real
 * login form; a user locked by failed logins at that form is unlocked by the admin; the last
 * admin's deactivation is refused on the confirmation's answer, in Chinese.
 */
import type pw from 'playwright-core';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { hanTag, tag } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
let admin: { username: string; password: string; userId: number };

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  admin = await t.login('admin');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Tries the console's login form once; the page it answers with. */
async function tryLogin(username: string, password: string): Promise<pw.Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto(`${base}/console/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await submitAndWait(page, 'main button[type=submit]');
  return page;
}
const loggedIn = (page: pw.Page) => !new URL(page.url()).pathname.startsWith('/console/login');

describe('用户 pages', () => {
  it('creates a user and resets their password, each shown once; a reload does not show it again', async () => {
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/users`);
    const displayName = `钱${hanTag(2)}`;
    const username = `qian-${tag()}`;
    await page.fill('#f-displayName', displayName);
    await page.fill('#f-username', username);
    await page.selectOption('#f-role', 'caseworker');
    await page.fill('#f-officePhone', '0458-5612399');
    await submitAndWait(page, '#user-form button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toBe('用户已创建');
    const first = (await page.locator('#temporary-password').textContent())!.trim();
    expect(first).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await shot(page, 'user-created-password');
    // A reload sends the form again: the one-time token refuses it, and the password is not shown.
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    await expect(page.locator('main').innerText()).resolves.not.toContain(first);
    expect(await page.locator('#temporary-password').count()).toBe(0);
    expect(await t.db.query(`SELECT 1 FROM users WHERE username = $1`, [username])).toHaveLength(1);

    const created = await tryLogin(username, first);
    expect(loggedIn(created)).toBe(true);
    await created.context().close();

    const [{ id }] = await t.db.query(`SELECT id FROM users WHERE username = $1`, [username]);
    await page.goto(`${base}/console/users`);
    const row = page.locator(`tr[data-user="${id}"]`);
    await expect(row.textContent()).resolves.toContain('经办人员');
    await expect(row.textContent()).resolves.toContain('0458-5612399');
    await expect(row.textContent()).resolves.not.toContain('未登录过');

    await page.goto(`${base}/console/users/${id}`);
    await submitAndWait(page, '#reset-form button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toBe('密码已重置');
    const reset = (await page.locator('#temporary-password').textContent())!.trim();
    expect(reset).not.toBe(first);
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    await expect(page.locator('main').innerText()).resolves.not.toContain(reset);
    await page.goto(`${base}/console/users/${id}/reset-password`);
    await expect(page.locator('main').innerText()).resolves.not.toContain(reset);
    expect(loggedIn(await tryLogin(username, first))).toBe(false);
    expect(loggedIn(await tryLogin(username, reset))).toBe(true);
    await page.context().close();
  });

  it('unlocks a user locked by failed logins at the login form', async () => {
    const u = await t.login('finance');
    for (let i = 0; i < 5; i++) {
      const p = await tryLogin(u.username, 'not-the-password');
      expect(loggedIn(p)).toBe(false);
      await p.context().close();
    }
    const refused = await tryLogin(u.username, u.password);
    expect(loggedIn(refused)).toBe(false);
    await expect(refused.locator('main').innerText()).resolves.toContain('登录失败次数过多');
    await refused.context().close();

    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/users`);
    expect(await page.locator(`tr[data-user="${u.userId}"] [data-locked]`).count()).toBe(1);
    await page.goto(`${base}/console/users/${u.userId}`);
    await expect(page.locator('#user-lock').textContent()).resolves.toContain('已锁定');
    await submitAndWait(page, '#unlock-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('已解除登录锁定');
    await expect(page.locator('#user-lock').textContent()).resolves.toBe('未锁定');
    expect(loggedIn(await tryLogin(u.username, u.password))).toBe(true);
    await page.context().close();
  });

  it('deactivates and reactivates after a confirmation; the last admin of a county is refused', async () => {
    const u = await t.login('caseworker');
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/users/${u.userId}`);
    await submitAndWait(page, '#active-form button[type=submit]');
    await expect(page.locator('#confirm').textContent()).resolves.toContain('停用后');
    await expect(t.db.query(`SELECT active FROM users WHERE id = $1`, [u.userId])).resolves.toEqual([{ active: true }]);
    await submitAndWait(page, '#confirm-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('用户已停用');
    await expect(page.locator('#user-active').textContent()).resolves.toBe('已停用');
    await submitAndWait(page, '#active-form button[type=submit]');
    await submitAndWait(page, '#confirm-form button[type=submit]');
    await expect(page.locator('#user-active').textContent()).resolves.toBe('在用');
    await page.context().close();

    const lone = await t.login('admin', { officeId: await countyOffice('孤') });
    const own = await signedInPage(browser, base, lone);
    await own.goto(`${base}/console/users/${lone.userId}`);
    await submitAndWait(own, '#active-form button[type=submit]');
    const res = await submitAndWait(own, '#confirm-form button[type=submit]');
    expect(res?.status()).toBe(409);
    await expect(own.locator('.form-error').textContent()).resolves.toContain('只剩这一位在用的管理员');
    await expect(own.locator('main').innerText()).resolves.not.toMatch(/USER\./);
    await own.context().close();
  });
});
