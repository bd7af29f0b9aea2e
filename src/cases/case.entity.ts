import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

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
