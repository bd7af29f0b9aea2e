/**
 * Signals, queries, updates and input/state types shared by workflows and the API.
 * Deterministic code only: the API imports these to talk to running processes.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The memo key under which a case's escalation and a claim's approval keep their state
 * (workflows/state-memo.ts): the API reads it with a describe, and asks the query of older runs.
 */
export const STATE_MEMO_KEY = 'state';

// ---- working-day deadlines and the calendar ----
/**
 * Sent when a working-day deadline was recomputed because its year's holiday arrangement was
 * loaded: the process waiting for it (a case's stage, a claim's decision) takes the new date
 * if it is still waiting for the old one.
 */
export const workingDeadlineMovedSignal =
  defineSignal<[{ label: string; from: string; dueOn: string }]>('workingDeadlineMoved');

// ---- contract deadline (placements) ----
export interface ContractDeadlineInput {
  placementId: number;
  /** Employment start date, Asia/Shanghai, YYYY-MM-DD. */
  startDate: string;
  /** Policy values in force at registration (the process keeps them). */
  deadlineDays: number;
  reminderDaysBefore: number;
  rectifyDays: number;
  /** The worker's township (a search attribute; runs started before it was passed lack it). */
  township?: string;
}

export interface ContractDeadlineState {
  placementId: number;
  stage: 'awaiting_contract' | 'contract_signed' | 'overdue' | 'ended';
  deadline: string;
  deadlineDays: number;
  /** ISO instants. */
  reminderAt: string;
  reminderSentAt: string | null;
  overdueAt: string | null;
  caseId: number | null;
  signedOn: string | null;
  endedOn: string | null;
}

export const contractWorkflowId = (placementId: number) => `placement-${placementId}-contract`;
export const contractStateQuery = defineQuery<ContractDeadlineState>('contractState');
export const contractSignedUpdate = defineUpdate<ContractDeadlineState, [{ contractId: number; signedOn: string }]>(
  'contractSigned',
);
export const employmentEndedUpdate = defineUpdate<ContractDeadlineState, [{ endDate: string; reason: string }]>(
  'employmentEnded',
);

// ---- claims: the finance approval path shared by training and referral claims ----
export type ClaimKind = 'training' | 'referral';
/**
 * approved → in_batch (a line of a payout batch) → paid or payment_failed by the bank's answer;
 * held while an objection raised during the batch's public notice (公示) is open;
 * a failed payment, its account corrected, is approved again for a later batch. Claims of a
 * county without a funding line are still recorded paid at approval (the path before batches).
 */
export type ClaimStatus =
  'awaiting_approval' | 'returned' | 'approved' | 'rejected' | 'in_batch' | 'held' | 'paid' | 'payment_failed';

export interface ClaimApprovalInput {
  claimId: number;
  kind: ClaimKind;
  amountFen: number;
  /** Username of whoever prepared the claim (or system:workflow); never its approver. */
  preparedBy: string;
  /** Policy in force when the claim was prepared. */
  secondApprovalThresholdFen: number;
  /** ISO instant by which finance should decide (SLA in working days, computed by an activity). */
  decisionDueAt: string;
  /** The claim's number and the worker's township (search attributes; older runs lack them). */
  claimNumber?: string;
  township?: string;
  /**
   * Paid through finance's payout batches and the bank's answer (the county has a funding line):
   * the approval ends at approved. Absent in runs started before batches: paid at approval.
   */
  payThroughBank?: boolean;
}

export interface ClaimDecisionLine {
  action: 'approve' | 'reject' | 'return' | 'resubmit';
  by: string;
  at: string;
  reason?: string;
}

export interface ClaimApprovalState {
  claimId: number;
  kind: ClaimKind;
  status: ClaimStatus;
  amountFen: number;
  preparedBy: string;
  /** Who resubmitted it after a return: like its maker, none of them may decide it. */
  revisedBy?: string[];
  requiredApprovals: 1 | 2;
  approvals: { by: string; at: string }[];
  history: ClaimDecisionLine[];
  decisionDueAt: string;
  overdueFlaggedAt: string | null;
  payout: { payoutId: number; paidOn: string; reference: string } | null;
  noticeDocumentId: number | null;
}

/** A referral claim refused as a repeat of an earlier one (src/claims/referral-repeat.ts). */
export interface RepeatRefusal {
  reason: string;
  earlierClaim?: { id: number; number: string; startDate: string };
}

export const claimWorkflowId = (claimId: number) => `claim-${claimId}-approval`;
export const claimStateQuery = defineQuery<ClaimApprovalState>('claimState');
export const approveClaimUpdate = defineUpdate<ClaimApprovalState, [{ by: string }]>('approveClaim');
export const rejectClaimUpdate = defineUpdate<ClaimApprovalState, [{ by: string; reason: string }]>('rejectClaim');
export const returnClaimUpdate = defineUpdate<ClaimApprovalState, [{ by: string; reason: string }]>('returnClaim');
export const resubmitClaimUpdate = defineUpdate<ClaimApprovalState, [{ by: string; note: string }]>('resubmitClaim');

// ---- training subsidy (one per enrollment) ----
export interface TrainingSubsidyInput {
  enrollmentId: number;
  workerId: number;
  courseId: number;
  courseStartDate: string;
  courseEndDate: string;
  /** For order and directed courses: the placement must be with this employer. */
  orderingEmployerId: number | null;
  windowMonths: number;
  /**
   * A subsidised course produces claims only if its 开班报告 was approved before it started.
   * Absent in processes started before the rule: they are not asked.
   */
  classStartReportRequired?: boolean;
}

export interface QualifyingPlacement {
  placementId: number;
  employerId: number;
  startDate: string;
}

export interface TrainingSubsidyState {
  enrollmentId: number;
  stage: 'waiting_completion' | 'not_eligible' | 'awaiting_placement' | 'lapsed' | 'claimed' | 'cancelled';
  reason: string | null;
  windowEnds: string | null;
  placementId: number | null;
  claimId: number | null;
  claimStatus: ClaimStatus | null;
}

export const trainingWorkflowId = (enrollmentId: number) => `enrollment-${enrollmentId}-training-subsidy`;
export const trainingStateQuery = defineQuery<TrainingSubsidyState>('trainingState');
export const courseCompletedSignal = defineSignal<[{ completed: boolean; reason: string | null }]>('courseCompleted');
/** Sent when a placement of the worker gets a signed contract; the workflow checks window and employer. */
export const placementContractedSignal = defineSignal<[QualifyingPlacement]>('placementContracted');

// ---- broker referral payout (one per referred placement) ----
export interface ReferralPayoutInput {
  placementId: number;
  brokerId: number;
  workerId: number;
  /** Policy in force when the placement was registered. */
  amountFen: number;
  minContractMonths: number;
  repeatWindowMonths: number;
  retentionDays: number;
}

export interface ReferralPayoutState {
  placementId: number;
  /** record_missing: the placement or its contract stayed missing; a task for admin was opened. */
  stage: 'waiting_contract' | 'retention_check' | 'ineligible' | 'claimed' | 'ended' | 'record_missing';
  reasons: string[];
  signedOn: string | null;
  claimId: number | null;
  claimStatus: ClaimStatus | null;
}

export const referralWorkflowId = (placementId: number) => `placement-${placementId}-referral`;
export const referralStateQuery = defineQuery<ReferralPayoutState>('referralState');
export const contractSignedSignal = defineSignal<[{ signedOn: string }]>('contractSigned');
export const placementEndedSignal = defineSignal<[{ endDate: string }]>('placementEnded');

// ---- rights cases: escalation from mediation to inspection to arbitration ----
export type CaseStage =
  | 'intake'
  | 'mediation'
  | 'awaiting_payment'
  | 'mediation_failed'
  | 'mediation_lapsed'
  | 'inspection_pending'
  | 'inspection'
  | 'arbitration_pending'
  | 'arbitration'
  | 'reopened'
  | 'closed';

export interface CaseDeadline {
  label: string;
  /** Asia/Shanghai date of the last day. */
  dueOn: string;
  reminderAt: string | null;
  remindedAt: string | null;
  breachedAt: string | null;
  extended: boolean;
}

/** Days before the one-year limitation ends from which a case is warned (and shown as such). */
export const LIMITATION_WARNING_DAYS = 30;

/** What interrupts the limitation (时效中断, art. 27 para. 2): the year starts over from its date. */
export const INTERRUPTION_KINDS = ['claim_to_employer', 'request_to_authority', 'employer_admission'] as const;
export type InterruptionKind = (typeof INTERRUPTION_KINDS)[number];

export interface CaseEscalationInput {
  caseId: number;
  openedOn: string;
  knewOn: string;
  /** The latest interruption's date, when the limitation was interrupted before this run (a reopened case). */
  limitationFrom?: string;
  /** A closed case reopened: a new run of the same workflow id starts here. */
  reopened?: { reason: string; by: string };
  /** The case's number and its first worker's township (search attributes; older runs lack them). */
  caseNumber?: string;
  township?: string;
  policy: {
    acknowledgeWorkingDays: number;
    mediationDays: number;
    inspectionAcceptWorkingDays: number;
    inspectionInvestigateWorkingDays: number;
    inspectionExtensionWorkingDays: number;
    arbitrationAcceptDays: number;
    arbitrationAwardDays: number;
    arbitrationExtensionDays: number;
    limitationDays: number;
  };
}

export interface CaseEscalationState {
  caseId: number;
  stage: CaseStage;
  /** The deadline now running, if any. */
  current: CaseDeadline | null;
  /** Every deadline so far, with reminders and breaches. */
  deadlines: CaseDeadline[];
  arbitrationAvailable: boolean;
  /** The day the running limitation year began: knewOn, or the latest interruption's date. */
  limitationStartsOn: string;
  limitationEndsOn: string;
  limitationWarnedAt: string | null;
  /** Set when the year ran out with the case short of arbitration (the last day). */
  limitationExpiredOn: string | null;
  settlement: { amountFen: number; payBy: string } | null;
  closed: { outcome: string; reason: string } | null;
}

export type CaseAction =
  | { type: 'acknowledge'; by: string }
  | {
      type: 'mediation';
      by: string;
      outcome: 'settled' | 'failed';
      amountFen?: number;
      payBy?: string;
      reason?: string;
    }
  | { type: 'payment'; by: string; paid: boolean }
  | {
      type: 'escalate';
      by: string;
      to: 'inspection' | 'arbitration';
      reason: string;
      /** 立案日期 / 收件日期: the acceptance clock runs from it (absent in histories from before it was asked). */
      escalatedOn?: string;
    }
  | { type: 'accept'; by: string; accepted: boolean; reason?: string }
  | { type: 'extend'; by: string; days?: number; reason: string }
  | {
      type: 'close';
      by: string;
      outcome: 'resolved' | 'withdrawn' | 'referred' | 'rejected';
      reason: string;
      amountRecoveredFen?: number;
    }
  | { type: 'reopen'; by: string; reason: string }
  | { type: 'interrupt_limitation'; by: string; kind: InterruptionKind; interruptedOn: string; note: string };

export const caseWorkflowId = (caseId: number) => `case-${caseId}-escalation`;
export const caseStateQuery = defineQuery<CaseEscalationState>('caseState');
export const caseActionUpdate = defineUpdate<CaseEscalationState, [CaseAction]>('caseAction');

// ---- ledger (台账) imports ----
export interface LedgerImportInput {
  importId: number;
  /** Data rows in the preview; batches are ranges [from, to) of their positions. */
  total: number;
  batchSize: number;
  /** Who confirmed: the audit trail records the import as their action. */
  actor: { userId: number | null; username: string; role: 'admin' | 'caseworker' | 'finance' | 'broker' | 'system' };
}

export interface LedgerImportProgress {
  importId: number;
  batchesDone: number;
  batches: number;
  rowsDone: number;
  total: number;
  finished: boolean;
}

export const ledgerImportWorkflowId = (importId: number) => `ledger-import-${importId}`;
export const ledgerImportProgressQuery = defineQuery<LedgerImportProgress>('ledgerImportProgress');

// ---- zero-employment households (零就业家庭): support until cleared, and contact-card requests ----
export type ClearingMeasure = 'training' | 'referral' | 'public_post' | 'loan' | 'own_business';

export interface HouseholdSupportInput {
  householdId: number;
  /** The zero-employment episode this run serves (a household that falls back gets a new one). */
  episode: number;
  /** Asia/Shanghai date the household was found zero-employment. */
  foundOn: string;
  /** Policy in force when it was found. */
  visitIntervalDays: number;
  visitReminderDaysBefore: number;
  /** Set when an earlier run of the episode continued as new: where it had got to. */
  carried?: HouseholdSupportCarried;
}

/**
 * What a household's run hands the next when it continues as new (yearly): the card already
 * issued, where the visits stand, the activity sequence (their idempotency keys), the recent lines.
 */
export interface HouseholdSupportCarried {
  card: { documentId: number; cardNumber: string } | null;
  lastVisitOn: string;
  seq: number;
  visits: HouseholdVisitLine[];
  reminders: string[];
  missedVisits: string[];
  /** This episode's runs before the new one. */
  runs: number;
}

export interface HouseholdVisitLine {
  visitedOn: string;
  by: string;
  offered: string[];
  note: string;
}

export interface HouseholdSupportState {
  householdId: number;
  episode: number;
  stage: 'supporting' | 'cleared';
  foundOn: string;
  card: { documentId: number; cardNumber: string } | null;
  nextVisitDue: string | null;
  visits: HouseholdVisitLine[];
  reminders: string[];
  missedVisits: string[];
  cleared: { clearedOn: string; measure: ClearingMeasure | null; cause: string; placementId: number | null } | null;
  /** Which run of the episode this is (1 until it first continues as new). */
  run?: number;
}

export const householdWorkflowId = (householdId: number, episode: number) =>
  `household-${householdId}-episode-${episode}`;
export const householdStateQuery = defineQuery<HouseholdSupportState>('householdState');
export const recordHouseholdVisitUpdate = defineUpdate<HouseholdSupportState, [HouseholdVisitLine]>(
  'recordHouseholdVisit',
);
/** Sent by HouseholdStatusService.reassess when a member is employed (measure null: no working-age member left); the first one wins. */
export const householdClearedSignal =
  defineSignal<[{ clearedOn: string; measure: ClearingMeasure | null; cause: string; placementId: number | null }]>(
    'householdCleared',
  );

export interface ContactRequestInput {
  requestId: number;
  receivedOn: string;
  /** Policy in force when the request was logged (seed 002: 7 days). */
  answerDays: number;
  reminderDaysBefore: number;
}

export interface ContactRequestAnswer {
  by: string;
  offered: string;
  accepted: boolean;
  note?: string;
  /** Set when the answer is the acknowledgement of the linked rights case. */
  caseId?: number;
}

export interface ContactRequestState {
  requestId: number;
  stage: 'open' | 'answered';
  receivedOn: string;
  dueOn: string;
  remindedAt: string | null;
  breachedAt: string | null;
  answer: (ContactRequestAnswer & { answeredOn: string }) | null;
}

export const contactRequestWorkflowId = (requestId: number) => `contact-request-${requestId}`;
export const contactRequestStateQuery = defineQuery<ContactRequestState>('contactRequestState');
export const answerContactRequestUpdate = defineUpdate<ContactRequestState, [ContactRequestAnswer]>(
  'answerContactRequest',
);
/** The linked rights case was acknowledged: the request counts as answered. */
export const rightsCaseAcknowledgedSignal = defineSignal<[{ caseId: number; by: string }]>('rightsCaseAcknowledged');

// ---- job orders (用工需求) ----
export interface JobOrderInput {
  orderId: number;
  /** When the people are needed, Asia/Shanghai YYYY-MM-DD. */
  startDate: string;
  /** The order expires when this day ends; null: it runs until it is closed. */
  endDate: string | null;
  /** Policy in force when the order was taken: how long before the start the staffing is checked. */
  staffingCheckDaysBefore: number;
}

export interface JobOrderState {
  orderId: number;
  stage: 'open' | 'closed' | 'expired';
  /** When the staffing is (or was) checked, ISO instant; null when the order was taken after that day. */
  staffingCheckAt: string | null;
  staffingCheckedAt: string | null;
  /** People short at the check (0: enough); null before it. */
  shortBy: number | null;
  expiresAt: string | null;
  closedAt: string | null;
}

export interface CloseJobOrder {
  byUserId: number | null;
  by: string;
  reason: string;
}

export const jobOrderWorkflowId = (orderId: number) => `job-order-${orderId}`;
export const jobOrderStateQuery = defineQuery<JobOrderState>('jobOrderState');
export const closeJobOrderUpdate = defineUpdate<JobOrderState, [CloseJobOrder]>('closeJobOrder');

// ---- the periodic jobs (Temporal Schedules, src/temporal/schedules.ts) ----
export interface ScheduledRunInput {
  /** The Asia/Shanghai date the run is for; the schedule leaves it out (the run's own start date). */
  on?: string;
}

// ---- payout batches (代发): finance's batch of approved claims, the bank file, the bank's answer ----
export type PayoutBatchStatus = 'built' | 'approved' | 'awaiting_bank' | 'reconciled' | 'closed' | 'cancelled';

export interface PayoutBatchInput {
  batchId: number;
  number: string;
  /** Who built it: never its approver (maker-checker). */
  createdBy: string;
  /** Days after the file is issued without the bank's answer before finance is reminded (policy). */
  bankReminderDays: number;
  /** The end of the public notice (公示, policy working days): no bank file before it. */
  noticeEndsAt?: string;
}

/** What one return file did to the batch's lines. */
export interface ReturnOutcome {
  returnId: number;
  paid: number;
  failed: number;
  reversed: number;
  unchanged: number;
  unknown: string[];
  mismatched: string[];
  /** Lines still waiting for the bank's answer after this file. */
  open: number;
}

export interface PayoutBatchState {
  batchId: number;
  status: PayoutBatchStatus;
  createdBy: string;
  approvedBy: string | null;
  fileDocumentId: number | null;
  bankReminderSentAt: string | null;
  returns: ReturnOutcome[];
  history: { step: string; by: string; at: string; reason?: string }[];
}

export const payoutBatchWorkflowId = (batchId: number) => `payout-batch-${batchId}`;
export const payoutBatchStateQuery = defineQuery<PayoutBatchState>('payoutBatchState');
export const approvePayoutBatchUpdate = defineUpdate<PayoutBatchState, [{ by: string }]>('approvePayoutBatch');
export const cancelPayoutBatchUpdate = defineUpdate<PayoutBatchState, [{ by: string; reason: string }]>(
  'cancelPayoutBatch',
);
export const bankReturnUpdate = defineUpdate<ReturnOutcome, [{ returnId: number; by: string }]>('bankReturn');
export const closePayoutBatchUpdate = defineUpdate<PayoutBatchState, [{ by: string }]>('closePayoutBatch');
// ---- follow-up at the workplace (跟踪服务 / 回访), one plan per placement ----
export interface FollowUpInput {
  placementId: number;
  /** The employment start date: every check-in's due day counts from it. */
  startDate: string;
  /** The day the plan began (registration): check-ins due before it are not planned. */
  plannedFrom: string;
  /** Policy values in force when the plan began (the plan keeps them). */
  firstDays: number;
  secondDays: number;
  thirdDays: number;
  intervalDays: number;
  escalateAfterDays: number;
  township?: string;
  /** A continued run: the check-in it goes on with. */
  fromSeq?: number;
  /** The check-in the registration already wrote as planned, in its own transaction (not planned again). */
  plannedSeq?: number;
}

export interface FollowUpCheckInLine {
  seq: number;
  dueOn: string;
  status: 'planned' | 'due' | 'missed' | 'done' | 'cancelled';
  escalatedOn: string | null;
}

export interface FollowUpState {
  placementId: number;
  stage: 'active' | 'ended';
  next: { seq: number; dueOn: string } | null;
  /** The recent check-ins of this run (the full record is in the database). */
  checkIns: FollowUpCheckInLine[];
  endedOn: string | null;
}

export const followUpWorkflowId = (placementId: number) => `placement-${placementId}-follow-up`;
export const followUpStateQuery = defineQuery<FollowUpState>('followUpState');
/** A check-in was recorded for the planned one `seq` (its record is in the database already). */
export const followUpCheckedInSignal = defineSignal<[{ seq: number; doneOn: string }]>('followUpCheckedIn');
/** The placement ended: the plan stops planning. */
export const followUpEndedSignal = defineSignal<[{ endDate: string }]>('followUpEnded');

// ---- departure batches (输出批次): an organised group's departure and arrival ----
export interface DepartureBatchInput {
  batchId: number;
  /** The planned departure day (Asia/Shanghai). */
  departureDate: string;
  /** Policy values in force when the batch was made (the process keeps them). */
  reminderDaysBefore: number;
  arrivalConfirmDays: number;
}

export interface DepartureBatchState {
  batchId: number;
  stage: 'planned' | 'departed' | 'arrived' | 'cancelled';
  departedOn: string | null;
  arrivedOn: string | null;
  /** The last day to confirm the arrival once departed. */
  arrivalDueOn: string | null;
  reminded: string[];
}

export const departureBatchWorkflowId = (batchId: number) => `departure-batch-${batchId}`;
export const departureBatchStateQuery = defineQuery<DepartureBatchState>('departureBatchState');
/** The departure was recorded (who actually left is in the database already). */
export const batchDepartedSignal = defineSignal<[{ departedOn: string }]>('batchDeparted');
/** The leader confirmed the arrival. */
export const batchArrivedSignal = defineSignal<[{ arrivedOn: string }]>('batchArrived');
export const batchCancelledSignal = defineSignal<[{ reason: string }]>('batchCancelled');
