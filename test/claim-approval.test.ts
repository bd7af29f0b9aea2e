/**
 * The shared finance approval workflow on the time-skipping server. Activities are test
 * doubles that keep a ledger keyed like the real ones (the payout by claim id), so
 * "exactly one payout" is checked under retries. claims.e2e.ts runs the real activities.
 */
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  approveClaimUpdate,
  ClaimApprovalInput,
  claimStateQuery,
  rejectClaimUpdate,
  resubmitClaimUpdate,
  returnClaimUpdate,
  workingDeadlineMovedSignal,
} from '../workflows/definitions.js';
import { addDays, shanghaiDate, shanghaiEndOfDay } from '../workflows/calendar.js';
import { keepHistory, refusal, workflowTests } from './support/workflows.js';

const wf = workflowTests();

interface Ledger {
  decisions: { action: string; by: string; seq: number }[];
  payouts: Map<number, number>;
  payoutAttempts: number;
  notices: number;
  overdueFlags: number;
  dueMoves: string[];
}

type Repeat = { repeatOf: { reason: string; earlierClaim: { id: number; number: string; startDate: string } } };

async function setup(
  partial: Partial<ClaimApprovalInput> = {},
  opts: { crashAfterPaying?: boolean; repeatAtApproval?: Repeat; repeatAtPayment?: Repeat } = {},
) {
  const ledger: Ledger = {
    decisions: [],
    payouts: new Map(),
    payoutAttempts: 0,
    notices: 0,
    overdueFlags: 0,
    dueMoves: [],
  };
  const { worker, start } = await wf.recordingWorker(
    'claim',
    {},
    {
      others: {
        async recordClaimDecision(a: { action: string; by: string; seq: number }) {
          // The real activity rejects a referral claim found to be a repeat instead of approving it.
          const refused = a.action === 'approve' && opts.repeatAtApproval;
          if (!ledger.decisions.some((d) => d.seq === a.seq))
            ledger.decisions.push({
              action: refused ? 'reject' : a.action,
              by: refused ? 'system:workflow' : a.by,
              seq: a.seq,
            });
          if (refused) return opts.repeatAtApproval;
        },
        async flagClaimOverdue() {
          ledger.overdueFlags++;
        },
        async recordPayout({ claimId }: { claimId: number }) {
          ledger.payoutAttempts++;
          if (opts.repeatAtPayment) return opts.repeatAtPayment;
          // Keyed by claim, like the unique claimId in Postgres: a retry finds the first payout.
          if (!ledger.payouts.has(claimId)) ledger.payouts.set(claimId, ledger.payouts.size + 1);
          if (opts.crashAfterPaying && ledger.payoutAttempts === 1)
            throw new Error('worker crashed after paying, before recording');
          return { payoutId: ledger.payouts.get(claimId)!, paidOn: '2026-11-23', reference: `ZF-${claimId}` };
        },
        async issueClaimNotice() {
          ledger.notices++;
          return { documentId: 99 };
        },
        async recordDecisionDueMoved({ decisionDueAt }: { decisionDueAt: string }) {
          ledger.dueMoves.push(decisionDueAt);
        },
      },
    },
  );
  const now = await wf.env.currentTimeMs();
  const input: ClaimApprovalInput = {
    claimId: 7,
    kind: 'training',
    amountFen: 60000,
    preparedBy: 'cw.wang',
    secondApprovalThresholdFen: 100000,
    decisionDueAt: new Date(now + 14 * 86_400_000).toISOString(),
    ...partial,
  };
  const handle = await start('claimApproval', input);
  return { worker, handle, ledger };
}

it('one approval by a finance user who is not the maker → paid, one payout, a notice', async () => {
  const { worker, handle, ledger } = await setup();
  const result = await worker.runUntil(async () => {
    const s = await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    expect(s.status).toBe('approved');
    return handle.result();
  });
  expect(result.status).toBe('paid');
  expect(result.payout).toEqual({ payoutId: 1, paidOn: '2026-11-23', reference: 'ZF-7' });
  expect(ledger.payouts.size).toBe(1);
  expect(ledger.notices).toBe(1);
});

it('the memo carries the state the query answers: waiting, flagged overdue, two approvals, paid', async () => {
  const { worker, handle } = await setup({ amountFen: 200000 });
  const memo = async () => (await handle.describe()).memo?.state;
  // The query first: it is answered once the task in flight has completed, and the memo with it.
  const same = async () => {
    const asked = await handle.query(claimStateQuery);
    expect(await memo()).toEqual(asked);
  };
  const result = await worker.runUntil(async () => {
    await same();
    await wf.env.sleep('15 days');
    expect((await handle.query(claimStateQuery)).overdueFlaggedAt).not.toBeNull();
    await same();
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    await same();
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.zhao' }] });
    return handle.result();
  });
  expect(result.status).toBe('paid');
  expect(await memo()).toEqual(result);
});

it('a county paying through bank batches: approval ends at approved, nothing paid and no notice (the batch pays it)', async () => {
  const { worker, handle, ledger } = await setup({ payThroughBank: true });
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    return handle.result();
  });
  await keepHistory(handle, 'claim-approval-approved-for-bank-batch');
  expect(result).toMatchObject({ status: 'approved', payout: null, noticeDocumentId: null });
  expect(ledger.payoutAttempts).toBe(0);
  expect(ledger.notices).toBe(0);
});

it('maker-checker: the person who prepared the claim is refused at once, and nothing is recorded', async () => {
  const { worker, handle, ledger } = await setup();
  await worker.runUntil(async () => {
    expect(await refusal(handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'cw.wang' }] }))).toMatch(
      /^CLAIM\.MAKER_CHECKER /,
    );
    expect((await handle.query(claimStateQuery)).status).toBe('awaiting_approval');
    await handle.executeUpdate(rejectClaimUpdate, { args: [{ by: 'fin.li', reason: '材料不全' }] });
    await handle.result();
  });
  expect(ledger.decisions.map((d) => d.action)).toEqual(['reject']);
  expect(ledger.payouts.size).toBe(0);
});

it('above the threshold two different finance users must approve; the same one twice is refused', async () => {
  const { worker, handle, ledger } = await setup({ amountFen: 150000 });
  const result = await worker.runUntil(async () => {
    const first = await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    expect(first).toMatchObject({ status: 'awaiting_approval', requiredApprovals: 2 });
    expect(await refusal(handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] }))).toMatch(
      /^CLAIM\.APPROVED_BY_YOU /,
    );
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.zhao' }] });
    return handle.result();
  });
  expect(result.status).toBe('paid');
  expect(result.approvals.map((a: { by: string }) => a.by)).toEqual(['fin.li', 'fin.zhao']);
  expect(ledger.payouts.size).toBe(1);
});

it('reject and return need a reason; a decided claim cannot be decided again', async () => {
  const { worker, handle } = await setup();
  await worker.runUntil(async () => {
    expect(await refusal(handle.executeUpdate(rejectClaimUpdate, { args: [{ by: 'fin.li', reason: ' ' }] }))).toMatch(
      /^CLAIM\.REASON_REQUIRED /,
    );
    expect(await refusal(handle.executeUpdate(returnClaimUpdate, { args: [{ by: 'fin.li', reason: '' }] }))).toMatch(
      /^CLAIM\.REASON_REQUIRED /,
    );
    await handle.executeUpdate(rejectClaimUpdate, { args: [{ by: 'fin.li', reason: '非本县户籍' }] });
    const final = await handle.result();
    expect(final.status).toBe('rejected');
  });
});

it('return for revision, then resubmit: the maker stays, and neither maker nor resubmitter may approve it', async () => {
  const { worker, handle, ledger } = await setup();
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(returnClaimUpdate, { args: [{ by: 'fin.li', reason: '缺少考勤表' }] });
    expect(await refusal(handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.zhao' }] }))).toMatch(
      /^CLAIM\.DECIDED /,
    );
    const s = await handle.executeUpdate(resubmitClaimUpdate, { args: [{ by: 'cw.zhang', note: '已补充考勤表' }] });
    expect(s).toMatchObject({ preparedBy: 'cw.wang', revisedBy: ['cw.zhang'] });
    for (const by of ['cw.zhang', 'cw.wang'])
      expect(await refusal(handle.executeUpdate(approveClaimUpdate, { args: [{ by }] }))).toMatch(
        /^CLAIM\.MAKER_CHECKER /,
      );
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    return handle.result();
  });
  expect(result.status).toBe('paid');
  expect(ledger.decisions.map((d) => `${d.action}:${d.by}`)).toEqual([
    'return:fin.li',
    'resubmit:cw.zhang',
    'approve:fin.li',
  ]);
});

it('double-approve race: two finance users at the same moment → one approval, the other refused, one payout', async () => {
  const { worker, handle, ledger } = await setup();
  await worker.runUntil(async () => {
    const [a, b] = await Promise.allSettled([
      handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] }),
      handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.zhao' }] }),
    ]);
    const outcomes = [a.status, b.status].sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const final = await handle.result();
    expect(final.approvals).toHaveLength(1);
  });
  expect(ledger.decisions.filter((d) => d.action === 'approve')).toHaveLength(1);
  expect(ledger.payouts.size).toBe(1);
});

it('payout retried after a crash between "paid" and "recorded": exactly one payout', async () => {
  const { worker, handle, ledger } = await setup({}, { crashAfterPaying: true });
  const result = await worker.runUntil(async () => {
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    return handle.result();
  });
  expect(ledger.payoutAttempts).toBe(2);
  expect(ledger.payouts.size).toBe(1);
  expect(result.payout?.payoutId).toBe(1);
});

it('not decided within the SLA: flagged once, never approved automatically, still decidable by a person', async () => {
  const { worker, handle, ledger } = await setup();
  await worker.runUntil(async () => {
    await wf.env.sleep('20 days');
    const s = await handle.query(claimStateQuery);
    expect(s.status).toBe('awaiting_approval');
    expect(s.overdueFlaggedAt).not.toBeNull();
    expect(s.approvals).toHaveLength(0);
    await wf.env.sleep('20 days');
    await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
    await handle.result();
  });
  expect(ledger.overdueFlags).toBe(1);
  expect(ledger.payouts.size).toBe(1);
});

describe('a referral claim found to repeat an earlier one', () => {
  const repeat: Repeat = {
    repeatOf: {
      reason: '该人员已有职业介绍补贴申请补〔2026〕3号（上岗日期2026-03-01，待审批）……',
      earlierClaim: { id: 3, number: '补〔2026〕3号', startDate: '2026-03-01' },
    },
  };

  it('at approval: the approval is refused with the reason and the earlier claim, the claim ends rejected, never paid', async () => {
    const { worker, handle, ledger } = await setup({ kind: 'referral', amountFen: 8000 }, { repeatAtApproval: repeat });
    const result = await worker.runUntil(async () => {
      const err = await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] }).then(
        () => null,
        (e) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('REFERRAL.REPEAT');
      expect(cause.message).toBe(repeat.repeatOf.reason);
      expect(cause.details?.[0]).toEqual(repeat.repeatOf);
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'rejected', approvals: [], payout: null });
    expect(result.history).toEqual([
      expect.objectContaining({ action: 'reject', by: 'system:workflow', reason: repeat.repeatOf.reason }),
    ]);
    expect(ledger.decisions).toEqual([{ action: 'reject', by: 'system:workflow', seq: 1 }]);
    expect(ledger.payoutAttempts).toBe(0);
    expect(ledger.notices).toBe(0);
  });

  it('at payment: approved, then rejected instead of paid, no notice', async () => {
    const { worker, handle, ledger } = await setup({ kind: 'referral', amountFen: 8000 }, { repeatAtPayment: repeat });
    const result = await worker.runUntil(async () => {
      await handle.executeUpdate(approveClaimUpdate, { args: [{ by: 'fin.li' }] });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'rejected', payout: null, noticeDocumentId: null });
    expect(result.history.map((h: { action: string; by: string }) => [h.action, h.by])).toEqual([
      ['approve', 'fin.li'],
      ['reject', 'system:workflow'],
    ]);
    expect(ledger.notices).toBe(0);
  });
});

it('a decision deadline the calendar recomputed replaces the running one; a stale one is ignored', async () => {
  const now = await wf.env.currentTimeMs();
  const lastDay = shanghaiDate(now + 5 * 86_400_000);
  const { worker, handle, ledger } = await setup({ decisionDueAt: new Date(shanghaiEndOfDay(lastDay)).toISOString() });
  await worker.runUntil(async () => {
    const later = addDays(lastDay, 3);
    // A signal about another date (already moved, or stale) changes nothing.
    await handle.signal(workingDeadlineMovedSignal, { label: 'decision', from: addDays(lastDay, -1), dueOn: later });
    await handle.signal(workingDeadlineMovedSignal, { label: 'decision', from: lastDay, dueOn: later });
    const expected = new Date(shanghaiEndOfDay(later)).toISOString();
    for (let i = 0; i < 50 && !ledger.dueMoves.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ledger.dueMoves).toEqual([expected]);
    expect((await handle.query(claimStateQuery)).decisionDueAt).toBe(expected);
    // Past the old deadline, not yet past the new one: not overdue.
    await wf.env.sleep('6 days');
    expect(ledger.overdueFlags).toBe(0);
    await wf.env.sleep('3 days');
    expect(ledger.overdueFlags).toBe(1);
    await handle.executeUpdate(rejectClaimUpdate, { args: [{ by: 'fin.li', reason: '材料不全' }] });
    await handle.result();
  });
});
