import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

import type { InterruptionKind } from '../../workflows/definitions.js';

export const CASE_KINDS = ['wage_arrears', 'no_contract', 'injury', 'treatment', 'other'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/**
 * 维权案件. Here the record the contract-deadline process opens (`no_contract`); the
 * escalation process (mediation → inspection → arbitration) builds on it.
 */
@Entity('cases')
export class RightsCase {
  @PrimaryGeneratedColumn()
  id: number;

  /** The county bureau the record belongs to (set by the database from its township or parent). */
  @Column({ type: 'int' })
  countyId: number;

  /** The office holding it: a township station, or the county bureau itself. */
  @Column({ type: 'int' })
  officeId: number;

  /** 案件编号, e.g. 维权〔2026〕12号 */
  @Column({ type: 'varchar', length: 40, unique: true })
  number: string;

  @Column({ type: 'varchar', length: 20 })
  kind: CaseKind;

  @Index()
  @Column({ type: 'int' })
  workerId: number;

  @Index()
  @Column({ type: 'int', nullable: true })
  employerId: number | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  placementId: number | null;

  @Column({ type: 'text' })
  facts: string;

  /** open | closed */
  @Column({ type: 'varchar', length: 12, default: 'open' })
  status: string;

  /** The escalation stage, written by the case process (intake, mediation, inspection, arbitration, closed…). */
  @Column({ type: 'varchar', length: 24, default: 'intake' })
  stage: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  assigneeId: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  assigneeName: string | null;

  /** Amount the worker claims, fen. */
  @Column({ type: 'int', default: 0 })
  amountClaimedFen: number;

  /** The day the worker knew of the infringement: the one-year limitation runs from it (art. 27). */
  @Column({ type: 'date', nullable: true })
  knewOn: string | null;

  @Column({ type: 'date', nullable: true })
  limitationEndsOn: string | null;

  @Column({ type: 'boolean', default: false })
  limitationWarned: boolean;

  /** window | hotline | visit | referral | system */
  @Column({ type: 'varchar', length: 12, default: 'window' })
  channel: string;

  /** The last escalation: inspection | arbitration, and the date it was registered or received there. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  escalatedTo: 'inspection' | 'arbitration' | null;

  @Column({ type: 'date', nullable: true })
  escalatedOn: string | null;

  /** For the queues: the next deadline of the running stage. */
  @Column({ type: 'date', nullable: true })
  nextDeadline: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  nextDeadlineLabel: string | null;

  @Column({ type: 'int', default: 0 })
  breaches: number;

  /** resolved | withdrawn | referred | rejected */
  @Column({ type: 'varchar', length: 12, nullable: true })
  outcome: string | null;

  @Column({ type: 'text', nullable: true })
  outcomeReason: string | null;

  @Column({ type: 'int', nullable: true })
  amountRecoveredFen: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Opened by a process: makes the opening activity idempotent (e.g. placement-42-no-contract). */
  @Column({ type: 'varchar', length: 80, nullable: true, unique: true })
  sourceKey: string | null;

  @Column({ type: 'varchar', length: 40 })
  openedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  openedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** A line of a case's timeline (system events and caseworkers' notes). */
@Entity('case_events')
@Index(['caseId', 'id'])
export class CaseEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 80, nullable: true, unique: true })
  sourceKey: string | null;

  @Column({ type: 'varchar', length: 40 })
  by: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** The workers a case covers (a wage-arrears case can cover many workers of one employer). */
@Entity('case_workers')
export class CaseWorker {
  @Column({ type: 'int', primary: true })
  caseId: number;

  @Index()
  @Column({ type: 'int', primary: true })
  workerId: number;
}

/** A caseworker's note; confidential ones are shown only to their author, the assignee and admin. */
@Entity('case_notes')
@Index(['caseId', 'id'])
export class CaseNote {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'boolean', default: false })
  confidential: boolean;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'varchar', length: 40 })
  authorName: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** An interruption of the one-year limitation (时效中断, art. 27 para. 2), recorded by a caseworker. */
@Entity('case_limitation_interruptions')
@Index(['caseId', 'interruptedOn'])
export class LimitationInterruption {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  /** claim_to_employer (向对方当事人主张权利) | request_to_authority (向有关部门请求权利救济) | employer_admission (对方当事人同意履行义务) */
  @Column({ type: 'varchar', length: 24 })
  kind: InterruptionKind;

  @Column({ type: 'date' })
  interruptedOn: string;

  @Column({ type: 'text' })
  note: string;

  /** The last day of the year before and after it. */
  @Column({ type: 'date' })
  endsOnBefore: string;

  @Column({ type: 'date' })
  endsOnAfter: string;

  @Column({ type: 'varchar', length: 40 })
  by: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  sourceKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** Evidence: a scanned document or photo. */
@Entity('case_attachments')
@Index(['caseId', 'id'])
export class CaseAttachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  caseId: number;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'varchar', length: 40 })
  mime: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  bytes: Buffer;

  @Column({ type: 'varchar', length: 40 })
  uploadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
