/**
 * Training → placement → subsidy claim (DESIGN.md process 2; seeds 000–002), one per
 * enrollment. Waits for the course's completion; a trainee who did not complete ends
 * not_eligible with the reason. Then waits for a placement of the worker, starting between
 * the course start and the end of the policy window after the course end (for order and
 * directed courses: with the ordering employer), that has a signed contract. A contracted
 * placement that does not count is recorded on the enrolment with why. Found: a claim is
 * prepared and goes through the shared finance approval. Window passes: lapsed, with a notice
 * and the reason (naming the placements that did not count).
 */
import { condition, executeChild, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import { RECORD_ACTIVITY } from './activity-options.js';
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

const acts = proxyActivities<TrainingSubsidyActivities>(RECORD_ACTIVITY);

/** Since this patch the process records why a contracted placement does not count (and keeps it at the lapse). */
export const NOTES_UNCOUNTED_PLACEMENTS = 'training-subsidy-notes-uncounted-placements';

/** Since this patch a subsidised course's trainee is not eligible unless its 开班报告 was approved before it started. */
export const REQUIRES_CLASS_START_REPORT = 'training-subsidy-requires-class-start-report';

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
  let uncountedArrived = false;
  setHandler(placementContractedSignal, (p) => {
    if (found) return;
    if (qualifies(p)) found = p;
    else uncountedArrived = true;
  });

  await condition(() => completion !== null);
  if (!completion!.completed) {
    state.stage = 'not_eligible';
    state.reason = completion!.reason ?? 'did not complete the course';
    await acts.recordTrainingOutcome({ enrollmentId: input.enrollmentId, stage: 'not_eligible', reason: state.reason });
    return state;
  }
  // Only processes started with the rule are asked (their input says so); the marker keeps replays on their path.
  if (input.classStartReportRequired && patched(REQUIRES_CLASS_START_REPORT)) {
    const missing = await acts.classStartReportFinding({ courseId: input.courseId });
    if (missing) {
      state.stage = 'not_eligible';
      state.reason = missing;
      await acts.recordTrainingOutcome({ enrollmentId: input.enrollmentId, stage: 'not_eligible', reason: missing });
      return state;
    }
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
  // Placements that do not count (another employer than the ordering one, a start after the
  // window) are recorded on the enrolment with why, whenever one is contracted while it waits.
  const notesUncounted = patched(NOTES_UNCOUNTED_PLACEMENTS);
  if (notesUncounted) {
    const note = async () => {
      uncountedArrived = false;
      state.reason = await acts.noteUncountedPlacements({
        enrollmentId: input.enrollmentId,
        workerId: input.workerId,
        from: input.courseStartDate,
        to: windowEnds,
        employerId: input.orderingEmployerId,
      });
    };
    if (!found) await note();
    while (!found && workflowNow() < windowClosesAt) {
      if (!(await condition(() => found !== null || uncountedArrived, windowClosesAt - workflowNow()))) break;
      if (!found) await note();
    }
    if (found) state.reason = null;
  } else if (!found && workflowNow() < windowClosesAt)
    await condition(() => found !== null, windowClosesAt - workflowNow());

  if (!found) {
    state.stage = 'lapsed';
    const reason =
      input.orderingEmployerId === null
        ? `截至${windowEnds}没有已签劳动合同的就业登记`
        : `截至${windowEnds}没有在下单用工单位已签劳动合同的就业登记`;
    state.reason = reason;
    // The activity keeps the placements that did not count in the reason it records.
    const recorded = await acts.lapseTrainingSubsidy({ enrollmentId: input.enrollmentId, windowEnds, reason });
    if (notesUncounted) state.reason = recorded;
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
