import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { ClaimKind, ClaimStatus } from '../../workflows/definitions.js';

export const CLAIM_KINDS: ClaimKind[] = ['training', 'referral'];
export const CLAIM_STATUSES: ClaimStatus[] = [
  'awaiting_approval',
  'returned',
  'approved',
  'rejected',
  'in_batch',
  'held',
  'paid',
  'payment_failed',
];

/**
 * 补贴申请: a training subsidy (培训补贴) or a referral subsidy (职业介绍补贴, 80 yuan).
 * Prepared by a process, decided by finance through the shared approval workflow, whose
 * activities are the only writers of its status.
 */
@Entity('claims')
@Index(['status', 'kind'])
export class SubsidyClaim {
  @PrimaryGeneratedColumn()
  id: number;

  /** 补〔2026〕12号 */
  @Column({ type: 'varchar', length: 40, unique: true })
  number: string;

  @Column({ type: 'varchar', length: 10 })
  kind: ClaimKind;

  @Column({ type: 'varchar', length: 20, default: 'awaiting_approval' })
  status: ClaimStatus;

  @Column({ type: 'int' })
  amountFen: number;

  /** provider | worker | broker */
  @Column({ type: 'varchar', length: 10 })
  payeeType: string;

  @Column({ type: 'int' })
  payeeId: number;

  @Column({ type: 'varchar', length: 100 })
  payeeName: string;

  /**
   * The payee's bank and account as they stood at the last approval: what the payout goes to.
   * Never loaded with the claim (lists and exports would carry the whole number): read on purpose.
   */
  @Column({ type: 'varchar', length: 60, nullable: true, select: false })
  payeeBank?: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true, select: false })
  payeeAccount?: string | null;

  @Index()
  @Column({ type: 'int' })
  workerId: number;

  /** The worker's township, for finance's filters and the monthly figures. */
  @Column({ type: 'varchar', length: 40 })
  township: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  courseId: number | null;

  @Column({ type: 'int', nullable: true })
  enrollmentId: number | null;

  @Column({ type: 'int' })
  placementId: number;

  @Index()
  @Column({ type: 'int', nullable: true })
  brokerId: number | null;

  /** The process that prepared it (enrollment-7-training, placement-9-referral): one claim each. */
  @Column({ type: 'varchar', length: 60, unique: true })
  sourceKey: string;

  @Column({ type: 'varchar', length: 40 })
  preparedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  preparedAt: Date;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  approvals: { by: string; at: string }[];

  @Column({ type: 'int', default: 1 })
  requiredApprovals: number;

  @Column({ type: 'timestamptz' })
  decisionDueAt: Date;

  /** Not decided within the SLA: flagged to finance's lead (never auto-approved). */
  @Column({ type: 'boolean', default: false })
  decisionOverdue: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastReason: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** One line of a claim's history: approve, reject, return, resubmit. */
@Entity('claim_events')
@Index(['claimId', 'seq'], { unique: true })
export class ClaimEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  claimId: number;

  /** Position in the workflow's history: makes recording a decision idempotent. */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 12 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  by: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** 发放记录: exactly one per approved claim (unique claimId), whatever retries happen. */
@Entity('payouts')
export class Payout {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', unique: true })
  claimId: number;

  @Column({ type: 'int' })
  amountFen: number;

  @Column({ type: 'date' })
  paidOn: string;

  @Column({ type: 'varchar', length: 40, unique: true })
  reference: string;

  /** The payout batch line the bank confirmed (none for a payout recorded at approval, before batches). */
  @Column({ type: 'int', nullable: true })
  lineId: number | null;

  /** The bank reported the payment reversed (退汇) after confirming it: no longer paid. */
  @Column({ type: 'date', nullable: true })
  reversedOn: string | null;

  @Column({ type: 'text', nullable: true })
  reversalReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
