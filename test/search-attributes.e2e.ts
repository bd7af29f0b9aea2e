/**
 * Operators find processes in the Temporal UI by business words: the custom search attributes
 * the processes start with and keep up to date (workflows/search-attributes.ts), found here with
 * the queries README.md gives, through the real API, worker and dev server. Visibility is
 * eventually consistent, so each search is polled. No value may carry a worker's name or ID number.
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { addDays, shanghaiToday } from '../src/common/dates.js';
import { TemporalService } from '../src/temporal/temporal.service.js';
import { createTestApp, TestApp } from './support/app.js';
import { PNG, classStartApproved } from './support/records.js';
import { employerBody, hanTag, providerBody, workerBody } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

let t: TestApp;
let cw: { Authorization: string };
let admin: { Authorization: string };
/**
 * A township of this run only, so a search sees this file's processes alone. Claim and case
 * numbers run per county, and other files write counties of their own into the same database
 * and namespace (the county seed starts its current claims' processes), so the same number can
 * belong to two processes: every search by a number or id is narrowed to this township.
 */
let township: string;

beforeAll(async () => {
  t = await createTestApp();
  cw = (await t.login('caseworker')).auth;
  admin = (await t.login('admin')).auth;
  township = `搜${hanTag(4)}镇`;
  await t.http.post('/townships').set(admin).send({ name: township, yearlyTarget: 10 }).expect(201);
});
afterAll(() => t?.close());

const today = () => shanghaiToday();
const client = () => t.app.get(TemporalService).client();

async function list(query: string): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const w of (await client()).workflow.list({ query })) found.push(w);
  return found;
}

/** Polls the query until it finds exactly the workflow ids expected (each search attribute lands a moment later). */
async function find(query: string, workflowIds: string[]): Promise<WorkflowExecutionInfo[]> {
  let seen: string[] = [];
  return waitFor(
    async () => {
      const found = await list(query);
      seen = found.map((w) => w.workflowId).sort();
      return JSON.stringify(seen) === JSON.stringify([...workflowIds].sort()) ? found : null;
    },
    `${query} to find ${workflowIds.join(', ')}`,
    30_000,
    () => seen,
  );
}

async function newWorker() {
  return (await t.http.post('/workers').set(cw).send(workerBody({ township })).expect(201)).body as {
    id: number;
    name: string;
    citizenId: string;
  };
}
const newEmployer = async () => (await t.http.post('/employers').set(cw).send(employerBody()).expect(201)).body;

/** The worker's name and full ID number as the database has them (the API shows the number masked). */
async function personal(workerId: number): Promise<string[]> {
  const [w] = await t.db.query(`SELECT name, "citizenId" FROM workers WHERE id = $1`, [workerId]);
  return [w.name, w.citizenId].filter(Boolean);
}

/** Every search attribute value of the run, as text. */
function values(w: WorkflowExecutionInfo): string[] {
  return w.typedSearchAttributes
    .getAll()
    .map((p) => (p.value instanceof Date ? p.value.toISOString() : String(p.value)));
}

function expectNothingPersonal(w: WorkflowExecutionInfo, personalValues: string[]) {
  const all = values(w).join('\n');
  expect(all.length).toBeGreaterThan(0);
  for (const v of personalValues) expect(all).not.toContain(v);
}

function attr(w: WorkflowExecutionInfo, name: string): unknown {
  return w.typedSearchAttributes.getAll().find((p) => p.key.name === name)?.value;
}

it('an overdue contract deadline and the case it opened: found by township and stage, by placement and case number', async () => {
  const worker = await newWorker();
  const employer = await newEmployer();
  const start = addDays(today(), -40);
  const placement = (
    await t.http
      .post('/placements')
      .set(cw)
      .send({
        workerId: worker.id,
        employerId: employer.id,
        startDate: start,
        job: '报纸投递员',
        monthlyWageFen: 300000,
        destination: '黑龙江省哈尔滨市南岗区',
        organised: true,
      })
      .expect(201)
  ).body as { id: number };
  const contractId = `placement-${placement.id}-contract`;

  const [overdue] = await find(`Township = '${township}' AND Stage = 'overdue'`, [contractId]);
  expect(overdue.type).toBe('contractDeadline');
  expect(attr(overdue, 'PlacementId')).toBe(placement.id);
  // The missed deadline stays shown: the end of the 15th day after the start (the next midnight, Shanghai time).
  expect(attr(overdue, 'NextDueDate')).toEqual(new Date(`${addDays(start, 16)}T00:00:00+08:00`));
  await find(`PlacementId = ${placement.id} AND WorkflowType = 'contractDeadline' AND Township = '${township}'`, [
    contractId,
  ]);
  await find(`Township = '${township}' AND Stage = 'overdue' AND NextDueDate < '${new Date().toISOString()}'`, [
    contractId,
  ]);

  // The no_contract case it opened, by its number.
  const p = await waitFor(async () => {
    const r = await t.http.get(`/placements/${placement.id}`).set(cw);
    return r.body.case ? r.body : null;
  }, 'the no_contract case');
  const caseId = `case-${p.case.id}-escalation`;
  const [found] = await find(`CaseNumber = '${p.case.number}' AND Township = '${township}'`, [caseId]);
  expect(attr(found, 'Township')).toBe(township);
  expect(attr(found, 'Stage')).toBe('intake');
  // Its acknowledgement deadline is what is due next.
  expect(attr(found, 'NextDueDate')).toEqual(expect.any(Date));
  await find(`Township = '${township}' AND Stage = 'intake'`, [caseId]);

  // Signing the contract late moves the placement's process to its next stage, and nothing is due.
  await t.http
    .post(`/placements/${placement.id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
    .expect(201);
  const [signed] = await find(`Township = '${township}' AND Stage = 'contract_signed'`, [contractId]);
  expect(attr(signed, 'NextDueDate')).toBeUndefined();
  await find(`Township = '${township}' AND Stage = 'overdue'`, []);

  const personalValues = await personal(worker.id);
  expect(personalValues).toHaveLength(2);
  for (const w of await list(`Township = '${township}'`)) expectNothingPersonal(w, personalValues);
});

it('a case registered through the API moves stage by stage in its search attributes', async () => {
  const worker = await newWorker();
  const employer = await newEmployer();
  const c = (
    await t.http
      .post('/cases')
      .set(cw)
      .send({
        kind: 'wage_arrears',
        workerIds: [worker.id],
        employerId: employer.id,
        facts: '2026年8月至10月工资共计12000元未发放',
        amountClaimedFen: 1_200_000,
        knewOn: addDays(today(), -10),
        channel: 'window',
      })
      .expect(201)
  ).body as { id: number; number: string };
  const caseId = `case-${c.id}-escalation`;
  await find(`CaseNumber = '${c.number}' AND Township = '${township}' AND Stage = 'intake'`, [caseId]);
  await t.http.post(`/cases/${c.id}/acknowledge`).set(cw).expect(200);
  const [mediation] = await find(`CaseNumber = '${c.number}' AND Township = '${township}' AND Stage = 'mediation'`, [
    caseId,
  ]);
  // Mediation runs 15 days from today: its last day is what is due.
  expect(attr(mediation, 'NextDueDate')).toEqual(new Date(`${addDays(today(), 16)}T00:00:00+08:00`));
  expect(attr(mediation, 'Township')).toBe(township);
  expectNothingPersonal(mediation, await personal(worker.id));
});

it('a training claim: found by its number, and among the claims of the township due before a date', async () => {
  const provider = (await t.http.post('/training-providers').set(cw).send(providerBody()).expect(201)).body;
  const course = (
    await t.http
      .post('/courses')
      .set(cw)
      .send({
        providerId: provider.id,
        name: `报纸投递员${hanTag()}培训班`,
        specialty: '报纸投递',
        mode: 'commissioned',
        startDate: addDays(today(), -20),
        endDate: addDays(today(), -3),
        hours: 56,
        subsidyPerTraineeFen: 60000,
        payee: 'provider',
      })
      .expect(201)
  ).body;
  const worker = await newWorker();
  const e = (await t.http.post(`/courses/${course.id}/enrollments`).set(cw).send({ workerId: worker.id }).expect(201))
    .body;
  await t.http
    .put(`/enrollments/${e.id}/attendance`)
    .set(cw)
    .send({ sessionsAttended: 10, sessionsTotal: 10 })
    .expect(200);
  await t.http
    .put(`/enrollments/${e.id}/assessment`)
    .set(cw)
    .send({ result: 'pass', certificateNo: `ZJ-${e.id}` })
    .expect(200);
  await classStartApproved(t.db, course.id);
  await t.http.post(`/courses/${course.id}/complete`).set(cw).expect(200);
  const employer = await newEmployer();
  const placement = (
    await t.http
      .post('/placements')
      .set(cw)
      .send({
        workerId: worker.id,
        employerId: employer.id,
        startDate: today(),
        job: '报纸投递员',
        monthlyWageFen: 320000,
        destination: '黑龙江省哈尔滨市南岗区',
        organised: true,
      })
      .expect(201)
  ).body;
  await t.http
    .post(`/placements/${placement.id}/contract`)
    .set(cw)
    .field('signedOn', today())
    .field('termMonths', '24')
    .attach('file', PNG, { filename: '合同.png', contentType: 'image/png' })
    .expect(201);
  const claimId = await waitFor(async () => {
    const [row] = await t.db.query(`SELECT id, number, "decisionDueAt" FROM claims WHERE "enrollmentId" = $1`, [e.id]);
    return row as { id: number; number: string; decisionDueAt: Date } | undefined;
  }, 'the training claim');
  const wid = `claim-${claimId.id}-approval`;
  const [claim] = await find(`ClaimNumber = '${claimId.number}' AND Township = '${township}'`, [wid]);
  expect(attr(claim, 'Stage')).toBe('awaiting_approval');
  expect(attr(claim, 'Township')).toBe(township);
  expect(attr(claim, 'NextDueDate')).toEqual(claimId.decisionDueAt);
  const after = new Date(claimId.decisionDueAt.getTime() + 1000).toISOString();
  const before = new Date(claimId.decisionDueAt.getTime() - 1000).toISOString();
  await find(
    `WorkflowType = 'claimApproval' AND Township = '${township}' AND Stage = 'awaiting_approval' AND NextDueDate < '${after}'`,
    [wid],
  );
  await find(`WorkflowType = 'claimApproval' AND Township = '${township}' AND NextDueDate < '${before}'`, []);
  expectNothingPersonal(claim, await personal(worker.id));
});
