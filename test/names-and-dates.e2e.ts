/**
 * People appear by name and dates are Asia/Shanghai dates, through the real API, worker,
 * Postgres and Temporal: users' 姓名 and office phone, the names (never logins, 系统自动 for the
 * system) on letters, timelines and notes, and the date a case was received on its letters
 * when it arrived at a moment whose UTC date is the day before (the API's clock fixed there).
 */
import { fixClock } from '../src/common/clock.js';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { employerBody, hanTag, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
type User = { auth: Auth; userId: number; username: string };
let t: TestApp;
let admin: User;
let cw: User & { name: string; phone: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const u = await t.login('caseworker');
  cw = { ...u, name: `孙${hanTag(2)}`, phone: '0458-5612399' };
  await t.http
    .patch(`/users/${u.userId}`)
    .set(admin.auth)
    .send({ displayName: cw.name, officePhone: cw.phone })
    .expect(200);
});
afterAll(async () => {
  fixClock(null);
  await t?.close();
});

/** 2026-12-01 → 2026年12月1日, written out here independently of the app's helper. */
const cn = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

async function newCase(auth: Auth = cw.auth, body: Record<string, unknown> = {}) {
  const worker = (await t.http.post('/workers').set(auth).send(workerBody()).expect(201)).body;
  const employer = (await t.http.post('/employers').set(auth).send(employerBody()).expect(201)).body;
  const res = await t.http
    .post('/cases')
    .set(auth)
    .send({
      kind: 'wage_arrears',
      workerIds: [worker.id],
      employerId: employer.id,
      facts: '2026年9月至11月工资共计9000元未发放',
      amountClaimedFen: 900_000,
      knewOn: addDays(shanghaiToday(), -5),
      channel: 'window',
      ...body,
    })
    .expect(201);
  return res.body as { id: number; number: string };
}

const getCase = async (id: number) => (await t.http.get(`/cases/${id}`).set(cw.auth).expect(200)).body;
const acknowledgementSet = (id: number) =>
  waitFor(async () => {
    const c = await getCase(id);
    return c.process?.current?.label === 'acknowledgement' ? c : null;
  }, `case ${id}: its acknowledgement deadline`);

async function documentHtml(subject: { documents: { id: number; type: string }[] }, type: string) {
  const doc = subject.documents.find((d) => d.type === type);
  expect(doc).toBeDefined();
  return (await t.http.get(`/documents/${doc!.id}`).set(cw.auth).expect(200)).text;
}

describe('users: 姓名 and office phone', () => {
  it.each([
    ['a login as the name', { displayName: 'caseworker' }, 'displayName'],
    ['letters in the name', { displayName: '王A' }, 'displayName'],
    ['a one-character name', { displayName: '王' }, 'displayName'],
    ['an office phone without area code', { officePhone: '5612345' }, 'officePhone'],
  ])('%s → 400 naming the field, in Chinese; no user written', async (_what, fields, field) => {
    const username = `u.${hanTag(1).charCodeAt(0)}${Date.now()}`;
    const res = await t.http
      .post('/users')
      .set(admin.auth)
      .send({ username, displayName: '周建国', role: 'caseworker', password: 'a-long-password-1', ...fields });
    expect(res.status).toBe(400);
    const detail = res.body.details.find((d: { field: string }) => d.field === field);
    expect(detail.reason).toMatch(/[\u4e00-\u9fff]/);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [username]);
    expect(n).toBe(0);
  });

  it('keeps a 姓名 with a middle dot and an office phone; the phone can be changed and removed', async () => {
    const username = `u.dot${Date.now()}`;
    const created = await t.http.post('/users').set(admin.auth).send({
      username,
      displayName: '阿依古丽·买买提',
      officePhone: '0458-5612301',
      role: 'caseworker',
      password: 'a-long-password-1',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: '阿依古丽·买买提', officePhone: '0458-5612301' });
    const changed = await t.http
      .patch(`/users/${created.body.id}`)
      .set(admin.auth)
      .send({ officePhone: '13904581234' })
      .expect(200);
    expect(changed.body.officePhone).toBe('13904581234');
    const bad = await t.http.patch(`/users/${created.body.id}`).set(admin.auth).send({ displayName: 'zhou' });
    expect(bad.status).toBe(400);
    const removed = await t.http
      .patch(`/users/${created.body.id}`)
      .set(admin.auth)
      .send({ officePhone: null })
      .expect(200);
    expect(removed.body).toMatchObject({ displayName: '阿依古丽·买买提', officePhone: null });
  });
});

describe('letters, timelines and notes name people', () => {
  it('the rectification notice names the caseworker who registered the placement, with their office phone, never the login', async () => {
    const worker = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
    const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
    const placement = await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId: worker.id,
        employerId: employer.id,
        startDate: addDays(shanghaiToday(), -40),
        job: '报纸投递员',
        monthlyWageFen: 300_000,
        destination: '黑龙江省哈尔滨市南岗区',
        organised: true,
      })
      .expect(201);
    const p = await waitFor(async () => {
      const r = await t.http.get(`/placements/${placement.body.id}`).set(cw.auth);
      return r.body.documents?.some((d: { type: string }) => d.type === 'contract_rectification') && r.body.case
        ? r.body
        : null;
    }, 'the rectification notice');
    const html = await documentHtml(p, 'contract_rectification');
    expect(html).toContain(`联系人：${cw.name}`);
    expect(html).toContain(`联系电话：${cw.phone}`);
    expect(html).not.toContain(cw.username);

    // The case the process opened: opened by the system, shown as 系统自动, never system:workflow.
    const c = await acknowledgementSet(p.case.id);
    expect(c.openedByName).toBe('系统自动');
    expect(c.timeline.length).toBeGreaterThan(0);
    for (const e of c.timeline) expect(e.byName).toBe('系统自动');
  });

  it('timeline, notes and attachments show names; renaming a user renames them in the history; 受理通知书 and 转办单 name the caseworker and their phone', async () => {
    const c0 = await newCase();
    await acknowledgementSet(c0.id);
    await t.http.post(`/cases/${c0.id}/assign`).set(cw.auth).send({ assigneeId: cw.userId }).expect(200);
    await t.http.post(`/cases/${c0.id}/notes`).set(cw.auth).send({ text: '已电话联系用人单位' }).expect(201);
    await t.http.post(`/cases/${c0.id}/acknowledge`).set(cw.auth).expect(200);
    const c = await getCase(c0.id);
    expect(c.openedByName).toBe(cw.name);
    expect(c.assigneeName).toBe(cw.name);
    expect(c.notes[0].authorName).toBe(cw.name);
    const mine = c.timeline.filter((e: { by: string }) => e.by === cw.username);
    expect(mine.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['opened', 'acknowledge']));
    for (const e of mine) expect(e.byName).toBe(cw.name);
    for (const e of c.timeline.filter((x: { by: string }) => x.by === 'system:workflow'))
      expect(e.byName).toBe('系统自动');

    const acceptance = await documentHtml(c, 'case_acceptance');
    expect(acceptance).toContain(`<td>${cw.name}</td>`);
    expect(acceptance).toContain(`联系电话：${cw.phone}`);
    expect(acceptance).not.toContain(cw.username);

    await t.http
      .post(`/cases/${c0.id}/escalate`)
      .set(cw.auth)
      .send({ to: 'inspection', reason: '用人单位拒不支付', escalatedOn: shanghaiToday() })
      .expect(200);
    const slip = await documentHtml(await getCase(c0.id), 'transfer_slip');
    expect(slip).toContain(`联系人：${cw.name}`);
    expect(slip).toContain(`联系电话：${cw.phone}`);
    expect(slip).not.toContain(cw.username);

    // Renamed (a corrected name): the history shows the person by their current name; the letters stay as issued.
    const renamed = `孙${hanTag(3)}`;
    await t.http.patch(`/users/${cw.userId}`).set(admin.auth).send({ displayName: renamed }).expect(200);
    cw.name = renamed;
    const after = await getCase(c0.id);
    expect(after.assigneeName).toBe(renamed);
    expect(after.notes[0].authorName).toBe(renamed);
    for (const e of after.timeline.filter((x: { by: string }) => x.by === cw.username)) expect(e.byName).toBe(renamed);
    expect(await documentHtml(after, 'case_acceptance')).toBe(acceptance);
  });
});

describe('dates are Asia/Shanghai dates', () => {
  /** The latest 18:27 UTC at or before now: 02:27 the next day in Beijing, so the two dates differ. */
  function lateEveningUtc(): Date {
    const d = new Date();
    d.setUTCHours(18, 27, 0, 0);
    if (d.getTime() > Date.now()) d.setUTCDate(d.getUTCDate() - 1);
    return d;
  }

  it('a case opened at 02:27 Beijing time is received on that Beijing date, on the case and in 受理通知书 and 转办单', async () => {
    const at = lateEveningUtc();
    const utcDate = at.toISOString().slice(0, 10);
    const beijing = addDays(utcDate, 1);
    fixClock(at);
    try {
      const opened = await newCase(cw.auth, { knewOn: addDays(beijing, -3) });
      const c = await acknowledgementSet(opened.id);
      expect(new Date(c.openedAt).toISOString()).toBe(at.toISOString());
      expect(c.receivedOn).toBe(beijing);
      await t.http.post(`/cases/${opened.id}/acknowledge`).set(cw.auth).expect(200);
      const acceptance = await documentHtml(await getCase(opened.id), 'case_acceptance');
      expect(acceptance).toContain(`你于${cn(beijing)}向我局反映`);
      expect(acceptance).toContain(`<th>收件日期</th><td>${cn(beijing)}</td>`);
      expect(acceptance).not.toContain(cn(utcDate));

      await t.http
        .post(`/cases/${opened.id}/escalate`)
        .set(cw.auth)
        .send({ to: 'inspection', reason: '用人单位拒不支付', escalatedOn: beijing })
        .expect(200);
      const slip = await documentHtml(await getCase(opened.id), 'transfer_slip');
      expect(slip).toContain(`我局于${cn(beijing)}收到`);
      expect(slip).toContain(`<th>收件日期</th><td>${cn(beijing)}</td>`);
      expect(slip).not.toContain(cn(utcDate));
    } finally {
      fixClock(null);
    }
  });
});
