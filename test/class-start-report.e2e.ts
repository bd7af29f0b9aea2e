/**
 * 开班报告 through the real API and the course page in a real browser, with a real worker on
 * Temporal and real Postgres: a subsidised course is reported at least the policy's working days
 * before it starts (later is refused with the figures), with its plan, teachers and the trainees
 * enrolled; someone other than who reported it returns or approves it, only before the start.
 * A course that started without an approved report produces no subsidy claims: each trainee's
 * enrolment says why once the course is completed. One reported and approved in time (its dates
 * then moved back as if the course had run) goes on to wait for the trainees' placements.
 */
import type pw from 'playwright-core';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, signedInPage, submitAndWait } from './support/browser.js';
import { hanTag, providerBody, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

type Login = Awaited<ReturnType<TestApp['login']>>;
let t: TestApp;
let cw: Login;
let cw2: Login;
let finance: Login;
const today = () => shanghaiToday();

beforeAll(async () => {
  t = await createTestApp();
  cw = await t.login('caseworker');
  cw2 = await t.login('caseworker');
  finance = await t.login('finance');
}, 60_000);
afterAll(() => t?.close());

async function course(startIn: number, length = 10) {
  const provider = (await t.http.post('/training-providers').set(cw.auth).send(providerBody()).expect(201)).body;
  return (
    await t.http
      .post('/courses')
      .set(cw.auth)
      .send({
        providerId: provider.id,
        name: `育婴员${hanTag()}培训班`,
        specialty: '育婴员',
        mode: 'commissioned',
        startDate: addDays(today(), startIn),
        endDate: addDays(today(), startIn + length),
        hours: 56,
        subsidyPerTraineeFen: 80000,
        payee: 'provider',
      })
      .expect(201)
  ).body as { id: number; startDate: string; name: string; classStartReportRequired: boolean };
}
async function enrol(courseId: number) {
  const w = (await t.http.post('/workers').set(cw.auth).send(workerBody()).expect(201)).body;
  const e = (await t.http.post(`/courses/${courseId}/enrollments`).set(cw.auth).send({ workerId: w.id }).expect(201))
    .body;
  return { worker: w as { id: number; name: string }, enrollment: e as { id: number } };
}
async function passAll(courseId: number, enrollmentIds: number[]) {
  for (const id of enrollmentIds) {
    await t.http
      .put(`/enrollments/${id}/attendance`)
      .set(cw.auth)
      .send({ sessionsAttended: 10, sessionsTotal: 10 })
      .expect(200);
    await t.http
      .put(`/enrollments/${id}/assessment`)
      .set(cw.auth)
      .send({ result: 'pass', certificateNo: `ZJ-${id}` })
      .expect(200);
  }
  await t.http.post(`/courses/${courseId}/complete`).set(cw.auth).expect(200);
}
/** Time passes: the course (and what was reported about it) moved back so it ran from 20 to 3 days ago. */
async function asIfRun(courseId: number, startDate: string) {
  const shift = Math.round((Date.parse(startDate) - Date.parse(addDays(today(), -20))) / 86_400_000);
  await t.db.query(
    `UPDATE courses SET "startDate" = "startDate" - $2::int, "endDate" = "startDate" - $2::int + 17 WHERE id = $1`,
    [courseId, shift],
  );
  await t.db.query(
    `UPDATE class_start_reports SET "submittedAt" = "submittedAt" - make_interval(days => $2::int),
            "decidedAt" = "decidedAt" - make_interval(days => $2::int) WHERE "courseId" = $1`,
    [courseId, shift],
  );
}
const enrollment = async (id: number) => (await t.http.get(`/enrollments/${id}`).set(cw.auth).expect(200)).body;
const report = {
  plan: '第1—5天理论教学；第6—8天实操训练；第9天跟岗实习；第10天结业考核',
  teachers: [{ name: '李春梅', qualification: '高级育婴师' }, { name: '王建国' }],
};

describe('开班报告', () => {
  it('is reported with plan, teachers and trainees; bad input is refused by field, nothing written', async () => {
    const c = await course(30);
    const a = await enrol(c.id);
    const none = await t.http.get(`/courses/${c.id}/class-start-report`).set(cw.auth);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('CLASS_START.NOT_FOUND');

    const noTeachers = await t.http
      .post(`/courses/${c.id}/class-start-report`)
      .set(cw.auth)
      .send({ plan: report.plan, teachers: [] });
    expect(noTeachers.status).toBe(400);
    expect(noTeachers.body.details).toEqual([{ field: 'teachers', reason: '请选择授课教师' }]);
    const badTeacher = await t.http
      .post(`/courses/${c.id}/class-start-report`)
      .set(cw.auth)
      .send({ plan: report.plan, teachers: [{ name: '李' }] });
    expect(badTeacher.status).toBe(400);
    expect(badTeacher.body.details[0].reason).toBe('授课教师姓名须为2—30个字');
    const noPlan = await t.http
      .post(`/courses/${c.id}/class-start-report`)
      .set(cw.auth)
      .send({ teachers: report.teachers });
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.details[0].field).toBe('plan');
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM class_start_reports WHERE "courseId" = $1`, [c.id]))[0].n,
    ).toBe(0);

    const r = await t.http.post(`/courses/${c.id}/class-start-report`).set(cw.auth).send(report);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      courseId: c.id,
      status: 'submitted',
      plan: report.plan,
      teachers: [
        { name: '李春梅', qualification: '高级育婴师' },
        { name: '王建国', qualification: null },
      ],
      trainees: [{ enrollmentId: a.enrollment.id, workerId: a.worker.id, name: a.worker.name }],
      leadWorkingDays: 5,
      submittedByName: cw.displayName,
      approvedInTime: false,
    });
    // Finance reads it, but neither reports nor decides.
    expect((await t.http.get(`/courses/${c.id}/class-start-report`).set(finance.auth)).status).toBe(200);
    expect(
      (
        await t.http
          .post(`/courses/${c.id}/class-start-report/decision`)
          .set(finance.auth)
          .send({ decision: 'approve' })
      ).status,
    ).toBe(403);
  });

  it("later than the policy's working days ahead is refused with the figures; without trainees too", async () => {
    const soon = await course(2);
    await enrol(soon.id);
    const late = await t.http.post(`/courses/${soon.id}/class-start-report`).set(cw.auth).send(report);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CLASS_START.TOO_LATE');
    expect(late.body.message).toContain('开班前至少5个工作日报送');
    expect(late.body.message).toContain(`该培训班${soon.startDate}开班`);
    expect(late.body.leadWorkingDays).toBe(5);
    expect(late.body.earliestStart > soon.startDate).toBe(true);
    const empty = await course(30);
    const r = await t.http.post(`/courses/${empty.id}/class-start-report`).set(cw.auth).send(report);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('CLASS_START.NO_TRAINEES');
  });

  it('is decided by someone else: returned with a reason, reported again, approved; then the course runs and its trainees wait for placement', async () => {
    const c = await course(30);
    const a = await enrol(c.id);
    const b = await enrol(c.id);
    await t.http.post(`/courses/${c.id}/class-start-report`).set(cw.auth).send(report).expect(200);
    const own = await t.http
      .post(`/courses/${c.id}/class-start-report/decision`)
      .set(cw.auth)
      .send({ decision: 'approve' });
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('CLASS_START.MAKER_CHECKER');
    const bare = await t.http
      .post(`/courses/${c.id}/class-start-report/decision`)
      .set(cw2.auth)
      .send({ decision: 'reject' });
    expect(bare.status).toBe(400);
    expect(bare.body.details[0]).toEqual({ field: 'reason', reason: '退回开班报告须写明原因' });
    const odd = await t.http
      .post(`/courses/${c.id}/class-start-report/decision`)
      .set(cw2.auth)
      .send({ decision: 'maybe' });
    expect(odd.status).toBe(400);
    expect(odd.body.details[0].field).toBe('decision');

    const back = await t.http
      .post(`/courses/${c.id}/class-start-report/decision`)
      .set(cw2.auth)
      .send({ decision: 'reject', reason: '实操课时不足' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      status: 'rejected',
      decisionReason: '实操课时不足',
      decidedByName: cw2.displayName,
    });
    const again = await t.http
      .post(`/courses/${c.id}/class-start-report`)
      .set(cw.auth)
      .send({ ...report, plan: `${report.plan}；增加实操2天` });
    expect(again.body).toMatchObject({ status: 'submitted', decidedBy: null, decisionReason: null });
    expect(again.body.trainees).toHaveLength(2);
    const ok = await t.http
      .post(`/courses/${c.id}/class-start-report/decision`)
      .set(cw2.auth)
      .send({ decision: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approvedInTime: true, decidedBy: cw2.username });
    const changed = await t.http.post(`/courses/${c.id}/class-start-report`).set(cw.auth).send(report);
    expect(changed.body.code).toBe('CLASS_START.ALREADY_APPROVED');
    const trail = await t.db.query(
      `SELECT action, "actorName" FROM audit_log WHERE entity = 'course' AND "entityId" = $1 AND action LIKE 'class_start_%' ORDER BY id`,
      [String(c.id)],
    );
    expect(trail).toEqual([
      { action: 'class_start_reported', actorName: cw.username },
      { action: 'class_start_rejected', actorName: cw2.username },
      { action: 'class_start_reported', actorName: cw.username },
      { action: 'class_start_approved', actorName: cw2.username },
    ]);

    await asIfRun(c.id, c.startDate);
    await passAll(c.id, [a.enrollment.id, b.enrollment.id]);
    for (const e of [a, b]) {
      const en = await waitFor(async () => {
        const x = await enrollment(e.enrollment.id);
        return x.subsidyStatus === 'awaiting_placement' ? x : null;
      }, `enrolment ${e.enrollment.id} to wait for a placement`);
      expect(en.subsidyReason).toBeNull();
    }
  }, 120_000);

  it('a course started without an approved report produces no claims: each enrolment says why', async () => {
    // Never reported.
    const bare = await course(-20, 17);
    const x = await enrol(bare.id);
    const y = await enrol(bare.id);
    await passAll(bare.id, [x.enrollment.id, y.enrollment.id]);
    for (const e of [x, y]) {
      const en = await waitFor(async () => {
        const r = await enrollment(e.enrollment.id);
        return r.subsidyStatus === 'not_eligible' ? r : null;
      }, `enrolment ${e.enrollment.id} not eligible`);
      expect(en.subsidyReason).toBe('开班前没有报送开班报告，不能申请培训补贴');
      expect(en.completion).toBe('completed');
    }
    // Reported in time, but the course started before anyone approved it: approval is refused then.
    const c = await course(30);
    const z = await enrol(c.id);
    await t.http.post(`/courses/${c.id}/class-start-report`).set(cw.auth).send(report).expect(200);
    await asIfRun(c.id, c.startDate);
    const started = await t.http
      .post(`/courses/${c.id}/class-start-report/decision`)
      .set(cw2.auth)
      .send({ decision: 'approve' });
    expect(started.status).toBe(409);
    expect(started.body.code).toBe('CLASS_START.STARTED');
    await passAll(c.id, [z.enrollment.id]);
    const en = await waitFor(async () => {
      const r = await enrollment(z.enrollment.id);
      return r.subsidyStatus === 'not_eligible' ? r : null;
    }, 'the late-approved course to be not eligible');
    expect(en.subsidyReason).toBe('开班报告在开班前没有获得批准，不能申请培训补贴');
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE "courseId" = ANY($1)`, [[bare.id, c.id]]))[0].n,
    ).toBe(0);
  }, 120_000);
});

describe('courses registered before the rule', () => {
  it('a subsidised course registered before 开班报告 were required: its trainees, old and new, are judged without one', async () => {
    const c = await course(-20, 17);
    expect(c).toMatchObject({ classStartReportRequired: true });
    const early = await enrol(c.id);
    // As the migration leaves every course registered before it.
    await t.db.query(`UPDATE courses SET "classStartReportRequired" = false WHERE id = $1`, [c.id]);
    const late = await enrol(c.id);
    await passAll(c.id, [early.enrollment.id, late.enrollment.id]);
    // The enrolment made before the flag was cleared carried the rule in its process; the later one does not.
    const lateOne = await waitFor(async () => {
      const r = await enrollment(late.enrollment.id);
      return r.subsidyStatus === 'awaiting_placement' ? r : null;
    }, 'the later enrolment to wait for its placement');
    expect(lateOne.subsidyReason ?? null).toBeNull();
    const page = await t.http.get(`/console/courses/${c.id}`).set(cw.auth).expect(200);
    expect(page.text).toContain('id="class-start-before-rule"');
  }, 120_000);
});

describe('开班报告 on the course page', () => {
  let browser: pw.Browser;
  let base: string;
  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
  }, 60_000);
  afterAll(() => browser?.close());

  it('a caseworker reports it (an empty form refused in Chinese), a colleague approves it, both by name', async () => {
    const c = await course(30);
    const a = await enrol(c.id);
    const page = await signedInPage(browser, base, cw, 1280);
    await page.goto(`${base}/console/courses/${c.id}`);
    await expect(page.locator('#class-start-none').textContent()).resolves.toContain('还没有报送开班报告');
    await expect(page.locator('#class-start-report').textContent()).resolves.toContain('开班前至少5个工作日');
    await submitAndWait(page, '#class-start-submit');
    await expect(page.locator('#err-plan').textContent()).resolves.toBe('请填写培训计划');
    await expect(page.locator('#err-teachers').textContent()).resolves.toBe('请填写授课教师');
    await page.fill('#f-plan', report.plan);
    await page.fill('#f-teachers', '李春梅 高级育婴师\n王建国');
    await submitAndWait(page, '#class-start-submit');
    await expect(page.locator('#class-start-status').textContent()).resolves.toBe('待审批');
    await expect(page.locator('#class-start-teachers').textContent()).resolves.toBe('李春梅（高级育婴师）、王建国');
    await expect(page.locator('#class-start-trainees').textContent()).resolves.toContain(a.worker.name);
    // Who reported it cannot approve it: no decision form for them.
    await expect(page.locator('#class-start-decision').count()).resolves.toBe(0);

    const other = await signedInPage(browser, base, cw2, 1280);
    await other.goto(`${base}/console/courses/${c.id}`);
    await submitAndWait(other, '#class-start-approve');
    await expect(other.locator('#class-start-status').textContent()).resolves.toBe('已批准');
    const text = (await other.locator('#class-start-report').textContent()) ?? '';
    expect(text).toContain(cw.displayName);
    expect(text).toContain(cw2.displayName);
    expect(text).not.toContain(cw.username);
    await expect(other.locator('#course-history').textContent()).resolves.toContain(
      `${cw2.displayName} · 批准开班报告`,
    );
  }, 120_000);
});
