/**
 * Training (培训) in the console, in a real browser: a caseworker registers a provider, creates a
 * course, enrols two workers found by name, records their attendance and assessment (a wrong or
 * empty field refused in Chinese), completes the course (结业) after its confirmation page, and
 * sees the status change and the history by name; the list's filters, sorting, paging and
 * Excel export; finance reads the same pages without a form. Screenshots (desktop 1280 and phone
 * 390 wide) go to test-artifacts/screenshots/.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { bothWidths, launchBrowser, shot, signedInPage, submitAndWait } from './support/browser.js';
import { hanTag, workerBody } from './support/fixtures.js';
import { readXlsx, sheetRows } from './support/xlsx.js';

type Login = Awaited<ReturnType<TestApp['login']>>;
let t: TestApp;
let browser: pw.Browser;
let base: string;
let cw: Login;
let finance: Login;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  cw = await t.login('caseworker');
  finance = await t.login('finance');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (who: Login, width = 1280) => signedInPage(browser, base, who, width);
const submit = submitAndWait;
const textOf = async (page: pw.Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();
/** Both widths of a page: the desktop the office uses and a phone in the field. */
const shots = (who: Login, path: string, name: string) => bothWidths(browser, base, who, path, `training-${name}`);
const worker = async () =>
  (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body as { id: number; name: string };

describe('a course from provider to completion', () => {
  it('registers a provider, creates a course, enrols two workers, records them, and completes the course after confirming', async () => {
    const [first, second] = [await worker(), await worker()];
    const page = await signedIn(cw);

    // 培训机构 and 培训课程 are in the navigation.
    await expect(page.locator('header nav a[href="/console/providers"]').textContent()).resolves.toBe('培训机构');
    await expect(page.locator('header nav a[href="/console/courses"]').textContent()).resolves.toBe('培训课程');

    // The provider: an empty form is refused field by field, in Chinese, and nothing is written.
    await page.goto(`${base}/console/providers`);
    await submit(page, '#new-provider');
    await expect(page.locator('.field.required:has(#f-name)').count()).resolves.toBe(1);
    await submit(page, '#provider-form button[type=submit]');
    await expect(textOf(page, '#err-name')).resolves.toBe('请填写培训机构名称');
    await expect(textOf(page, '#err-contactName')).resolves.toBe('请填写联系人');
    await page.fill('#f-contactPhone', '12345');
    const providerName = `示范县${hanTag()}职业技能培训学校`;
    await page.fill('#f-name', providerName);
    await page.fill('#f-contactName', '王老师');
    await submit(page, '#provider-form button[type=submit]');
    await expect(textOf(page, '#err-contactPhone')).resolves.toBe('请填写手机号或固定电话（如 0411-86661234）');
    await expect(page.inputValue('#f-name')).resolves.toBe(providerName);
    await page.fill('#f-contactPhone', '0458-5612345');
    await submit(page, '#provider-form button[type=submit]');
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/providers\/\d+$/);
    const providerId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect(textOf(page, 'h1')).resolves.toContain(providerName);

    // Its contact changed on the edit page; an edit from a page read before that is refused, not saved over it.
    await submit(page, '#edit-provider');
    const stale = await page.inputValue('input[name=version]');
    await page.fill('#f-contactName', '李老师');
    await submit(page, '#provider-edit button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/console/providers/${providerId}`);
    await expect(textOf(page, '#provider-fields')).resolves.toContain('李老师');
    await expect(textOf(page, '#provider-history')).resolves.toContain(`${cw.displayName} · 修改`);
    await page.goto(`${base}/console/providers/${providerId}/edit`);
    await page.locator('input[name=version]').evaluate((el, v) => {
      (el as unknown as { value: string }).value = v;
    }, stale);
    await page.fill('#f-contactName', '赵老师');
    await submit(page, '#provider-edit button[type=submit]');
    await expect(textOf(page, '.form-error')).resolves.toContain('已被他人修改');
    const [saved] = await t.db.query('SELECT "contactName" FROM training_providers WHERE id = $1', [providerId]);
    expect(saved.contactName).toBe('李老师');
    await page.goto(`${base}/console/providers/${providerId}`);

    // The course, from the provider's page (the provider chosen already); a wrong field is refused in Chinese.
    await submit(page, '#new-course');
    await expect(page.inputValue('#f-providerId')).resolves.toBe(String(providerId));
    const courseName = `电焊工${hanTag()}培训班`;
    const start = addDays(shanghaiToday(), -10);
    await page.fill('#f-name', courseName);
    await page.fill('#f-specialty', '电焊');
    await page.selectOption('#f-mode', 'commissioned');
    await page.fill('#f-startDate', start);
    await page.fill('#f-endDate', addDays(start, -1));
    await page.fill('#f-hours', '五十六');
    await page.fill('#f-subsidy', '600');
    await submit(page, '#course-form button[type=submit]');
    await expect(textOf(page, '#err-hours')).resolves.toBe('学时须为整数');
    await page.fill('#f-hours', '56');
    await submit(page, '#course-form button[type=submit]');
    await expect(textOf(page, '#err-endDate')).resolves.toBe('结束日期不能早于开始日期');
    await page.fill('#f-endDate', shanghaiToday());
    await submit(page, '#course-form button[type=submit]');
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/courses\/\d+$/);
    const courseId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect(textOf(page, '#course-status')).resolves.toBe('培训中');
    await expect(textOf(page, '#course-mode')).resolves.toBe('委托培训');
    await expect(textOf(page, '#course-subsidy')).resolves.toBe('¥600.00');
    await expect(textOf(page, '#course-startDate')).resolves.toBe(start);

    // Enrolling: no one chosen is refused; then each worker found by name and enrolled.
    await submit(page, '#enrol-form button[type=submit]');
    await expect(textOf(page, '#err-workerId')).resolves.toBe('请选择要报名的人员');
    for (const w of [first, second]) {
      await page.fill('#f-wq', w.name);
      await submit(page, '#worker-finder button[type=submit]');
      await page.selectOption('#f-workerId', String(w.id));
      await submit(page, '#enrol-form button[type=submit]');
      await expect(page.locator(`#course-trainees a[href="/console/workers/${w.id}"]`).textContent()).resolves.toBe(
        w.name,
      );
    }
    const enrolments = await page
      .locator('#course-trainees tr[data-enrollment]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-enrollment'))));
    expect(enrolments).toHaveLength(2);
    const [e1, e2] = enrolments;

    // Attendance: more sessions attended than held, and an empty total, are refused in Chinese.
    await page.fill(`#att-${e2}-attended`, '12');
    await page.fill(`#att-${e2}-total`, '10');
    await submit(page, `#attendance-${e2} button[type=submit]`);
    await expect(textOf(page, `#attendance-${e2} .error`)).resolves.toBe('出勤次数不能多于总课次');
    await page.fill(`#att-${e2}-attended`, '6');
    await page.fill(`#att-${e2}-total`, '');
    await submit(page, `#attendance-${e2} button[type=submit]`);
    await expect(textOf(page, `#attendance-${e2} .error`)).resolves.toBe('请填写总课次');
    await page.fill(`#att-${e2}-total`, '10');
    await submit(page, `#attendance-${e2} button[type=submit]`);
    await page.fill(`#att-${e1}-attended`, '10');
    await page.fill(`#att-${e1}-total`, '10');
    await submit(page, `#attendance-${e1} button[type=submit]`);
    await expect(textOf(page, `tr[data-enrollment="${e1}"] [data-attendance]`)).resolves.toBe('10/10 次');
    await expect(textOf(page, `tr[data-enrollment="${e2}"] [data-attendance]`)).resolves.toBe('6/10 次');

    // Assessment: no result chosen is refused; a certificate for a failed trainee is refused.
    await submit(page, `#assessment-${e1} button[type=submit]`);
    await expect(textOf(page, `#assessment-${e1} .error`)).resolves.toBe('请选择考核结果');
    await page.selectOption(`#asm-${e1}-result`, 'pass');
    await page.fill(`#asm-${e1}-cert`, `ZJ2026-${e1}`);
    await submit(page, `#assessment-${e1} button[type=submit]`);
    await page.selectOption(`#asm-${e2}-result`, 'fail');
    await page.fill(`#asm-${e2}-cert`, `ZJ2026-${e2}`);
    await submit(page, `#assessment-${e2} button[type=submit]`);
    await expect(textOf(page, `#assessment-${e2} .error`)).resolves.toBe(
      '考核不合格的学员没有结业证书，请不要填写证书编号',
    );
    await page.fill(`#asm-${e2}-cert`, '');
    await submit(page, `#assessment-${e2} button[type=submit]`);
    await expect(textOf(page, `tr[data-enrollment="${e1}"] [data-assessment]`)).resolves.toBe('合格');
    await expect(textOf(page, `tr[data-enrollment="${e2}"] [data-assessment]`)).resolves.toBe('不合格');
    await shot(page, 'training-course-recorded-desktop');
    await shots(cw, `/console/courses/${courseId}`, 'course-open');

    // 结业: the confirmation page first; nothing is done until it is confirmed.
    await submit(page, '#complete-course');
    expect(new URL(page.url()).pathname).toBe(`/console/courses/${courseId}/complete`);
    await expect(textOf(page, 'h1')).resolves.toBe('确认结业？');
    await expect(page.locator('#confirm-trainees').textContent()).resolves.toContain(first.name);
    await shot(page, 'training-course-confirm-desktop');
    const completedAt = async () =>
      (
        (await t.db.query(`SELECT "completedAt" FROM courses WHERE id = $1`, [courseId])) as { completedAt: unknown }[]
      )[0].completedAt;
    await expect(completedAt()).resolves.toBeNull();
    await submit(page, '#confirm-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/console/courses/${courseId}`);
    await expect(textOf(page, '#course-status')).resolves.toBe('已结业');
    await expect(textOf(page, '#course-completedAt')).resolves.toBe(shanghaiToday());
    await expect(textOf(page, `tr[data-enrollment="${e1}"] [data-completion]`)).resolves.toBe('已结业');
    await expect(textOf(page, `tr[data-enrollment="${e2}"] [data-completion]`)).resolves.toMatch(/^未结业/);
    // The record forms are gone: a completed course's records are final.
    await expect(page.locator('#enrol-form').count()).resolves.toBe(0);
    await expect(page.locator(`#attendance-${e1}`).count()).resolves.toBe(0);

    // The history, by the caseworker's name (never the login), every line in Chinese.
    const history = await textOf(page, '#course-history');
    expect(history).toContain(`${cw.displayName} · 结业`);
    expect(history).toContain(`${cw.displayName} · 登记出勤 · 学员 ${first.name}`);
    expect(history).toContain(`${cw.displayName} · 登记考核结果 · 学员 ${second.name}`);
    expect(history).toContain(`${cw.displayName} · 登记`);
    expect(history).not.toContain(cw.username);
    expect(history).not.toMatch(/[a-z]{3,}/);

    // A second confirmation of the same course is refused and says why; nothing changes.
    await page.goto(`${base}/console/courses/${courseId}/complete`);
    await expect(page.locator('#confirm-form').count()).resolves.toBe(0);
    await expect(page.locator('#confirm').textContent()).resolves.toContain('已于');

    // The provider's page lists the course with its trainees.
    await page.goto(`${base}/console/providers/${providerId}`);
    await expect(textOf(page, `#provider-courses tr[data-course="${courseId}"]`)).resolves.toContain('2 人');
    await page.context().close();

    // Finance reads the same course, with no form on it.
    const f = await signedIn(finance);
    await f.goto(`${base}/console/courses/${courseId}`);
    await expect(textOf(f, '#course-status')).resolves.toBe('已结业');
    await expect(f.locator('main form[method=post]').count()).resolves.toBe(0);
    const denied = await f.goto(`${base}/console/courses/${courseId}/complete`);
    expect(denied?.status()).toBe(403);
    await f.context().close();

    await shots(cw, `/console/courses/${courseId}`, 'course');
    await shots(cw, `/console/courses?providerId=${providerId}`, 'courses');
    await shots(cw, `/console/providers?q=${encodeURIComponent(providerName)}`, 'providers');
    await shots(cw, `/console/providers/${providerId}`, 'provider');
  });
});

describe('the course list', () => {
  it('filters by provider, status and start date, keeps the filters across pages and sorting, and exports the whole filtered list', async () => {
    const provider = (
      await t.http
        .post('/training-providers')
        .set(cw.auth)
        .send({ name: `列表${hanTag()}培训中心`, contactName: '李老师', contactPhone: '0458-5612346' })
        .expect(201)
    ).body as { id: number };
    const course = async (startDate: string, endDate: string) =>
      (
        await t.http
          .post('/courses')
          .set(cw.auth)
          .send({
            providerId: provider.id,
            name: `家政${hanTag()}培训班`,
            specialty: '家政服务',
            mode: 'commissioned',
            startDate,
            endDate,
            hours: 40,
            subsidyPerTraineeFen: 50000,
          })
          .expect(201)
      ).body.id as number;
    const today = shanghaiToday();
    const future: number[] = [];
    for (let i = 0; i < 22; i++) future.push(await course(addDays(today, 5 + i), addDays(today, 30 + i)));
    const past = await course(addDays(today, -40), addDays(today, -30));

    const page = await signedIn(cw);
    await page.goto(`${base}/console/courses`);
    await page.selectOption('#f-providerId', String(provider.id));
    await page.selectOption('#f-status', 'not_started');
    await submit(page, '#course-filters button[type=submit]');
    await expect(textOf(page, '#course-total')).resolves.toBe('22');
    const ids = (p: pw.Page) =>
      p
        .locator('#course-list tbody tr[data-course]')
        .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-course'))));
    const firstPage = await ids(page);
    expect(firstPage).toHaveLength(20);
    await submit(page, '#page-next');
    expect(new URL(page.url()).searchParams.get('providerId')).toBe(String(provider.id));
    expect(new URL(page.url()).searchParams.get('status')).toBe('not_started');
    await expect(page.inputValue('#f-status')).resolves.toBe('not_started');
    const secondPage = await ids(page);
    expect([...firstPage, ...secondPage].sort((a, b) => a - b)).toEqual(future);

    // Sorted by start date ascending, the filters kept: the earliest first.
    await submit(page, '#sort-startDate');
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    expect(new URL(page.url()).searchParams.get('providerId')).toBe(String(provider.id));
    await expect(ids(page)).resolves.toEqual(future.slice(0, 20));

    // The status 待结业 (ended, not completed) and a start-date range.
    await page.goto(`${base}/console/courses?providerId=${provider.id}&status=ended`);
    await expect(ids(page)).resolves.toEqual([past]);
    await expect(textOf(page, `tr[data-course="${past}"] [data-status]`)).resolves.toBe('待结业');
    await page.goto(
      `${base}/console/courses?providerId=${provider.id}&startFrom=${addDays(today, 5)}&startTo=${addDays(today, 6)}`,
    );
    await expect(ids(page)).resolves.toEqual(future.slice(0, 2).reverse());
    // A filter that is no date is said to be wrong, not a 500.
    const bad = await page.goto(`${base}/console/courses?startFrom=昨天`);
    expect(bad?.status()).toBe(200);
    await expect(page.locator('.form-error').textContent()).resolves.toContain('查询条件不正确');

    // The export is the whole filtered list, codes as Chinese labels.
    await page.goto(`${base}/console/courses?providerId=${provider.id}&status=not_started`);
    const file = await page.context().request.get(`${base}${await page.getAttribute('#course-export', 'href')}`);
    expect(file.status()).toBe(200);
    const rows = sheetRows((await readXlsx(await file.body())).worksheets[0]);
    expect(rows[0]).toContain('培训方式');
    const body = rows.slice(1);
    expect(body.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(future);
    expect(body.every((r) => r.includes('委托培训') && r.includes('未开班'))).toBe(true);
    await page.context().close();
  });
});
