/**
 * Training → placement → subsidy claim (DESIGN.md process 2; seeds 000–002), one per
 * enrollment. Waits for the course's completion; a trainee who did not complete ends
 * not_eligible with the reason. Then waits for a placement of the worker, starting between
 * the course start and the end of the policy window after the course end (for order and
 * directed courses: with the ordering employer), that has a signed contract. Found: a claim
 * is prepared and goes through the shared finance approval. Window passes: lapsed, with a notice.
 */
import { condition, executeChild, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TrainingSubsidyActivities } from '../src/training/training-subsidy.activities.js';
import { addMonths, shanghaiEndOfDay } from './calendar.js';
import { claimApproval } from './claim-approval.js';
import { workflowNow } from './clock.js';
import {
  claimWorkflowId,
  courseCompletedSignal,
  placementContractedSignal,
  QualifyingPlacement,
  trainingStateQuery,
  TrainingSubsidyInput,
  TrainingSubsidyState,
} from './definitions.js';

const acts = proxyActivities<TrainingSubsidyActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2s', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

export async function trainingSubsidy(input: TrainingSubsidyInput): Promise<TrainingSubsidyState> {
  const windowEnds = addMonths(input.courseEndDate, input.windowMonths);
  const state: TrainingSubsidyState = {
    enrollmentId: input.enrollmentId,
    stage: 'waiting_completion',
    reason: null,
    windowEnds,
    placementId: null,
    claimId: null,
    claimStatus: null,
  };
  setHandler(trainingStateQuery, () => state);

  let completion: { completed: boolean; reason: string | null } | null = null;
  let found: QualifyingPlacement | null = null;
  const qualifies = (p: QualifyingPlacement) =>
    p.startDate >= input.courseStartDate &&
    p.startDate <= windowEnds &&
    (input.orderingEmployerId === null || p.employerId === input.orderingEmployerId);

  setHandler(courseCompletedSignal, (c) => {
    completion ??= c;
  });
  setHandler(placementContractedSignal, (p) => {
    if (!found && qualifies(p)) found = p;
  });

  await condition(() => completion !== null);
  if (!completion!.completed) {
    state.stage = 'not_eligible';
    state.reason = completion!.reason ?? 'did not complete the course';
    await acts.recordTrainingOutcome({ enrollmentId: input.enrollmentId, stage: 'not_eligible', reason: state.reason });
    return state;
  }

  // A placement registered (and contracted) before now is picked up too.
  state.stage = 'awaiting_placement';
  await acts.recordTrainingOutcome({ enrollmentId: input.enrollmentId, stage: 'awaiting_placement', reason: null });
  const existing = await acts.findQualifyingPlacement({
    workerId: input.workerId,
    from: input.courseStartDate,
    to: windowEnds,
    employerId: input.orderingEmployerId,
  });
  if (existing && !found) found = existing;
  const windowClosesAt = shanghaiEndOfDay(windowEnds);
  if (!found && workflowNow() < windowClosesAt) await condition(() => found !== null, windowClosesAt - workflowNow());

  if (!found) {
    state.stage = 'lapsed';
    state.reason =
      input.orderingEmployerId === null
        ? `no placement with a signed contract by ${windowEnds}`
        : `no placement with the ordering employer and a signed contract by ${windowEnds}`;
    await acts.lapseTrainingSubsidy({ enrollmentId: input.enrollmentId, windowEnds, reason: state.reason });
    return state;
  }

  const placement: QualifyingPlacement = found;
  state.placementId = placement.placementId;
  const claim = await acts.prepareTrainingClaim({
    enrollmentId: input.enrollmentId,
    placementId: placement.placementId,
  });
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
