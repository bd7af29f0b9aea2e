/**
 * The payout batch process on the time-skipping server, with recording doubles for its
 * activities (payouts.e2e.ts runs the real ones): maker-checker, the bank file issued only after
 * approval, the reminder when the bank has not answered within the policy's days (and none when
 * it has), return files applied in order with a notice for each claim paid, closing only once
 * every line is answered, and cancellation before approval.
 */
import type { PayoutBatchInput, ReturnOutcome } from '../workflows/definitions.js';
import {
  approvePayoutBatchUpdate,
  bankReturnUpdate,
  cancelPayoutBatchUpdate,
  closePayoutBatchUpdate,
  payoutBatchStateQuery,
} from '../workflows/definitions.js';
import { keepHistory, nothing, of, refusal, workflowTests } from './support/workflows.js';

const wf = workflowTests();
const DAY = 86_400_000;

const outcome = (
  returnId: number,
  open: number,
  paidClaimIds: number[] = [],
): ReturnOutcome & { paidClaimIds: number[] } => ({
  returnId,
  paid: paidClaimIds.length,
  failed: 0,
  reversed: 0,
  unchanged: 0,
  unknown: [],
  mismatched: [],
  open,
  paidClaimIds,
});

async function setup(
  answers: { open: number[] } = { open: [0] },
  extra: Partial<PayoutBatchInput> = {},
  file: { documentId: number | null } = { documentId: 41 },
) {
  let call = 0;
  const { worker, calls, start } = await wf.recordingWorker('payout', {
    recordBatchApproval: nothing,
    cancelBatch: nothing,
    issueBankFile: () => file,
    remindBankAnswer: nothing,
    reconcileReturn: (a) => {
      const open = answers.open[Math.min(call, answers.open.length - 1)];
      call++;
      return outcome(a.returnId as number, open, [100 + call]);
    },
    issueClaimNotice: () => ({ documentId: 7 }),
    closeBatch: nothing,
  });
  const input: PayoutBatchInput = {
    batchId: 5,
    number: '代发〔2026〕1号',
    createdBy: 'fin.li',
    bankReminderDays: 7,
    ...extra,
  };
  const handle = await start('payoutBatch', input);
  return { worker, calls, handle };
}

it('maker-checker: the maker cannot approve; another finance user does, and only then is the bank file issued', async () => {
  const { worker, calls, handle } = await setup();
  await worker.runUntil(async () => {
    expect(await refusal(handle.executeUpdate(approvePayoutBatchUpdate, { args: [{ by: 'fin.li' }] }))).toMatch(
      /^PAYOUT\.MAKER_CHECKER /,
    );
    await wf.env.sleep('2 days');
    expect(of(calls, 'issueBankFile')).toHaveLength(0);
    // A return before the file is issued is refused.
    expect(await refusal(handle.executeUpdate(bankReturnUpdate, { args: [{ returnId: 1, by: 'fin.li' }] }))).toMatch(
      /^PAYOUT\.NOT_AWAITING_BANK /,
    );
    await handle.executeUpdate(approvePayoutBatchUpdate, { args: [{ by: 'fin.zhao' }] });
    await wf.env.sleep('1 hour');
    const s = await handle.query(payoutBatchStateQuery);
    expect(s).toMatchObject({ status: 'awaiting_bank', approvedBy: 'fin.zhao', fileDocumentId: 41 });
    await keepHistory(handle, 'payout-batch-awaiting-bank');
    // Left waiting for the bank, its timer would hold the test server's clock for the next test.
    await handle.terminate();
  });
  expect(of(calls, 'recordBatchApproval').map((c) => c.args.by)).toEqual(['fin.zhao']);
  expect(of(calls, 'issueBankFile')).toHaveLength(1);
});

it('no answer from the bank within 7 days: finance is reminded once, on day 7; the answer then reconciles it and finance closes it', async () => {
  const { worker, calls, handle } = await setup();
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(approvePayoutBatchUpdate, { args: [{ by: 'fin.zhao' }] });
    const issuedAt = (await wf.env.currentTimeMs()) as number;
    await wf.env.sleep('6 days');
    expect(of(calls, 'remindBankAnswer')).toHaveLength(0);
    await wf.env.sleep('2 days');
    const reminders = of(calls, 'remindBankAnswer');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].args).toEqual({ batchId: 5, days: 7 });
    expect(reminders[0].at - issuedAt).toBeGreaterThanOrEqual(7 * DAY - 60_000);
    expect(reminders[0].at - issuedAt).toBeLessThan(7 * DAY + 60_000);
    await wf.env.sleep('20 days');
    expect(of(calls, 'remindBankAnswer')).toHaveLength(1);
    const out = await handle.executeUpdate(bankReturnUpdate, { args: [{ returnId: 3, by: 'fin.li' }] });
    expect(out).toMatchObject({ returnId: 3, open: 0 });
    expect((await handle.query(payoutBatchStateQuery)).status).toBe('reconciled');
    await handle.executeUpdate(closePayoutBatchUpdate, { args: [{ by: 'fin.li' }] });
    return handle.result();
  });
  await keepHistory(handle, 'payout-batch-reminded-reconciled-closed');
  expect(result.status).toBe('closed');
  expect(result.history.map((h: { step: string }) => h.step)).toEqual([
    'built',
    'approved',
    'file_issued',
    'bank_reminder',
    'return_reconciled',
    'reconciled',
    'closed',
  ]);
  expect(of(calls, 'issueClaimNotice').map((c) => c.args.claimId)).toEqual([101]);
});

it('the bank answers in time, in two files: no reminder; closing is refused while a line is still open; a reversal after reconciliation is taken', async () => {
  const { worker, calls, handle } = await setup({ open: [1, 0, 0] });
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(approvePayoutBatchUpdate, { args: [{ by: 'fin.zhao' }] });
    await wf.env.sleep('2 days');
    expect((await handle.executeUpdate(bankReturnUpdate, { args: [{ returnId: 1, by: 'fin.li' }] })).open).toBe(1);
    expect(await refusal(handle.executeUpdate(closePayoutBatchUpdate, { args: [{ by: 'fin.li' }] }))).toMatch(
      /^PAYOUT\.NOT_RECONCILED /,
    );
    await wf.env.sleep('1 day');
    await handle.executeUpdate(bankReturnUpdate, { args: [{ returnId: 2, by: 'fin.li' }] });
    expect((await handle.query(payoutBatchStateQuery)).status).toBe('reconciled');
    await wf.env.sleep('10 days');
    // A reversal reported later still reaches a reconciled batch.
    await handle.executeUpdate(bankReturnUpdate, { args: [{ returnId: 3, by: 'fin.li' }] });
    await handle.executeUpdate(closePayoutBatchUpdate, { args: [{ by: 'fin.li' }] });
    return handle.result();
  });
  expect(of(calls, 'remindBankAnswer')).toHaveLength(0);
  expect(of(calls, 'reconcileReturn').map((c) => c.args.returnId)).toEqual([1, 2, 3]);
  expect(result.returns.map((r: { returnId: number }) => r.returnId)).toEqual([1, 2, 3]);
  expect(result.status).toBe('closed');
});

it('公示: approved during the notice, the bank file waits for the notice to end, and the reminder counts from the file', async () => {
  const ends = ((await wf.env.currentTimeMs()) as number) + 5 * DAY;
  const { worker, calls, handle } = await setup({ open: [0] }, { noticeEndsAt: new Date(ends).toISOString() });
  await worker.runUntil(async () => {
    await handle.executeUpdate(approvePayoutBatchUpdate, { args: [{ by: 'fin.zhao' }] });
    await wf.env.sleep('4 days');
    expect(of(calls, 'issueBankFile')).toHaveLength(0);
    expect((await handle.query(payoutBatchStateQuery)).status).toBe('approved');
    await wf.env.sleep('2 days');
    const issued = of(calls, 'issueBankFile');
    expect(issued).toHaveLength(1);
    expect(issued[0].at).toBeGreaterThanOrEqual(ends);
    // Issued on day 5: the reminder is due on day 12.
    await wf.env.sleep('5 days');
    expect(of(calls, 'remindBankAnswer')).toHaveLength(0);
    await wf.env.sleep('2 days');
    expect(of(calls, 'remindBankAnswer')).toHaveLength(1);
    await keepHistory(handle, 'payout-batch-notice-then-reminded');
    await handle.terminate();
  });
});

it('every line held by an objection when the notice ends: no bank file, the batch closes and the process ends', async () => {
  const ends = ((await wf.env.currentTimeMs()) as number) + 5 * DAY;
  const { worker, calls, handle } = await setup(
    { open: [0] },
    { noticeEndsAt: new Date(ends).toISOString() },
    { documentId: null },
  );
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(approvePayoutBatchUpdate, { args: [{ by: 'fin.zhao' }] });
    await wf.env.sleep('6 days');
    return handle.result();
  });
  expect(result).toMatchObject({ status: 'closed', fileDocumentId: null });
  expect(result.history.map((h: { step: string }) => h.step).slice(-1)).toEqual(['closed_nothing_to_pay']);
  expect(of(calls, 'issueBankFile')).toHaveLength(1);
  expect(of(calls, 'remindBankAnswer')).toHaveLength(0);
  expect(of(calls, 'closeBatch')).toHaveLength(0);
});

it('cancelled before approval, with a reason: no bank file, the process ends', async () => {
  const { worker, calls, handle } = await setup();
  const result = await worker.runUntil(async () => {
    expect(
      await refusal(handle.executeUpdate(cancelPayoutBatchUpdate, { args: [{ by: 'fin.li', reason: 'x' }] })),
    ).toMatch(/^PAYOUT\.REASON_REQUIRED /);
    await handle.executeUpdate(cancelPayoutBatchUpdate, { args: [{ by: 'fin.li', reason: '资金来源选错' }] });
    return handle.result();
  });
  expect(result.status).toBe('cancelled');
  expect(of(calls, 'cancelBatch')).toHaveLength(1);
  expect(of(calls, 'issueBankFile')).toHaveLength(0);
});
