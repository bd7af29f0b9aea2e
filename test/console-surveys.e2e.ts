/**
 * 摸底调查 in the console, in a real browser: the rounds' list with its filters, sorting and
 * paging, opening a round through its form (required fields marked, errors in Chinese), a
 * round's progress by township with its households linked, recording visits and reasons,
 * closing refused while a household is unaccounted for (不漏一户) and then allowed, the audit
 * history, a township station seeing only its own township; and the imports' list filtered,
 * sorted and paged. Screenshots (desktop 1280 and phone 390 wide) go to test-artifacts/screenshots/.
 */
import type pw from 'playwright-core';
import { shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { bothWidths, launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { citizenId, hanTag, mobile, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { ownerDb } from './support/owner-db.js';
import { newTownship } from './support/records.js';

type Auth = { Authorization: string };
type Login = Awaited<ReturnType<TestApp['login']>>;
let t: TestApp;
let browser: pw.Browser;
let base: string;
let admin: Login;
let cw: Login;
let stationCw: Login;
let townA: string;
let townB: string;
const year = shanghaiToday().slice(0, 4);
const households: { id: number; address: string; township: string }[] = [];

async function person(auth: Auth, township: string) {
  return (
    await t.http
      .post('/workers')
      .set(auth)
      .send(workerBody({ citizenId: citizenId({ birth: '1988-03-03' }).id, township }))
      .expect(201)
  ).body as { id: number };
}

async function household(township: string) {
  const m = await person(cw.auth, township);
  const address = `${township}和平街${hanTag(2)}号`;
  const h = (
    await t.http
      .post('/households')
      .set(cw.auth)
      .send({ address, township, responsibleUserId: cw.userId, members: [{ workerId: m.id, relationship: 'head' }] })
      .expect(201)
  ).body as { id: number };
  households.push({ id: h.id, address, township });
  return h.id;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  // A county of this file's own: its survey rounds and imports are exactly those made here.
  const county = await countyOffice('戊');
  admin = await t.login('admin', { officeId: county });
  cw = await t.login('caseworker', { officeId: county });
  townA = (await newTownship(t, admin.auth, '甲')).name;
  townB = (await newTownship(t, admin.auth, '乙')).name;
  // Township A has a station of its own; its caseworker sees A's households only.
  const db = await ownerDb();
  try {
    const station = (
      await db.query(`INSERT INTO offices ("parentId", kind, name) VALUES ($1, 'station', $2) RETURNING id`, [
        county,
        `甲${hanTag(3)}劳动保障所`,
      ])
    ).rows[0].id;
    await db.query(`UPDATE townships SET "stationId" = $1 WHERE "countyId" = $2 AND name = $3`, [
      station,
      county,
      townA,
    ]);
    stationCw = await t.login('caseworker', { officeId: station });
  } finally {
    await db.end();
  }
  // Registered after the station took township A, so A's households are the station's.
  await household(townA);
  await household(townA);
  await household(townB);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (who: Login, width = 1280) => signedInPage(browser, base, who, width);
const submit = submitAndWait;
/** Both widths of a page: the desktop the office uses and a phone in the field. */
const shots = (who: Login, path: string, name: string) => bothWidths(browser, base, who, path, `surveys-${name}`);
const rowIds = (page: pw.Page, table: string, attr: string) =>
  page.locator(`${table} tbody tr[${attr}]`).evaluateAll((rows, a) => rows.map((r) => Number(r.getAttribute(a))), attr);
const cell = (page: pw.Page, township: string, col: string) =>
  page.locator(`#township-progress tr[data-township="${township}"] td[data-col="${col}"]`).innerText();

let roundId: number;

describe('opening a round', () => {
  it('marks the required fields, refuses a bad year, a half-year not begun and a taken one in Chinese, then opens it', async () => {
    const page = await signedIn(cw);
    await page.goto(`${base}/console/survey-rounds`);
    await expect(page.locator('header nav a[href="/console/survey-rounds"]').innerText()).resolves.toBe('摸底调查');
    await submit(page, '#round-new');
    // Required fields carry the layout's red * (drawn after the label).
    await expect(page.locator('.field.required:has(#f-year)').count()).resolves.toBe(1);
    await expect(page.locator('.field.required:has(#f-half)').count()).resolves.toBe(1);
    await shot(page, 'surveys-new-desktop');

    await page.fill('#f-year', '二〇二六');
    await page.selectOption('#f-half', '');
    let res = await submit(page, '#round-form button[type=submit]');
    expect(res?.status()).toBe(400);
    await expect(page.locator('#err-year').innerText()).resolves.toBe('请填写四位年份，如 2026');
    await expect(page.locator('#err-half').innerText()).resolves.toBe('请选择上半年或下半年');

    await page.fill('#f-year', String(Number(year) + 1));
    await page.selectOption('#f-half', '1');
    res = await submit(page, '#round-form button[type=submit]');
    expect(res?.status()).toBe(400);
    await expect(page.locator('#err-year').innerText()).resolves.toBe('这个半年还没有开始，不能开始摸底');

    await page.fill('#f-year', year);
    await page.selectOption('#f-half', '1');
    await submit(page, '#round-form button[type=submit]');
    roundId = Number(/\/console\/survey-rounds\/(\d+)$/.exec(page.url())![1]);
    await expect(page.locator('h1').innerText()).resolves.toContain(`${year}年上半年摸底调查`);
    await expect(page.locator('#round-status').innerText()).resolves.toBe('进行中');

    await page.goto(`${base}/console/survey-rounds/new`);
    await page.fill('#f-year', year);
    await page.selectOption('#f-half', '1');
    res = await submit(page, '#round-form button[type=submit]');
    expect(res?.status()).toBe(409);
    await expect(page.locator('#err-year').innerText()).resolves.toBe(`${year}H1的摸底已经建立过`);
    await page.context().close();
    await shots(cw, '/console/survey-rounds/new', 'new');
  });
});

describe("a round's page", () => {
  it('shows progress by township, records a visit (a finding against the registry refused) and a reason, refuses to close while a household is left, then closes', async () => {
    const [a1, a2, b1] = households;
    const page = await signedIn(cw);
    await page.goto(`${base}/console/survey-rounds/${roundId}`);
    await expect(page.locator('[data-total="households"]').innerText()).resolves.toBe('3');
    await expect(page.locator('[data-total="due"]').innerText()).resolves.toBe('3');
    await expect(cell(page, townA, 'due')).resolves.toBe('2');
    await expect(cell(page, townB, 'due')).resolves.toBe('1');
    expect((await rowIds(page, '#due-list', 'data-household')).sort()).toEqual([a1.id, a2.id, b1.id].sort());
    expect(await page.locator(`#due-list a[href="/console/households/${a1.id}"]`).count()).toBe(1);

    // One township at a time.
    await submit(page, `#township-progress tr[data-township="${townB}"] a`);
    await expect(rowIds(page, '#due-list', 'data-household')).resolves.toEqual([b1.id]);
    await submit(page, '#all-townships');

    // A visit whose finding disagrees with the registry is refused at the field, in Chinese.
    await submit(page, `#due-list tr[data-household="${a1.id}"] td:last-child a`);
    await expect(page.locator('#registered-status').innerText()).resolves.toBe('零就业');
    await page.fill('#f-visitedOn', `${year}-03-15`);
    await page.selectOption('#f-finding', 'employed');
    let res = await submit(page, '#visit-form button[type=submit]');
    expect(res?.status()).toBe(400);
    await expect(page.locator('#err-finding').innerText()).resolves.toContain(
      '走访情况与系统登记不一致（系统为“零就业”）',
    );
    await page.fill('#f-visitedOn', `${Number(year) - 1}-03-15`);
    await page.selectOption('#f-finding', 'zero_employment');
    res = await submit(page, '#visit-form button[type=submit]');
    expect(res?.status()).toBe(400);
    await expect(page.locator('#err-visitedOn').innerText()).resolves.toBe(
      `走访日期须在本次摸底的半年内（${year}-01-01至${year}-06-30）`,
    );
    await page.fill('#f-visitedOn', `${year}-03-15`);
    await page.selectOption('#f-finding', 'zero_employment');
    await page.fill('#f-note', '户主在家，仍未就业');
    await submit(page, '#visit-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/console/survey-rounds/${roundId}`);
    await expect(page.locator('.flash, [role=status]').first().innerText()).resolves.toContain('走访已登记');
    await expect(cell(page, townA, 'visited')).resolves.toBe('1');
    await expect(rowIds(page, '#zero-list', 'data-household')).resolves.toEqual([a1.id]);

    // A reason too short, then one that will do.
    await page.goto(`${base}/console/survey-rounds/${roundId}/households/${a2.id}`);
    await shot(page, 'surveys-household-desktop');
    await page.fill('#f-reason', '没人');
    res = await submit(page, '#missed-form button[type=submit]');
    expect(res?.status()).toBe(400);
    await expect(page.locator('#err-reason').innerText()).resolves.toMatch(/[\u4e00-\u9fff]/);
    await page.fill('#f-reason', '全家外出务工，多次上门未遇');
    await submit(page, '#missed-form button[type=submit]');
    await expect(cell(page, townA, 'missed')).resolves.toBe('1');
    await expect(page.locator('#missed-list').innerText()).resolves.toContain('全家外出务工，多次上门未遇');

    // The form as it looks while the round is open, on both widths.
    await shots(cw, `/console/survey-rounds/${roundId}/households/${b1.id}`, 'household');

    // 不漏一户: the last household is neither visited nor explained, so closing is refused with it named.
    await submit(page, '#round-close');
    await expect(page.locator('#confirm').innerText()).resolves.toContain('待走访 1 户');
    await shot(page, 'surveys-close-desktop');
    res = await submit(page, '#confirm-form button[type=submit]');
    expect(res?.status()).toBe(409);
    await expect(page.locator('.form-error').first().innerText()).resolves.toContain('还有1户没有走访也没有登记原因');
    await expect(page.locator('#close-refused').innerText()).resolves.toContain(b1.address);
    await expect(page.locator('#round-status').innerText()).resolves.toBe('进行中');

    await page.goto(`${base}/console/survey-rounds/${roundId}/households/${b1.id}`);
    await page.fill('#f-visitedOn', `${year}-04-01`);
    await page.selectOption('#f-finding', 'zero_employment');
    await submit(page, '#visit-form button[type=submit]');
    await submit(page, '#round-close');
    await submit(page, '#confirm-form button[type=submit]');
    await expect(page.locator('#round-status').innerText()).resolves.toBe('已结束');
    await expect(page.locator('[data-total="due"]').innerText()).resolves.toBe('0');
    const history = await page.locator('#round-history').innerText();
    for (const words of ['开始摸底', '登记走访', '登记未走访原因', '结束摸底']) expect(history).toContain(words);
    expect(history).toContain(cw.displayName);
    expect(history).not.toContain(cw.username);
    expect(await page.locator('#round-close').count()).toBe(0);
    await page.context().close();
    await shots(cw, `/console/survey-rounds/${roundId}`, 'round');
  });

  it('shows a township station only its own township', async () => {
    const page = await signedIn(stationCw);
    await page.goto(`${base}/console/survey-rounds/${roundId}`);
    await expect(
      page
        .locator('#township-progress tbody tr[data-township]')
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-township'))),
    ).resolves.toEqual([townA]);
    await expect(page.locator('[data-total="households"]').innerText()).resolves.toBe('2');
    await page.context().close();
  });
});

describe('the rounds list', () => {
  it('filters by status and year, sorts by half-year, and keeps the filters across its pages', async () => {
    // 24 earlier rounds (2001–2012), open, made through the API.
    for (let y = 2001; y <= 2012; y++)
      for (const h of ['H1', 'H2'])
        await t.http
          .post('/survey-rounds')
          .set(cw.auth)
          .send({ period: `${y}${h}` })
          .expect(201);
    const page = await signedIn(cw);
    await page.goto(`${base}/console/survey-rounds?status=closed`);
    await expect(rowIds(page, '#round-list', 'data-round')).resolves.toEqual([roundId]);
    await page.goto(`${base}/console/survey-rounds?year=2005`);
    await expect(page.locator('#round-list tbody').innerText()).resolves.toMatch(/2005年下半年[\s\S]*2005年上半年/);
    await page.goto(`${base}/console/survey-rounds?year=二〇〇五`);
    await expect(page.locator('#bad-filter').innerText()).resolves.toContain('年份请填写四位数字');

    await page.goto(`${base}/console/survey-rounds`);
    await page.selectOption('#f-status', 'open');
    await submit(page, '#round-filters button[type=submit]');
    await expect(page.locator('#round-total').innerText()).resolves.toBe('24');
    await submit(page, '#sort-period');
    const first = await page.locator('#round-list tbody tr').first().innerText();
    expect(first).toContain('2001年上半年');
    await submit(page, '#page-next');
    const u = new URL(page.url());
    expect([
      u.searchParams.get('status'),
      u.searchParams.get('sort'),
      u.searchParams.get('order'),
      u.searchParams.get('page'),
    ]).toEqual(['open', 'period', 'asc', '2']);
    expect(await page.locator('#round-list tbody tr').count()).toBe(4);
    await expect(page.locator('#round-list tbody').innerText()).resolves.toContain('2012年下半年');
    await expect(page.locator('#round-list tbody').innerText()).resolves.not.toContain(`${year}年上半年`);
    await page.context().close();
    await shots(cw, '/console/survey-rounds', 'list');
  });
});

describe('the imports list', () => {
  it('filters by kind and status, sorts by file name, and keeps the filters across its pages', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 22; i++) {
      const id = citizenId({ birth: '1990-01-01' }).id;
      const csv = `\uFEFF姓名,身份证号,联系电话,乡镇\n"陈${hanTag(2)}",${id},${mobile()},${townB}\n`;
      const res = await t.http
        .post('/imports')
        .set(cw.auth)
        .field('kind', 'workers')
        .attach('file', Buffer.from(csv), {
          filename: `台账${String(i).padStart(2, '0')}.csv`,
          contentType: 'text/csv',
        })
        .expect(201);
      ids.push(res.body.id);
    }
    await t.http.post(`/imports/${ids[0]}/confirm`).set(cw.auth).expect(202);
    const page = await signedIn(cw);
    await page.goto(`${base}/console/imports`);
    await page.selectOption('#f-fkind', 'workers');
    await page.selectOption('#f-fstatus', 'preview');
    await submit(page, '#import-filters button[type=submit]');
    await expect(page.locator('#import-total').innerText()).resolves.toBe('21');
    await submit(page, '#sort-fileName');
    await expect(rowIds(page, '#import-list', 'data-import')).resolves.toEqual(ids.slice(1, 21));
    await submit(page, '#page-next');
    const u = new URL(page.url());
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      kind: 'workers',
      status: 'preview',
      sort: 'fileName',
      order: 'asc',
      page: '2',
    });
    await expect(rowIds(page, '#import-list', 'data-import')).resolves.toEqual([ids[21]]);
    await page.goto(`${base}/console/imports?kind=employers`);
    await expect(page.locator('#import-total').innerText()).resolves.toBe('0');
    await page.goto(`${base}/console/imports?status=bogus`);
    await expect(page.locator('.form-error').innerText()).resolves.toContain('查询条件不正确');
    await page.context().close();
    await shots(cw, '/console/imports?kind=workers', 'imports');
  });
});
