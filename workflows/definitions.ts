/**
 * Signals, queries, updates and input/state types shared by workflows and the API.
 * Deterministic code only: the API imports these to talk to running processes.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

// ---- contract deadline (placements) ----
export interface ContractDeadlineInput {
  placementId: number;
  /** Employment start date, Asia/Shanghai, YYYY-MM-DD. */
  startDate: string;
  /** Policy values in force at registration (the process keeps them). */
  deadlineDays: number;
  reminderDaysBefore: number;
  rectifyDays: number;
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
export const contractSignedUpdate = defineUpdate<ContractDeadlineState, [{ contractId: number; signedOn: string }]>('contractSigned');
export const employmentEndedUpdate = defineUpdate<ContractDeadlineState, [{ endDate: string; reason: string }]>('employmentEnded');

// ---- claims: the finance approval path shared by training and referral claims ----
export type ClaimKind = 'training' | 'referral';
export type ClaimStatus = 'awaiting_approval' | 'returned' | 'approved' | 'rejected' | 'paid';

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
  requiredApprovals: 1 | 2;
  approvals: { by: string; at: string }[];
  history: ClaimDecisionLine[];
  decisionDueAt: string;
  overdueFlaggedAt: string | null;
  payout: { payoutId: number; paidOn: string; reference: string } | null;
  noticeDocumentId: number | null;
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
  stage: 'waiting_contract' | 'retention_check' | 'ineligible' | 'claimed' | 'ended';
  reasons: string[];
  signedOn: string | null;
  claimId: number | null;
  claimStatus: ClaimStatus | null;
}

export const referralWorkflowId = (placementId: number) => `placement-${placementId}-referral`;
export const referralStateQuery = defineQuery<ReferralPayoutState>('referralState');
export const contractSignedSignal = defineSignal<[{ signedOn: string }]>('contractSigned');
export const placementEndedSignal = defineSignal<[{ endDate: string }]>('placementEnded');
