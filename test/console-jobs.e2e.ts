/**
 * 就业服务 in the console, in a real browser, in a county of its own (so its figures are this
 * file's): an order taken at the window, two seekers registered, the order's candidates with the
 * priority group first, one proposed with a click, the employer's acceptance recorded, the start
 * registered (a placement through the placements' own path), and the overview's figures moving by
 * exactly that; then the public job list without a login — its filters, the A4 sheet, the poster
 * and the CSV — showing the order and nothing personal or internal.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { brokerBody, citizenId, employerBody, hanTag, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship } from './support/records.js';

type Login = { auth: { Authorization: string }; username: string; password: string; displayName: string };
let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: Login;
let township: string;
let employer: { id: number; name: string };
let county: number;
const workers: { id: number; name: string; citizenId: string }[] = [];
const today = shanghaiToday();
const job = `枸杞采摘工${hanTag(2)}`;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  county = await countyOffice('戊');
  const admin = await t.login('admin', { officeId: county });
  cw = await t.login('caseworker', { officeId: county });
  township = (await newTownship(t, admin.auth)).name;
  employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  for (const categories of [['rural_surplus'], ['laid_off']])
    workers.push(
      (
        await t.http
          .post('/workers')
          .set(cw.auth)
          .send(workerBody({ township, categories, citizenId: citizenId({ birth: '1988-03-03' }).id }))
          .expect(201)
      ).body,
    );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const figure = async (page: pw.Page, id: string) => (await page.locator(`#${id}`).textContent())?.trim() ?? '';
async function figures(page: pw.Page) {
  await page.goto(`${base}/console/overview`);
  const [offered, intents] = (await figure(page, 'fig-jobs')).split('/').map((s) => Number(s.trim()));
  return {
    offered,
    intents,
    orders: Number(await figure(page, 'fig-orders')),
    seekers: Number(await figure(page, 'fig-seekers')),
    matched: Number(await figure(page, 'fig-matched')),
  };
}

it('takes an order, registers two seekers, proposes, records the acceptance, registers the start; the figures move', async () => {
  const page = await signedInPage(browser, base, cw);
  const before = await figures(page);

  // The order, at the window.
  await page.goto(`${base}/console/job-orders/new`);
  await page.selectOption('#f-employerId', String(employer.id));
  await page.fill('#f-job', job);
  await page.fill('#f-headcount', '3');
  await page.fill('#f-wageMin', '3500');
  await page.fill('#f-wageMax', '4200.50');
  await page.fill('#f-destination', '宁夏回族自治区中宁县');
  await page.selectOption('#f-township', township);
  await page.fill('#f-startDate', today);
  await page.fill('#f-ageMin', '18');
  await page.fill('#f-ageMax', '55');
  await page.fill('#f-contactName', '马经理');
  await page.fill('#f-contactPhone', '0955-5012345');
  await page.fill('#f-notes', '内部备注不对外');
  await shot(page, 'jobs-order-new-desktop');
  await submitAndWait(page, '#order-new button[type=submit]');
  const orderPath = new URL(page.url()).pathname;
  expect(orderPath).toMatch(/^\/console\/job-orders\/\d+$/);
  await expect(page.locator('#order-status').textContent()).resolves.toBe('招聘中');
  await expect(page.locator('#order-facts').textContent()).resolves.toContain('¥3,500.00—¥4,200.50');

  // Two seekers.
  for (const w of workers) {
    await page.goto(`${base}/console/job-seekers/new`);
    await page.fill('#f-citizenId', w.citizenId);
    await page.fill('#f-jobs', `${job}、采摘`);
    await page.fill('#f-destinations', '宁夏');
    await page.fill('#f-availableFrom', today);
    await page.selectOption('#f-source', 'station');
    await submitAndWait(page, '#seeker-new button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/console/job-seekers');
  }
  await expect(page.locator('#seeker-list').textContent()).resolves.toContain(workers[1].name);
  await shot(page, 'jobs-seekers-desktop');

  // The candidates: the laid-off worker first, with why.
  await page.goto(`${base}${orderPath}`);
  const ranked = await page
    .locator('#candidate-list tbody tr[data-candidate]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-candidate'))));
  expect(ranked).toEqual([workers[1].id, workers[0].id]);
  await expect(page.locator(`tr[data-candidate="${workers[1].id}"]`).textContent()).resolves.toContain(
    '优先推荐：下岗失业人员',
  );
  await shot(page, 'jobs-candidates-desktop');
  await submitAndWait(page, `tr[data-candidate="${workers[1].id}"] .propose-form button`);
  const row = page.locator(`#proposal-list tr[data-worker="${workers[1].id}"]`);
  await expect(row.textContent()).resolves.toContain('待用工单位答复');
  await expect(page.locator(`tr[data-candidate="${workers[1].id}"]`).count()).resolves.toBe(0);

  // The employer accepts: a 用工意向.
  await submitAndWait(page, `#proposal-list tr[data-worker="${workers[1].id}"] .answer-yes button`);
  await expect(row.textContent()).resolves.toContain('达成用工意向');

  // The start: a placement by the placements' own path.
  await page.fill(`#proposal-list tr[data-worker="${workers[1].id}"] input[name=startDate]`, today);
  await page.fill(`#proposal-list tr[data-worker="${workers[1].id}"] input[name=monthlyWage]`, '4000');
  await submitAndWait(page, `#proposal-list tr[data-worker="${workers[1].id}"] .start-form button`);
  await expect(row.textContent()).resolves.toContain('已上岗');
  await expect(page.locator('#order-status').textContent()).resolves.toBe('部分到岗');
  await expect(page.locator('#order-filled').textContent()).resolves.toBe('1');
  await shot(page, 'jobs-order-desktop');
  await submitAndWait(page, `#proposal-list tr[data-worker="${workers[1].id}"] a[href^="/console/placements/"]`);
  await expect(page.locator('body').textContent()).resolves.toContain(job);

  const after = await figures(page);
  expect(after).toEqual({
    offered: before.offered + 3,
    intents: before.intents + 1,
    orders: before.orders + 1,
    seekers: before.seekers + 2,
    matched: before.matched + 1,
  });
  await shot(page, 'jobs-overview-desktop');
  await page.context().close();
});

it('the public job list needs no login, filters, prints, exports — and shows nothing personal or internal', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/jobs?township=${encodeURIComponent(township)}`);
  expect(new URL(page.url()).pathname).toBe('/jobs');
  const text = (await page.locator('#job-list').textContent()) ?? '';
  expect(text).toContain(job);
  expect(text).toContain('招用 2 人');
  expect(text).toContain('3,500—4,200.50元');
  for (const secret of ['0955-5012345', '马经理', '内部备注不对外', ...workers.map((w) => w.name)])
    expect(text).not.toContain(secret);
  await shot(page, 'jobs-public-desktop');
  // A filter that matches nothing says so.
  await page.fill('#f-destination', '不存在的地方');
  await submitAndWait(page, '#job-filters button[type=submit]');
  await expect(page.locator('#no-jobs').count()).resolves.toBe(1);

  await page.goto(`${base}/jobs/sheet?q=${encodeURIComponent(job)}`);
  await expect(page.locator('#job-sheet').textContent()).resolves.toContain(job);
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await page.goto(`${base}/jobs/poster?q=${encodeURIComponent(job)}`);
  await expect(page.locator('section.job').first().textContent()).resolves.toContain('招2人');
  await shot(page, 'jobs-poster-desktop');
  await ctx.close();

  const csv = await t.http.get('/jobs/export.csv').query({ q: job }).expect(200);
  expect(csv.headers['content-type']).toMatch(/text\/csv/);
  expect(csv.text.split('\r\n')[1]).toContain(job);
  expect(csv.text).not.toContain('0955-5012345');
  const json = await t.http.get('/jobs/export.json').query({ q: job }).expect(200);
  expect(json.body.items).toHaveLength(1);
  expect(Object.keys(json.body.items[0])).not.toEqual(expect.arrayContaining(['contactPhone', 'notes', 'filled']));
  await t.http.get('/jobs/export.json').query({ county: 'x' }).expect(400);
});

it('the seekers list renews a lapsed registration and withdraws one, refusing a withdrawal without its reason', async () => {
  const w = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ township, citizenId: citizenId({ birth: '1979-04-04' }).id }))
      .expect(201)
  ).body as { id: number; name: string };
  const s = (
    await t.http
      .post('/job-seekers')
      .set(cw.auth)
      .send({ workerId: w.id, jobs: ['保洁'], availableFrom: today, wantsTraining: false, source: 'window' })
      .expect(201)
  ).body as { id: number };
  await t.db.query(`UPDATE job_seekers SET "registeredOn" = $2, "validUntil" = $3 WHERE id = $1`, [
    s.id,
    addDays(today, -200),
    addDays(today, -110),
  ]);
  const page = await signedInPage(browser, base, cw);
  const row = page.locator(`#seeker-list tr[data-seeker="${s.id}"]`);
  await page.goto(`${base}/console/job-seekers?status=lapsed&q=${encodeURIComponent(w.name)}`);
  await expect(row.textContent()).resolves.toContain('已失效');
  await submitAndWait(page, `#seeker-list tr[data-seeker="${s.id}"] .renew-form button`);
  // Back on the list as it was filtered: no longer lapsed.
  expect(new URL(page.url()).searchParams.get('status')).toBe('lapsed');
  await expect(row.count()).resolves.toBe(0);
  const [renewed] = await t.db.query(
    `SELECT to_char("validUntil", 'YYYY-MM-DD') AS "validUntil" FROM job_seekers WHERE id = $1`,
    [s.id],
  );
  expect(renewed.validUntil).toBe(addDays(today, 90));

  await page.goto(`${base}/console/job-seekers?q=${encodeURIComponent(w.name)}`);
  const refused = await submitAndWait(page, `#seeker-list tr[data-seeker="${s.id}"] .withdraw-form button`);
  expect(refused?.status()).toBe(400);
  await expect(page.locator('.form-error').first().textContent()).resolves.toContain('请填写理由');
  await page.fill(`#seeker-list tr[data-seeker="${s.id}"] .withdraw-form input[name=reason]`, '已自行外出务工');
  await submitAndWait(page, `#seeker-list tr[data-seeker="${s.id}"] .withdraw-form button`);
  await page.goto(`${base}/console/job-seekers?status=withdrawn&q=${encodeURIComponent(w.name)}`);
  await expect(row.textContent()).resolves.toContain('已自行外出务工');
  await expect(row.locator('form').count()).resolves.toBe(0);
  await shot(page, 'jobs-seekers-withdrawn-desktop');
  await page.context().close();
});

it('a broker proposes the worker they bring from 我的推荐, refused with the reason when the worker is unknown, and sees it among their own', async () => {
  const broker = await t.login('broker', { officeId: county });
  await t.http
    .post('/brokers')
    .set(cw.auth)
    .send(brokerBody({ userId: broker.userId }))
    .expect(201);
  const brokerJob = `建筑小工${hanTag(2)}`;
  const order = (
    await t.http
      .post('/job-orders')
      .set(cw.auth)
      .send({
        employerId: employer.id,
        job: brokerJob,
        headcount: 2,
        wageMinFen: 300000,
        wageMaxFen: 400000,
        destination: '宁夏回族自治区银川市',
        startDate: addDays(today, 20),
        ageMin: 18,
        ageMax: 60,
        board: true,
        lodging: true,
        contactName: '马经理',
        contactPhone: '0955-5012345',
      })
      .expect(201)
  ).body as { id: number };
  const brought = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ township, citizenId: citizenId({ birth: '1990-02-02' }).id }))
      .expect(201)
  ).body as { id: number; name: string; citizenId: string };
  const page = await signedInPage(browser, base, broker);
  await page.goto(`${base}/console/my-proposals`);
  await page.selectOption('#f-orderId', String(order.id));
  await page.fill('#f-citizenId', citizenId({ birth: '1991-01-01' }).id);
  const refused = await submitAndWait(page, '#broker-propose button[type=submit]');
  expect(refused?.status()).toBe(400);
  await expect(page.locator('#broker-propose .has-error').textContent()).resolves.toContain('没有这个务工人员');
  await expect(page.locator('#f-orderId').inputValue()).resolves.toBe(String(order.id));
  await page.fill('#f-citizenId', brought.citizenId);
  await submitAndWait(page, '#broker-propose button[type=submit]');
  expect(new URL(page.url()).pathname).toBe('/console/my-proposals');
  const row = page.locator('#my-proposal-list tbody tr').first();
  await expect(row.textContent()).resolves.toContain(brought.name);
  await expect(row.textContent()).resolves.toContain(brokerJob);
  await expect(row.textContent()).resolves.toContain('待用工单位答复');
  const [p] = await t.db.query(
    `SELECT "brokerId", status FROM job_proposals WHERE "orderId" = $1 AND "workerId" = $2`,
    [order.id, brought.id],
  );
  expect(p).toMatchObject({ brokerId: expect.any(Number), status: 'proposed' });
  await shot(page, 'jobs-broker-propose-desktop');
  await page.context().close();
});
