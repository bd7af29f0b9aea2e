import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PayoutBatchStatus } from '../../workflows/definitions.js';

export const BATCH_STATUSES: PayoutBatchStatus[] = [
  'built',
  'approved',
  'awaiting_bank',
  'reconciled',
  'closed',
  'cancelled',
];
export type LineStatus = 'pending' | 'sent' | 'paid' | 'failed' | 'dropped';
export const LINE_STATUSES: LineStatus[] = ['pending', 'sent', 'paid', 'failed', 'dropped'];
export type BankFileFormat = 'xlsx' | 'csv';

/** 资金来源: a line of the county's 就业补助资金 with its budget for one year. */
@Entity('funding_lines')
export class FundingLine {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** bigint in Postgres; fen. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  budgetFen: number;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 代发批次: approved claims paid together through the bank's agency-payment channel. */
@Entity('payout_batches')
export class PayoutBatch {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  /** 代发〔2026〕3号 */
  @Column({ type: 'varchar', length: 40 })
  number: string;

  @Column({ type: 'int' })
  fundingLineId: number;

  @Column({ type: 'varchar', length: 16, default: 'built' })
  status: PayoutBatchStatus;

  @Column({ type: 'varchar', length: 4 })
  fileFormat: BankFileFormat;

  @Column({ type: 'int' })
  lineCount: number;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  totalFen: number;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 40, nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  fileDocumentId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  fileIssuedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  bankReminderAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reconciledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  closedBy: string | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** 公示: published on, and its last day (policy working days on the county's calendar). */
  @Column({ type: 'date', nullable: true })
  noticeFrom: string | null;

  @Column({ type: 'date', nullable: true })
  noticeUntil: string | null;

  @Column({ type: 'int', nullable: true })
  noticeDocumentId: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One payee's line of a batch, under a reference from a sequence that is never reused: a claim
 * whose payment failed goes into a later batch as a new line with a new reference.
 */
@Entity('payout_lines')
@Index(['batchId'])
export class PayoutLine {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int' })
  batchId: number;

  @Column({ type: 'int' })
  claimId: number;

  @Column({ type: 'varchar', length: 24, unique: true })
  reference: string;

  @Column({ type: 'varchar', length: 100 })
  payeeName: string;

  @Column({ type: 'varchar', length: 60 })
  bankName: string;

  /** The whole number, for the bank file: never loaded with the line. */
  @Column({ type: 'varchar', length: 32, select: false })
  bankAccount?: string;

  @Column({ type: 'int' })
  amountFen: number;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: LineStatus;

  @Column({ type: 'date', nullable: true })
  paidOn: string | null;

  @Column({ type: 'date', nullable: true })
  failedOn: string | null;

  @Column({ type: 'text', nullable: true })
  failReason: string | null;

  /** Paid, then reported back by the bank (退汇). */
  @Column({ type: 'boolean', default: false })
  reversed: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** The bank file as it was issued, with its sha256 (insert-only). */
@Entity('payout_files')
export class PayoutFile {
  @PrimaryColumn({ type: 'int' })
  batchId: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'varchar', length: 4 })
  format: BankFileFormat;

  @Column({ type: 'varchar', length: 120 })
  fileName: string;

  @Column({ type: 'bytea', select: false })
  content?: Buffer;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One line of the bank's return file as read. */
export interface ReturnLine {
  rowNo: number;
  reference: string;
  /** Null when the file has no amount column. */
  amountFen: number | null;
  result: 'paid' | 'failed';
  reason: string | null;
  date: string;
}

/** 银行回盘文件: the bank's answer as uploaded, and what reconciling it did. */
@Entity('payout_returns')
export class PayoutReturn {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int' })
  batchId: number;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'jsonb' })
  lines: ReturnLine[];

  @Column({ type: 'jsonb', nullable: true })
  outcome: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 40 })
  uploadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  reconciledAt: Date | null;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';

/** An objection to a line of a batch's public notice (公示异议), and how a caseworker resolved it. */
@Entity('payout_objections')
export class PayoutObjection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int' })
  batchId: number;

  @Column({ type: 'int' })
  lineId: number;

  @Column({ type: 'int' })
  claimId: number;

  /** Who objected, as they gave it (a member of the public may give only a name or "匿名"). */
  @Column({ type: 'varchar', length: 60 })
  objector: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: ObjectionStatus;

  @Column({ type: 'varchar', length: 40 })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'varchar', length: 40, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;
}
