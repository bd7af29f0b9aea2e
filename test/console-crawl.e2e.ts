/**
 * The console as each role sees it, crawled in a real browser from where that role lands:
 * every page a link or a GET form (submitted as it stands) reaches answers (no 404, no 500), every
 * POST form's action is a route of the app, and no page shows an ASCII identifier
 * where Chinese belongs — a stored code, a `system:` actor, a login name. Then a caseworker's
 * morning at 待办: the reminder due, the unassigned case with its days left, and a plain to-do
 * marked done.
 */
import type pw from 'playwright-core';
import { LABELS } from '../src/common/labels.js';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { TASK_KINDS } from '../src/tasks/task-kinds.js';
import { TasksService } from '../src/tasks/tasks.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, loginAs } from './support/browser.js';
import { brokerBody, employerBody, hanTag, workerBody, providerBody } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { PNG, classStartApproved } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;
type Login = Awaited<ReturnType<TestApp['login']>>;
const users: Partial<Record<'admin' | 'caseworker' | 'finance' | 'broker', Login>> = {};
let placementId: number;
let unassignedCase: { id: number; number: string };

/** Every stored code the console has a word for: none of them may be printed as it is. */
const CODES = new Set([...Object.values(LABELS).flatMap((g) => Object.keys(g)), ...Object.keys(TASK_KINDS)]);

/**
 * ASCII that is allowed on a page: numbers and dates, 文号 and case numbers (their ASCII is
 * digits), masked ID numbers (digits and *), phone numbers, the letters of a credit code or an
 * ID's check digit (upper case), and file names of uploaded scans.
 */
const ALLOWED = [/[\w-]*\.(pdf|png|jpg|jpeg|xlsx|csv|json)\b/gi, /\b[0-9A-Z*]+\b/g];
/** The admin's holiday file is JSON: its page names the fields to write, as they are written. */
const ALLOWED_ON: Record<string, string[]> = {
  '/console/calendar': ['year', 'source', 'holidays', 'name', 'from', 'to', 'workdays', 'date'],
};

/** The identifiers a page's visible text shows that a person should not see. */
function leaks(path: string, text: string, logins: string[]): string[] {
  const found: string[] = [];
  for (const l of logins) if (text.includes(l)) found.push(l);
  if (text.includes('system:')) found.push('system:');
  let rest = text;
  for (const a of ALLOWED) rest = rest.replace(a, ' ');
  for (const word of rest.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    // snake_case, or a lower-case word (acknowledgement, mediation, pass), or any code we label.
    if (ALLOWED_ON[path.split('?')[0]]?.includes(word) || !/[A-Za-z]/.test(word)) continue;
    if (/_/.test(word) || /^[a-z]{2,}$/.test(word) || CODES.has(word)) found.push(word);
  }
  return [...new Set(found)];
}

type FormTarget = { method: string; href: string };
/**
 * In the page: where each form goes. A GET form as it would be submitted untouched (its query
 * its fields' defaults); a POST form's action path, and any button's formaction.
 */
const FORM_TARGETS = `[...document.forms].flatMap((f) => {
  const method = (f.getAttribute('method') || 'get').toLowerCase();
  const at = (a) => new URL(a || location.pathname, location.href);
  if (method !== 'get')
    return [f.getAttribute('action'), ...[...f.querySelectorAll('[formaction]')].map((b) => b.getAttribute('formaction'))]
      .map((a) => ({ method, href: at(a).pathname }));
  if (f.querySelector('input[type=file]')) return [];
  const u = at(f.getAttribute('action'));
  const query = new URLSearchParams();
  for (const [k, v] of new FormData(f)) if (typeof v === 'string') query.append(k, v);
  u.search = query.toString();
  return [{ method, href: u.pathname + u.search }];
})`;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
  // A county of this file's own: the crawl sees exactly the records seeded here, whatever else the run holds.
  const county = await countyOffice('丙');
  for (const role of ['admin', 'caseworker', 'finance', 'broker'] as const)
    users[role] = await t.login(role, { officeId: county });
  const cw = users.caseworker!;
  const township = (
    await t.http
      .post('/townships')
      .set(users.admin!.auth)
      .send({ name: `丙${hanTag(3)}镇`, yearlyTarget: 10 })
      .expect(201)
  ).body.name as string;

  // A few records of each kind: workers, an employer, a placement with a contract reminder due,
  // cases at two stages (one unassigned at intake, one of the caseworker's in mediation), a household.
  const worker = (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body;
  const second = (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body;
  const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  placementId = (
    await t.http
      .post('/placements')
      .set(cw.auth)
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
  ).body.id;
  // A broker who referred a laid-off worker, then suspended by the admin: their page shows both people by name.
  const broker = (await t.http.post('/brokers').set(cw.auth).send(brokerBody()).expect(201)).body;
  const referred = (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ township, categories: ['laid_off'] }))
      .expect(201)
  ).body;
  await t.http
    .post('/placements')
    .set(cw.auth)
    .send({
      workerId: referred.id,
      employerId: employer.id,
      brokerId: broker.id,
      startDate: shanghaiToday(),
      job: '叉车司机',
      monthlyWageFen: 450000,
      destination: '辽宁省大连市甘井子区',
      organised: true,
    })
    .expect(201);
  await t.http
    .post(`/brokers/${broker.id}/status`)
    .set(users.admin!.auth)
    .send({ status: 'suspended', reason: '资格证书过期', effectiveDate: shanghaiToday() })
    .expect(201);
  const newCase = async (workerId: number) =>
    (
      await t.http
        .post('/cases')
        .set(cw.auth)
        .send({
          kind: 'wage_arrears',
          workerIds: [workerId],
          facts: '2026年9月工资3000元未发放',
          amountClaimedFen: 300000,
          knewOn: addDays(shanghaiToday(), -5),
          channel: 'window',
        })
        .expect(201)
    ).body as { id: number; number: string };
  unassignedCase = await newCase(worker.id);
  const mine = await newCase(second.id);
  await t.http.post(`/cases/${mine.id}/assign`).set(cw.auth).send({ assigneeId: cw.userId }).expect(200);
  await t.http.post(`/cases/${mine.id}/acknowledge`).set(cw.auth).expect(200);
  await waitFor(async () => {
    const c = (await t.http.get(`/cases/${mine.id}`).set(cw.auth).expect(200)).body;
    return c.stage === 'mediation' ? c : null;
  }, 'the acknowledged case in mediation');
  await waitFor(async () => {
    const c = (await t.http.get(`/cases/${unassignedCase.id}`).set(cw.auth).expect(200)).body;
    return c.nextDeadline ? c : null;
  }, 'the new case’s acknowledgement deadline');
  await t.http
    .post('/households')
    .set(cw.auth)
    .send({
      address: `${township}幸福路${worker.id}号`,
      township,
      responsibleUserId: cw.userId,
      members: [{ workerId: second.id, relationship: 'head' }],
    })
    .expect(201);
  // A survey round (摸底) under way, so its progress, household and closing pages are crawled too.
  await t.http
    .post('/survey-rounds')
    .set(cw.auth)
    .send({ period: `${shanghaiToday().slice(0, 4)}H1` })
    .expect(201);
  // A training subsidy claim: a course passed and completed, then the trainee placed with a contract.
  const trainee = (await t.http.post('/workers').set(cw.auth).send(workerBody({ township })).expect(201)).body;
  const provider = (await t.http.post('/training-providers').set(cw.auth).send(providerBody()).expect(201)).body;
  const course = (
    await t.http
      .post('/courses')
      .set(cw.auth)
      .send({
        providerId: provider.id,
        name: `电焊工${hanTag()}培训班`,
        specialty: '电焊',
        mode: 'commissioned',
        startDate: addDays(shanghaiToday(), -20),
        endDate: addDays(shanghaiToday(), -3),
        hours: 56,
        subsidyPerTraineeFen: 60000,
        payee: 'provider',
      })
      .expect(201)
  ).body;
  const enrollment = (
    await t.http.post(`/courses/${course.id}/enrollments`).set(cw.auth).send({ workerId: trainee.id }).expect(201)
  ).body;
  await t.http
    .put(`/enrollments/${enrollment.id}/attendance`)
    .set(cw.auth)
    .send({ sessionsAttended: 10, sessionsTotal: 10 })
    .expect(200);
  await t.http
    .put(`/enrollments/${enrollment.id}/assessment`)
    .set(cw.auth)
    .send({ result: 'pass', certificateNo: `ZJ-${enrollment.id}` })
    .expect(200);
  await classStartApproved(t.db, course.id);
  await t.http.post(`/courses/${course.id}/complete`).set(cw.auth).expect(200);
  // A course still running, with a trainee: its page shows the record forms and the way to 结业.
  const running = (
    await t.http
      .post('/courses')
      .set(cw.auth)
      .send({
        providerId: provider.id,
        name: `家政${hanTag()}培训班`,
        specialty: '家政服务',
        mode: 'order',
        orderingEmployerId: employer.id,
        startDate: addDays(shanghaiToday(), -2),
        endDate: addDays(shanghaiToday(), 5),
        hours: 40,
        subsidyPerTraineeFen: 50000,
        payee: 'worker',
      })
      .expect(201)
  ).body;
  await t.http.post(`/courses/${running.id}/enrollments`).set(cw.auth).send({ workerId: second.id }).expect(201);
  const placed = (
    await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId: trainee.id,
        employerId: employer.id,
        startDate: shanghaiToday(),
        job: '电焊工',
        monthlyWageFen: 420000,
        destination: '黑龙江省哈尔滨市南岗区',
        organised: true,
      })
      .expect(201)
  ).body;
  await t.http
    .post(`/placements/${placed.id}/contract`)
    .set(cw.auth)
    .field('signedOn', shanghaiToday())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
    .expect(201);
  await waitFor(async () => {
    const claims = (await t.http.get('/claims?pageSize=100').set(users.finance!.auth).expect(200)).body.items;
    return claims.find((c: { workerId: number }) => c.workerId === trainee.id) ?? null;
  }, 'the trainee’s training subsidy claim');

  const tasks = t.app.get(TasksService);
  await t.db.transaction(async (m) => {
    await tasks.create(
      {
        kind: 'contract_followup',
        title: `催签劳动合同：${worker.name}`,
        role: 'caseworker',
        subject: { type: 'placement', id: placementId },
        dueDate: addDays(shanghaiToday(), 2),
        key: `crawl-${placementId}-followup`,
        assigneeId: cw.userId,
      },
      m,
    );
    await tasks.create(
      {
        kind: 'case_limitation_expired',
        title: `案件 ${mine.number}：请核实有无中断事由`,
        role: 'caseworker',
        subject: { type: 'case', id: mine.id },
        dueDate: addDays(shanghaiToday(), -2),
        key: `crawl-${mine.id}-expired`,
        assigneeId: cw.userId,
      },
      m,
    );
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the console, crawled as each role', () => {
  it.each(['admin', 'caseworker', 'finance', 'broker'] as const)(
    'as %s: every page reachable from the landing page answers, in Chinese words and people’s names',
    async (role) => {
      const me = users[role]!;
      const logins = Object.values(users).map((u) => u.username);
      const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
      await loginAs(page, base, me.username, me.password);
      const landing = new URL(page.url());
      const seen = new Set<string>();
      const problems: string[] = [];
      const queue = [landing.pathname + landing.search];
      const posts = new Map<string, string>();
      while (queue.length && seen.size < 150) {
        const path = queue.shift()!;
        if (seen.has(path)) continue;
        seen.add(path);
        const res = await page.goto(`${base}${path}`);
        if (res?.status() !== 200) problems.push(`${path}: ${res?.status()}`);
        const found = leaks(path, await page.innerText('body'), logins);
        if (found.length) problems.push(`${path}: ${found.join(', ')}`);
        const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
        // Forms are targets too: a GET form (a filter, a search) is followed as submitted with
        // what it shows by default; a POST form's action (and a button's formaction) is checked below.
        const forms = await page.evaluate<FormTarget[]>(FORM_TARGETS);
        for (const f of forms) {
          if (f.method === 'get') links.push(f.href);
          else if (!posts.has(f.href)) posts.set(f.href, path);
        }
        for (const href of links) {
          const u = new URL(href, `${base}${path}`);
          if (u.origin !== base || !u.pathname.startsWith('/console') || u.pathname.includes('logout')) continue;
          // Downloads (exports, scans, letters as PDF) are files, not pages.
          if (/\.(xlsx|pdf|png|jpg)$|\/file$|format=xlsx|export/.test(u.pathname + u.search)) continue;
          if (!seen.has(u.pathname + u.search)) queue.push(u.pathname + u.search);
        }
      }
      // Every POST form's action is a route the app has: refused for its missing CSRF token (403), never 404.
      const probe = async (action: string) =>
        (await page.context().request.post(`${base}${action}`, { form: { probe: '1' }, maxRedirects: 0 })).status();
      for (const [action, from] of posts) {
        const status = await probe(action);
        if (status !== 403) problems.push(`POST ${action} (form on ${from}): ${status}`);
      }
      // The probe tells the two apart: a path no route has is 404.
      expect(await probe('/console/no-such-form')).toBe(404);
      expect(problems).toEqual([]);
      expect(posts.size).toBeGreaterThan(role === 'broker' ? 0 : 3);
      // The GET forms were followed: the search box as it stands (empty) is a page like any other.
      if (role !== 'broker') expect([...seen].some((p) => p.startsWith('/console/search?q='))).toBe(true);
      // It reached the records, not just the menus.
      const reached = {
        admin: [
          '/console/cases/',
          '/console/placements/',
          '/console/claims/',
          '/console/brokers/',
          '/console/courses/',
          '/console/survey-rounds/',
        ],
        caseworker: [
          '/console/cases/',
          '/console/placements/',
          '/console/households/',
          '/console/brokers/',
          '/console/courses/',
          '/console/providers/',
          '/console/survey-rounds/',
        ],
        finance: ['/console/claims/', '/console/brokers/', '/console/courses/', '/console/providers/'],
        broker: [],
      }[role];
      for (const prefix of reached)
        expect([prefix, [...seen].some((p) => /\/\d+$/.test(p) && p.startsWith(prefix))]).toEqual([prefix, true]);
      // The admin's own pages, reached from the navigation.
      if (role === 'admin')
        for (const own of [
          '/console/users',
          '/console/policies',
          '/console/calendar/2026',
          '/console/townships',
          '/console/audit',
        ])
          expect([own, seen.has(own)]).toEqual([own, true]);
      // The running course's 结业 confirmation is a page of its own, reached from the course.
      if (role === 'caseworker')
        expect([...seen].some((p) => /^\/console\/courses\/\d+\/complete$/.test(p))).toBe(true);
      await page.context().close();
    },
    300_000,
  );
});

describe('a caseworker’s morning at 待办', () => {
  it('lands on 待办 with the reminder due and the unassigned case showing days left, clicks through to each, and marks a plain to-do done', async () => {
    const me = users.caseworker!;
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await loginAs(page, base, me.username, me.password);
    expect(new URL(page.url()).pathname).toBe('/console/tasks');
    // The navigation counts the open tasks of mine and of my role's queue.
    await expect(page.locator('header nav a[href="/console/tasks"] [data-nav-count]').textContent()).resolves.toMatch(
      /^\d+$/,
    );

    const reminder = page.locator('#task-list tr[data-kind="contract_followup"]');
    await expect(reminder.locator('[data-due]').textContent()).resolves.toBe('剩2天');
    const expired = page.locator('#task-list tr[data-kind="case_limitation_expired"]');
    await expect(expired.locator('[data-due]').textContent()).resolves.toBe('已逾期2天');
    const unassigned = page.locator(`#unassigned-cases tr[data-case="${unassignedCase.id}"]`);
    await expect(unassigned.locator('[data-due]').textContent()).resolves.toMatch(/^(剩\d+天|今天到期|已逾期\d+天)$/);

    await Promise.all([page.waitForNavigation(), reminder.locator('a').click()]);
    expect(new URL(page.url()).pathname).toBe(`/console/placements/${placementId}`);
    await page.goBack();
    await Promise.all([page.waitForNavigation(), unassigned.locator('a').click()]);
    expect(new URL(page.url()).pathname).toBe(`/console/cases/${unassignedCase.id}`);
    await page.goto(`${base}/console`);

    // The reminder closes itself when the contract is recorded; the limitation check is a plain to-do.
    await expect(reminder.textContent()).resolves.not.toContain('标记完成');
    await Promise.all([page.waitForNavigation(), expired.locator('button[type=submit]').click()]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('待办已办结');
    expect(await page.locator('#task-list tr[data-kind="case_limitation_expired"]').count()).toBe(0);
    await page.context().close();
  }, 120_000);
});
