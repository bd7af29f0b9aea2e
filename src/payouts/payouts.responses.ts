import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/paging.responses.js';
import { DocumentSummaryView } from '../documents/documents.responses.js';
import { CLAIM_KINDS, CLAIM_STATUSES } from '../claims/claim.entity.js';
import { BATCH_STATUSES, LINE_STATUSES } from './payout.entity.js';

export class FundingLineView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  budgetFen: number;

  @ApiProperty({ type: 'integer', description: 'fen in lines waiting, sent or paid' })
  usedFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  remainingFen: number;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

export class FundingLineList {
  @ApiProperty({ type: [FundingLineView] })
  items: FundingLineView[];
}

export class BatchView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ example: '代发〔2026〕3号' })
  number: string;

  @ApiProperty({ type: 'integer' })
  fundingLineId: number;

  @ApiProperty({ enum: BATCH_STATUSES })
  status: string;

  @ApiProperty({ enum: ['xlsx', 'csv'] })
  fileFormat: string;

  @ApiProperty({ type: 'integer' })
  lineCount: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  totalFen: number;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: String, nullable: true })
  createdByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true })
  approvedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  approvedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  approvedAt: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  fileDocumentId: number | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  fileIssuedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  bankReminderAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  reconciledAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  closedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: '公示 published on' })
  noticeFrom: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: "the notice's last day" })
  noticeUntil: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  noticeDocumentId: number | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt: string;
}

export const BatchPage = pageOf(BatchView, 'PayoutBatchPage');

export class PaymentLineView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  batchId: number;

  @ApiProperty({ type: 'integer' })
  claimId: number;

  @ApiProperty({ example: 'DF202600000012', description: 'unique end to end, never reused' })
  reference: string;

  @ApiProperty()
  payeeName: string;

  @ApiProperty()
  bankName: string;

  @ApiProperty({ description: 'finance sees the whole number; others the last four digits' })
  bankAccount: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty({ enum: LINE_STATUSES })
  status: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  paidOn: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  failedOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  failReason: string | null;

  @ApiProperty()
  reversed: boolean;

  @ApiProperty()
  claimNumber: string;

  @ApiProperty({ enum: CLAIM_KINDS })
  kind: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ enum: CLAIM_STATUSES })
  claimStatus: string;
}

export class BatchTotal {
  @ApiProperty({ description: 'the kind or the township' })
  key: string;

  @ApiProperty({ type: 'integer' })
  count: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;
}

export class ReturnOutcomeView {
  @ApiProperty({ type: 'integer' })
  returnId: number;

  @ApiProperty({ type: 'integer' })
  paid: number;

  @ApiProperty({ type: 'integer' })
  failed: number;

  @ApiProperty({ type: 'integer', description: 'paid lines the bank reported failed later' })
  reversed: number;

  @ApiProperty({ type: 'integer', description: 'lines already answered the same way' })
  unchanged: number;

  @ApiProperty({ type: [String], description: 'references that are no line of this batch: nothing changed' })
  unknown: string[];

  @ApiProperty({ type: [String], description: 'references whose amount differs from the line: nothing changed' })
  mismatched: string[];

  @ApiProperty({ type: 'integer', description: 'lines still waiting for the bank' })
  open: number;
}

export class ReturnView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  fileName: string;

  @ApiProperty()
  sha256: string;

  @ApiProperty({ type: 'integer' })
  lineCount: number;

  @ApiProperty({ type: ReturnOutcomeView, nullable: true })
  outcome: ReturnOutcomeView | null;

  @ApiProperty()
  uploadedBy: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  uploadedAt: string;
}

export class BatchFundingView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  budgetFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  usedFen: number;

  @ApiProperty({ type: 'integer', description: 'fen' })
  remainingFen: number;
}

export class BatchFileView {
  @ApiProperty()
  fileName: string;

  @ApiProperty({ enum: ['xlsx', 'csv'] })
  format: string;

  @ApiProperty()
  sha256: string;
}

export class ObjectionView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  countyId: number;

  @ApiProperty({ type: 'integer' })
  batchId: number;

  @ApiProperty({ type: 'integer' })
  lineId: number;

  @ApiProperty({ type: 'integer' })
  claimId: number;

  @ApiProperty()
  objector: string;

  @ApiProperty()
  content: string;

  @ApiProperty({ enum: ['open', 'upheld', 'dismissed'] })
  status: string;

  @ApiProperty()
  recordedBy: string;

  @ApiProperty({ type: String, nullable: true })
  recordedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ type: String, nullable: true })
  resolvedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolvedByName: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  resolvedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolution: string | null;
}

export class ResolvedObjectionView extends ObjectionView {
  @ApiProperty({ enum: CLAIM_STATUSES, description: "the claim's status after the finding" })
  claimStatus: string;
}

export class BatchDetail extends BatchView {
  @ApiProperty({ type: [ObjectionView] })
  objections: ObjectionView[];

  @ApiProperty({ type: BatchFundingView })
  funding: BatchFundingView;

  @ApiProperty({ type: [PaymentLineView] })
  lines: PaymentLineView[];

  @ApiProperty({ type: [BatchTotal] })
  byKind: BatchTotal[];

  @ApiProperty({ type: [BatchTotal] })
  byTownship: BatchTotal[];

  @ApiProperty({ type: BatchFileView, nullable: true })
  file: BatchFileView | null;

  @ApiProperty({ type: DocumentSummaryView, nullable: true })
  document: DocumentSummaryView | null;

  @ApiProperty({ type: [ReturnView] })
  returns: ReturnView[];
}

export class PaymentFailureView {
  @ApiProperty({ type: 'integer' })
  claimId: number;

  @ApiProperty()
  claimNumber: string;

  @ApiProperty({ enum: CLAIM_KINDS })
  kind: string;

  @ApiProperty()
  payeeName: string;

  @ApiProperty()
  township: string;

  @ApiProperty({ type: 'integer', description: 'fen' })
  amountFen: number;

  @ApiProperty()
  reference: string;

  @ApiProperty()
  batchNumber: string;

  @ApiProperty({ type: 'string', format: 'date' })
  failedOn: string;

  @ApiProperty()
  failReason: string;

  @ApiProperty()
  reversed: boolean;
}

export const PaymentFailurePage = pageOf(PaymentFailureView, 'PaymentFailurePage');

export class CorrectedClaimView {
  @ApiProperty({ type: 'integer' })
  claimId: number;

  @ApiProperty({ enum: CLAIM_STATUSES })
  status: string;

  @ApiProperty()
  bankName: string;

  @ApiProperty({ description: 'last four digits' })
  bankAccount: string;
}

class BatchStep {
  @ApiProperty({ description: 'built, approved, file_issued, returns, closed, cancelled…' })
  step: string;

  @ApiProperty()
  by: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  at: string;

  @ApiProperty({ required: false })
  reason?: string;
}

/** The state of a batch's process after a step, as its workflow answers it. */
export class BatchProcessView {
  @ApiProperty({ type: 'integer' })
  batchId: number;

  @ApiProperty({ enum: ['built', 'approved', 'awaiting_bank', 'reconciled', 'closed', 'cancelled'] })
  status: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty({ type: 'string', nullable: true })
  approvedBy: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'the bank file, once issued' })
  fileDocumentId: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  bankReminderSentAt: string | null;

  @ApiProperty({ type: ReturnOutcomeView, isArray: true })
  returns: ReturnOutcomeView[];

  @ApiProperty({ type: BatchStep, isArray: true })
  history: BatchStep[];
}
