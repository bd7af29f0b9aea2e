/**
 * A payout batch (代发批次): built by one finance user (and published, 公示) → approved by another
 * → once the notice's working days have passed, the bank file
 * issued (or, when objections hold every line by then, the batch closed without one) → waiting for the bank's answer (finance is reminded after a policy number of days
 * without one) → every line answered (reconciled) → closed by finance. A reversal the bank
 * reports after reconciliation is still taken until the batch is closed. Finance may cancel a
 * batch before it is approved; its claims go back to approved.
 */
import { allHandlersFinished, condition, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { PayoutActivities } from '../src/payouts/payouts.activities.js';
import type { ClaimActivities } from '../src/claims/claims.activities.js';
import { workflowNow } from './clock.js';
import {
  approvePayoutBatchUpdate,
  bankReturnUpdate,
  cancelPayoutBatchUpdate,
  closePayoutBatchUpdate,
  PayoutBatchInput,
  PayoutBatchState,
  payoutBatchStateQuery,
} from './definitions.js';
import { PayoutBatchRefusals } from './refusals.js';

const acts = proxyActivities<PayoutActivities>(RECORD_ACTIVITY);
const claimActs = proxyActivities<Pick<ClaimActivities, 'issueClaimNotice'>>(RECORD_ACTIVITY);
const DAY_MS = 86_400_000;
const nowIso = () => new Date(workflowNow()).toISOString();

export async function payoutBatch(input: PayoutBatchInput): Promise<PayoutBatchState> {
  const state: PayoutBatchState = {
    batchId: input.batchId,
    status: 'built',
    createdBy: input.createdBy,
    approvedBy: null,
    fileDocumentId: null,
    bankReminderSentAt: null,
    returns: [],
    history: [{ step: 'built', by: input.createdBy, at: nowIso() }],
  };
  setHandler(payoutBatchStateQuery, () => state);
  const written = (t: string) => !!t && t.trim().length >= 2;

  setHandler(
    approvePayoutBatchUpdate,
    async ({ by }) => {
      state.status = 'approved';
      state.approvedBy = by;
      state.history.push({ step: 'approved', by, at: nowIso() });
      await acts.recordBatchApproval({ batchId: input.batchId, by });
      return state;
    },
    {
      validator: ({ by }) => {
        if (state.status !== 'built') throw PayoutBatchRefusals.NOT_BUILT();
        if (by === input.createdBy) throw PayoutBatchRefusals.MAKER_CHECKER();
      },
    },
  );

  setHandler(
    cancelPayoutBatchUpdate,
    async ({ by, reason }) => {
      state.status = 'cancelled';
      state.history.push({ step: 'cancelled', by, at: nowIso(), reason });
      await acts.cancelBatch({ batchId: input.batchId, by, reason });
      return state;
    },
    {
      validator: ({ reason }) => {
        if (state.status !== 'built') throw PayoutBatchRefusals.NOT_BUILT();
        if (!written(reason)) throw PayoutBatchRefusals.REASON_REQUIRED();
      },
    },
  );

  // Each return file is applied in the order it arrives; a second one waits for the first.
  let applying = Promise.resolve();
  setHandler(
    bankReturnUpdate,
    async ({ returnId, by }) => {
      const previous = applying;
      let done!: () => void;
      applying = new Promise((ok) => (done = ok));
      await previous;
      try {
        const { paidClaimIds, ...outcome } = await acts.reconcileReturn({ batchId: input.batchId, returnId, by });
        // Each claim the bank paid gets its notice (培训补贴审核通知书 / 职业介绍补贴发放通知).
        for (const claimId of paidClaimIds) await claimActs.issueClaimNotice({ claimId });
        state.returns.push(outcome);
        state.history.push({ step: 'return_reconciled', by, at: nowIso() });
        if (outcome.open === 0 && state.status === 'awaiting_bank') {
          state.status = 'reconciled';
          state.history.push({ step: 'reconciled', by, at: nowIso() });
        }
        return outcome;
      } finally {
        done();
      }
    },
    {
      validator: (_: { returnId: number; by: string }) => {
        if (state.status !== 'awaiting_bank' && state.status !== 'reconciled')
          throw PayoutBatchRefusals.NOT_AWAITING_BANK();
      },
    },
  );

  setHandler(
    closePayoutBatchUpdate,
    async ({ by }) => {
      state.status = 'closed';
      state.history.push({ step: 'closed', by, at: nowIso() });
      await acts.closeBatch({ batchId: input.batchId, by });
      return state;
    },
    {
      validator: (_: { by: string }) => {
        if (state.status !== 'reconciled') throw PayoutBatchRefusals.NOT_RECONCILED();
      },
    },
  );

  await condition(() => state.status !== 'built');
  if (state.status === 'cancelled') {
    await condition(allHandlersFinished);
    return state;
  }
  await condition(allHandlersFinished);
  // Paid only after the public notice (公示) has run its working days; lines held by an open objection then stay out of the file.
  const noticeLeft = input.noticeEndsAt ? Date.parse(input.noticeEndsAt) - workflowNow() : 0;
  if (noticeLeft > 0) await sleep(noticeLeft);
  const issued = await acts.issueBankFile({ batchId: input.batchId });
  // Objections raised after approval held every line: no file to send, the batch ends here.
  if (issued.documentId === null && patched('nothing-left-to-pay')) {
    state.status = 'closed';
    state.history.push({ step: 'closed_nothing_to_pay', by: 'system:workflow', at: nowIso() });
    await condition(allHandlersFinished);
    return state;
  }
  state.fileDocumentId = issued.documentId;
  state.status = 'awaiting_bank';
  state.history.push({ step: 'file_issued', by: 'system:workflow', at: nowIso() });

  const answered = () => state.status !== 'awaiting_bank';
  if (!(await condition(answered, input.bankReminderDays * DAY_MS))) {
    state.bankReminderSentAt = nowIso();
    await acts.remindBankAnswer({ batchId: input.batchId, days: input.bankReminderDays });
    state.history.push({ step: 'bank_reminder', by: 'system:workflow', at: state.bankReminderSentAt });
  }
  await condition(() => state.status === 'closed');
  await condition(allHandlersFinished);
  return state;
}
