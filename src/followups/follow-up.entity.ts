import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** How a check-in was made: by phone, a visit at the workplace, a group meeting of the workers there. */
export const CHECKIN_METHODS = ['phone', 'visit', 'group'] as const;
export type CheckInMethod = (typeof CHECKIN_METHODS)[number];

/** A problem a check-in found; each opens a rights case of the same kind (the existing case kinds). */
export const CHECKIN_PROBLEMS = ['wage_arrears', 'no_contract', 'injury', 'treatment'] as const;
export type CheckInProblem = (typeof CHECKIN_PROBLEMS)[number];

export const CHECKIN_STATUSES = ['planned', 'due', 'missed', 'done', 'cancelled'] as const;
export type CheckInStatus = (typeof CHECKIN_STATUSES)[number];

/** Why a worker left the job (asked when the placement ends). */
export const RETURN_REASONS = [
  'contract_ended',
  'low_wage',
  'wage_arrears',
  'hard_work',
  'not_adapted',
  'family',
  'health',
  'changed_job',
  'rights_violated',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** 跟踪服务计划: one per placement registered since follow-up began, run by its process. */
@Entity('follow_up_plans')
export class FollowUpPlan {
  @PrimaryColumn({ type: 'int' })
  placementId: number;

  @Column({ type: 'int' })
  countyId: number;

  /** active | ended (written by the plan's process). */
  @Column({ type: 'varchar', length: 12, default: 'active' })
  status: 'active' | 'ended';

  @Column({ type: 'date' })
  startedOn: string;

  /** The intervals the plan started under. */
  @Column({ type: 'jsonb' })
  policy: Record<string, number | string>;

  /** The follow-up officer: the caseworker who registered the placement (null: the township's queue). */
  @Column({ type: 'int', nullable: true })
  officerId: number | null;

  /** The worker's township: its caseworkers' queue holds the plan's tasks. */
  @Column({ type: 'varchar', length: 40 })
  township: string;

  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  returnReason: ReturnReason | null;

  @Column({ type: 'text', nullable: true })
  returnNote: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  returnRecordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * 回访: a check-in planned by the process (seq, due day) and, once made, its record; a check-in
 * made outside the plan has no seq.
 */
@Entity('follow_up_checkins')
@Index(['countyId', 'status', 'dueOn'])
export class FollowUpCheckIn {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  placementId: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int', nullable: true })
  seq: number | null;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: CheckInStatus;

  @Column({ type: 'date', nullable: true })
  escalatedOn: string | null;

  @Column({ type: 'date', nullable: true })
  doneOn: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  method: CheckInMethod | null;

  @Column({ type: 'boolean', nullable: true })
  contractSigned: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  wagesOnTime: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  wagesInFull: boolean | null;

  @Column({ type: 'int', nullable: true })
  weeklyHours: number | null;

  @Column({ type: 'boolean', nullable: true })
  housingOk: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  safetyOk: boolean | null;

  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  problems: CheckInProblem[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** 本人反映: what the worker said, in their words. */
  @Column({ type: 'text', nullable: true })
  workerWords: string | null;

  /** The rights cases the check-in opened, one per problem (the check-in is each one's first evidence). */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  caseIds: number[];

  @Column({ type: 'varchar', length: 40, nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
