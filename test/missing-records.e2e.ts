/**
 * A record a process works on that never becomes visible: the activity retries "not found (yet)"
 * for the first hours (a commit it may still be waiting for), then stops — admin gets one task
 * saying which process gave up, and the failure is one the process does not retry. Real
 * activities on the real Nest app and Postgres, run in an activity context whose first attempt
 * was scheduled when the test says.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CaseActivities } from '../src/cases/cases.activities.js';
import { ClaimActivities } from '../src/claims/claims.activities.js';
import { MISSING_RECORD_BOUND_MS } from '../src/tasks/missing-record.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, signedInPage } from './support/browser.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(() => t?.close());

/** Runs `fn` as the activity `activityType` of workflow `workflowId`, first scheduled `agoMs` before now. */
function asActivity<T>(workflowId: string, activityType: string, agoMs: number, fn: () => Promise<T>) {
  const env = new MockActivityEnvironment({
    scheduledTimestampMs: Date.now() - agoMs,
    activityType,
    workflowExecution: { workflowId, runId: 'run-1' },
  });
  return env.run(fn);
}

const failureOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as ApplicationFailure;
  }
  throw new Error('expected the activity to fail');
};

const tasksFor = (type: string, id: number) =>
  t.db.query(`SELECT kind, role, title, body, status FROM tasks WHERE "subjectType" = $1 AND "subjectId" = $2`, [
    type,
    id,
  ]);

it('within the bound a missing case is retried as before; past it admin gets one task and the failure is not retried', async () => {
  const cases = t.app.get(CaseActivities);
  const caseId = 2_000_000_001;
  const record = () => cases.recordDeadline({ caseId, label: 'acknowledgement', dueOn: '2026-12-03' });

  const early = await failureOf(asActivity(`case-${caseId}`, 'recordDeadline', 60_000, record));
  expect(early).toBeInstanceOf(ApplicationFailure);
  expect({ type: early.type, nonRetryable: early.nonRetryable }).toEqual({
    type: 'CASE_NOT_FOUND',
    nonRetryable: false,
  });
  expect(await tasksFor('case', caseId)).toEqual([]);

  for (let i = 0; i < 2; i++) {
    const late = await failureOf(
      asActivity(`case-${caseId}`, 'recordDeadline', MISSING_RECORD_BOUND_MS + 60_000, record),
    );
    expect({ type: late.type, nonRetryable: late.nonRetryable }).toEqual({
      type: 'RECORD_MISSING',
      nonRetryable: true,
    });
  }
  // Two attempts past the bound: still one task, in admin's queue, in words.
  expect(await tasksFor('case', caseId)).toEqual([
    {
      kind: 'record_missing',
      role: 'admin',
      status: 'open',
      title: '流程要办理的维权案件长时间查无记录，流程已停止，请核查',
      body: expect.stringContaining(`case-${caseId}`),
    },
  ]);
});

it('a claim decision whose claim is gone ends the same way, naming the claim process', async () => {
  const claims = t.app.get(ClaimActivities);
  const claimId = 2_000_000_002;
  const late = await failureOf(
    asActivity(`claim-approval-${claimId}`, 'recordClaimDecision', MISSING_RECORD_BOUND_MS + 1_000, () =>
      claims.recordClaimDecision({
        claimId,
        seq: 3,
        action: 'approve',
        by: 'nobody',
        reason: null,
        status: 'approved',
        approvals: [],
      }),
    ),
  );
  expect(late.type).toBe('RECORD_MISSING');
  const [task] = await tasksFor('claim', claimId);
  expect(task).toMatchObject({
    kind: 'record_missing',
    title: '流程要办理的补贴申请长时间查无记录，流程已停止，请核查',
  });
  expect(task.body).toContain('超过6小时');
});

it("admin's 待办 shows such a task with what to do beyond its title", async () => {
  const cases = t.app.get(CaseActivities);
  const caseId = 2_000_000_003;
  await failureOf(
    asActivity(`case-${caseId}`, 'recordDeadline', MISSING_RECORD_BOUND_MS + 60_000, () =>
      cases.recordDeadline({ caseId, label: 'acknowledgement', dueOn: '2026-12-03' }),
    ),
  );
  const [{ id }] = await t.db.query(`SELECT id FROM tasks WHERE "subjectType" = 'case' AND "subjectId" = $1`, [caseId]);
  await t.app.listen(0, '127.0.0.1');
  const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await launchBrowser();
  try {
    // The record's county is gone with it, so the task is the top office's: its admin sees it.
    const [{ id: top }] = await t.db.query(`SELECT id FROM offices WHERE "parentId" IS NULL ORDER BY id LIMIT 1`);
    const page = await signedInPage(browser, base, await t.login('admin', { officeId: top }));
    await page.goto(`${base}/console/tasks?queue=role`);
    const row = page.locator(`#task-list tr[data-task="${id}"]`);
    await expect(row.locator('[data-body]').textContent()).resolves.toContain('已停止重试');
    await expect(row.locator('[data-body]').textContent()).resolves.toContain(`case-${caseId}`);
  } finally {
    await browser.close();
  }
});
