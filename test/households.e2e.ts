/**
 * Zero-employment households through the real API, with a real worker running the
 * householdSupport and contactRequest workflows and their activities against Postgres on the
 * Temporal dev server: the status derived from members, the contact card, clearing by a
 * member's contract and falling back, survey rounds and the missed-household rule, the
 * request → rights case link, bad input, roles, and the summary on a seeded data set.
 */
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG } from './support/records.js';
import { auditRows, citizenId, employerBody, hanTag, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

type Auth = { Authorization: string };
type User = { auth: Auth; userId: number; username: string; displayName: string };
let t: TestApp;
let cw: User;
let admin: User;
let fin: User;
let broker: User;
/** A township of this run only, so by-township figures count only these households. */
let township: string;
let townshipId: number;

beforeAll(async () => {
  t = await createTestApp();
  [cw, admin, fin, broker] = await Promise.all([
    t.login('caseworker'),
    t.login('admin'),
    t.login('finance'),
    t.login('broker'),
  ]);
  township = `户${hanTag(4)}镇`;
  townshipId = (await t.http.post('/townships').set(admin.auth).send({ name: township, yearlyTarget: 10 }).expect(201))
    .body.id;
});
afterAll(() => t?.close());

const today = () => shanghaiToday();

/** A registered worker born on that date (working age: 1985–1995; elderly: 1950). */
async function person(birth: string, sex: 'male' | 'female' = 'male') {
  return (
    await t.http
      .post('/workers')
      .set(cw.auth)
      .send(workerBody({ citizenId: citizenId({ birth, sex }).id, township }))
      .expect(201)
  ).body as { id: number; name: string };
}

async function household(members: { id: number }[], extra: Record<string, unknown> = {}) {
  const res = await t.http
    .post('/households')
    .set(cw.auth)
    .send({
      address: `${township}幸福路${hanTag(2)}号`,
      township,
      responsibleUserId: cw.userId,
      members: members.map((m, i) => ({ workerId: m.id, relationship: i === 0 ? 'head' : 'spouse' })),
      ...extra,
    });
  return res;
}

const getHousehold = async (id: number) => (await t.http.get(`/households/${id}`).set(cw.auth).expect(200)).body;
const rows = async (sql: string, params: unknown[]) => t.db.query(sql, params);

async function placeWithContract(workerId: number) {
  const employer = (await t.http.post('/employers').set(cw.auth).send(employerBody()).expect(201)).body;
  const p = (
    await t.http
      .post('/placements')
      .set(cw.auth)
      .send({
        workerId,
        employerId: employer.id,
        startDate: today(),
        job: '普工',
        monthlyWageFen: 350000,
        destination: '浙江省宁波市',
        organised: true,
      })
      .expect(201)
  ).body;
  await t.http
    .post(`/placements/${p.id}/contract`)
    .set(cw.auth)
    .field('signedOn', today())
    .field('termMonths', '12')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
    .expect(201);
  return p as { id: number };
}

describe('households: derived status, contact card, clearing and falling back', () => {
  it('a household of two working-age members without work is zero-employment at once: episode 1, a numbered contact card, the first visit due in 30 days', async () => {
    const [a, b] = [await person('1988-03-04'), await person('1990-07-08', 'female')];
    const res = await household([a, b]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'zero_employment', episode: 1, township });
    const h = await waitFor(async () => {
      const x = await getHousehold(res.body.id);
      return x.episodes[0]?.cardNumber && x.episodes[0]?.nextVisitDue ? x : null;
    }, 'the contact card and the first visit');
    expect(h.members.map((m: { workingAge: boolean }) => m.workingAge)).toEqual([true, true]);
    expect(h.members[0].citizenId).toMatch(/\*{8}/);
    expect(h.episodes[0]).toMatchObject({
      episode: 1,
      foundOn: today(),
      clearedOn: null,
      nextVisitDue: addDays(today(), 30),
      workflowId: `household-${h.id}-episode-1`,
    });
    expect(h.history.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'status_changed', 'found', 'card_issued', 'visit_scheduled']),
    );
    expect(h.history.find((e: { kind: string }) => e.kind === 'status_changed')).toMatchObject({
      fromStatus: 'employed',
      toStatus: 'zero_employment',
      cause: '登记时认定',
    });
    expect(h.process).toMatchObject({ stage: 'supporting', episode: 1 });
    const card = h.documents.find((d: { type: string }) => d.type === 'employment_contact_card');
    expect(card.number).toMatch(/联〔\d{4}〕\d+号$/);
    const html = (await t.http.get(`/documents/${card.id}`).set(cw.auth).expect(200)).text;
    expect(html).toContain(h.episodes[0].cardNumber);
    expect(html).toContain('小额担保贷款');
    expect(html).toContain('公益性岗位');
    // Seed 001 priority: both members are candidates, marked as such.
    const cands = (await t.http.get('/households/priority-candidates').query({ township }).set(cw.auth).expect(200))
      .body;
    expect(
      cands
        .filter((c: { householdId: number }) => c.householdId === h.id)
        .map((c: { id: number; zeroEmploymentHousehold: boolean }) => [c.id, c.zeroEmploymentHousehold])
        .sort(),
    ).toEqual(
      [
        [a.id, true],
        [b.id, true],
      ].sort(),
    );
    const audit = await auditRows(t, 'household', h.id);
    expect(audit.map((l) => l.action)).toEqual(
      expect.arrayContaining(['create', 'status_changed', 'contact_card_issued']),
    );
  });

  it('a visit is recorded through the process; one dated before the finding or in the future is refused (400, nothing written)', async () => {
    const h = (await household([await person('1987-01-02')])).body;
    await waitFor(async () => (await getHousehold(h.id)).process, 'the support process');
    const before = await t.http
      .post(`/households/${h.id}/visits`)
      .set(cw.auth)
      .send({ visitedOn: addDays(today(), -1), offered: ['training'] });
    expect(before.status).toBe(400);
    expect(before.body.details[0]).toMatchObject({
      field: 'visitedOn',
      reason: expect.stringMatching(/不能早于认定为零就业家庭的日期/),
    });
    const future = await t.http
      .post(`/households/${h.id}/visits`)
      .set(cw.auth)
      .send({ visitedOn: addDays(today(), 2), offered: ['training'] });
    expect(future.status).toBe(400);
    const badOffer = await t.http
      .post(`/households/${h.id}/visits`)
      .set(cw.auth)
      .send({ visitedOn: today(), offered: ['money'] });
    expect(badOffer.status).toBe(400);
    expect((await rows('SELECT count(*)::int AS n FROM household_visits WHERE "householdId" = $1', [h.id]))[0].n).toBe(
      0,
    );
    const ok = await t.http
      .post(`/households/${h.id}/visits`)
      .set(cw.auth)
      .send({ visitedOn: today(), offered: ['training', 'loan'], note: '有意参加电焊培训' });
    expect(ok.status).toBe(200);
    expect(ok.body.visits).toHaveLength(1);
    expect(ok.body.nextVisitDue).toBe(addDays(today(), 30));
    const visits = (await getHousehold(h.id)).visits;
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ visitedOn: today(), visitedBy: cw.username, offered: ['training', 'loan'] });
  });

  it('a member placed with a contract clears the household (referral), ends its visits and marks the placement; the placement ending starts episode 2, history shows both', async () => {
    const [a, b] = [await person('1986-05-06'), await person('1992-09-10', 'female')];
    const h = (await household([a, b])).body;
    await waitFor(async () => (await getHousehold(h.id)).episodes[0]?.cardNumber, 'the card');
    const p = await placeWithContract(a.id);
    const cleared = await waitFor(async () => {
      const x = await getHousehold(h.id);
      return x.episodes[0]?.clearedOn ? x : null;
    }, 'the household cleared');
    expect(cleared.status).toBe('employed');
    expect(cleared.episodes[0]).toMatchObject({
      clearedOn: today(),
      measure: 'referral',
      clearedByPlacementId: p.id,
      nextVisitDue: null,
    });
    expect(cleared.history.map((e: { kind: string }) => e.kind)).toContain('cleared');
    expect(cleared.members.find((m: { workerId: number }) => m.workerId === a.id).employment).toMatchObject({
      type: 'placement',
      id: p.id,
    });
    expect((await auditRows(t, 'placement', p.id)).map((l) => l.action)).toContain('cleared_zero_employment_household');
    const run1 = (
      await t.app.get((await import('../src/temporal/temporal.service.js')).TemporalService).client()
    ).workflow.getHandle(`household-${h.id}-episode-1`);
    expect((await run1.describe()).status.name).toBe('COMPLETED');
    // No longer a priority candidate.
    const cands = (await t.http.get('/households/priority-candidates').query({ township }).set(cw.auth).expect(200))
      .body;
    expect(cands.some((c: { householdId: number }) => c.householdId === h.id)).toBe(false);
    // The job ends: the household falls back and a new run starts.
    await t.http
      .post(`/placements/${p.id}/end`)
      .set(cw.auth)
      .send({ endDate: today(), reason: '合同期内离职' })
      .expect(201);
    const back = await waitFor(async () => {
      const x = await getHousehold(h.id);
      return x.episodes.length === 2 && x.episodes[1].cardNumber ? x : null;
    }, 'episode 2');
    expect(back).toMatchObject({ status: 'zero_employment', episode: 2 });
    expect(back.episodes[1]).toMatchObject({ episode: 2, clearedOn: null, workflowId: `household-${h.id}-episode-2` });
    expect(back.process).toMatchObject({ episode: 2, stage: 'supporting' });
    const changes = back.history
      .filter((e: { kind: string }) => e.kind === 'status_changed')
      .map((e: { toStatus: string }) => e.toStatus);
    expect(changes).toEqual(['zero_employment', 'employed', 'zero_employment']);
    expect(back.documents.filter((d: { type: string }) => d.type === 'employment_contact_card')).toHaveLength(2);
  });

  it('recorded employment outside placements (公益性岗位) clears with measure public_post', async () => {
    const a = await person('1989-11-12');
    const h = (await household([a])).body;
    await waitFor(async () => (await getHousehold(h.id)).process, 'the support process');
    const res = await t.http
      .post(`/households/${h.id}/employments`)
      .set(cw.auth)
      .send({ workerId: a.id, kind: 'public_post', startDate: today(), note: '社区保洁公益性岗位' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('employed');
    const x = await waitFor(async () => {
      const y = await getHousehold(h.id);
      return y.episodes[0]?.clearedOn ? y : null;
    }, 'cleared');
    expect(x.episodes[0].measure).toBe('public_post');
  });
});

describe('priority (seed 001) where a caseworker picks people', () => {
  it('the worker list marks members of zero-employment households and, with priorityFirst, lists them first', async () => {
    const loner = await person('1991-01-15');
    const member = await person('1991-02-15');
    await household([member]);
    const plain = (
      await t.http.get('/workers').query({ township, order: 'desc', pageSize: 200 }).set(cw.auth).expect(200)
    ).body.items;
    expect(plain.find((w: { id: number }) => w.id === loner.id).zeroEmploymentHousehold).toBe(false);
    expect(plain.find((w: { id: number }) => w.id === member.id).zeroEmploymentHousehold).toBe(true);
    const first = (
      await t.http
        .get('/workers')
        .query({ township, order: 'desc', pageSize: 200, priorityFirst: 'true' })
        .set(cw.auth)
        .expect(200)
    ).body.items;
    const flags: boolean[] = first.map((w: { zeroEmploymentHousehold: boolean }) => w.zeroEmploymentHousehold);
    expect(flags.indexOf(false)).toBeGreaterThan(flags.lastIndexOf(true));
    expect(first.findIndex((w: { id: number }) => w.id === member.id)).toBeLessThan(
      first.findIndex((w: { id: number }) => w.id === loner.id),
    );
  });
});

describe('bad input: clear 4xx, nothing changed', () => {
  it('a member who belongs to another household: 409, no second household written', async () => {
    const a = await person('1985-02-03');
    const first = (await household([a])).body;
    const before = (await rows('SELECT count(*)::int AS n FROM households', []))[0].n;
    const res = await household([await person('1991-04-05'), a]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('HOUSEHOLD.MEMBER_ELSEWHERE');
    expect(res.body.households).toEqual([{ workerId: a.id, householdId: first.id }]);
    expect((await rows('SELECT count(*)::int AS n FROM households', []))[0].n).toBe(before);
    const add = await t.http
      .post(`/households/${first.id}/members`)
      .set(cw.auth)
      .send({ workerId: a.id, relationship: 'child' });
    expect(add.status).toBe(409);
  });

  it('a household with no working-age member is not zero-employment: marking it is refused with the reason', async () => {
    const h = (await household([await person('1950-01-01'), await person('1955-06-01', 'female')])).body;
    expect(h.status).toBe('no_working_age');
    const res = await t.http.post(`/households/${h.id}/zero-employment`).set(cw.auth);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('HOUSEHOLD.NO_WORKING_AGE');
    expect(res.body.message).toMatch(/没有劳动年龄成员/);
    expect(
      (await rows('SELECT count(*)::int AS n FROM household_episodes WHERE "householdId" = $1', [h.id]))[0].n,
    ).toBe(0);
  });

  it('a second open run for the same household: 409', async () => {
    const h = (await household([await person('1993-03-03')])).body;
    const res = await t.http.post(`/households/${h.id}/zero-employment`).set(cw.auth);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('HOUSEHOLD.RUN_OPEN');
    expect(
      (await rows('SELECT count(*)::int AS n FROM household_episodes WHERE "householdId" = $1', [h.id]))[0].n,
    ).toBe(1);
  });

  it('bad fields and roles: unknown field, no head, unknown township → 400; finance and broker → 403', async () => {
    const a = await person('1990-01-01');
    expect((await household([a], { colour: 'red' })).status).toBe(400);
    expect(
      (
        await t.http
          .post('/households')
          .set(cw.auth)
          .send({ address: '某路1号', township, members: [{ workerId: a.id, relationship: 'spouse' }] })
      ).status,
    ).toBe(400);
    expect((await household([a], { township: '不存在镇' })).body.details[0].field).toBe('township');
    expect((await rows('SELECT count(*)::int AS n FROM household_members WHERE "workerId" = $1', [a.id]))[0].n).toBe(0);
    await t.http.get('/households').set(fin.auth).expect(403);
    await t.http.get('/households/summary').query({ from: '2026-01-01', to: '2026-12-31' }).set(fin.auth).expect(403);
    await t.http.post('/contact-requests').set(broker.auth).send({}).expect(403);
    await t.http.get('/survey-rounds').set(broker.auth).expect(403);
  });
});

describe('contact-card requests', () => {
  it('a job request is closed only with an answer (400 without), then answered in time', async () => {
    const a = await person('1988-08-08');
    const h = (await household([a])).body;
    const r = await t.http
      .post('/contact-requests')
      .set(cw.auth)
      .send({ householdId: h.id, caller: '户主', channel: 'phone', kind: 'job', details: '想找一份县城附近的工作' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'open',
      receivedOn: today(),
      dueOn: addDays(today(), 7),
      assigneeId: cw.userId,
    });
    await waitFor(
      async () => (await t.http.get(`/contact-requests/${r.body.id}`).set(cw.auth)).body.process,
      'the request process',
    );
    const empty = await t.http.post(`/contact-requests/${r.body.id}/close`).set(cw.auth).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['accepted', 'offered']);
    expect((await rows('SELECT status FROM contact_requests WHERE id = $1', [r.body.id]))[0].status).toBe('open');
    const ok = await t.http
      .post(`/contact-requests/${r.body.id}/answer`)
      .set(cw.auth)
      .send({ offered: '推荐至工业园区鞋厂普工岗位', accepted: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ stage: 'answered', answer: { answeredOn: today(), accepted: true } });
    const row = (
      await rows(
        'SELECT status, "answeredOn"::text AS "answeredOn", accepted, breached FROM contact_requests WHERE id = $1',
        [r.body.id],
      )
    )[0];
    expect(row).toEqual({ status: 'answered', answeredOn: today(), accepted: true, breached: false });
    expect(
      (
        await t.http
          .post(`/contact-requests/${r.body.id}/answer`)
          .set(cw.auth)
          .send({ offered: '再答复', accepted: false })
      ).status,
    ).toBe(409);
    expect((await auditRows(t, 'contact_request', r.body.id)).map((l) => l.action)).toEqual(['create', 'answered']);
  });

  it('a rights problem opens a linked rights case; acknowledging the case answers the request', async () => {
    const a = await person('1987-07-07');
    const h = (await household([a])).body;
    const noWorker = await t.http.post('/contact-requests').set(cw.auth).send({
      householdId: h.id,
      caller: '户主',
      channel: 'window',
      kind: 'rights',
      details: '在外务工被拖欠工资三个月',
    });
    expect(noWorker.status).toBe(400);
    const r = await t.http.post('/contact-requests').set(cw.auth).send({
      householdId: h.id,
      workerId: a.id,
      caller: '户主',
      channel: 'window',
      kind: 'rights',
      details: '在外务工被拖欠工资三个月',
      caseKind: 'wage_arrears',
      amountClaimedFen: 900000,
    });
    expect(r.status).toBe(201);
    expect(r.body.caseId).toEqual(expect.any(Number));
    const c = (await t.http.get(`/cases/${r.body.caseId}`).set(cw.auth).expect(200)).body;
    expect(c).toMatchObject({ kind: 'wage_arrears', channel: 'window', amountClaimedFen: 900000 });
    expect(c.facts).toContain('联系卡求助');
    await waitFor(
      async () => (await t.http.get(`/cases/${r.body.caseId}`).set(cw.auth)).body.process?.stage === 'intake',
      'the case process',
    );
    await waitFor(
      async () => (await t.http.get(`/contact-requests/${r.body.id}`).set(cw.auth)).body.process,
      'the request process',
    );
    await t.http.post(`/cases/${r.body.caseId}/acknowledge`).set(cw.auth).expect(200);
    const answered = await waitFor(async () => {
      const x = (await t.http.get(`/contact-requests/${r.body.id}`).set(cw.auth)).body;
      return x.status === 'answered' ? x : null;
    }, 'the request answered by the acknowledgement');
    expect(answered).toMatchObject({ answeredOn: today(), accepted: true, answeredBy: cw.username });
    expect(answered.process.answer.caseId).toBe(r.body.caseId);
  });

  it('bad requests: unknown household, a worker of another household, a future date, a bad kind → 400', async () => {
    const h = (await household([await person('1989-09-09')])).body;
    const other = await person('1990-10-10');
    const base = { householdId: h.id, caller: '户主', channel: 'phone', kind: 'job', details: '求职' };
    expect(
      (
        await t.http
          .post('/contact-requests')
          .set(cw.auth)
          .send({ ...base, householdId: 99_999_999 })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/contact-requests')
          .set(cw.auth)
          .send({ ...base, workerId: other.id })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/contact-requests')
          .set(cw.auth)
          .send({ ...base, receivedOn: addDays(today(), 1) })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/contact-requests')
          .set(cw.auth)
          .send({ ...base, kind: 'money' })
      ).status,
    ).toBe(400);
    expect((await rows('SELECT count(*)::int AS n FROM contact_requests WHERE "householdId" = $1', [h.id]))[0].n).toBe(
      0,
    );
  });
});

describe('the activities behind the timers (called directly, as a retry would)', () => {
  it("visit reminder, request reminder and breach each write one task however often they run; the answer closes the request's tasks", async () => {
    const { HouseholdActivities } = await import('../src/households/households.activities.js');
    const acts = t.app.get(HouseholdActivities);
    const h = (await household([await person('1992-12-12')])).body;
    const due = addDays(today(), 30);
    for (let i = 0; i < 2; i++) await acts.remindHouseholdVisit({ householdId: h.id, episode: 1, dueOn: due });
    const visitTasks = await rows(
      `SELECT role, "dueDate"::text AS "dueDate", status, title FROM tasks WHERE "subjectType" = 'household' AND "subjectId" = $1`,
      [h.id],
    );
    expect(visitTasks).toHaveLength(1);
    expect(visitTasks[0]).toMatchObject({ role: 'caseworker', dueDate: due, status: 'open' });
    expect(visitTasks[0].title).toContain(cw.displayName);

    const r = (
      await t.http
        .post('/contact-requests')
        .set(cw.auth)
        .send({
          householdId: h.id,
          caller: '户主',
          channel: 'window',
          kind: 'loan',
          details: '想申请小额担保贷款开小卖部',
        })
        .expect(201)
    ).body;
    for (let i = 0; i < 2; i++) {
      await acts.remindContactRequest({ requestId: r.id, dueOn: r.dueOn });
      await acts.flagContactRequestBreach({ requestId: r.id, dueOn: r.dueOn });
    }
    const reqTasks = await rows(
      `SELECT kind, role, status FROM tasks WHERE "subjectType" = 'contact_request' AND "subjectId" = $1 ORDER BY id`,
      [r.id],
    );
    expect(reqTasks).toEqual([
      { kind: 'contact_request_due', role: 'caseworker', status: 'open' },
      { kind: 'contact_request_breach', role: 'admin', status: 'open' },
    ]);
    expect((await rows('SELECT reminded, breached FROM contact_requests WHERE id = $1', [r.id]))[0]).toEqual({
      reminded: true,
      breached: true,
    });
    expect((await auditRows(t, 'contact_request', r.id)).filter((l) => l.action === 'deadline_breached')).toHaveLength(
      1,
    );
    const due2 = (await t.http.get('/contact-requests/due').set(admin.auth).expect(200)).body;
    expect(due2.find((x: { id: number }) => x.id === r.id)).toBeUndefined(); // due in 7 days: not yet in the 2-day queue
    await waitFor(
      async () => (await t.http.get(`/contact-requests/${r.id}`).set(cw.auth)).body.process,
      'the request process',
    );
    await t.http
      .post(`/contact-requests/${r.id}/answer`)
      .set(cw.auth)
      .send({ offered: '介绍至县就业局创业指导中心办理小额担保贷款', accepted: true })
      .expect(200);
    expect(
      (await rows(`SELECT status FROM tasks WHERE "subjectType" = 'contact_request' AND "subjectId" = $1`, [r.id])).map(
        (x: { status: string }) => x.status,
      ),
    ).toEqual(['done', 'done']);
  });
});

describe('survey rounds (摸底): report and the missed-household rule', () => {
  it('H1 then H2: found, newly found, cleared since the last round; closing refused with the list while a household is missed without a reason', async () => {
    const year = today().slice(0, 4);
    const A = (await household([await person('1986-06-06')])).body; // stays zero
    const B = (await household([await person('1987-07-07')])).body; // cleared between the rounds
    const bMember = (await getHousehold(B.id)).members[0].workerId;

    const h1 = (
      await t.http
        .post('/survey-rounds')
        .set(cw.auth)
        .send({ period: `${year}H1` })
        .expect(201)
    ).body;
    expect(
      (
        await t.http
          .post('/survey-rounds')
          .set(cw.auth)
          .send({ period: `${year}H1` })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.http
          .post('/survey-rounds')
          .set(cw.auth)
          .send({ period: `${Number(year) + 1}H1` })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.http
          .post('/survey-rounds')
          .set(cw.auth)
          .send({ period: `${year}H3` })
      ).status,
    ).toBe(400);
    for (const h of [A, B])
      await t.http
        .post(`/survey-rounds/${h1.id}/visits`)
        .set(cw.auth)
        .send({ householdId: h.id, visitedOn: `${year}-06-15`, finding: 'zero_employment' })
        .expect(201);
    // A finding that disagrees with the registry, a date outside the half-year, a second visit.
    const wrong = await t.http
      .post(`/survey-rounds/${h1.id}/visits`)
      .set(cw.auth)
      .send({ householdId: A.id, visitedOn: `${year}-06-16`, finding: 'employed' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details[0]).toMatchObject({
      field: 'finding',
      reason: expect.stringMatching(/与系统登记不一致（系统为“零就业”）/),
    });
    const again = await t.http
      .post(`/survey-rounds/${h1.id}/visits`)
      .set(cw.auth)
      .send({ householdId: A.id, visitedOn: `${year}-06-16`, finding: 'zero_employment' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SURVEY.ALREADY_VISITED');
    const outside = await t.http
      .post(`/survey-rounds/${h1.id}/visits`)
      .set(cw.auth)
      .send({ householdId: A.id, visitedOn: `${year}-07-02`, finding: 'zero_employment' });
    expect(outside.status).toBe(400);

    // Closing: refused, listing every household not visited and without a reason.
    const refused = await t.http.post(`/survey-rounds/${h1.id}/close`).set(cw.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SURVEY.HOUSEHOLDS_MISSED');
    const missed: number[] = refused.body.missed.map((m: { householdId: number }) => m.householdId);
    expect(missed).not.toContain(A.id);
    expect(missed.length).toBeGreaterThan(0);
    expect((await rows('SELECT status FROM survey_rounds WHERE id = $1', [h1.id]))[0].status).toBe('open');
    for (const id of missed)
      await t.http
        .post(`/survey-rounds/${h1.id}/missed`)
        .set(cw.auth)
        .send({ householdId: id, reason: '全家外出，多次上门未遇' })
        .expect(201);
    const closed = await t.http.post(`/survey-rounds/${h1.id}/close`).set(cw.auth);
    expect(closed.status).toBe(200);
    expect(closed.body.round.status).toBe('closed');
    expect(closed.body.missed.every((m: { reason: string | null }) => m.reason)).toBe(true);
    expect(
      (
        await t.http
          .post(`/survey-rounds/${h1.id}/visits`)
          .set(cw.auth)
          .send({ householdId: A.id, visitedOn: `${year}-06-15`, finding: 'zero_employment' })
      ).status,
    ).toBe(409);

    // Between the rounds: B's member takes a public-welfare post; C is new.
    await t.http
      .post(`/households/${B.id}/employments`)
      .set(cw.auth)
      .send({ workerId: bMember, kind: 'public_post', startDate: today() })
      .expect(201);
    await waitFor(async () => (await getHousehold(B.id)).episodes[0]?.clearedOn, 'B cleared');
    const C = (await household([await person('1994-04-04', 'female')])).body;

    const h2 = (
      await t.http
        .post('/survey-rounds')
        .set(cw.auth)
        .send({ period: `${year}H2` })
        .expect(201)
    ).body;
    await t.http
      .post(`/survey-rounds/${h2.id}/visits`)
      .set(cw.auth)
      .send({ householdId: A.id, visitedOn: today(), finding: 'zero_employment' })
      .expect(201);
    await t.http
      .post(`/survey-rounds/${h2.id}/visits`)
      .set(cw.auth)
      .send({ householdId: B.id, visitedOn: today(), finding: 'employed' })
      .expect(201);
    await t.http
      .post(`/survey-rounds/${h2.id}/visits`)
      .set(cw.auth)
      .send({ householdId: C.id, visitedOn: today(), finding: 'zero_employment' })
      .expect(201);
    const elderly = (await household([await person('1948-02-02')])).body;
    const notZero = await t.http
      .post(`/survey-rounds/${h2.id}/visits`)
      .set(cw.auth)
      .send({ householdId: elderly.id, visitedOn: today(), finding: 'zero_employment' });
    expect(notZero.status).toBe(400);
    expect(notZero.body.code).toBe('HOUSEHOLD.NO_WORKING_AGE');

    const rep = (await t.http.get(`/survey-rounds/${h2.id}`).set(cw.auth).expect(200)).body;
    expect(rep.previousRound).toEqual({ id: h1.id, period: `${year}H1` });
    const idsOf = (xs: { householdId: number }[]) => xs.map((x) => x.householdId);
    expect(idsOf(rep.zeroEmployment)).toEqual(expect.arrayContaining([A.id, C.id]));
    expect(idsOf(rep.zeroEmployment)).not.toContain(B.id);
    expect(idsOf(rep.newlyFound)).toContain(C.id);
    expect(idsOf(rep.newlyFound)).not.toContain(A.id);
    expect(idsOf(rep.clearedSinceLast)).toContain(B.id);
    expect(idsOf(rep.clearedSinceLast)).not.toContain(A.id);
    expect(idsOf(rep.missed)).toContain(elderly.id);
    expect(idsOf(rep.missed)).not.toContain(C.id);

    const refused2 = await t.http.post(`/survey-rounds/${h2.id}/close`).set(cw.auth);
    expect(refused2.status).toBe(409);
    expect(refused2.body.missed.map((m: { householdId: number }) => m.householdId)).toContain(elderly.id);
    for (const m of refused2.body.missed)
      await t.http
        .post(`/survey-rounds/${h2.id}/missed`)
        .set(cw.auth)
        .send({ householdId: m.householdId, reason: '户籍在外，已电话核实' })
        .expect(201);
    expect((await t.http.post(`/survey-rounds/${h2.id}/close`).set(cw.auth)).status).toBe(200);
    expect((await auditRows(t, 'survey_round', h2.id)).map((l) => l.action)).toEqual(
      expect.arrayContaining(['open', 'visit', 'missed_reason', 'close']),
    );
  });
});

describe('summary', () => {
  it('counts households found, cleared and still zero, days to clear, by township and measure, and requests answered within 7 days on a seeded data set', async () => {
    const tw = `统${hanTag(4)}乡`;
    await t.http.post('/townships').set(admin.auth).send({ name: tw }).expect(201);
    // Seeded directly: episodes and requests of March 2025, before anything the API wrote.
    const seed = async (found: string, cleared: string | null, measure: string | null) => {
      const [h] = await t.db.query(
        `INSERT INTO households ("countyId", address, township, status, episode, "createdBy", version)
         VALUES ((SELECT "countyId" FROM townships WHERE name = $2), $1, $2, $3, 1, 'seed', 1) RETURNING id`,
        [`${tw}一号`, tw, cleared ? 'employed' : 'zero_employment'],
      );
      await t.db.query(
        `INSERT INTO household_episodes ("householdId", episode, "foundOn", "foundCause", "clearedOn", measure, "workflowId") VALUES ($1, 1, $2, 'seed', $3, $4, $5)`,
        [h.id, found, cleared, measure, `seed-${h.id}`],
      );
      return h.id as number;
    };
    const h1 = await seed('2025-03-02', '2025-03-12', 'referral'); // 10 days
    await seed('2025-03-05', '2025-03-25', 'public_post'); // 20 days
    await seed('2025-03-10', null, null); // still zero
    await seed('2025-02-20', '2025-03-20', 'training'); // found before the range; 28 days
    await seed('2025-04-02', null, null); // after the range: not counted
    const req = (received: string, due: string, status: string, answered: string | null, breached: boolean) =>
      t.db.query(
        `INSERT INTO contact_requests ("householdId", caller, channel, kind, details, "receivedOn", "dueOn", status, "answeredOn", offered, accepted, breached, "createdBy")
       VALUES ($1, '户主', 'phone', 'job', 'seed', $2, $3, $4::varchar, $5::date, CASE WHEN $4::varchar = 'answered' THEN '岗位推荐' END, CASE WHEN $4::varchar = 'answered' THEN true END, $6, 'seed')`,
        [h1, received, due, status, answered, breached],
      );
    await req('2025-03-01', '2025-03-08', 'answered', '2025-03-04', false);
    await req('2025-03-03', '2025-03-10', 'answered', '2025-03-15', true);
    await req('2025-03-20', '2025-03-27', 'open', null, true);
    await req('2025-03-28', '2025-04-04', 'open', null, false);

    const res = await t.http
      .get('/households/summary')
      .query({ from: '2025-03-01', to: '2025-03-31' })
      .set(cw.auth)
      .expect(200);
    expect(res.body.households).toMatchObject({ found: 3, cleared: 3, stillZero: 1, averageDaysToClear: 19.3 });
    expect(res.body.households.byTownship).toEqual([
      { countyId: expect.any(Number), township: tw, found: 3, cleared: 3, stillZero: 1 },
    ]);
    expect(res.body.households.byMeasure).toEqual([
      { measure: 'public_post', cleared: 1, averageDaysToClear: 20 },
      { measure: 'referral', cleared: 1, averageDaysToClear: 10 },
      { measure: 'training', cleared: 1, averageDaysToClear: 28 },
    ]);
    expect(res.body.requests).toEqual({
      received: 4,
      answered: 2,
      answeredInTime: 1,
      answeredInTimeRate: 25,
      breached: 2,
    });
    expect(
      (await t.http.get('/households/summary').query({ from: '2025-04-01', to: '2025-03-01' }).set(cw.auth)).status,
    ).toBe(400);
  });

  it("today's figures for this run's township come from the processes themselves", async () => {
    const res = await t.http
      .get('/households/summary')
      .query({ from: today(), to: today() })
      .set(admin.auth)
      .expect(200);
    const mine = res.body.households.byTownship.find((x: { township: string }) => x.township === township);
    const [expected] = await t.db.query(
      `SELECT count(*)::int AS found, count(*) FILTER (WHERE ep."clearedOn" = $2 AND ep.measure IS NOT NULL)::int AS cleared, count(*) FILTER (WHERE ep."clearedOn" IS NULL)::int AS "stillZero"
         FROM household_episodes ep JOIN households h ON h.id = ep."householdId" WHERE h.township = $1`,
      [township, today()],
    );
    expect(mine).toEqual({ countyId: expect.any(Number), township, ...expected });
    expect(mine.cleared).toBeGreaterThanOrEqual(3);
  });

  it("the monthly progress report's households section for this run's township", async () => {
    const f = (
      await t.http
        .get('/reports/monthly')
        .query({ month: today().slice(0, 7), township: townshipId })
        .set(cw.auth)
        .expect(200)
    ).body;
    const [e] = await t.db.query(
      `SELECT count(*) FILTER (WHERE ep."clearedOn" IS NULL)::int AS zero, count(*)::int AS found, count(*) FILTER (WHERE ep.measure IS NOT NULL)::int AS cleared
         FROM household_episodes ep JOIN households h ON h.id = ep."householdId" WHERE h.township = $1`,
      [township],
    );
    const [r] = await t.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE r.status = 'answered' AND r."answeredOn" <= r."dueOn")::int AS "inTime" FROM contact_requests r JOIN households h ON h.id = r."householdId" WHERE h.township = $1`,
      [township],
    );
    expect(f.households).toEqual({
      zeroEmploymentHouseholds: e.zero,
      identifiedMonth: e.found,
      identifiedYearToDate: e.found,
      clearedMonth: e.cleared,
      clearedYearToDate: e.cleared,
      contactRequestsMonth: r.n,
      contactRequestsAnsweredInTime: r.inTime,
    });
    expect(f.households.zeroEmploymentHouseholds).toBeGreaterThan(0);
    expect(f.households.contactRequestsAnsweredInTime).toBeGreaterThanOrEqual(2);
  });
});
