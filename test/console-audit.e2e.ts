/**
 * 操作记录 against the real app, Postgres and a real browser: an admin's edit of a worker's phone is
 * found by the record (its kind in Chinese and its number) and by the editor's name, shown as the
 * changed field with the old number struck through and the new one highlighted; a bad date is a
 * field error, never a 500; the page names people, never their logins, and no action by its code.
 */
import type pw from 'playwright-core';
import { redactPersonalData } from '../src/common/log-redaction.js';
import { LABELS } from '../src/common/labels.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { mobile, workerBody } from './support/fixtures.js';

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

describe('操作记录 page', () => {
  it('finds an edit of a worker’s phone by record and by editor, with the before and after', async () => {
    const admin = await t.login('admin');
    const oldPhone = mobile();
    const newPhone = mobile();
    const worker = (
      await t.http
        .post('/workers')
        .set(admin.auth)
        .send(workerBody({ phone: oldPhone }))
        .expect(201)
    ).body;
    await t.http
      .patch(`/workers/${worker.id}`)
      .set(admin.auth)
      .send({ phone: newPhone, version: worker.version })
      .expect(200);

    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/audit`);
    expect(await page.locator('h1').textContent()).toBe('操作记录');

    // By record: the kind chosen by its Chinese name, the worker's number typed.
    await page.selectOption('#f-entity', { label: '务工人员' });
    await page.fill('#f-id', String(worker.id));
    await submitAndWait(page, '#audit-filters button[type=submit]');
    const rows = page.locator('#audit-list tbody tr[data-audit]');
    await expect(rows.count()).resolves.toBe(2);
    const edit = rows.first();
    await expect(edit.locator('[data-action]').textContent()).resolves.toBe('修改');
    await expect(edit.locator('[data-who]').textContent()).resolves.toBe(admin.displayName);
    await expect(edit.locator('[data-record]').innerText()).resolves.toBe(`务工人员 ${worker.id}`);
    expect(await edit.locator('[data-record] a').getAttribute('href')).toBe(`/console/workers/${worker.id}`);
    // Only what changed: the phone, by its Chinese name, old struck through, new highlighted (masked as the trail keeps them).
    await expect(edit.locator('li[data-field]').allTextContents()).resolves.toEqual([
      `手机号码：${redactPersonalData(oldPhone)} → ${redactPersonalData(newPhone)}`,
    ]);
    await expect(edit.locator('del').textContent()).resolves.toBe(redactPersonalData(oldPhone));
    await expect(edit.locator('ins').textContent()).resolves.toBe(redactPersonalData(newPhone));
    await expect(rows.nth(1).locator('[data-action]').textContent()).resolves.toBe('登记');
    await shot(page, 'console-audit-record');

    // By person: the editor chosen by name; the edit is there, the filters kept.
    await page.goto(`${base}/console/audit`);
    const option = page.locator(`#f-user option[value="${admin.userId}"]`);
    expect(await option.textContent()).toContain(admin.displayName);
    await page.selectOption('#f-user', String(admin.userId));
    await submitAndWait(page, '#audit-filters button[type=submit]');
    expect(new URL(page.url()).searchParams.get('user')).toBe(String(admin.userId));
    const mine = page.locator(`#audit-list tbody tr[data-audit]`, { hasText: `务工人员 ${worker.id}` });
    await expect(mine.first().locator('ins').textContent()).resolves.toBe(redactPersonalData(newPhone));
    expect(await page.locator('#f-user').inputValue()).toBe(String(admin.userId));

    // No logins, no action codes anywhere on the page.
    const text = await page.innerText('body');
    expect(text).not.toContain(admin.username);
    for (const code of Object.keys(LABELS.auditAction)) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
    await page.context().close();
  });

  it('shows a bad date next to its field, never a 500', async () => {
    const admin = await t.login('admin');
    const page = await signedInPage(browser, base, admin);
    const res = await page.goto(`${base}/console/audit?from=2026-02-30&to=${encodeURIComponent('明天')}`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('#err-from').textContent()).resolves.toBe('请填写有效日期（如 2026-11-20）');
    await expect(page.locator('#err-to').textContent()).resolves.toBe('请填写有效日期（如 2026-11-20）');
    expect(await page.locator('#f-from').inputValue()).toBe('2026-02-30');
    await expect(page.locator('#audit-list tbody tr[data-audit]').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('pages on with 下一页, keeping the filters', async () => {
    const admin = await t.login('admin');
    const worker = (await t.http.post('/workers').set(admin.auth).send(workerBody()).expect(201)).body;
    let version = worker.version;
    for (let i = 0; i < 55; i++)
      version = (
        await t.http.patch(`/workers/${worker.id}`).set(admin.auth).send({ phone: mobile(), version }).expect(200)
      ).body.version;
    const page = await signedInPage(browser, base, admin);
    await page.goto(`${base}/console/audit?entity=worker&id=${worker.id}`);
    await expect(page.locator('#audit-list tbody tr[data-audit]').count()).resolves.toBe(50);
    await submitAndWait(page, '#page-next');
    const url = new URL(page.url());
    expect([url.searchParams.get('entity'), url.searchParams.get('id')]).toEqual(['worker', String(worker.id)]);
    // 55 edits and the registration: six left, the last of them the registration.
    const rest = page.locator('#audit-list tbody tr[data-audit]');
    await expect(rest.count()).resolves.toBe(6);
    await expect(rest.last().locator('[data-action]').textContent()).resolves.toBe('登记');
    await expect(page.locator('#page-next').count()).resolves.toBe(0);
    await page.context().close();
  });
});
