/**
 * Broker referral payout, 80 yuan (DESIGN.md process 3; seed 000): whoever refers a
 * laid-off or unemployed worker who then signs a labour contract of one year or more gets
 * the referral subsidy. One per referred placement. Waits for the contract (or the end of
 * the employment), judges eligibility by the rules in force at registration (every reason
 * that applies is recorded), optionally checks the worker is still employed N days after
 * signing, then a referral claim goes through the shared finance approval.
 */
import {
  ApplicationFailure,
  condition,
  executeChild,
  patched,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { LOOKUP_ACTIVITY, RECORD_ACTIVITY } from './activity-options.js';
import type { ReferralActivities } from '../src/referrals/referrals.activities.js';
import { addDays, shanghaiStartOfDay } from './calendar.js';
import { claimApproval } from './claim-approval.js';
import { workflowNow } from './clock.js';
import {
  claimWorkflowId,
  contractSignedSignal,
  placementEndedSignal,
  ReferralPayoutInput,
  ReferralPayoutState,
  referralStateQuery,
} from './definitions.js';
import { BOUNDED_NOT_FOUND, stillNotFound } from './not-found.js';

const acts = proxyActivities<ReferralActivities>(RECORD_ACTIVITY);
const lookups = proxyActivities<ReferralActivities>(LOOKUP_ACTIVITY);

/** The claim activity may answer that the referral is a repeat (see src/claims/referral-repeat.ts). */
export const REPEAT_JUDGED_AT_CLAIM = 'referral-repeat-judged-at-claim';

export async function referralPayout(input: ReferralPayoutInput): Promise<ReferralPayoutState> {
  const state: ReferralPayoutState = {
    placementId: input.placementId,
    stage: 'waiting_contract',
    reasons: [],
    signedOn: null,
    claimId: null,
    claimStatus: null,
  };
  setHandler(referralStateQuery, () => state);
  let signedOn: string | null = null;
  let endedOn: string | null = null;
  setHandler(contractSignedSignal, ({ signedOn: d }) => {
    signedOn ??= d;
  });
  setHandler(placementEndedSignal, ({ endDate }) => {
    endedOn ??= endDate;
  });

  // A contract recorded before this workflow began waiting is picked up by the first check.
  const already = await acts.contractOf({ placementId: input.placementId });
  if (already) signedOn = already.signedOn;
  await condition(() => signedOn !== null || endedOn !== null);
  if (signedOn === null) {
    state.stage = 'ended';
    state.reasons = ['签订劳动合同前已离职'];
    await acts.recordReferralOutcome({ placementId: input.placementId, stage: 'ended', reasons: state.reasons });
    return state;
  }
  state.signedOn = signedOn;

  const assessment = {
    placementId: input.placementId,
    minContractMonths: input.minContractMonths,
    repeatWindowMonths: input.repeatWindowMonths,
  };
  let reasons: string[];
  if (patched(BOUNDED_NOT_FOUND)) {
    try {
      reasons = await lookups.assessReferral(assessment);
    } catch (e) {
      if (!stillNotFound(e)) throw e;
      // The placement or its contract never became visible: a person looks, the run ends.
      state.stage = 'record_missing';
      await acts.raiseReferralRecordMissing({ placementId: input.placementId, workerId: input.workerId });
      return state;
    }
  } else reasons = await acts.assessReferral(assessment);
  if (reasons.length === 0 && input.retentionDays > 0) {
    state.stage = 'retention_check';
    await acts.recordReferralOutcome({ placementId: input.placementId, stage: 'retention_check', reasons: [] });
    const checkAt = shanghaiStartOfDay(addDays(signedOn, input.retentionDays));
    if (workflowNow() < checkAt) await sleep(checkAt - workflowNow());
    const stillEmployed = await acts.stillEmployed({
      placementId: input.placementId,
      onDate: addDays(signedOn, input.retentionDays),
    });
    if (!stillEmployed) reasons.push(`签订合同${input.retentionDays}天后该人员已不在此岗位就业`);
  }
  if (reasons.length > 0) {
    state.stage = 'ineligible';
    state.reasons = reasons;
    await acts.recordReferralOutcome({ placementId: input.placementId, stage: 'ineligible', reasons });
    return state;
  }

  const claim = await acts.prepareReferralClaim({ placementId: input.placementId, amountFen: input.amountFen });
  // Judged again under the worker's lock when the claim is written: another referral of the
  // worker may have been claimed meanwhile (two processes at once, or during the retention check).
  if ('ineligible' in claim && patched(REPEAT_JUDGED_AT_CLAIM)) {
    state.stage = 'ineligible';
    state.reasons = claim.ineligible;
    return state;
  }
  if (!('claimId' in claim)) throw ApplicationFailure.nonRetryable('no referral claim was prepared');
  state.stage = 'claimed';
  state.claimId = claim.claimId;
  state.claimStatus = 'awaiting_approval';
  const outcome = await executeChild(claimApproval, {
    workflowId: claimWorkflowId(claim.claimId),
    args: [claim.approval],
  });
  state.claimStatus = outcome.status;
  return state;
}
