/**
 * The web console in a real browser: the Chromium npm installs, driven by playwright-core,
 * against the real API, worker, Postgres and Temporal. One journey per role, plus the rules
 * every form keeps: Chinese errors next to the field with what was typed kept, CSRF, one
 * submission per form, an expired session returning to where it was.
 * Screenshots of each main page go to test-artifacts/screenshots/ (ignored by git).
 */
import type pw from 'playwright-core';
import { fixClock } from '../src/common/clock.js';
import { TasksService } from '../src/tasks/tasks.service.js';
import { addDays, addMonths, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { newTownship, PNG } from './support/records.js';
import { launchBrowser, loginAs, shot } from './support/browser.js';
import {
  brokerBody,
  citizenId,
  creditCode,
  employerBody,
  hanTag,
  mobile,
  withWrongCheckDigit,
  workerBody,
} from './support/fixtures.js';
import { waitFor } from './support/wait.js';
import { readXlsx, xlsxOf } from './support/xlsx.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
type Auth = { Authorization: string };
let cw: { auth: Auth; username: string; password: string; userId: number };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  cw = await t.login('caseworker');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newPage(): Promise<pw.Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  return ctx.newPage();
}
/** Clicks a submit button and waits for the page the server answers with. */
const submit = (page: pw.Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const fieldError = (page: pw.Page, name: string) => page.locator(`#f-${name}`).locator('xpath=..').locator('.error');

describe('login and session', () => {
  it('shows its pages in the Noto Sans SC the app ships (the machine has no CJK font)', async () => {
    const page = await newPage();
    await page.goto(`${base}/console/login`);
    const loaded = await page.evaluate(
      'document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replaceAll(\'"\', "")))',
    );
    expect(loaded).toContain('Noto Sans SC');
    expect(await page.evaluate(`document.fonts.check('15px "Noto Sans SC"', '登录')`)).toBe(true);
    await page.context().close();
  });

  it('sends a visitor without a session to the login page, and back to the page they asked for after logging in', async () => {
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/placements');
    expect(new URL(page.url()).pathname).toBe('/console/placements');
    await expect(page.locator('h1').first().textContent()).resolves.toContain('就业登记');
    await page.context().close();
  });

  it('refuses a wrong password in Chinese and keeps the username typed', async () => {
    const page = await newPage();
    await page.goto(`${base}/console/login`);
    await page.fill('#f-username', cw.username);
    await page.fill('#f-password', 'wrong-password');
    await submit(page, 'main button[type=submit]');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('用户名或密码错误');
    await expect(page.inputValue('#f-username')).resolves.toBe(cw.username);
    await page.context().close();
  });

  it('an expired session returns to the login page and then back to the same page', async () => {
    const other = await t.login('caseworker');
    const page = await newPage();
    await loginAs(page, base, other.username, other.password, '/console/cases');
    await t.db.query(`UPDATE auth_sessions SET "expiresAt" = now() - interval '1 second' WHERE "userId" = $1`, [
      other.userId,
    ]);
    await page.goto(`${base}/console/placements?status=overdue`);
    expect(page.url()).toContain('/console/login');
    await expect(page.locator('.flash').textContent()).resolves.toContain('登录已过期');
    await page.fill('#f-username', other.username);
    await page.fill('#f-password', other.password);
    await submit(page, 'main button[type=submit]');
    await page.waitForURL(/\/console\/placements\?status=overdue$/);
    await page.context().close();
  });

  it('refuses a state-changing request without the CSRF token, even with a valid session cookie', async () => {
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password);
    const res = await page.context().request.post(`${base}/console/employers`, {
      form: { name: '某某有限公司', creditCode: creditCode() },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('表单已过期');
    const res2 = await page.context().request.post(`${base}/console/employers`, {
      form: { _csrf: 'forged-token-of-the-right-size-aaaaaaaaaaaa', name: '某某有限公司' },
      maxRedirects: 0,
    });
    expect(res2.status()).toBe(403);
    await page.context().close();
  });

  it('a form with a file carries its CSRF token in the form, not the address, and is refused without it', async () => {
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/imports');
    const action = await page.getAttribute('#upload-form', 'action');
    expect(action).toBe('/console/imports');
    const csrf = await page.inputValue('#upload-form input[name=_csrf]');
    const ledger = await xlsxOf([['姓名', '身份证号', '乡镇', '联系电话']]);
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM ledger_imports');
    const post = (url: string, extra: Record<string, string>) =>
      page.context().request.post(url, {
        multipart: {
          kind: 'workers',
          ...extra,
          file: { name: 'x.xlsx', mimeType: 'application/octet-stream', buffer: ledger },
        },
        maxRedirects: 0,
      });
    for (const refused of [
      await post(`${base}/console/imports`, {}),
      await post(`${base}/console/imports`, { _csrf: 'forged-token-of-the-right-size-aaaaaaaaaaaa' }),
      // The address no longer carries it: a token there counts for nothing.
      await post(`${base}/console/imports?_csrf=${csrf}`, {}),
    ]) {
      expect(refused.status()).toBe(403);
      expect(await refused.text()).toContain('表单已过期');
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM ledger_imports'))[0].n).toBe(before);
    await page.context().close();
  });
});

describe('caseworker (案件办理)', () => {
  it('registers a worker (fixing a mistyped ID number), an employer, a placement, and records the contract', async () => {
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password);
    expect(new URL(page.url()).pathname).toBe('/console/tasks');
    await shot(page, 'caseworker-cases');

    // The worker: a wrong check digit is refused next to the field, in Chinese, and the form keeps what was typed.
    const id = citizenId().id;
    const name = `张${hanTag(2)}`;
    const phone = mobile();
    await page.goto(`${base}/console/workers/new`);
    await page.fill('#f-name', name);
    await page.fill('#f-citizenId', withWrongCheckDigit(id));
    await page.fill('#f-phone', phone);
    await page.selectOption('#f-township', '城关镇');
    await page.check('input[name=categories][value=laid_off]');
    await submit(page, 'main button[type=submit]');
    await expect(fieldError(page, 'citizenId').textContent()).resolves.toContain('校验位不对');
    await expect(page.inputValue('#f-name')).resolves.toBe(name);
    await expect(page.inputValue('#f-phone')).resolves.toBe(phone);
    await expect(page.isChecked('input[name=categories][value=laid_off]')).resolves.toBe(true);
    await shot(page, 'caseworker-worker-form-error');
    expect((await t.db.query('SELECT count(*)::int AS n FROM workers WHERE "citizenId" = $1', [id]))[0].n).toBe(0);
    await page.fill('#f-citizenId', id);
    await submit(page, 'main button[type=submit]');
    // Saved, the new worker's own page.
    await page.waitForURL(/\/console\/workers\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toContain(name);

    // The employer.
    const employerName = `大连${hanTag(3)}物流有限公司`;
    await page.goto(`${base}/console/employers/new`);
    await page.fill('#f-name', employerName);
    await page.fill('#f-creditCode', creditCode());
    await page.fill('#f-region', '辽宁省大连市');
    await page.fill('#f-contactName', '刘经理');
    await page.fill('#f-contactPhone', '0411-86661234');
    await submit(page, 'main button[type=submit]');
    await page.waitForURL(/\/console\/employers\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toContain(employerName);

    // The placement: a missing wage is refused next to its field, then registered.
    await page.goto(`${base}/console/placements/new`);
    await page.fill('#f-citizenId', id);
    await page.selectOption('#f-employerId', { label: `${employerName}（辽宁省大连市）` });
    await page.fill('#f-startDate', shanghaiToday());
    await page.fill('#f-job', '叉车司机');
    await page.fill('#f-destination', '辽宁省大连市甘井子区');
    await submit(page, 'main button[type=submit]');
    await expect(fieldError(page, 'monthlyWage').textContent()).resolves.toBe('请填写月工资');
    await expect(page.inputValue('#f-job')).resolves.toBe('叉车司机');
    await page.fill('#f-monthlyWage', '4500');
    await submit(page, 'main button[type=submit]');
    await page.waitForURL(/\/console\/placements\/\d+$/);
    await expect(page.locator('#placement-status').getAttribute('data-status')).resolves.toBe('awaiting_contract');
    await expect(page.locator('.flash').textContent()).resolves.toContain('就业登记已保存');
    await shot(page, 'caseworker-placement');
    const placementId = Number(new URL(page.url()).pathname.split('/').pop());
    const [p] = await t.db.query('SELECT p."monthlyWageFen", p."registeredBy" FROM placements p WHERE p.id = $1', [
      placementId,
    ]);
    expect(p).toEqual({ monthlyWageFen: 450000, registeredBy: cw.username });

    // The placement list shows it waiting, with its days left.
    await page.goto(`${base}/console/placements`);
    await expect(page.locator(`tr[data-placement="${placementId}"]`).textContent()).resolves.toContain('15 天');

    // The contract: without the scan it is refused; with it the placement is signed and the process ends its wait.
    await page.goto(`${base}/console/placements/${placementId}`);
    await page.fill('#f-signedOn', shanghaiToday());
    await page.fill('#f-termMonths', '24');
    await submit(page, '#contract-form button[type=submit]');
    await expect(fieldError(page, 'file').textContent()).resolves.toContain('扫描件');
    await page.setInputFiles('#f-file', { name: '劳动合同.png', mimeType: 'image/png', buffer: PNG });
    await submit(page, '#contract-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/placements/${placementId}$`));
    await expect(page.locator('#placement-status').getAttribute('data-status')).resolves.toBe('contract_signed');
    await expect(page.locator('#contract').textContent()).resolves.toContain('24 个月');
    const audit = await t.db.query(
      `SELECT "actorName" FROM audit_log WHERE entity = 'placement' AND "entityId" = $1 ORDER BY id`,
      [String(placementId)],
    );
    expect(audit.map((a: { actorName: string }) => a.actorName)).toContain(cw.username);
    await page.context().close();
  });

  it('filters the placements by township, as the workers page does, and keeps it in the export', async () => {
    const admin = await t.login('admin');
    const here = await newTownship(t, admin.auth, '登');
    const there = await newTownship(t, admin.auth, '登');
    const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const placed: Record<string, number> = {};
    for (const tw of [here, there]) {
      const w = (
        await t.http
          .post('/workers')
          .set(cw.auth)
          .send(workerBody({ township: tw.name }))
          .expect(201)
      ).body;
      placed[tw.name] = (
        await t.http
          .post('/placements')
          .set(cw.auth)
          .send({
            workerId: w.id,
            employerId: employer.id,
            startDate: addDays(shanghaiToday(), -3),
            job: '装配工',
            monthlyWageFen: 400000,
            destination: '辽宁省大连市',
            organised: false,
          })
          .expect(201)
      ).body.id;
    }
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/placements');
    await page.selectOption('#f-township', here.name);
    await submit(page, 'form.filters button[type=submit]');
    expect(new URL(page.url()).searchParams.get('township')).toBe(here.name);
    await expect(page.inputValue('#f-township')).resolves.toBe(here.name);
    const shown = await page
      .locator('#placement-list tr[data-placement]')
      .evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-placement')), r.children[1].textContent]));
    expect(shown.map(([id]) => id)).toContain(placed[here.name]);
    expect(shown.map(([id]) => id)).not.toContain(placed[there.name]);
    expect(new Set(shown.map(([, township]) => township))).toEqual(new Set([here.name]));
    await expect(page.locator('p.muted', { hasText: '共' }).textContent()).resolves.toContain('共 1 条');
    const href = await page.locator('a.export').getAttribute('href');
    expect(new URLSearchParams(href!.split('?')[1]).get('township')).toBe(here.name);
    // 全部 shows both again.
    await page.selectOption('#f-township', '');
    await submit(page, 'form.filters button[type=submit]');
    const all = await page
      .locator('#placement-list tr[data-placement]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-placement'))));
    expect(all).toEqual(expect.arrayContaining([placed[here.name], placed[there.name]]));
    await page.context().close();
  });

  it('refuses a second placement for a worker still employed, shows the open one, and ends it when asked in the same form', async () => {
    const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    const first = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const next = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const open = (
      await t.http
        .post('/placements')
        .set(cw.auth)
        .send({
          workerId: w.id,
          employerId: first.id,
          startDate: addDays(shanghaiToday(), -10),
          job: '装配工',
          monthlyWageFen: 400000,
          destination: '辽宁省大连市',
          organised: false,
        })
        .expect(201)
    ).body;
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/placements/new');
    await page.fill('#f-citizenId', w.citizenId);
    await page.selectOption('#f-employerId', String(next.id));
    await page.fill('#f-startDate', shanghaiToday());
    await page.fill('#f-job', '叉车司机');
    await page.fill('#f-monthlyWage', '4500');
    await page.fill('#f-destination', '辽宁省大连市甘井子区');
    await submit(page, 'main button[type=submit]');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('已有未离职的就业登记');
    await expect(page.locator('#end-previous').textContent()).resolves.toContain(first.name);
    await expect(page.inputValue('#f-job')).resolves.toBe('叉车司机');
    await shot(page, 'caseworker-placement-still-employed');
    expect((await t.db.query('SELECT count(*)::int AS n FROM placements WHERE "workerId" = $1', [w.id]))[0].n).toBe(1);

    await page.fill('#f-endPreviousDate', shanghaiToday());
    await page.fill('#f-endPreviousReason', '调到新单位');
    await submit(page, 'main button[type=submit]');
    await page.waitForURL(/\/console\/placements\/\d+$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain('就业登记已保存');
    const [earlier] = await t.db.query(
      `SELECT status, to_char("endDate", 'YYYY-MM-DD') AS "endDate", "endReason" FROM placements WHERE id = $1`,
      [open.id],
    );
    expect(earlier).toEqual({ status: 'ended', endDate: shanghaiToday(), endReason: '调到新单位' });
    await page.context().close();
  });

  it("shows a no_contract case's double-wage exposure in months and days, and the open-ended contract deemed after a year", async () => {
    const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    const e = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const p = (
      await t.http
        .post('/placements')
        .set(cw.auth)
        .send({
          workerId: w.id,
          employerId: e.id,
          startDate: addMonths(shanghaiToday(), -13),
          job: '装配工',
          monthlyWageFen: 400000,
          destination: '辽宁省大连市',
          organised: false,
        })
        .expect(201)
    ).body;
    const caseId = await waitFor(async () => {
      const r = await t.http.get(`/placements/${p.id}`).set(cw.auth).expect(200);
      return r.body.case?.id as number | undefined;
    }, 'the no_contract case');
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, `/console/cases/${caseId}`);
    const text = await page.locator('#exposure').textContent();
    expect(text).toContain('¥44,000.00');
    expect(text).toContain('11个月');
    expect(text).toContain('视为已订立无固定期限劳动合同');
    expect(text).toContain('21.75');
    await page.goto(`${base}/console/placements/${p.id}`);
    await expect(page.locator('main').textContent()).resolves.toContain('二倍工资风险 ¥44,000.00（11个月）');
    await page.context().close();
  });

  it('double-submitting a form does one thing', async () => {
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password);
    await page.goto(`${base}/console/employers/new`);
    const code = creditCode();
    const form = {
      _csrf: await page.inputValue('input[name=_csrf]'),
      _once: await page.inputValue('input[name=_once]'),
      name: `沈阳${hanTag(3)}制造有限公司`,
      creditCode: code,
      region: '辽宁省沈阳市',
      contactName: '王经理',
      contactPhone: '13912345678',
    };
    const [a, b] = await Promise.all([
      page.context().request.post(`${base}/console/employers`, { form, maxRedirects: 0 }),
      page.context().request.post(`${base}/console/employers`, { form, maxRedirects: 0 }),
    ]);
    expect([a.status(), b.status()]).toEqual([303, 303]);
    const c = await page.context().request.post(`${base}/console/employers`, { form, maxRedirects: 0 });
    expect(c.status()).toBe(303);
    expect((await t.db.query('SELECT count(*)::int AS n FROM employers WHERE "creditCode" = $1', [code]))[0].n).toBe(1);
    await page.context().close();
  });

  it('filters the case queues by township (the first worker’s), and keeps it in the export', async () => {
    const admin = await t.login('admin');
    const here = await newTownship(t, admin.auth, '案');
    const there = await newTownship(t, admin.auth, '案');
    const opened: Record<string, number> = {};
    for (const tw of [here, there]) {
      const w = (
        await t.http
          .post('/workers')
          .set(cw.auth)
          .send(workerBody({ township: tw.name }))
          .expect(201)
      ).body;
      opened[tw.name] = (
        await t.http
          .post('/cases')
          .set(cw.auth)
          .send({
            kind: 'wage_arrears',
            workerIds: [w.id],
            facts: '拖欠两个月工资',
            amountClaimedFen: 800000,
            knewOn: shanghaiToday(),
            channel: 'window',
          })
          .expect(201)
      ).body.id;
    }
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/cases?queue=all');
    await page.selectOption('#f-township', here.name);
    await submit(page, 'form.inline button[type=submit]');
    const url = new URL(page.url());
    expect(url.searchParams.get('township')).toBe(here.name);
    expect(url.searchParams.get('queue')).toBe('all');
    await expect(page.inputValue('#f-township')).resolves.toBe(here.name);
    const shown = await page
      .locator('#case-list tr[data-case]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-case'))));
    expect(shown).toEqual([opened[here.name]]);
    const href = await page.locator('a.export').getAttribute('href');
    expect(new URLSearchParams(href!.split('?')[1]).get('township')).toBe(here.name);
    await page.context().close();
  });

  it('shows a case in the queues with its deadline badge, and acknowledges it from the case page', async () => {
    const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    const c = (
      await t.http
        .post('/cases')
        .set(cw.auth)
        .send({
          kind: 'wage_arrears',
          workerIds: [w.id],
          facts: '拖欠三个月工资',
          amountClaimedFen: 1200000,
          knewOn: shanghaiToday(),
          channel: 'window',
        })
        .expect(201)
    ).body;
    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/cases?queue=unassigned');
    const row = page.locator(`tr[data-case="${c.id}"]`);
    await expect(row.locator('[data-badge]').getAttribute('data-badge')).resolves.toMatch(/on_track|due_soon/);
    await row.locator('a').click();
    await page.waitForURL(new RegExp(`/console/cases/${c.id}$`));
    await page.click('form[action$="/take"] button');
    await page.waitForURL(new RegExp(`/console/cases/${c.id}$`));
    await expect(page.locator('.flash').textContent()).resolves.toContain('由您承办');
    await submit(page, '#form-acknowledge button[type=submit]');
    await page.click('#confirm-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/cases/${c.id}$`));
    await expect(page.locator('#case-stage').getAttribute('data-stage')).resolves.toBe('mediation');
    // A settlement without its amount is refused next to the field; the reason typed stays.
    await page.fill('#form-mediation #f-reason', '双方同意分期支付');
    await page.click('#form-mediation button[type=submit]');
    await expect(page.locator('#form-mediation .error').first().textContent()).resolves.toContain('协议金额');
    await expect(page.inputValue('#form-mediation #f-reason')).resolves.toBe('双方同意分期支付');
    await expect(page.locator('#timeline').textContent()).resolves.toContain('受理');
    await shot(page, 'caseworker-case');
    await page.goto(`${base}/console/cases?queue=mine`);
    await expect(page.locator(`tr[data-case="${c.id}"]`).count()).resolves.toBe(1);
    await page.context().close();
  });
});

describe('the case page: dates, names, the limitation, escalation (案件办理)', () => {
  const cn = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  /** The latest 18:27 UTC at or before now: 02:27 the next day in Beijing. */
  function lateEveningUtc(): Date {
    const d = new Date();
    d.setUTCHours(18, 27, 0, 0);
    if (d.getTime() > Date.now()) d.setUTCDate(d.getUTCDate() - 1);
    return d;
  }
  async function openCase(knewOn: string): Promise<{ id: number }> {
    const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    return (
      await t.http
        .post('/cases')
        .set(cw.auth)
        .send({
          kind: 'wage_arrears',
          workerIds: [w.id],
          facts: '拖欠两个月工资',
          amountClaimedFen: 600000,
          knewOn,
          channel: 'window',
        })
        .expect(201)
    ).body;
  }

  it('shows the Beijing date it was received and people by name; the limitation warned or expired in the queue and on the page; records an interruption and an escalation on its date', async () => {
    const at = lateEveningUtc();
    const received = addDays(at.toISOString().slice(0, 10), 1);
    fixClock(at);
    let warned: { id: number };
    try {
      warned = await openCase(addDays(received, -360));
    } finally {
      fixClock(null);
    }
    const expired = await openCase(addDays(shanghaiToday(), -400));
    const me = (await t.http.get('/auth/me').set(cw.auth).expect(200)).body;

    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/cases?queue=all');
    await expect(page.locator('.who').textContent()).resolves.toContain(me.displayName);
    const limitationCell = (id: number) => page.locator(`tr[data-case="${id}"] td[data-limitation]`);
    await expect(limitationCell(warned.id).getAttribute('data-limitation')).resolves.toBe('warned');
    await expect(limitationCell(warned.id).textContent()).resolves.toContain('时效将届满');
    await expect(limitationCell(expired.id).getAttribute('data-limitation')).resolves.toBe('expired');
    await expect(limitationCell(expired.id).textContent()).resolves.toContain(
      `时效已于 ${cn(addDays(shanghaiToday(), -35))} 届满`,
    );

    await page.goto(`${base}/console/cases/${warned.id}`);
    await expect(page.locator('#case-received').textContent()).resolves.toBe(cn(received));
    await expect(page.locator('#limitation .badge.warned').count()).resolves.toBe(1);
    const timeline = (await page.locator('#timeline').textContent())!;
    expect(timeline).toContain(me.displayName);
    expect(timeline).not.toContain(cw.username);
    expect(timeline).not.toContain('system:workflow');

    // 时效中断: the year starts over from the date given.
    await page.selectOption('#form-interrupt #f-kind', 'claim_to_employer');
    await page.fill('#form-interrupt #f-interruptedOn', addDays(received, -1));
    await page.fill('#form-interrupt #f-note', '劳动者书面向用人单位催要工资');
    await submit(page, '#form-interrupt button[type=submit]');
    await expect(page.locator('#interruptions').textContent()).resolves.toContain('劳动者书面向用人单位催要工资');
    await expect(page.locator('#limitation .badge.running').count()).resolves.toBe(1);

    // Escalation on its 立案 date: not before the case was received (refused next to the field), then on that day.
    await submit(page, '#form-acknowledge button[type=submit]');
    await page.click('#confirm-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/cases/${warned.id}$`));
    await page.fill('#form-escalate #f-escalatedOn', addDays(received, -1));
    await page.fill('#form-escalate #f-reason', '用人单位拒不支付');
    await page.click('#form-escalate button[type=submit]');
    await expect(page.locator('#form-escalate .error').first().textContent()).resolves.toContain('不能早于');
    await page.fill('#form-escalate #f-escalatedOn', received);
    await submit(page, '#form-escalate button[type=submit]');
    await expect(page.locator('#case-escalation').textContent()).resolves.toContain(`立案日期 ${cn(received)}`);
    await shot(page, 'caseworker-case-limitation');
    await page.context().close();
  });
});

describe('holiday arrangements (节假日安排)', () => {
  it('from 1 November the admin overview says next year is missing; the year is loaded from its file after a preview', async () => {
    const admin = await t.login('admin');
    const year = 2051;
    const page = await newPage();
    await loginAs(page, base, admin.username, admin.password);
    fixClock(new Date(`${year - 1}-11-02T02:00:00Z`));
    try {
      await page.goto(`${base}/console/overview`);
      await expect(page.locator('#calendar-notice').textContent()).resolves.toContain(`${year}年`);
      await submit(page, '#calendar-notice a');
      expect(new URL(page.url()).pathname).toBe('/console/calendar');
      await page.setInputFiles('#f-file', {
        name: `holidays-${year}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(
          JSON.stringify({
            year,
            source: `测试用${year}年节假日安排`,
            holidays: [{ name: '元旦', from: `${year}-01-01` }],
            workdays: [],
          }),
        ),
      });
      await submit(page, '#calendar-upload button[type=submit]');
      await expect(page.locator('#load-status').getAttribute('data-status')).resolves.toBe('preview');
      await expect(page.locator('#day-changes').textContent()).resolves.toContain(`${year}年1月1日`);
      await expect(page.locator('#deadline-moves').count()).resolves.toBe(1);
      await shot(page, 'admin-calendar-preview');
      await submit(page, '#confirm-form button[type=submit]');
      await expect(page.locator('#load-status').getAttribute('data-status')).resolves.toBe('confirmed');
      await page.goto(`${base}/console/overview`);
      const notice = page.locator('#calendar-notice');
      if (await notice.count()) await expect(notice.textContent()).resolves.not.toContain(`${year}年`);
    } finally {
      fixClock(null);
    }
    await page.context().close();
  });
});

describe('ledger import (台账导入) and export', () => {
  it('uploads a ledger, shows the preview with the rejected row and its reason, confirms, follows the progress to the end, and exports a list', async () => {
    const good = [citizenId().id, citizenId().id];
    const file = await xlsxOf([
      ['姓名', '身份证号', '联系电话', '乡镇'],
      [`李${hanTag(2)}`, good[0], mobile(), '城关镇'],
      [`王${hanTag(2)}`, good[1], mobile(), '城关镇'],
      [`赵${hanTag(2)}`, withWrongCheckDigit(citizenId().id), mobile(), '城关镇'],
    ]);

    const page = await newPage();
    await loginAs(page, base, cw.username, cw.password, '/console/imports');
    await page.selectOption('#f-kind', 'workers');
    await page.setInputFiles('#f-file', {
      name: '城关镇台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await submit(page, '#upload-form button[type=submit]');
    await page.waitForURL(/\/console\/imports\/\d+$/);
    await expect(page.locator('[data-count=created]').textContent()).resolves.toBe('2');
    await expect(page.locator('[data-count=rejected]').textContent()).resolves.toBe('1');
    await expect(page.locator('#preview-rows tr[data-action=reject]').textContent()).resolves.toContain('校验');
    await shot(page, 'caseworker-import-preview');
    // Nothing is written before the confirmation.
    expect((await t.db.query('SELECT count(*)::int AS n FROM workers WHERE "citizenId" = ANY($1)', [good]))[0].n).toBe(
      0,
    );
    const report = await page
      .context()
      .request.get(`${base}${await page.locator('#error-report').getAttribute('href')}`);
    expect(report.status()).toBe(200);
    const back = await readXlsx(Buffer.from(await report.body()));
    expect(JSON.stringify(back.worksheets[0].getSheetValues())).toContain('错误原因');

    await submit(page, '#confirm-form button[type=submit]');
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator('#import-status').getAttribute('data-status')) === 'completed';
      },
      'the import to complete',
      60_000,
    );
    await expect(page.locator('#progress').textContent()).resolves.toMatch(/3 \/ 3 行[\s\S]*新增 2，[\s\S]*未导入 1/);
    await shot(page, 'caseworker-import-done');
    expect((await t.db.query('SELECT count(*)::int AS n FROM workers WHERE "citizenId" = ANY($1)', [good]))[0].n).toBe(
      2,
    );

    // The export button of a list answers a spreadsheet with the list's filters.
    await page.goto(`${base}/console/placements?status=contract_signed`);
    const href = await page.locator('a.export').getAttribute('href');
    expect(href).toContain('status=contract_signed');
    const xlsx = await page.context().request.get(`${base}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await page.context().close();
  });
});

describe('zero-employment households (零就业家庭)', () => {
  it('shows the caseworker their households and the requests due, records a visit (refusing a future date) and answers a request', async () => {
    const member = (
      await t.http
        .post('/workers')
        .set(cw.auth)
        .send(workerBody({ citizenId: citizenId({ birth: '1985-05-05', sex: 'male' }).id }))
        .expect(201)
    ).body;
    const address = `城关镇幸福路${hanTag(3)}号`;
    const h = (
      await t.http
        .post('/households')
        .set(cw.auth)
        .send({
          address,
          township: '城关镇',
          responsibleUserId: cw.userId,
          members: [{ workerId: member.id, relationship: 'head' }],
        })
        .expect(201)
    ).body;
    await waitFor(
      async () => (await t.http.get(`/households/${h.id}`).set(cw.auth)).body.status === 'zero_employment',
      'the household to be zero-employment',
    );
    const r = (
      await t.http
        .post('/contact-requests')
        .set(cw.auth)
        .send({ householdId: h.id, caller: '户主', channel: 'phone', kind: 'job', details: '想找一份附近的工作' })
        .expect(201)
    ).body;

    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, base, cw.username, cw.password, '/console/households');
    await expect(page.locator(`#household-list tr[data-household="${h.id}"]`).textContent()).resolves.toContain(
      '零就业',
    );
    await expect(page.locator(`#requests-due li[data-request="${r.id}"]`).textContent()).resolves.toContain('求职');
    await shot(page, 'caseworker-households');

    await page.click(`#household-list tr[data-household="${h.id}"] a`);
    await page.waitForURL(new RegExp(`/console/households/${h.id}$`));
    const tomorrow = new Date(Date.parse(`${shanghaiToday()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.fill('#visit-form #f-visitedOn', tomorrow);
    await page.check('#visit-form input[name=offered][value=referral]');
    await page.fill('#visit-form #f-note', '推荐到县工业园区面试');
    await submit(page, '#visit-form button[type=submit]');
    await expect(page.locator('#visit-form .error').first().textContent()).resolves.toContain('不能晚于今天');
    await expect(page.inputValue('#visit-form #f-note')).resolves.toBe('推荐到县工业园区面试');
    await expect(page.isChecked('#visit-form input[name=offered][value=referral]')).resolves.toBe(true);
    await page.fill('#visit-form #f-visitedOn', shanghaiToday());
    await submit(page, '#visit-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('回访已记录');
    await expect(page.locator('#visit-list').textContent()).resolves.toContain('免费职业介绍');

    const answer = page.locator(`form[data-request="${r.id}"]`);
    await answer.locator('textarea[name=offered]').fill('推荐至县工业园区某鞋业公司（普工）');
    await answer.locator('select[name=accepted]').selectOption('yes');
    await submit(page, `form[data-request="${r.id}"] button[type=submit]`);
    await expect(page.locator('.flash').textContent()).resolves.toContain('答复已记录');
    await expect(page.locator(`#request-list tr[data-request="${r.id}"]`).textContent()).resolves.toContain('已答复');
    await shot(page, 'caseworker-household');
    await page.context().close();
  });
});

describe('待办 (tasks)', () => {
  it("lists a caseworker's tasks by their Chinese names, each linking to what it is about; a plain to-do is closed by hand and then shows who closed it and why", async () => {
    const me = await t.login('caseworker');
    const worker = (await t.http.post('/workers').set(me.auth).send(workerBody()).expect(201)).body;
    const employer = (await t.http.post('/employers').set(me.auth).send(employerBody()).expect(201)).body;
    const placement = (
      await t.http
        .post('/placements')
        .set(me.auth)
        .send({
          workerId: worker.id,
          employerId: employer.id,
          startDate: shanghaiToday(),
          job: '普工',
          monthlyWageFen: 350000,
          destination: '浙江省宁波市',
          organised: true,
        })
        .expect(201)
    ).body;
    const kase = (
      await t.http
        .post('/cases')
        .set(me.auth)
        .send({
          kind: 'wage_arrears',
          workerIds: [worker.id],
          facts: '2026年9月工资3000元未发放',
          amountClaimedFen: 300000,
          knewOn: addDays(shanghaiToday(), -5),
          channel: 'window',
        })
        .expect(201)
    ).body;
    const tasks = t.app.get(TasksService);
    await t.db.transaction(async (m) => {
      await tasks.create(
        {
          kind: 'contract_followup',
          title: `催签劳动合同：${worker.name}`,
          role: 'caseworker',
          subject: { type: 'placement', id: placement.id },
          dueDate: addDays(shanghaiToday(), 3),
          key: `console-${placement.id}-followup`,
          assigneeId: me.userId,
        },
        m,
      );
      await tasks.create(
        {
          kind: 'case_limitation_expired',
          title: `案件 ${kase.number}：请核实有无中断事由`,
          role: 'caseworker',
          subject: { type: 'case', id: kase.id },
          dueDate: shanghaiToday(),
          key: `console-${kase.id}-expired`,
          assigneeId: me.userId,
        },
        m,
      );
    });

    const page = await newPage();
    await loginAs(page, base, me.username, me.password, '/console/tasks?queue=mine');
    await expect(page.locator('header nav a.active').textContent()).resolves.toMatch(/^待办 \d+$/);
    const followup = page.locator('#task-list tr[data-kind="contract_followup"]');
    const expired = page.locator('#task-list tr[data-kind="case_limitation_expired"]');
    await expect(followup.textContent()).resolves.toContain('催签劳动合同');
    await expect(followup.textContent()).resolves.toContain('事由消除后自动办结');
    await expect(followup.locator('a').getAttribute('href')).resolves.toBe(`/console/placements/${placement.id}`);
    await expect(expired.textContent()).resolves.toContain('仲裁时效已届满核实');
    await expect(expired.locator('a').getAttribute('href')).resolves.toBe(`/console/cases/${kase.id}`);
    await shot(page, 'caseworker-tasks');

    await expired.locator('input[name=note]').fill('已核实，无中断事由');
    await submit(page, '#task-list tr[data-kind="case_limitation_expired"] button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('待办已办结');
    expect(await page.locator('#task-list tr[data-kind="case_limitation_expired"]').count()).toBe(0);
    await page.click('a[data-status="done"]');
    const done = page.locator('#task-list tr[data-kind="case_limitation_expired"]');
    await expect(done.textContent()).resolves.toContain(me.displayName);
    await expect(done.locator('[data-close-reason]').textContent()).resolves.toBe('已办结：已核实，无中断事由');

    await page.click('a[data-status="open"]');
    await Promise.all([page.waitForNavigation(), followup.locator('a').click()]);
    expect(new URL(page.url()).pathname).toBe(`/console/placements/${placement.id}`);
    await page.context().close();
  });
});

describe('overview (工作台/报表)', () => {
  it("an admin starts on this month's figures with charts, and issues the monthly progress report as a numbered document", async () => {
    const admin = await t.login('admin');
    const page = await newPage();
    await loginAs(page, base, admin.username, admin.password);
    expect(new URL(page.url()).pathname).toBe('/console/tasks');
    await page.goto(`${base}/console/overview`);
    // Placements registered by the caseworker journey above are this month's: the figure is not empty.
    // The admin's county is the first; other files' counties are not in its figures.
    const [placements] = await t.db.query(
      `SELECT count(*)::int AS n FROM placements WHERE "startDate" >= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date
          AND "countyId" = (SELECT min(id) FROM offices WHERE kind = 'county')`,
    );
    await expect(page.locator('#fig-placements').textContent()).resolves.toMatch(new RegExp(`/ ${placements.n}$`));
    await expect(page.locator('.chart svg').count()).resolves.toBe(4);
    await expect(page.locator('#township-table').textContent()).resolves.toContain('城关镇');
    await shot(page, 'overview');
    // The report of a month no other test file issues (reports.e2e issues this month's and last month's).
    const oldest = await page.locator('#f-month option').last().getAttribute('value');
    await page.selectOption('#f-month', oldest!);
    await submit(page, 'main form.filters button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toContain(oldest!);
    await page.fill('#f-problems', '部分企业签订劳动合同不及时');
    await submit(page, '#report-form button[type=submit]');
    await expect(page.locator('.flash').textContent()).resolves.toContain('汇报已生成');
    const number = await page.locator('#issued-reports li').first().textContent();
    expect(number).toMatch(/示劳输汇〔\d{4}〕\d+号/);
    // The report opens from the console with the session cookie.
    const href = await page.locator('#issued-reports a').first().getAttribute('href');
    const doc = await page.context().request.get(`${base}${href}`);
    expect(doc.status()).toBe(200);
    expect(await doc.text()).toContain('部分企业签订劳动合同不及时');
    await page.context().close();
  });

  it('is not for finance or brokers', async () => {
    const fin = await t.login('finance');
    const page = await newPage();
    await loginAs(page, base, fin.username, fin.password);
    const res = await page.goto(`${base}/console/overview`);
    expect(res?.status()).toBe(403);
    await page.context().close();
  });
});

describe('finance (补贴审批) and broker (我的补贴)', () => {
  let broker: { id: number; name: string };
  let brokerUser: { username: string; password: string };
  let otherBrokerWorker: string;
  let claimId: number;
  let otherClaimId: number;
  let placementId: number;

  beforeAll(async () => {
    const user = await t.login('broker');
    brokerUser = user;
    broker = (
      await t.http
        .post('/brokers')
        .set(cw.auth)
        .send(brokerBody({ userId: user.userId }))
        .expect(201)
    ).body;
    const other = (await t.http.post('/brokers').set(cw.auth).send(brokerBody()).expect(201)).body;
    const refer = async (brokerId: number) => {
      const w = (
        await t.http
          .post('/workers')
          .set(cw.auth)
          .send(workerBody({ categories: ['laid_off'] }))
          .expect(201)
      ).body;
      const e = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
      const p = (
        await t.http
          .post('/placements')
          .set(cw.auth)
          .send({
            workerId: w.id,
            employerId: e.id,
            brokerId,
            startDate: shanghaiToday(),
            job: '仓库管理员',
            monthlyWageFen: 400000,
            destination: '辽宁省大连市',
            organised: true,
          })
          .expect(201)
      ).body;
      await t.http
        .post(`/placements/${p.id}/contract`)
        .set(cw.auth)
        .field('signedOn', shanghaiToday())
        .field('termMonths', '24')
        .attach('file', PNG, { filename: 'c.png', contentType: 'image/png' })
        .expect(201);
      return { worker: w, placement: p };
    };
    const mine = await refer(broker.id);
    placementId = mine.placement.id;
    const theirs = await refer(other.id);
    otherBrokerWorker = theirs.worker.name;
    otherClaimId = await waitFor(
      async () =>
        (
          await t.db.query(`SELECT id FROM claims WHERE "sourceKey" = $1`, [
            `placement-${theirs.placement.id}-referral`,
          ])
        )[0]?.id,
      'the other referral claim',
    );
    claimId = await waitFor(
      async () =>
        (await t.db.query(`SELECT id FROM claims WHERE "sourceKey" = $1`, [`placement-${placementId}-referral`]))[0]
          ?.id,
      'the referral claim',
    );
  }, 90_000);

  it('finance approves a claim from its page and sees the payout', async () => {
    const fin = await t.login('finance');
    const page = await newPage();
    await loginAs(page, base, fin.username, fin.password);
    expect(new URL(page.url()).pathname).toBe('/console/claims');
    await expect(page.locator(`tr[data-claim="${claimId}"]`).count()).resolves.toBe(1);
    await expect(page.locator('#claims-total').textContent()).resolves.toMatch(/¥[\d,]+\.\d\d/);
    await shot(page, 'finance-claims');
    await page.click(`tr[data-claim="${claimId}"] a`);
    await page.waitForURL(new RegExp(`/console/claims/${claimId}$`));
    await expect(page.locator('#evidence').textContent()).resolves.toContain('劳动合同');
    // The evidence inline: the contract scan opens for finance, the checks the referral passed, the broker's record.
    const scanHref = await page.locator('#contract-scan').getAttribute('href');
    expect(scanHref).toBe(`/placements/${placementId}/contract/file`);
    expect((await page.request.get(`${base}${scanHref}`)).status()).toBe(200);
    await expect(page.locator('#evidence-contract').textContent()).resolves.toContain('期限 24 个月');
    await expect(page.locator('#evidence-referral').textContent()).resolves.toContain('已核查并符合');
    // Codes never reach the page: the evidence reads in Chinese only (dates, numbers and the certificate aside).
    expect(await page.locator('#evidence').textContent()).not.toMatch(/\b[a-z_]{4,}\b/);
    await expect(page.locator('#evidence-broker a').textContent()).resolves.toBe(broker.name);
    await expect(page.locator('#evidence-broker a').getAttribute('href')).resolves.toBe(
      `/console/brokers/${broker.id}`,
    );
    // A rejection needs a reason: refused next to the field, nothing decided.
    await page.click('#reject-form button[type=submit]');
    await expect(page.locator('#reject-form .error').textContent()).resolves.toContain('理由');
    await expect(page.locator('#claim-status').getAttribute('data-status')).resolves.toBe('awaiting_approval');
    // Approving asks first: the claim, its payee and the amount in figures and 大写 (80 yuan).
    await submit(page, '#approve-form button[type=submit]');
    await expect(page.locator('#confirm-amount-upper').textContent()).resolves.toBe('捌拾元整');
    await expect(page.locator('#claim-status').count()).resolves.toBe(0);
    await submit(page, '#confirm-form button[type=submit]');
    await page.waitForURL(new RegExp(`/console/claims/${claimId}$`));
    await expect(page.locator('.flash').textContent()).resolves.toContain('已批准');
    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM payouts WHERE "claimId" = $1', [claimId])).length > 0,
      'the payout',
    );
    await page.reload();
    await expect(page.locator('#claim-status').getAttribute('data-status')).resolves.toBe('paid');
    await expect(page.locator('#payout').textContent()).resolves.toContain('¥80.00');
    await shot(page, 'finance-claim');
    await page.goto(`${base}/console/payouts`);
    await expect(page.locator(`#payout-list tr[data-claim="${claimId}"]`).textContent()).resolves.toContain('¥80.00');
    await shot(page, 'finance-payouts');
    await page.context().close();
  });

  it('batch approval answers per claim: one approved, one refused with its reason', async () => {
    const fin = await t.login('finance');
    const page = await newPage();
    await loginAs(page, base, fin.username, fin.password);
    await page.check(`tr[data-claim="${otherClaimId}"] input[name=claimIds]`);
    // The first claim was decided in the test before; a stale page still offers it, the workflow refuses it.
    await page.evaluate((id) => {
      // Runs in the page, where the DOM exists; this file is typed for Node.
      const document = (globalThis as unknown as { document: any }).document;
      const box = document.createElement('input');
      Object.assign(box, { type: 'checkbox', name: 'claimIds', value: String(id), checked: true });
      document.querySelector('#batch-form')!.appendChild(box);
    }, claimId);
    await submit(page, '#batch-form button[type=submit]');
    await expect(page.locator('#confirm-claims tbody tr').count()).resolves.toBe(2);
    await submit(page, '#confirm-form button[type=submit]');
    await page.waitForURL(/\/console\/claims\/batch\//);
    await expect(page.locator('#batch-approved').textContent()).resolves.toBe('1');
    await expect(page.locator('#batch-refused').textContent()).resolves.toBe('1');
    await expect(page.locator(`#batch-results tr[data-claim="${claimId}"]`).textContent()).resolves.toContain(
      '不能再审批',
    );
    await shot(page, 'finance-batch-result');
    await page.context().close();
  });

  it('a broker sees only their own referral, with its status, and is refused a caseworker page', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, base, brokerUser.username, brokerUser.password);
    expect(new URL(page.url()).pathname).toBe('/console/my-referrals');
    const cards = page.locator('.referral');
    await expect(cards.count()).resolves.toBe(1);
    const body = await page.locator('main').textContent();
    expect(body).not.toContain(otherBrokerWorker);
    await expect(cards.first().locator('[data-status]').getAttribute('data-status')).resolves.toMatch(
      /awaiting_approval|approved|paid/,
    );
    await shot(page, 'broker-my-referrals');
    // Navigation offers only the broker's own pages, and a caseworker URL is refused.
    await expect(page.locator('header nav a').allTextContents()).resolves.toEqual([
      '我的推荐',
      '我带的批次',
      '我的补贴',
    ]);
    const res = await page.goto(`${base}/console/cases`);
    expect(res?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toContain('无权访问');
    const api = await page.context().request.get(`${base}/console/placements/${placementId}`);
    expect(api.status()).toBe(403);
    await shot(page, 'broker-refused');
    await page.context().close();
  });
});
