/**
 * Finance approval, one path for both claim kinds (DESIGN.md: "Finance approval is one
 * shared path"). Maker-checker: whoever prepared a claim never decides it. Above the policy
 * threshold two different finance users must approve. Rejection and return need a reason; a
 * returned claim waits for resubmission. Approved → where the county pays through bank batches,
 * that is where this process ends (src/payouts: batch, bank file, bank's answer, notice);
 * otherwise exactly one payout at once (the activity is idempotent by claim) → the notice. Not decided by the SLA: flagged to finance's lead;
 * nothing is ever approved automatically.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
import type { ClaimActivities } from '../src/claims/claims.activities.js';
import { shanghaiDate, shanghaiEndOfDay } from './calendar.js';
import { workflowNow } from './clock.js';
import { ClaimRefusals } from './refusals.js';
import {
  approveClaimUpdate,
  ClaimApprovalInput,
  ClaimApprovalState,
  claimStateQuery,
  rejectClaimUpdate,
  RepeatRefusal,
  resubmitClaimUpdate,
  returnClaimUpdate,
  workingDeadlineMovedSignal,
} from './definitions.js';
import { ClaimNumber, searchKeeper, townshipPair } from './search-attributes.js';
import { keepStateInMemo } from './state-memo.js';

const acts = proxyActivities<ClaimActivities>(RECORD_ACTIVITY);

const nowIso = () => new Date(workflowNow()).toISOString();
/** Patch: a decision deadline recomputed when its year's holidays are loaded replaces the running one. */
const DEADLINE_MOVES = 'working-deadline-moves-with-the-calendar';

/** Referral claims are judged again at approval and payment (src/claims/referral-repeat.ts). */
export const REPEAT_REFUSED = 'referral-repeat-refused-at-approval-and-payment';
/** Patch: a resubmitted claim keeps its maker, and whoever resubmitted it may not decide it either. */
const MAKER_STAYS = 'resubmitted-claim-keeps-its-maker';
const SYSTEM = 'system:workflow';
/** Patch: with the county paying through bank batches, approval ends at approved; the batch and the bank's answer pay it. */
export const PAID_THROUGH_BANK = 'approved-claim-paid-through-bank-batch';

export async function claimApproval(input: ClaimApprovalInput): Promise<ClaimApprovalState> {
  const state: ClaimApprovalState = {
    claimId: input.claimId,
    kind: input.kind,
    status: 'awaiting_approval',
    amountFen: input.amountFen,
    preparedBy: input.preparedBy,
    requiredApprovals: input.amountFen > input.secondApprovalThresholdFen ? 2 : 1,
    approvals: [],
    history: [],
    decisionDueAt: input.decisionDueAt,
    overdueFlaggedAt: null,
    payout: null,
    noticeDocumentId: null,
  };
  setHandler(claimStateQuery, () => state);
  const showState = keepStateInMemo(state);
  // Started by its parent without search attributes: set here, and kept as it moves.
  const showSearch = searchKeeper({}, [
    ...(input.claimNumber ? [{ key: ClaimNumber, value: input.claimNumber }] : []),
    ...townshipPair(input.township),
  ]);
  const undecided = () => state.status === 'awaiting_approval' || state.status === 'returned';
  const showStatus = () => showSearch(state.status, undecided() ? state.decisionDueAt : null);
  showStatus();

  const mustBeOpen = () => {
    if (state.status !== 'awaiting_approval') throw ClaimRefusals.DECIDED();
  };
  const notTheMaker = (by: string) => {
    if (by === state.preparedBy || state.revisedBy?.includes(by)) throw ClaimRefusals.MAKER_CHECKER();
  };
  const written = (text: string) => !!text && text.trim().length >= 2;
  const needsReason = (reason: string) => {
    if (!written(reason)) throw ClaimRefusals.REASON_REQUIRED();
  };

  // Each handler changes the state before its first await, so a second update arriving in
  // the same moment is validated against the first one's outcome (no double approval).
  setHandler(
    approveClaimUpdate,
    async ({ by }) => {
      const at = nowIso();
      state.approvals.push({ by, at });
      state.history.push({ action: 'approve', by, at });
      const complete = state.approvals.length >= state.requiredApprovals;
      if (complete) state.status = 'approved';
      showStatus();
      const recorded = await acts.recordClaimDecision({
        claimId: input.claimId,
        seq: state.history.length,
        action: 'approve',
        by,
        reason: null,
        status: state.status,
        approvals: state.approvals,
      });
      // A referral claim that became a repeat while it waited is rejected instead (by the activity).
      if (recorded && patched(REPEAT_REFUSED)) {
        state.approvals.pop();
        state.history[state.history.length - 1] = {
          action: 'reject',
          by: SYSTEM,
          at,
          reason: recorded.repeatOf.reason,
        };
        state.status = 'rejected';
        showStatus();
        throw repeatFailure(recorded.repeatOf);
      }
      return state;
    },
    {
      validator: ({ by }) => {
        mustBeOpen();
        notTheMaker(by);
        if (state.approvals.some((a) => a.by === by)) throw ClaimRefusals.APPROVED_BY_YOU();
      },
    },
  );

  setHandler(
    rejectClaimUpdate,
    async ({ by, reason }) => {
      const at = nowIso();
      state.status = 'rejected';
      showStatus();
      state.history.push({ action: 'reject', by, at, reason });
      await acts.recordClaimDecision({
        claimId: input.claimId,
        seq: state.history.length,
        action: 'reject',
        by,
        reason,
        status: 'rejected',
        approvals: state.approvals,
      });
      return state;
    },
    { validator: ({ by, reason }) => (mustBeOpen(), notTheMaker(by), needsReason(reason)) },
  );

  setHandler(
    returnClaimUpdate,
    async ({ by, reason }) => {
      const at = nowIso();
      state.status = 'returned';
      showStatus();
      state.approvals = [];
      state.history.push({ action: 'return', by, at, reason });
      await acts.recordClaimDecision({
        claimId: input.claimId,
        seq: state.history.length,
        action: 'return',
        by,
        reason,
        status: 'returned',
        approvals: [],
      });
      return state;
    },
    { validator: ({ by, reason }) => (mustBeOpen(), notTheMaker(by), needsReason(reason)) },
  );

  setHandler(
    resubmitClaimUpdate,
    async ({ by, note }) => {
      const at = nowIso();
      state.status = 'awaiting_approval';
      showStatus();
      const keepsMaker = patched(MAKER_STAYS);
      // The maker stays who prepared it; the reviser joins those who may not decide it.
      if (keepsMaker) state.revisedBy = [...(state.revisedBy ?? []), by];
      // Before: whoever revised it became its maker.
      else state.preparedBy = by;
      state.history.push({ action: 'resubmit', by, at, reason: note });
      await acts.recordClaimDecision({
        claimId: input.claimId,
        seq: state.history.length,
        action: 'resubmit',
        by,
        reason: note,
        status: 'awaiting_approval',
        approvals: [],
        ...(keepsMaker ? { keepsMaker } : {}),
      });
      return state;
    },
    {
      validator: ({ note }) => {
        if (state.status !== 'returned') throw ClaimRefusals.NOT_RETURNED();
        if (!written(note)) throw ClaimRefusals.NOTE_REQUIRED();
      },
    },
  );

  const decided = () => state.status === 'approved' || state.status === 'rejected';
  let dueAt = Date.parse(input.decisionDueAt);
  let dueVersion = 0;
  // The calendar recomputed the decision deadline (its year's holidays were loaded): it ends with its new last day.
  setHandler(workingDeadlineMovedSignal, async ({ from, dueOn }) => {
    if (decided() || shanghaiDate(dueAt - 1) !== from || !patched(DEADLINE_MOVES)) return;
    dueAt = shanghaiEndOfDay(dueOn);
    state.decisionDueAt = new Date(dueAt).toISOString();
    dueVersion++;
    showStatus();
    await acts.recordDecisionDueMoved({ claimId: input.claimId, decisionDueAt: state.decisionDueAt });
  });
  while (!decided()) {
    const remaining = dueAt - workflowNow();
    const version = dueVersion;
    if (!state.overdueFlaggedAt && remaining > 0) {
      await condition(() => decided() || dueVersion !== version, remaining);
    } else if (!state.overdueFlaggedAt) {
      // Past the SLA and undecided (awaiting or returned): flag it; keep waiting for people.
      state.overdueFlaggedAt = nowIso();
      await acts.flagClaimOverdue({ claimId: input.claimId, dueAt: input.decisionDueAt });
    } else {
      await condition(decided);
    }
  }
  await condition(allHandlersFinished);

  // Nothing is paid yet: finance's payout batch sends it to the bank, whose answer pays it or not.
  if (state.status === 'approved' && input.payThroughBank && patched(PAID_THROUGH_BANK)) {
    showState();
    return state;
  }
  if (state.status === 'approved') {
    if (patched(REPEAT_REFUSED)) {
      const seq = state.history.length + 1;
      const paid = await acts.recordPayout({ claimId: input.claimId, seq });
      if ('repeatOf' in paid) {
        state.history.push({ action: 'reject', by: SYSTEM, at: nowIso(), reason: paid.repeatOf.reason });
        state.status = 'rejected';
        showStatus();
        showState();
        return state;
      }
      state.payout = paid;
    } else {
      state.payout = (await acts.recordPayout({ claimId: input.claimId })) as NonNullable<ClaimApprovalState['payout']>;
    }
    state.noticeDocumentId = (await acts.issueClaimNotice({ claimId: input.claimId })).documentId;
    state.status = 'paid';
    showStatus();
  }
  showState();
  return state;
}

/** The failure an approval of a repeat ends in: the caller is told why, with the earlier claim. */
function repeatFailure(r: RepeatRefusal): ApplicationFailure {
  return ApplicationFailure.create({ type: 'REFERRAL.REPEAT', message: r.reason, nonRetryable: true, details: [r] });
}
