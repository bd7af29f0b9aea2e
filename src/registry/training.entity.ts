import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Employer } from './employer.entity.js';
import { Worker } from './worker.entity.js';

/** 培训机构 / 培训基地. */
@Entity('training_providers')
export class TrainingProvider {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'char', length: 18, nullable: true, unique: true })
  creditCode: string | null;

  @Column({ type: 'varchar', length: 40 })
  contactName: string;

  @Column({ type: 'varchar', length: 20 })
  contactPhone: string;

  /** 开户银行 that subsidies to this payee go to; with the account number, or neither. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  bankName: string | null;

  /** Its account number, digits only; shown in full to finance, masked to everyone else. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  bankAccount: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}

export const COURSE_MODES = ['directed', 'commissioned', 'order'] as const;
export type CourseMode = (typeof COURSE_MODES)[number];
/** Where a course stands: before its first day, running, past its last day but not completed (结业), completed. */
export const COURSE_STATUSES = ['not_started', 'in_progress', 'ended', 'completed'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export function courseStatus(c: Pick<Course, 'startDate' | 'endDate' | 'completedAt'>, today: string): CourseStatus {
  if (c.completedAt) return 'completed';
  if (c.startDate > today) return 'not_started';
  return c.endDate >= today ? 'in_progress' : 'ended';
}
export const SUBSIDY_PAYEES = ['provider', 'worker'] as const;
export type SubsidyPayee = (typeof SUBSIDY_PAYEES)[number];

/** 培训班: a course of a provider; order (定单) and directed (定向) courses name the employer that ordered them. */
@Entity('courses')
export class Course {
  @PrimaryGeneratedColumn()
  id: number;

  /** The county bureau running it (set by the database from the acting user's county). */
  @Column({ type: 'int' })
  countyId: number;

  @ManyToOne(() => TrainingProvider, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'providerId' })
  provider?: Relation<TrainingProvider>;

  @Column({ type: 'int' })
  providerId: number;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 60 })
  specialty: string;

  @Column({ type: 'varchar', length: 16 })
  mode: CourseMode;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'int' })
  hours: number;

  /** Subsidy per trainee, fen. */
  @Column({ type: 'int' })
  subsidyPerTraineeFen: number;

  /** Its trainees' subsidy needs the 开班报告 approved before the start: set when a subsidised course is registered. */
  @Column({ type: 'boolean', default: false })
  classStartReportRequired: boolean;

  /** Set by POST /courses/:id/complete. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Who receives the training subsidy: the provider or the trainee. */
  @Column({ type: 'varchar', length: 10, default: 'provider' })
  payee: SubsidyPayee;

  @ManyToOne(() => Employer, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'orderingEmployerId' })
  orderingEmployer?: Relation<Employer> | null;

  @Column({ type: 'int', nullable: true })
  orderingEmployerId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

export interface UncountedPlacement {
  placementId: number;
  employerName: string;
  startDate: string;
  /** In Chinese, for the enrolment and the lapse notice. */
  reason: string;
}

/** 学员: a worker enrolled in a course. */
@Entity('enrollments')
@Unique(['courseId', 'workerId'])
export class Enrollment {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Course, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'courseId' })
  course?: Relation<Course>;

  @Index()
  @Column({ type: 'int' })
  courseId: number;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workerId' })
  worker?: Relation<Worker>;

  @Index()
  @Column({ type: 'int' })
  workerId: number;

  @Column({ type: 'date' })
  enrolledOn: string;

  /** enrolled | completed | not_completed */
  @Column({ type: 'varchar', length: 16, default: 'enrolled' })
  status: string;

  /** The course's subsidy per trainee in force at enrolment, fen. */
  @Column({ type: 'int', default: 0 })
  subsidyFen: number;

  @Column({ type: 'int', nullable: true })
  sessionsAttended: number | null;

  @Column({ type: 'int', nullable: true })
  sessionsTotal: number | null;

  /** pass | fail */
  @Column({ type: 'varchar', length: 4, nullable: true })
  assessment: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  certificateNo: string | null;

  /** completed | not_completed, set when the course is completed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  completion: string | null;

  @Column({ type: 'text', nullable: true })
  completionReason: string | null;

  /** The training subsidy process: waiting_completion | not_eligible | awaiting_placement | lapsed | claimed (written by its activities). */
  @Column({ type: 'varchar', length: 20, default: 'waiting_completion' })
  subsidyStatus: string;

  @Column({ type: 'text', nullable: true })
  subsidyReason: string | null;

  /**
   * The trainee's placements with a signed contract that do not count for the subsidy (another
   * employer than an order or directed course's, or a start after the window), each with why.
   * Written by the subsidy process's activities; kept when the window lapses.
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  uncountedPlacements: UncountedPlacement[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
