/**
 * Signals, queries, updates and input/state types shared by workflows and the API.
 * Deterministic code only: the API imports these to talk to running processes.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

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
