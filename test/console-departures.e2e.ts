/**
 * A departure batch (输出批次) in a real browser, in a county of its own, from creation to arrival:
 * the caseworker makes the batch for a job order with a broker leading it, puts on the roster the
 * worker the employer accepted and one picked by ID number (asked for the emergency contact
 * first), prints the 名册; the broker, on a phone, ticks who left and then who arrived; the
 * arrived members' placements are registered, organised and with the batch, and the placement's
 * page shows its batch. Real Chromium against the real API, worker and database.
 * Screenshots: test-artifacts/screenshots/departure-*.png.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs, shot, signedInPage, submitAndWait } from './support/browser.js';
import { brokerBody, citizenId, employerBody, hanTag, workerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { newTownship } from './support/records.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: Awaited<ReturnType<TestApp['login']>>;
let broker: Awaited<ReturnType<TestApp['login']>>;
let brokerName: string;
let order: { id: number; job: string };
let accepted: { id: number; name: string };
let direct: { id: number; name: string; citizenId: string };
const today = shanghaiToday();
const PHONE = { width: 390, height: 844 };
const batchName = `赴哈尔滨报纸投递员${hanTag(3)}`;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  const county = await countyOffice('己');
  const admin = await t.login('admin', { officeId: county });
  cw = await t.login('caseworker', { officeId: county });
  const township = (await newTownship(t, admin.auth)).name;
  broker = await t.login('broker', { officeId: county });
  const body = brokerBody({ userId: broker.userId });
  brokerName = body.name as string;
  await t.http.post('/brokers').set(cw.auth).send(body).expect(201);
  const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  order = (
    await t.http
      .post('/job-orders')
      .set(cw.auth)
      .send({
        employerId: employer.id,
        job: `报纸投递员${hanTag(2)}`,
        headcount: 10,
        wageMinFen: 300000,
        wageMaxFen: 380000,
        destination: '黑龙江省哈尔滨市',
        startDate: addDays(today, 10),
        board: true,
        lodging: true,
        contactName: '马经理',
        contactPhone: '0451-82123456',
      })
      .expect(201)
  ).body;
  const newWorker = async () =>
    (
      await t.http
        .post('/workers')
        .set(cw.auth)
        .send(workerBody({ township, citizenId: citizenId({ birth: '1991-07-01' }).id }))
        .expect(201)
    ).body;
  accepted = await newWorker();
  direct = await newWorker();
  const p = await t.http
    .post(`/job-orders/${order.id}/proposals`)
    .set(cw.auth)
    .send({ workerId: accepted.id })
    .expect(201);
  await t.http.post(`/job-proposals/${p.body.id}/answer`).set(cw.auth).send({ accepted: true }).expect(201);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const fitsThePhone = async (page: pw.Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

it('a batch from creation to arrival: made, rostered and printed at the office, departed and arrived on the leader’s phone', async () => {
  const page = await signedInPage(browser, base, cw);
  await submitAndWait(page, 'nav a[href="/console/departure-batches"]');
  await submitAndWait(page, 'a[href="/console/departure-batches/new"]');

  // Sent without a leader: asked for it by name, nothing made.
  await page.fill('#f-name', batchName);
  await page.fill('#f-destination', '黑龙江省哈尔滨市南岗区');
  await page.fill('#f-departureDate', addDays(today, 3));
  await page.fill('#f-meetingPoint', '县劳动就业服务局门前');
  await page.fill('#f-meetingTime', '07:30');
  await page.selectOption('#f-transport', 'train');
  await page.fill('#f-transportNote', 'K7021次');
  await page.selectOption('#f-leader', '');
  await page.check(`#f-orders input[value="${order.id}"]`);
  await submitAndWait(page, '#batch-new button[type=submit]');
  await expect(page.locator('#err-leader').textContent()).resolves.toBe('请选择带队人');
  expect(await t.db.query(`SELECT 1 FROM departure_batches WHERE name = $1`, [batchName])).toEqual([]);
  await page.selectOption('#f-leader', { label: brokerName });
  await shot(page, 'departure-new');
  await submitAndWait(page, '#batch-new button[type=submit]');
  expect(new URL(page.url()).pathname).toMatch(/^\/console\/departure-batches\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await expect(page.locator('#batch-leader').textContent()).resolves.toContain(brokerName);
  await expect(page.locator('#batch-status').textContent()).resolves.toBe('待出发');

  // The worker the employer accepted, with the emergency contact typed on the row.
  const cand = page.locator(`#candidate-list tr[data-candidate="${accepted.id}"]`);
  await cand.locator('input[name=emergencyName]').fill('李秀英');
  await cand.locator('input[name=emergencyRelation]').fill('妻子');
  await cand.locator('input[name=emergencyPhone]').fill('13812345678');
  await submitAndWait(page, `#candidate-list tr[data-candidate="${accepted.id}"] button`);
  await expect(page.locator('#member-list tbody tr').count()).resolves.toBe(1);

  // One picked by ID number: without the emergency contact, asked for it; then on the roster.
  await page.fill('#f-citizenId', direct.citizenId);
  await submitAndWait(page, '#member-form button[type=submit]');
  await expect(page.locator('#member-form .error').first().textContent()).resolves.toMatch(/紧急联系人/);
  await page.fill('#f-emergencyName', '王建国');
  await page.fill('#f-emergencyRelation', '父亲');
  await page.fill('#f-emergencyPhone', '0458-3123456');
  await submitAndWait(page, '#member-form button[type=submit]');
  await expect(page.locator('#member-list tbody tr').count()).resolves.toBe(2);
  await expect(page.locator('#batch-counts').textContent()).resolves.toContain('在册 2');
  await shot(page, 'departure-roster-page');

  // The printable roster: A4, every member with the emergency contact, no codes.
  const [print] = await Promise.all([page.context().waitForEvent('page'), page.click('#print-roster')]);
  await print.waitForLoadState();
  const roster = (await print.locator('body').textContent()) ?? '';
  expect(roster).toContain(`${batchName} 人员名册`);
  for (const s of [
    accepted.name,
    direct.name,
    '李秀英',
    '妻子',
    '13812345678',
    '王建国',
    '0458-3123456',
    brokerName,
    'K7021次',
  ])
    expect(roster).toContain(s);
  expect(roster).not.toMatch(/train|listed|planned/);
  expect((await print.pdf({ format: 'A4', landscape: true })).subarray(0, 4).toString()).toBe('%PDF');
  await shot(print, 'departure-roster-print');
  await page.context().close();

  // The broker leading it, on a phone: their batches, then who left, then who arrived.
  const phone = await (await browser.newContext({ locale: 'zh-CN', viewport: PHONE })).newPage();
  await loginAs(phone, base, broker.username, broker.password);
  await phone.goto(`${base}/console/departure-batches`);
  await submitAndWait(phone, `#batch-list tr[data-batch="${id}"] a`);
  expect(new URL(phone.url()).pathname).toBe(`/console/departure-batches/${id}/leader`);
  await expect(phone.locator('#departure-form label.member').count()).resolves.toBe(2);
  await fitsThePhone(phone);
  await shot(phone, 'departure-leader-depart');
  await submitAndWait(phone, '#departure-form button[type=submit]');
  await expect(phone.locator('.flash').textContent()).resolves.toContain('出发已登记');
  await expect(phone.locator('#batch-status').textContent()).resolves.toBe('已出发');
  // The direct pick did not make it there.
  await phone.uncheck(`#arrival-form input[name=memberIds] >> nth=1`);
  await fitsThePhone(phone);
  await shot(phone, 'departure-leader-arrive');
  await submitAndWait(phone, '#arrival-form button[type=submit]');
  await expect(phone.locator('#arrived-summary').textContent()).resolves.toContain('到达 1 人');
  await expect(phone.locator('#arrived-summary').textContent()).resolves.toContain('已登记就业 1 人');
  await fitsThePhone(phone);
  await shot(phone, 'departure-leader-arrived');
  await phone.context().close();

  const placements = await t.db.query(
    `SELECT id, "workerId", organised, "jobOrderId" FROM placements WHERE "batchId" = $1`,
    [id],
  );
  expect(placements).toEqual([
    { id: expect.any(Number), workerId: accepted.id, organised: true, jobOrderId: order.id },
  ]);
  const [{ status }] = await t.db.query(`SELECT status FROM departure_batch_members WHERE "workerId" = $1`, [
    direct.id,
  ]);
  expect(status).toBe('not_arrived');

  // The placement's page shows its batch; the batch page its members' outcome.
  const office = await signedInPage(browser, base, cw);
  await office.goto(`${base}/console/placements/${placements[0].id}`);
  await expect(office.locator('#placement-batch').textContent()).resolves.toBe(batchName);
  await submitAndWait(office, '#placement-batch');
  await expect(
    office.locator(`#member-list tr[data-worker="${accepted.id}"]`).getAttribute('data-status'),
  ).resolves.toBe('arrived');
  await expect(office.locator(`#member-list tr[data-worker="${direct.id}"]`).textContent()).resolves.toContain(
    '未到达',
  );
  await shot(office, 'departure-arrived');
  await office.context().close();
}, 180_000);
