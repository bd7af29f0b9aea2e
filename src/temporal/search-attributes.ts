/**
 * The search attributes a process starts with, read off its start input (so the outbox needs no
 * column for them, and a row written before them starts with what its input has). The workflow
 * keeps them up to date from there (workflows/search-attributes.ts). Business words only.
 */
import type { SearchAttributePair } from '@temporalio/common';
import type {
  CaseEscalationInput,
  ContractDeadlineInput,
  FollowUpInput,
  ReferralPayoutInput,
} from '../../workflows/definitions.js';
import { CaseNumber, dueDate, NextDueDate, PlacementId, Stage, Township } from '../../workflows/search-attributes.js';
import { addDays } from '../../workflows/calendar.js';

const township = (t: string | undefined): SearchAttributePair[] => (t ? [{ key: Township, value: t }] : []);

export function startSearchAttributes(workflowType: string, input: unknown): SearchAttributePair[] {
  switch (workflowType) {
    case 'contractDeadline': {
      const i = input as ContractDeadlineInput;
      return [
        { key: PlacementId, value: i.placementId },
        ...township(i.township),
        { key: Stage, value: 'awaiting_contract' },
        { key: NextDueDate, value: dueDate(addDays(i.startDate, i.deadlineDays)) },
      ];
    }
    case 'caseEscalation': {
      const i = input as CaseEscalationInput;
      return [
        ...(i.caseNumber ? [{ key: CaseNumber, value: i.caseNumber }] : []),
        ...township(i.township),
        { key: Stage, value: i.reopened ? 'reopened' : 'intake' },
      ];
    }
    case 'followUpPlan': {
      const i = input as FollowUpInput;
      return [{ key: PlacementId, value: i.placementId }, ...township(i.township)];
    }
    case 'referralPayout':
      return [{ key: PlacementId, value: (input as ReferralPayoutInput).placementId }];
    default:
      return [];
  }
}
