import { ApiProperty } from '@nestjs/swagger';
import { pageWithTotalsOf } from '../common/paging.responses.js';
import { DocumentSummaryView } from '../documents/documents.responses.js';
import { CLAIM_KINDS, CLAIM_STATUSES } from './claim.entity.js';

class Approval {
  @ApiProperty()
  by: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    required: false,
    description: "the approver's 姓名 (on a single read)",
  })
  byName?: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;
}

class ProvisionalYears {
  @ApiProperty({ type: 'integer', isArray: true, description: 'years whose holidays are not yet published' })
  years: number[];
}

/** A subsidy claim (补贴申请) as stored, without the account it was approved against. */
export class ClaimView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ description: '补〔2026〕12号' })
  number: string;

  @ApiProperty({ enum: CLAIM_KINDS })
  kind: string;

  @ApiProperty({ enum: CLAIM_STATUSES })
  status: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty({ enum: ['provider', 'worker', 'broker'] })
  payeeType: string;

  @ApiProperty({ type: 'integer' })
  payeeId: number;

  @ApiProperty()
  payeeName: string;

  @ApiProperty({ type: 'integer' })
  workerId: number;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer', nullable: true })
  courseId: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  enrollmentId: number | null;

  @ApiProperty({ type: 'integer' })
  placementId: number;

  @ApiProperty({ type: 'integer', nullable: true })
  brokerId: number | null;

  @ApiProperty()
  sourceKey: string;

  @ApiProperty()
  preparedBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  preparedAt: string;

  @ApiProperty({ type: Approval, isArray: true })
  approvals: Approval[];

  @ApiProperty({ type: 'integer' })
  requiredApprovals: number;

  @ApiProperty({ type: 'string', format: 'date-time' })
  decisionDueAt: string;

  @ApiProperty()
  decisionOverdue: boolean;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  lastReason: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: 'integer' })
  version: number;
}

/** A claim in finance's list. */
export class ClaimListItem extends ClaimView {
  @ApiProperty({ type: 'string', nullable: true })
  preparedByName: string | null;

  @ApiProperty({ type: ProvisionalYears, nullable: true })
  decisionDueProvisional: ProvisionalYears | null;
}

export const ClaimPage = pageWithTotalsOf(ClaimListItem, 'ClaimPage');

/** 发放记录. */
export class PayoutView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  claimId: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty({ type: 'string', format: 'date' })
  paidOn: string;

  @ApiProperty()
  reference: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  recordedAt: string;
}

/** The claim's payout as the bank confirmed it, and a reversal it reported later. */
export class ClaimPayoutView extends PayoutView {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'the payout batch line; null when recorded at approval',
  })
  lineId: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'reversed by the bank (退汇) on' })
  reversedOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  reversalReason: string | null;
}

/** One time the claim went to the bank: its batch, reference and the bank's answer. */
export class ClaimPaymentLine {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  batchId: number;

  @ApiProperty({ example: '代发〔2026〕3号' })
  batchNumber: string;

  @ApiProperty({ example: 'DF202600000012' })
  reference: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty({ enum: ['pending', 'sent', 'paid', 'failed', 'dropped'] })
  status: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  paidOn: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  failedOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  failReason: string | null;

  @ApiProperty()
  reversed: boolean;
}

/** A payout in the list, with its claim's number, kind, payee and account (whole for finance only). */
export class PayoutListItem extends PayoutView {
  @ApiProperty()
  claimNumber: string;

  @ApiProperty({ enum: CLAIM_KINDS })
  kind: string;

  @ApiProperty()
  payeeName: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'string', nullable: true })
  bankName: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'masked except for finance' })
  bankAccount: string | null;
}

export const PayoutPage = pageWithTotalsOf(PayoutListItem, 'PayoutPage');

/** One claim with its evidence, the account it is paid into, history, payout, process and documents. */
export class ClaimDetail extends ClaimListItem {
  @ApiProperty({ type: 'string', nullable: true })
  payeeKind: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'bank and account' })
  account: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  worker: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'course, enrollment, referral, broker, placement and contract, each null when it does not apply',
  })
  evidence: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, isArray: true })
  history: Record<string, unknown>[];

  @ApiProperty({ type: ClaimPayoutView, nullable: true })
  payout: ClaimPayoutView | null;

  @ApiProperty({
    type: ClaimPaymentLine,
    isArray: true,
    description: 'each line of a payout batch the claim was in, oldest first',
  })
  payments: ClaimPaymentLine[];

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the approval process' })
  process: Record<string, unknown> | null;

  @ApiProperty({ type: DocumentSummaryView, isArray: true })
  documents: DocumentSummaryView[];
}

class DecisionLine {
  @ApiProperty({ enum: ['approve', 'reject', 'return', 'resubmit'] })
  action: string;

  @ApiProperty()
  by: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;

  @ApiProperty({ required: false })
  reason?: string;
}

class ProcessPayout {
  @ApiProperty({ type: 'integer' })
  payoutId: number;

  @ApiProperty({ type: 'string', format: 'date' })
  paidOn: string;

  @ApiProperty()
  reference: string;
}

/** The state of a claim's approval process after a decision, as its workflow answers it. */
export class ClaimProcessView {
  @ApiProperty({ type: 'integer' })
  claimId: number;

  @ApiProperty({ enum: CLAIM_KINDS })
  kind: string;

  @ApiProperty({ enum: CLAIM_STATUSES })
  status: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty()
  preparedBy: string;

  @ApiProperty({ type: String, isArray: true, required: false, description: 'who resubmitted it after a return' })
  revisedBy?: string[];

  @ApiProperty({ type: 'integer', enum: [1, 2] })
  requiredApprovals: number;

  @ApiProperty({ type: Approval, isArray: true })
  approvals: Approval[];

  @ApiProperty({ type: DecisionLine, isArray: true })
  history: DecisionLine[];

  @ApiProperty({ type: 'string', format: 'date-time' })
  decisionDueAt: string;

  @ApiProperty({ type: 'string', nullable: true })
  overdueFlaggedAt: string | null;

  @ApiProperty({ type: ProcessPayout, nullable: true })
  payout: ProcessPayout | null;

  @ApiProperty({ type: 'integer', nullable: true })
  noticeDocumentId: number | null;
}

class Figure {
  @ApiProperty({ type: 'integer' })
  count: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;
}

class PaymentFigures {
  @ApiProperty({ type: Figure })
  approved: Figure;

  @ApiProperty({ type: Figure, description: 'in a batch whose public notice still runs' })
  inNotice: Figure;

  @ApiProperty({ type: Figure })
  held: Figure;

  @ApiProperty({ type: Figure })
  inBatch: Figure;

  @ApiProperty({ type: Figure })
  paid: Figure;

  @ApiProperty({ type: Figure })
  failed: Figure;

  @ApiProperty({ type: Figure, description: 'sent again after a failure' })
  resent: Figure;
}

class FundingFigures {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  budgetFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  usedFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  remainingFen: number;
}

class StatusFigure extends Figure {
  @ApiProperty({ enum: CLAIM_STATUSES })
  status: string;
}

class KindFigure extends StatusFigure {
  @ApiProperty({ enum: CLAIM_KINDS })
  key: string;
}

class CourseFigure extends StatusFigure {
  @ApiProperty({ type: 'integer', nullable: true, description: 'the course; null for referral claims' })
  key: number | null;
}

class TownshipFigure extends StatusFigure {
  @ApiProperty()
  key: string;

  @ApiProperty({ type: 'integer' })
  countyId: number;
}

class PaidFigure extends Figure {
  @ApiProperty({ enum: CLAIM_KINDS })
  kind: string;
}

class TrainingFigures {
  @ApiProperty({ type: 'integer' })
  trained: number;

  @ApiProperty({ type: 'integer' })
  completed: number;

  @ApiProperty({ type: 'integer' })
  placedWithinWindow: number;

  @ApiProperty({ type: 'integer' })
  lapsed: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'percent, one decimal; null with none completed' })
  postTrainingPlacementRate: number | null;
}

/** Figures of a date range: claims by kind, course and township, payment standing, funding lines, training. */
export class ClaimSummary {
  @ApiProperty({ type: 'string', format: 'date' })
  from: string;

  @ApiProperty({ type: 'string', format: 'date' })
  to: string;

  @ApiProperty({ type: PaymentFigures })
  payment: PaymentFigures;

  @ApiProperty({ type: FundingFigures, isArray: true })
  funding: FundingFigures[];

  @ApiProperty({ type: KindFigure, isArray: true })
  byKind: KindFigure[];

  @ApiProperty({ type: CourseFigure, isArray: true })
  byCourse: CourseFigure[];

  @ApiProperty({ type: TownshipFigure, isArray: true })
  byTownship: TownshipFigure[];

  @ApiProperty({ type: PaidFigure, isArray: true })
  paid: PaidFigure[];

  @ApiProperty({ type: TrainingFigures })
  training: TrainingFigures;
}
