import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { DocumentSummaryView } from '../documents/documents.responses.js';
import { CASE_KINDS, type CaseKind } from './case.entity.js';

// Nullable columns a new record was not given are left out of the answer that creates it, so
// none of them is required.
const nullableDate = { type: 'string', format: 'date', nullable: true, required: false } as const;
const nullableString = { type: 'string', nullable: true, required: false } as const;
const nullableInt = { type: 'integer', nullable: true, required: false } as const;

/** A rights case (维权案件) as stored. */
export class CaseView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  officeId: number;

  @ApiProperty({ description: '案件编号' })
  number: string;

  @ApiProperty({ enum: CASE_KINDS })
  kind: CaseKind;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty(nullableInt)
  employerId: number | null;

  @ApiProperty(nullableInt)
  placementId: number | null;

  @ApiProperty()
  facts: string;

  @ApiProperty({ enum: ['open', 'closed'] })
  status: string;

  @ApiProperty({ description: 'escalation stage, written by the case process' })
  stage: string;

  @ApiProperty(nullableInt)
  assigneeId: number | null;

  @ApiProperty(nullableString)
  assigneeName: string | null;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountClaimedFen: number;

  @ApiProperty(nullableDate)
  knewOn: string | null;

  @ApiProperty(nullableDate)
  limitationEndsOn: string | null;

  @ApiProperty()
  limitationWarned: boolean;

  @ApiProperty({ enum: ['window', 'hotline', 'visit', 'referral', 'system'] })
  channel: string;

  @ApiProperty({ type: 'string', enum: ['inspection', 'arbitration'], nullable: true, required: false })
  escalatedTo: 'inspection' | 'arbitration' | null;

  @ApiProperty(nullableDate)
  escalatedOn: string | null;

  @ApiProperty(nullableDate)
  nextDeadline: string | null;

  @ApiProperty(nullableString)
  nextDeadlineLabel: string | null;

  @ApiProperty({ type: 'integer' })
  breaches: number;

  @ApiProperty({ ...nullableString, description: 'resolved | withdrawn | referred | rejected' })
  outcome: string | null;

  @ApiProperty(nullableString)
  outcomeReason: string | null;

  @ApiProperty({ ...nullableInt, description: 'fen' })
  amountRecoveredFen: number | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, required: false })
  closedAt: string | null;

  @ApiProperty(nullableString)
  sourceKey: string | null;

  @ApiProperty()
  openedBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  openedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

class ProvisionalYears {
  @ApiProperty({ type: 'integer', isArray: true, description: 'years whose holidays are not yet published' })
  years: number[];
}

class LimitationState {
  @ApiProperty({ enum: ['none', 'running', 'warned', 'expired', 'arbitration'] })
  status: string;

  @ApiProperty({ type: 'integer', nullable: true })
  daysLeft: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  expiredOn: string | null;
}

/** A case in the queues, with its deadline badge and limitation. */
export class CaseListItem extends CaseView {
  @ApiProperty({ type: 'string', format: 'date', description: 'the Asia/Shanghai day it was opened' })
  receivedOn: string;

  @ApiProperty({ enum: ['on_track', 'due_soon', 'breached', 'none'] })
  deadlineBadge: string;

  @ApiProperty({ type: ProvisionalYears, nullable: true })
  deadlineProvisional: ProvisionalYears | null;

  @ApiProperty({ type: LimitationState })
  limitation: LimitationState;
}

export const CasePage = pageOf(CaseListItem, 'CasePage');

class CaseWorkerView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'masked' })
  citizenId: string;

  @ApiProperty({ description: 'masked' })
  phone: string;

  @ApiProperty()
  township: string;
}

/** A caseworker's note. */
export class CaseNoteView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  caseId: number;

  @ApiProperty()
  text: string;

  @ApiProperty()
  confidential: boolean;

  @ApiProperty({ type: 'integer' })
  authorId: number;

  @ApiProperty()
  authorName: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;
}

/** An attachment's metadata, without its bytes. */
export class CaseAttachmentView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  caseId: number;

  @ApiProperty()
  fileName: string;

  @ApiProperty()
  mime: string;

  @ApiProperty({ type: 'integer' })
  size: number;

  @ApiProperty()
  sha256: string;

  @ApiProperty()
  uploadedBy: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    required: false,
    description: "the uploader's 姓名 (on the case's page)",
  })
  uploadedByName?: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;
}

class CaseLimitation extends LimitationState {
  @ApiProperty({ type: 'string', format: 'date' })
  knewOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  startsOn: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  endsOn: string | null;

  @ApiProperty({ type: 'integer' })
  warningDays: number;

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  interruptions: Record<string, unknown>[];

  @ApiProperty()
  basis: string;
}

/** One case with its workers, notes, attachments, timeline, process, limitation, exposure and documents. */
export class CaseDetail extends CaseView {
  @ApiProperty({ type: 'string', nullable: true })
  openedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date' })
  receivedOn: string;

  @ApiProperty({ enum: ['on_track', 'due_soon', 'breached', 'none'] })
  deadlineBadge: string;

  @ApiProperty({ type: ProvisionalYears, nullable: true })
  deadlineProvisional: ProvisionalYears | null;

  @ApiProperty({ type: CaseWorkerView, isArray: true })
  workers: CaseWorkerView[];

  @ApiProperty({ type: CaseNoteView, isArray: true })
  notes: CaseNoteView[];

  @ApiProperty({ type: CaseAttachmentView, isArray: true })
  attachments: CaseAttachmentView[];

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true, description: 'events, oldest first' })
  timeline: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the escalation process state; null when it is not running',
  })
  process: Record<string, unknown> | null;

  @ApiProperty({ type: CaseLimitation, nullable: true, description: 'null while the day the worker knew is not given' })
  limitation: CaseLimitation | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'double wage owed, for a no-contract case',
  })
  exposure: Record<string, unknown> | null;

  @ApiProperty({ type: DocumentSummaryView, isArray: true })
  documents: DocumentSummaryView[];
}

class CaseDeadlineView {
  @ApiProperty()
  label: string;

  @ApiProperty({ type: 'string', format: 'date', description: 'the last day (Asia/Shanghai)' })
  dueOn: string;

  @ApiProperty({ type: 'string', nullable: true })
  reminderAt: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  remindedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  breachedAt: string | null;

  @ApiProperty()
  extended: boolean;
}

class CaseSettlement {
  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty({ type: 'string', format: 'date' })
  payBy: string;
}

class CaseClosing {
  @ApiProperty()
  outcome: string;

  @ApiProperty()
  reason: string;
}

/** The state of a case's escalation process, as its workflow answers it after an action. */
export class CaseProcessView {
  @ApiProperty({ type: 'integer' })
  caseId: number;

  @ApiProperty({ description: 'escalation stage' })
  stage: string;

  @ApiProperty({ type: CaseDeadlineView, nullable: true, description: 'the deadline now running' })
  current: CaseDeadlineView | null;

  @ApiProperty({ type: CaseDeadlineView, isArray: true })
  deadlines: CaseDeadlineView[];

  @ApiProperty()
  arbitrationAvailable: boolean;

  @ApiProperty({ type: 'string', format: 'date' })
  limitationStartsOn: string;

  @ApiProperty({ type: 'string', format: 'date' })
  limitationEndsOn: string;

  @ApiProperty({ type: 'string', nullable: true })
  limitationWarnedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  limitationExpiredOn: string | null;

  @ApiProperty({ type: CaseSettlement, nullable: true })
  settlement: CaseSettlement | null;

  @ApiProperty({ type: CaseClosing, nullable: true })
  closed: CaseClosing | null;
}

class CaseCount {
  @ApiProperty()
  key: string;

  @ApiProperty({ type: 'integer' })
  opened: number;

  @ApiProperty({ type: 'integer' })
  closed: number;
}

class CaseTownshipCount extends CaseCount {
  @ApiProperty({ type: 'integer' })
  countyId: number;
}

/** Figures of a date range: cases opened and closed, days to close, money recovered, by kind and township. */
export class CaseSummary {
  @ApiProperty({ type: 'string', format: 'date' })
  from: string;

  @ApiProperty({ type: 'string', format: 'date' })
  to: string;

  @ApiProperty({ type: 'integer' })
  opened: number;

  @ApiProperty({ type: 'integer' })
  closed: number;

  @ApiProperty({ type: 'number', nullable: true })
  averageDaysToClose: number | null;

  @ApiProperty({ type: 'integer', description: 'fen' })
  recoveredFen: number;

  @ApiProperty({ type: 'integer' })
  deadlinesBreached: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'percent, one decimal; null with no case opened' })
  closureRate: number | null;

  @ApiProperty({ type: 'integer', description: 'percent' })
  closureRateTarget: number;

  @ApiProperty({ type: CaseCount, isArray: true, description: 'by kind' })
  byKind: CaseCount[];

  @ApiProperty({ type: CaseTownshipCount, isArray: true, description: 'by county and township' })
  byTownship: CaseTownshipCount[];
}
