/**
 * 待办 (tasks): raised once per key by the processes, closed when their reason goes (with who and
 * why), listed for a user, a role or a township, and a plain to-do closed by hand. Against the
 * real API, worker, Postgres and Temporal; activities are also called directly, as a retry would.
 */
import { CaseActivities } from '../src/cases/cases.activities.js';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { PlacementActivities } from '../src/placements/placements.activities.js';
import type { NewTask } from '../src/tasks/task-kinds.js';
import { TasksService } from '../src/tasks/tasks.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { auditRows } from './support/fixtures.js';
import { newTownship, records, Records } from './support/records.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
type User = Awaited<ReturnType<TestApp['login']>>;
let cw: User;
let cw2: User;
let fin: User;
let admin: User;
let rec: Records;
let townA: string;
let townB: string;

beforeAll(async () => {
  t = await createTestApp();
  [cw, cw2, fin, admin] = await Promise.all([
    t.login('caseworker'),
    t.login('caseworker'),
    t.login('finance'),
    t.login('admin'),
  ]);
  townA = (await newTownship(t, admin.auth, '待')).name;
  townB = (await newTownship(t, admin.auth, '办')).name;
  rec = records(t, cw.auth, { worker: { township: townA } });
});
afterAll(() => t?.close());

const today = () => shanghaiToday();
type TaskRow = {
  id: number;
  kind: string;
  status: string;
  assigneeId: number | null;
  township: string | null;
  dueDate: string;
  closedBy: string | null;
  closeReason: string | null;
};
const tasksOf = (subjectType: string, subjectId: number): Promise<TaskRow[]> =>
  t.db.query(
    `SELECT id, kind, status, "assigneeId", township, "dueDate"::text AS "dueDate", "closedBy", "closeReason"
       FROM tasks WHERE "subjectType" = $1 AND "subjectId" = $2 ORDER BY id`,
    [subjectType, subjectId],
  );
const raise = (task: NewTask) => t.db.transaction((m) => t.app.get(TasksService).create(task, m));

describe('raised once per key', () => {
  it("a contract reminder raised twice (a retried activity) is one task, in the registering caseworker's queue, under the worker's township", async () => {
    const p = await rec.placement({ startDate: addDays(today(), -13) });
    const [first] = await waitFor(async () => {
      const rows = await tasksOf('placement', p.id);
      return rows.length ? rows : null;
    }, 'the reminder task');
    expect(first).toMatchObject({
      kind: 'contract_followup',
      status: 'open',
      assigneeId: cw.userId,
      township: townA,
      dueDate: addDays(today(), 2),
    });
    await t.app
      .get(PlacementActivities)
      .sendContractReminder({ placementId: p.id, deadline: first.dueDate, daysLeft: 2, policyDays: 15 });
    expect(await tasksOf('placement', p.id)).toHaveLength(1);
    expect((await auditRows(t, 'task', first.id)).map((l) => l.action)).toEqual(['create']);

    // Recording the contract is the reason going: the task closes, saying why.
    await rec.contract(p.id);
    const [closed] = await waitFor(async () => {
      const rows = await tasksOf('placement', p.id);
      return rows[0]?.status === 'done' ? rows : null;
    }, 'the reminder task to close');
    expect(closed).toMatchObject({ closedBy: 'system:workflow', closeReason: `已于${today()}签订劳动合同` });
    expect((await auditRows(t, 'task', first.id)).map((l) => l.action)).toEqual(['create', 'close']);
  });

  it('the service: true when it raised the task; the same key again raises nothing, even after the task closed', async () => {
    const p = await rec.placement();
    const task: NewTask = {
      kind: 'contract_followup',
      title: '测试待办',
      role: 'caseworker',
      subject: { type: 'placement', id: p.id },
      dueDate: today(),
      key: `test-${p.id}-once`,
    };
    expect(await raise(task)).toBe(true);
    expect(await raise({ ...task, title: '另一个标题' })).toBe(false);
    await t.db.transaction((m) => t.app.get(TasksService).close({ key: task.key }, '测试关闭', m));
    expect(await raise(task)).toBe(false);
    const rows = await tasksOf('placement', p.id);
    expect(rows.filter((r) => r.kind === 'contract_followup')).toHaveLength(1);
  });
});

describe('closed when the reason goes', () => {
  it("a case's deadline reminder follows its assignee and closes when the case moves on; closing the case closes the rest", async () => {
    const worker = await rec.worker();
    const opened = await t.http
      .post('/cases')
      .set(cw.auth)
      .send({
        kind: 'wage_arrears',
        workerIds: [worker.id],
        facts: '2026年8月至10月工资共计12000元未发放',
        amountClaimedFen: 1_200_000,
        knewOn: addDays(today(), -10),
        channel: 'window',
      })
      .expect(201);
    const id = opened.body.id as number;
    const c = await waitFor(async () => {
      const r = (await t.http.get(`/cases/${id}`).set(cw.auth).expect(200)).body;
      return r.nextDeadline ? r : null;
    }, 'the acknowledgement deadline');
    const acts = t.app.get(CaseActivities);
    await acts.remindDeadline({ caseId: id, label: 'acknowledgement', dueOn: c.nextDeadline });
    const [reminder] = (await tasksOf('case', id)).filter((r) => r.kind === 'case_deadline');
    expect(reminder).toMatchObject({ status: 'open', assigneeId: null, township: townA });

    await t.http.post(`/cases/${id}/assign`).set(admin.auth).send({ assigneeId: cw2.userId }).expect(200);
    expect((await tasksOf('case', id)).find((r) => r.id === reminder.id)?.assigneeId).toBe(cw2.userId);

    await t.http.post(`/cases/${id}/acknowledge`).set(cw2.auth).expect(200);
    const acknowledged = (await tasksOf('case', id)).find((r) => r.id === reminder.id)!;
    expect(acknowledged).toMatchObject({ status: 'done', closedBy: cw2.username });
    expect(acknowledged.closeReason).toContain('已受理');

    await acts.warnLimitation({ caseId: id, limitationEndsOn: addDays(today(), 20) });
    expect((await tasksOf('case', id)).find((r) => r.kind === 'case_limitation')?.status).toBe('open');
    await t.http
      .post(`/cases/${id}/close`)
      .set(cw2.auth)
      .send({ outcome: 'withdrawn', reason: '劳动者撤回投诉' })
      .expect(200);
    const all = await tasksOf('case', id);
    expect(all.map((r) => r.status)).toEqual(['done', 'done']);
    expect(all.find((r) => r.kind === 'case_limitation')?.closeReason).toContain('案件已结案');
  });
});

describe('listed for a user, a role, a township', () => {
  let lister: User;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    lister = await t.login('caseworker');
    const p = await rec.placement();
    const base = { title: '列表测试', subject: { type: 'placement' as const, id: p.id } };
    const plan: Record<string, Omit<NewTask, 'title' | 'subject' | 'key'>> = {
      mineLate: {
        kind: 'contract_followup',
        role: 'caseworker',
        assigneeId: lister.userId,
        township: townA,
        dueDate: addDays(today(), 5),
      },
      roleSoon: { kind: 'contract_followup', role: 'caseworker', township: townA, dueDate: addDays(today(), 1) },
      otherUser: {
        kind: 'contract_followup',
        role: 'caseworker',
        assigneeId: cw2.userId,
        township: townA,
        dueDate: addDays(today(), 2),
      },
      otherTown: { kind: 'contract_followup', role: 'caseworker', township: townB, dueDate: today() },
      finance: { kind: 'claim_overdue', role: 'finance', township: townA, dueDate: today() },
      mineDone: {
        kind: 'training_subsidy_lapsed',
        role: 'caseworker',
        assigneeId: lister.userId,
        township: townB,
        dueDate: addDays(today(), -3),
      },
    };
    for (const [name, fields] of Object.entries(plan)) {
      await raise({ ...base, ...fields, key: `list-${p.id}-${name}` });
      ids[name] = (await t.db.query(`SELECT id FROM tasks WHERE "sourceKey" = $1`, [`list-${p.id}-${name}`]))[0].id;
    }
    await t.http.post(`/tasks/${ids.mineDone}/done`).set(lister.auth).send({ note: '已电话告知' }).expect(200);
  });

  const listed = async (who: User, query: Record<string, string>) => {
    const r = await t.http.get('/tasks').set(who.auth).query(query).expect(200);
    return r.body.items.map((x: { id: number }) => x.id).filter((id: number) => Object.values(ids).includes(id));
  };

  it("mine: the user's own, open first; a closed one says who closed it and why", async () => {
    expect(await listed(lister, { queue: 'mine' })).toEqual([ids.mineLate, ids.mineDone]);
    const r = await t.http.get('/tasks').set(lister.auth).query({ queue: 'mine', status: 'done' }).expect(200);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({
      id: ids.mineDone,
      status: 'done',
      kindLabel: '培训补贴失效告知',
      closedBy: lister.username,
      closedByName: lister.displayName,
      closeReason: '已办结：已电话告知',
    });
  });

  it("the role's queue of a township, by due date; with the user's own first when both", async () => {
    expect(await listed(lister, { queue: 'role', township: townA, status: 'open' })).toEqual([
      ids.roleSoon,
      ids.otherUser,
      ids.mineLate,
    ]);
    expect(await listed(lister, { township: townA })).toEqual([ids.mineLate, ids.roleSoon, ids.otherUser]);
    expect(await listed(fin, { township: townA })).toEqual([ids.finance]);
    const role = await t.http.get('/tasks').set(lister.auth).query({ queue: 'role', township: townA }).expect(200);
    expect(role.body.items.find((x: { id: number }) => x.id === ids.otherUser)?.assigneeName).toBe(cw2.displayName);
  });

  it("a township's tasks, whatever the role (the service)", async () => {
    const page = await t.app.get(TasksService).list({ township: townB, page: 1, pageSize: 200 });
    const mine = page.items.map((x) => x.id).filter((id) => Object.values(ids).includes(id));
    expect(mine).toEqual([ids.otherTown, ids.mineDone]);
  });

  it('is for staff only, and checks its query', async () => {
    const broker = await t.login('broker');
    expect((await t.http.get('/tasks').set(broker.auth)).status).toBe(403);
    const bad = await t.http.get('/tasks').set(lister.auth).query({ queue: 'everyone' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('queue');
  });

  it('closing by hand: only a plain to-do, once, by its queue; audited', async () => {
    const selfClosing = await t.http.post(`/tasks/${ids.mineLate}/done`).set(lister.auth).send({});
    expect(selfClosing.status).toBe(409);
    expect(selfClosing.body.code).toBe('TASK.CLOSES_ITSELF');
    expect((await t.http.post(`/tasks/${ids.mineDone}/done`).set(lister.auth).send({})).body.code).toBe('TASK.DONE');
    expect((await t.http.post(`/tasks/${ids.finance}/done`).set(lister.auth).send({})).status).toBe(404);
    expect((await t.http.post('/tasks/999999999/done').set(lister.auth).send({})).status).toBe(404);
    const audit = await auditRows(t, 'task', ids.mineDone);
    expect(audit.map((l) => [l.action, l.actorName])).toEqual([
      ['create', 'system:workflow'],
      ['close', lister.username],
    ]);
  });
});
