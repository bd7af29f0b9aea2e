import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const BATCH_STATUSES = ['planned', 'departed', 'arrived', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** How the group travels. */
export const TRANSPORTS = ['train', 'coach', 'plane', 'chartered', 'other'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** listed → departed → arrived / not_arrived; dropped before departure; stayed: listed but did not leave. */
export const MEMBER_STATUSES = ['listed', 'dropped', 'departed', 'stayed', 'arrived', 'not_arrived'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Why a member dropped out before departure. */
export const DROP_REASONS = [
  'family',
  'health',
  'changed_mind',
  'other_job',
  'employer_refused',
  'unreachable',
  'other',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** 输出批次: a group leaving together for one or more job orders or employers. */
@Entity('departure_batches')
export class DepartureBatch {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  /** 批次名称, e.g. 2026年第一批赴哈尔滨报纸投递员. */
  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  destination: string;

  @Column({ type: 'date' })
  departureDate: string;

  @Column({ type: 'varchar', length: 100 })
  meetingPoint: string;

  /** HH:MM, Shanghai time. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  meetingTime: string | null;

  @Column({ type: 'varchar', length: 12 })
  transport: Transport;

  /** 车次、航班或车牌. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  transportNote: string | null;

  /** 带队人: a caseworker (user) or a broker, never both. */
  @Column({ type: 'int', nullable: true })
  leaderUserId: number | null;

  @Column({ type: 'int', nullable: true })
  leaderBrokerId: number | null;

  @Column({ type: 'int', array: true, default: () => "'{}'" })
  jobOrderIds: number[];

  /** The employers the members go to (the orders' and any named directly). */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  employerIds: number[];

  /** The pre-departure (order) course, if any. */
  @Column({ type: 'int', nullable: true })
  courseId: number | null;

  /** The job and wage of members picked directly, unless given per member. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  job: string | null;

  @Column({ type: 'int', nullable: true })
  monthlyWageFen: number | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'varchar', length: 10, default: 'planned' })
  status: BatchStatus;

  @Column({ type: 'date', nullable: true })
  departedOn: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  departedBy: string | null;

  @Column({ type: 'date', nullable: true })
  arrivedOn: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  arrivedBy: string | null;

  @Column({ type: 'text', nullable: true })
  cancelledReason: string | null;

  /** The policy values its process runs under. */
  @Column({ type: 'jsonb' })
  policy: Record<string, number | string>;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @Column({ type: 'int', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** 批次成员: one worker of a batch, with the emergency contact the roster prints. */
@Entity('departure_batch_members')
export class DepartureBatchMember {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => DepartureBatch, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batchId' })
  batch?: Relation<DepartureBatch>;

  @Column({ type: 'int' })
  batchId: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int' })
  workerId: number;

  @Column({ type: 'int' })
  employerId: number;

  @Column({ type: 'int', nullable: true })
  jobOrderId: number | null;

  /** The employer's acceptance (用工意向) the member came from, if any. */
  @Column({ type: 'int', nullable: true })
  proposalId: number | null;

  @Column({ type: 'int', nullable: true })
  brokerId: number | null;

  @Column({ type: 'varchar', length: 60 })
  job: string;

  @Column({ type: 'int' })
  monthlyWageFen: number;

  @Column({ type: 'varchar', length: 40 })
  emergencyName: string;

  @Column({ type: 'varchar', length: 20 })
  emergencyRelation: string;

  @Column({ type: 'varchar', length: 20 })
  emergencyPhone: string;

  @Column({ type: 'varchar', length: 12, default: 'listed' })
  status: MemberStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  dropReason: DropReason | null;

  @Column({ type: 'text', nullable: true })
  dropNote: string | null;

  @Column({ type: 'date', nullable: true })
  droppedOn: string | null;

  @Column({ type: 'date', nullable: true })
  arrivedOn: string | null;

  /** The placement its arrival registered (once). */
  @Column({ type: 'int', nullable: true, unique: true })
  placementId: number | null;

  /** Why the placement could not be registered yet (e.g. still employed elsewhere); retried on request. */
  @Column({ type: 'text', nullable: true })
  registrationError: string | null;

  @Column({ type: 'varchar', length: 40 })
  addedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
