/**
 * 职业介绍人 in the console, in a real browser: registering a broker through the form (an empty
 * required field refused in Chinese), finding them in the list by filter and sort, their record
 * with the referrals they made by the worker's name, an admin suspending them behind a
 * confirmation step with the history naming the admin, a contact edit against a stale version,
 * and finance reading without any action to take. Screenshots (desktop 1280 and phone 390 wide)
 * go to test-artifacts/screenshots/.
 */
import type pw from 'playwright-core';
import { shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { bothWidths, launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { brokerBody, citizenId, hanTag, mobile, tag, workerBody } from './support/fixtures.js';
import { records } from './support/records.js';
import { binary, readXlsx, sheetRows } from './support/xlsx.js';

type Auth = { Authorization: string };
type Login = { auth: Auth; username: string; password: string; displayName: string };
type Broker = { id: number; name: string; citizenId: string; phone: string; version: number };
let t: TestApp;
let browser: pw.Browser;
let base: string;
let admin: Login;
let cw: Login;
let fin: Login;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  admin = await t.login('admin');
  cw = await t.login('caseworker');
  fin = await t.login('finance');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (who: Login, width = 1280) => signedInPage(browser, base, who, width);
const submit = submitAndWait;
/** Both widths of a page: the desktop the office uses and a phone in the field. */
const shots = (who: Login, path: string, name: string) => bothWidths(browser, base, who, path, `brokers-${name}`);
const broker = async (overrides: Record<string, unknown> = {}) =>
  (await t.http.post('/brokers').set(cw.auth).send(brokerBody(overrides)).expect(201)).body as Broker;
const rowIds = (page: pw.Page, table: string, attr: string) =>
  page.locator(`${table} tbody tr[${attr}]`).evaluateAll((rows, a) => rows.map((r) => Number(r.getAttribute(a))), attr);
const countWithId = async (id: string) =>
  (await t.db.query('SELECT count(*)::int AS n FROM brokers WHERE "citizenId" = $1', [id]))[0].n as number;

describe('新增介绍人', () => {
  it('refuses a form with an empty required field in Chinese and keeps what was typed, then registers the broker', async () => {
    const login = await t.login('broker');
    const page = await signedIn(cw);
    await page.goto(`${base}/console/tasks`);
    await submit(page, 'header nav a[href="/console/brokers"]');
    await submit(page, '#new-broker');
    expect(new URL(page.url()).pathname).toBe('/console/brokers/new');
    const name = `钱${hanTag(3)}`;
    const id = citizenId().id;
    const phone = mobile();
    await page.fill('#f-name', name);
    await page.fill('#f-citizenId', id);
    await page.fill('#f-phone', phone);
    // The certificate number is left empty.
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('#broker-new button[type=submit]')]);
    expect(refused?.status()).toBe(400);
    await expect(page.locator('#err-certificateNo').textContent()).resolves.toBe('请填写资格证书编号');
    await expect(page.inputValue('#f-name')).resolves.toBe(name);
    await expect(page.inputValue('#f-citizenId')).resolves.toBe(id);
    expect(await countWithId(id)).toBe(0);
    await shot(page, 'brokers-new-refused-desktop');

    // A wrong phone number is refused by the API's own rule, in Chinese too.
    await page.fill('#f-certificateNo', `LJ-${tag()}`.toUpperCase());
    await page.fill('#f-phone', '1234');
    await submit(page, '#broker-new button[type=submit]');
    await expect(page.locator('#err-phone').textContent()).resolves.toMatch(/[\u4e00-\u9fa5]/);
    expect(await countWithId(id)).toBe(0);

    await page.fill('#f-phone', phone);
    // The broker's own login, chosen from the county's broker accounts not yet linked.
    await page.selectOption('#f-userId', String(login.userId));
    await submit(page, '#broker-new button[type=submit]');
    const [row] = await t.db.query('SELECT id, name, status, "userId" FROM brokers WHERE "citizenId" = $1', [id]);
    expect(row).toMatchObject({ name, status: 'active', userId: login.userId });
    await expect(page.locator('#broker-login').textContent()).resolves.toBe(`已关联（${login.displayName}）`);
    expect(new URL(page.url()).pathname).toBe(`/console/brokers/${row.id}`);
    await expect(page.locator('.flash').textContent()).resolves.toContain('职业介绍人已登记');
    await expect(page.locator('h1').textContent()).resolves.toContain(name);
    // The number is masked on the page; the first status line is the registration, by the caseworker's name.
    await expect(page.locator('#broker-citizenId').textContent()).resolves.not.toBe(id);
    const status = (await page.locator('#broker-status-history').textContent()) ?? '';
    expect(status).toContain('正常');
    expect(status).toContain(cw.displayName);
    expect(status).not.toContain('registration');
    await expect(page.locator('#broker-history').textContent()).resolves.toContain(`${cw.displayName} · 登记`);
    // 查看完整号码 shows the full numbers and is written down under the caseworker's name.
    await submit(page, '#reveal');
    await expect(page.locator('#broker-citizenId').textContent()).resolves.toBe(id);
    await expect(page.locator('#broker-phone').textContent()).resolves.toBe(phone);
    await expect(page.locator('#broker-history').textContent()).resolves.toContain(`${cw.displayName} · 查看完整号码`);
    await page.context().close();
    await shots(cw, '/console/brokers/new', 'new');
  });
});

describe('the list', () => {
  it('finds brokers by name and by status, sorts them, keeps the filters across sorting, and exports the filtered list', async () => {
    const stem = `孙${hanTag(2)}`;
    const made = [];
    for (const suffix of ['丙', '甲', '乙']) made.push(await broker({ name: `${stem}${suffix}` }));
    const [bing, jia, yi] = made;
    await t.http
      .post(`/brokers/${jia.id}/status`)
      .set(admin.auth)
      .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: shanghaiToday() })
      .expect(201);

    const page = await signedIn(cw);
    await page.goto(`${base}/console/brokers`);
    await page.fill('#f-q', stem);
    await submit(page, '#broker-filters button[type=submit]');
    await expect(page.locator('#broker-total').textContent()).resolves.toBe('3');
    await submit(page, '#sort-name');
    expect(new URL(page.url()).searchParams.get('q')).toBe(stem);
    const byName = [...made].sort((a, b) => a.name.localeCompare(b.name, 'en')).map((b) => b.id);
    const ascending = await rowIds(page, '#broker-list', 'data-broker');
    expect(ascending).toHaveLength(3);
    // Postgres orders by its collation; ascending then descending is the same list turned round.
    expect([...ascending].sort((a, b) => a - b)).toEqual([...byName].sort((a, b) => a - b));
    await submit(page, '#sort-name');
    await expect(rowIds(page, '#broker-list', 'data-broker')).resolves.toEqual([...ascending].reverse());

    // By status: only the suspended one, shown by its Chinese word; the text filter is kept.
    await page.selectOption('#f-status', 'suspended');
    await submit(page, '#broker-filters button[type=submit]');
    await expect(rowIds(page, '#broker-list', 'data-broker')).resolves.toEqual([jia.id]);
    await expect(page.locator(`#broker-list tr[data-broker="${jia.id}"]`).textContent()).resolves.toContain('已暂停');
    expect(new URL(page.url()).searchParams.get('q')).toBe(stem);

    // By phone and by certificate number too.
    await page.goto(`${base}/console/brokers?q=${yi.phone}`);
    await expect(rowIds(page, '#broker-list', 'data-broker')).resolves.toEqual([yi.id]);
    const cert = (await t.db.query('SELECT "certificateNo" FROM brokers WHERE id = $1', [bing.id]))[0].certificateNo;
    await page.goto(`${base}/console/brokers?q=${encodeURIComponent(cert)}`);
    await expect(rowIds(page, '#broker-list', 'data-broker')).resolves.toEqual([bing.id]);
    // The list masks the numbers.
    await expect(page.locator('#broker-list').textContent()).resolves.not.toContain(bing.phone);

    // The Excel export is of the same filtered list, whole.
    await page.goto(`${base}/console/brokers?q=${encodeURIComponent(stem)}`);
    const file = await page.context().request.get(`${base}${await page.getAttribute('#broker-export', 'href')}`);
    expect(file.status()).toBe(200);
    const sheet = sheetRows((await readXlsx(await file.body())).worksheets[0]);
    expect(sheet[0]).toContain('资格证书编号');
    const rows = sheet.slice(1);
    expect(rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(made.map((b) => b.id).sort((a, b) => a - b));
    expect(rows.map((r) => r[5])).toContain('已暂停');
    // The API answers the same spreadsheet for the same filter.
    const api = await t.http
      .get('/brokers')
      .query({ q: stem, format: 'xlsx' })
      .set(cw.auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const apiRows = sheetRows((await readXlsx(api.body as Buffer)).worksheets[0]).slice(1);
    expect(apiRows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(made.map((b) => b.id).sort((a, b) => a - b));
    await page.context().close();
    await shots(cw, `/console/brokers?q=${encodeURIComponent(stem)}`, 'list');
  });
});

describe('one broker', () => {
  it('shows their referrals by the worker’s name linked to the worker; an admin suspends them after confirming, and the history names the admin', async () => {
    const b = await broker();
    const rec = records(t, cw.auth);
    const w = (
      await t.http
        .post('/workers')
        .set(cw.auth)
        .send(workerBody({ categories: ['laid_off'] }))
        .expect(201)
    ).body as { id: number; name: string };
    await rec.placement({ workerId: w.id, brokerId: b.id });

    const page = await signedIn(admin);
    await page.goto(`${base}/console/brokers/${b.id}`);
    const referrals = page.locator('#broker-referrals');
    await expect(referrals.textContent()).resolves.toContain(w.name);
    await expect(referrals.textContent()).resolves.toContain('等待签订劳动合同');
    await expect(page.locator('#broker-status').textContent()).resolves.toBe('正常');

    // Suspending: the form first shows what will happen; nothing changes until it is confirmed.
    const reason = `多次介绍不实信息${hanTag(2)}`;
    await page.fill('#f-reason', reason);
    await page.fill('#f-effectiveDate', shanghaiToday());
    await submit(page, '#status-submit');
    await expect(page.locator('h1').textContent()).resolves.toBe('确认暂停资格？');
    await expect(page.locator('#confirm').textContent()).resolves.toContain(reason);
    const status = async () => (await t.db.query('SELECT status FROM brokers WHERE id = $1', [b.id]))[0].status;
    expect(await status()).toBe('active');
    await shot(page, 'brokers-confirm-desktop');
    await submit(page, '#confirm-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/console/brokers/${b.id}`);
    await expect(page.locator('.flash').textContent()).resolves.toContain('已暂停');
    expect(await status()).toBe('suspended');
    await expect(page.locator('#broker-status').textContent()).resolves.toBe('已暂停');
    const line = page.locator('#broker-status-history tbody tr').first();
    const text = (await line.textContent()) ?? '';
    for (const part of ['已暂停', shanghaiToday(), reason, admin.displayName]) expect(text).toContain(part);
    expect(text).not.toContain(admin.username);
    await expect(page.locator('#broker-history').textContent()).resolves.toContain(`${admin.displayName} · 暂停资格`);
    // Now the form offers the way back.
    await expect(page.locator('#status-submit').textContent()).resolves.toBe('恢复资格');
    await page.context().close();

    // The worker's name opens the worker's record.
    const c = await signedIn(cw);
    await c.goto(`${base}/console/brokers/${b.id}`);
    await submit(c, `#broker-referrals a[href="/console/workers/${w.id}"]`);
    await expect(c.locator('h1').textContent()).resolves.toContain(w.name);
    // A caseworker changes no broker's status.
    await c.goto(`${base}/console/brokers/${b.id}`);
    expect(await c.locator('#status-form').count()).toBe(0);
    await c.context().close();
    await shots(admin, `/console/brokers/${b.id}`, 'detail');
  });

  it('refuses a suspension without a reason on the page itself, before any confirmation', async () => {
    const b = await broker();
    const page = await signedIn(admin);
    await page.goto(`${base}/console/brokers/${b.id}`);
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('#status-submit')]);
    expect(answer?.status()).toBe(400);
    await expect(page.locator('#err-reason').textContent()).resolves.toContain('请填写理由');
    expect((await t.db.query('SELECT status FROM brokers WHERE id = $1', [b.id]))[0].status).toBe('active');
    await page.context().close();
  });

  it('changes the contact phone, and refuses an edit on a stale version in Chinese', async () => {
    const b = await broker();
    const page = await signedIn(cw);
    await page.goto(`${base}/console/brokers/${b.id}/edit`);
    const other = `周${hanTag(3)}`;
    await t.http.patch(`/brokers/${b.id}`).set(cw.auth).send({ version: b.version, name: other }).expect(200);
    await page.fill('#f-name', `吴${hanTag(3)}`);
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('#broker-edit button[type=submit]')]);
    expect(answer?.status()).toBe(409);
    await expect(page.locator('.form-error').textContent()).resolves.toContain('已被他人修改，请刷新后重试');
    expect((await t.db.query('SELECT name FROM brokers WHERE id = $1', [b.id]))[0].name).toBe(other);

    await page.goto(`${base}/console/brokers/${b.id}/edit`);
    const phone = mobile();
    await page.fill('#f-phone', phone);
    await submit(page, '#broker-edit button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/console/brokers/${b.id}`);
    expect((await t.db.query('SELECT phone FROM brokers WHERE id = $1', [b.id]))[0].phone).toBe(phone);
    await expect(page.locator('#broker-history').textContent()).resolves.toContain(`${cw.displayName} · 修改`);
    await page.context().close();
  });
});

describe('finance', () => {
  it('reads the list and a broker’s record but has no button to register, change, reveal or suspend', async () => {
    const b = await broker();
    const page = await signedIn(fin);
    await page.goto(`${base}/console/tasks`);
    await submit(page, 'header nav a[href="/console/brokers"]');
    expect(await page.locator('#new-broker').count()).toBe(0);
    await page.goto(`${base}/console/brokers/${b.id}`);
    await expect(page.locator('h1').textContent()).resolves.toContain(b.name);
    for (const sel of ['#edit-broker', '#status-form', '#reveal']) expect(await page.locator(sel).count()).toBe(0);
    expect(await page.locator('main form[method=post], main button').count()).toBe(0);
    // Nor does the page let them in by its address.
    const res = await page.goto(`${base}/console/brokers/new`);
    expect(res?.status()).toBe(403);
    await page.context().close();
  });
});
