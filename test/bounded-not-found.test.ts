/**
 * A lookup whose record is "not found (yet)" retries for a bounded time (LOOKUP_ACTIVITY), then
 * the run ends with a task for admin instead of retrying for ever; found in time, it carries on.
 * The task itself, in Postgres, is in referrals.e2e.ts.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ReferralPayoutInput } from '../workflows/definitions.js';
import { keepHistory, nothing, of, workflowTests } from './support/workflows.js';

const wf = workflowTests();
const HOURS_6 = 6 * 3_600_000;

async function referral(assessReferral: () => unknown) {
  const { worker, calls, start } = await wf.recordingWorker('notfound', {
    contractOf: async () => ({ signedOn: await wf.today() }),
    assessReferral,
    recordReferralOutcome: nothing,
    raiseReferralRecordMissing: nothing,
  });
  const input: ReferralPayoutInput = {
    placementId: 9,
    brokerId: 2,
    workerId: 5,
    amountFen: 8000,
    minContractMonths: 12,
    repeatWindowMonths: 12,
    retentionDays: 0,
  };
  const startedAt = await wf.env.currentTimeMs();
  const handle = await start('referralPayout', input);
  return { worker, calls, handle, startedAt };
}

const notVisible = () => {
  throw ApplicationFailure.retryable('the contract of placement 9 is not visible yet', 'CONTRACT_NOT_FOUND');
};

it('a contract that never becomes visible: after the bound, one task for admin and the run completes', async () => {
  const { worker, calls, handle, startedAt } = await referral(notVisible);
  const result = await worker.runUntil(() => handle.result());
  await keepHistory(handle, 'referral-payout-record-missing');
  expect(result.stage).toBe('record_missing');
  const raised = of(calls, 'raiseReferralRecordMissing');
  expect(raised).toHaveLength(1);
  expect(raised[0].args).toEqual({ placementId: 9, workerId: 5 });
  // Retried meanwhile, and only given up once the bound had passed (give or take the last backoff).
  expect(of(calls, 'assessReferral').length).toBeGreaterThan(10);
  expect(raised[0].at - startedAt).toBeGreaterThanOrEqual(HOURS_6 - 5 * 60_000);
  expect(of(calls, 'recordReferralOutcome')).toHaveLength(0);
}, 120_000);

it('a contract that becomes visible within the bound: assessed and carried on as before, no task', async () => {
  let tries = 0;
  const reasons = ['劳动合同期限（6个月）不足12个月'];
  const { worker, calls, handle } = await referral(() => (++tries < 5 ? notVisible() : reasons));
  const result = await worker.runUntil(() => handle.result());
  expect(result).toMatchObject({ stage: 'ineligible', reasons });
  expect(of(calls, 'assessReferral')).toHaveLength(5);
  expect(of(calls, 'raiseReferralRecordMissing')).toHaveLength(0);
  expect(of(calls, 'recordReferralOutcome')[0].args).toMatchObject({ stage: 'ineligible' });
});

it('any other failure is not taken for a missing record: no task', async () => {
  const { worker, calls, handle } = await referral(() => {
    throw ApplicationFailure.nonRetryable('规则配置错误', 'BROKEN');
  });
  await expect(worker.runUntil(() => handle.result())).rejects.toThrow();
  expect(of(calls, 'raiseReferralRecordMissing')).toHaveLength(0);
});
