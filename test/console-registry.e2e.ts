/**
 * The registry in the console, in a real browser: the search box on every page, the workers'
 * list with its filters, paging and sorting, a worker's whole record with the audited 查看完整号码,
 * editing against a stale version, employers, and a township station seeing only its own people.
 * Screenshots (desktop 1280 and phone 390 wide) go to test-artifacts/screenshots/.
 */
import type pw from 'playwright-core';
import { createTestApp, TestApp } from './support/app.js';
import { bothWidths, launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { employerBody, hanTag, workerBody } from './support/fixtures.js';
import { stationsFor } from './support/offices.js';
import { newTownship, records } from './support/records.js';
import { readXlsx, sheetRows } from './support/xlsx.js';

type Auth = { Authorization: string };
type Login = { auth: Auth; username: string; password: string; displayName: string };
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
const submit = submitAndWait;
/** Both widths of a page: the desktop the office uses and a phone in the field. */
const shots = (who: Login, path: string, name: string) => bothWidths(browser, base, who, path, `registry-${name}`);
const worker = async (overrides: Record<string, unknown> = {}, auth: Auth = cw.auth) =>
  (await t.http.post('/workers').set(auth).send(workerBody(overrides)).expect(201)).body as {
    id: number;
    name: string;
    citizenId: string;
    phone: string;
    version: number;
  };
const searchFor = async (page: pw.Page, q: string) => {
  await page.fill('#search-q', q);
  await submit(page, '#search-form button[type=submit]');
};
const rowIds = (page: pw.Page, table: string, attr: string) =>
  page.locator(`${table} tbody tr[${attr}]`).evaluateAll((rows, a) => rows.map((r) => Number(r.getAttribute(a))), attr);

describe('the search box', () => {
  it('finds a worker by their full ID number from any page and opens them; an empty search says so', async () => {
    const w = await worker();
    const page = await signedIn(cw);
    await page.goto(`${base}/console/placements`);
    await searchFor(page, w.citizenId);
    expect(new URL(page.url()).pathname).toBe('/console/search');
    await expect(page.inputValue('#search-q')).resolves.toBe(w.citizenId);
    await expect(rowIds(page, '#search-workers', 'data-worker')).resolves.toEqual([w.id]);
    // The list masks the number even on a full match.
    await expect(page.locator('#search-workers').textContent()).resolves.not.toContain(w.citizenId);
    await shot(page, 'registry-search-desktop');
    await submit(page, `#search-workers a[href="/console/workers/${w.id}"]`);
    await expect(page.locator('h1').textContent()).resolves.toContain(w.name);

    await searchFor(page, '');
    await expect(page.locator('#search-message').textContent()).resolves.toBe('请输入要查找的内容。');
    await searchFor(page, `无此人${hanTag(4)}`);
    await expect(page.locator('#search-message').textContent()).resolves.toContain('没有找到');
    await page.context().close();
    await shots(cw, `/console/search?q=${encodeURIComponent(w.name)}`, 'search');
  });

  it('finds an employer by its credit code, and opens it with its agreement and the people placed there', async () => {
    const body = employerBody({ agreementStart: '2026-01-01', agreementEnd: '2027-12-31' });
    const e = (await t.http.post('/employers').set(cw.auth).send(body).expect(201)).body;
    const w = await worker();
    await records(t, cw.auth).placement({ workerId: w.id, employerId: e.id });
    const page = await signedIn(cw);
    await searchFor(page, e.creditCode);
    await expect(rowIds(page, '#search-employers', 'data-employer')).resolves.toEqual([e.id]);
    await submit(page, `#search-employers a[href="/console/employers/${e.id}"]`);
    await expect(page.locator('#employer-creditCode').textContent()).resolves.toBe(e.creditCode);
    await expect(page.locator('#employer-agreementStart').textContent()).resolves.toBe('2026-01-01');
    await expect(page.locator('#employer-agreementEnd').textContent()).resolves.toBe('2027-12-31');
    await expect(page.locator('#employer-placements').textContent()).resolves.toContain(w.name);
    await page.context().close();
    await shots(cw, `/console/employers/${e.id}`, 'employer');
    await shots(cw, `/console/employers/${e.id}/edit`, 'employer-edit');
    await shots(cw, `/console/employers?q=${encodeURIComponent(e.name)}`, 'employers');
  });
});

describe('workers', () => {
  it('keeps the township filter across the pages of the list', async () => {
    const town = (await newTownship(t, admin.auth, '列')).name;
    const mine = [];
    for (let i = 0; i < 23; i++) mine.push((await worker({ township: town })).id);
    await worker({ township: '城关镇' });
    const page = await signedIn(cw);
    await page.goto(`${base}/console/workers`);
    await page.selectOption('#f-township', town);
    await submit(page, '#worker-filters button[type=submit]');
    await expect(page.locator('#worker-total').textContent()).resolves.toBe('23');
    const first = await rowIds(page, '#worker-list', 'data-worker');
    expect(first).toHaveLength(20);
    await submit(page, '#page-next');
    expect(new URL(page.url()).searchParams.get('township')).toBe(town);
    await expect(page.inputValue('#f-township')).resolves.toBe(town);
    const second = await rowIds(page, '#worker-list', 'data-worker');
    expect(second).toHaveLength(3);
    expect([...first, ...second].sort((a, b) => a - b)).toEqual(mine);
    // The Excel export is of the same filtered list, whole (not one page).
    const file = await page.context().request.get(`${base}${await page.getAttribute('#worker-export', 'href')}`);
    expect(file.status()).toBe(200);
    const rows = sheetRows((await readXlsx(await file.body())).worksheets[0]).slice(1);
    expect(rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(mine);
    // Sorting by name keeps the township too.
    await submit(page, '#sort-name');
    expect(new URL(page.url()).searchParams.get('township')).toBe(town);
    await expect(page.locator('#worker-total').textContent()).resolves.toBe('23');
    await page.context().close();
    await shots(cw, `/console/workers?township=${encodeURIComponent(town)}`, 'workers');
  });

  it('查看完整号码 shows the full ID and phone to a caseworker and writes an audit line under their name', async () => {
    const w = await worker();
    const reads = async () =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'worker' AND "entityId" = $1 AND action = 'read_sensitive'`,
          [String(w.id)],
        )
      )[0].n as number;
    const page = await signedIn(cw);
    await page.goto(`${base}/console/workers/${w.id}`);
    await expect(page.locator('#worker-citizenId').textContent()).resolves.not.toBe(w.citizenId);
    await expect(page.locator('#worker-phone').textContent()).resolves.not.toBe(w.phone);
    expect(await reads()).toBe(0);
    await shot(page, 'registry-worker-desktop');
    await submit(page, '#reveal');
    await expect(page.locator('#worker-citizenId').textContent()).resolves.toBe(w.citizenId);
    await expect(page.locator('#worker-phone').textContent()).resolves.toBe(w.phone);
    expect(await reads()).toBe(1);
    await expect(page.locator('#worker-history').textContent()).resolves.toContain(`${cw.displayName} · 查看完整号码`);
    await expect(page.locator('#worker-history').textContent()).resolves.not.toContain(cw.username);
    await page.context().close();
    await shots(cw, `/console/workers/${w.id}`, 'worker');
    await shots(cw, `/console/workers/${w.id}/edit`, 'worker-edit');
  });

  it('refuses an edit made on a stale version in Chinese, and changes nothing', async () => {
    const w = await worker();
    const page = await signedIn(cw);
    await page.goto(`${base}/console/workers/${w.id}/edit`);
    // Someone else saves a change while the form is open.
    const other = `李${hanTag(3)}`;
    await t.http.patch(`/workers/${w.id}`).set(cw.auth).send({ version: w.version, name: other }).expect(200);
    await page.fill('#f-name', `王${hanTag(3)}`);
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('#worker-edit button[type=submit]')]);
    expect(answer?.status()).toBe(409);
    await expect(page.locator('.form-error').textContent()).resolves.toContain('已被他人修改，请刷新后重试');
    const [row] = await t.db.query('SELECT name, version FROM workers WHERE id = $1', [w.id]);
    expect(row).toEqual({ name: other, version: w.version + 1 });

    // Fresh from the page, the same edit is saved and the worker's page shows it.
    await page.goto(`${base}/console/workers/${w.id}/edit`);
    const renamed = `赵${hanTag(3)}`;
    await page.fill('#f-name', renamed);
    await submit(page, '#worker-edit button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/console/workers/${w.id}`);
    await expect(page.locator('h1').textContent()).resolves.toContain(renamed);
    await expect(page.locator('#worker-history').textContent()).resolves.toContain('修改');
    await page.context().close();
  });
});

describe("a township station's reach", () => {
  it("lists and finds only its own township's workers", async () => {
    const town1 = (await newTownship(t, admin.auth, '站')).name;
    const town2 = (await newTownship(t, admin.auth, '县')).name;
    const offices = await stationsFor(t, { [town1]: '丙站' });
    const tag = hanTag(2);
    const own = await worker({ township: town1, name: `孙${tag}甲` });
    const county = await worker({ township: town2, name: `孙${tag}乙` });
    const station = (await t.login('caseworker', { officeId: offices.stations['丙站'] })) as Login;
    const page = await signedIn(station);
    await page.goto(`${base}/console/workers?q=${encodeURIComponent(`孙${tag}`)}`);
    await expect(rowIds(page, '#worker-list', 'data-worker')).resolves.toEqual([own.id]);
    await searchFor(page, `孙${tag}`);
    await expect(rowIds(page, '#search-workers', 'data-worker')).resolves.toEqual([own.id]);
    await searchFor(page, county.citizenId);
    await expect(page.locator('#search-message').textContent()).resolves.toContain('没有找到');
    // The county sees both.
    const c = await signedIn(cw);
    await c.goto(`${base}/console/workers?q=${encodeURIComponent(`孙${tag}`)}`);
    expect((await rowIds(c, '#worker-list', 'data-worker')).sort((a, b) => a - b)).toEqual([own.id, county.id]);
    await c.context().close();
    await page.context().close();
  });
});
