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
import { Worker } from '../registry/worker.entity.js';

/** Where a registration was made: at the hall's window, a township station, on a survey visit, or by a ledger import. */
export const JOB_SEEKER_SOURCES = ['window', 'station', 'survey_visit', 'ledger_import'] as const;
export type JobSeekerSource = (typeof JOB_SEEKER_SOURCES)[number];
/** The sources a form or POST /job-seekers may name: a ledger import marks its own. */
export const JOB_SEEKER_ENTRY_SOURCES = [
  'window',
  'station',
  'survey_visit',
] as const satisfies readonly JobSeekerSource[];
export type JobSeekerEntrySource = (typeof JOB_SEEKER_ENTRY_SOURCES)[number];
export const JOB_SEEKER_STATUSES = ['active', 'lapsed', 'withdrawn'] as const;
export type JobSeekerStatus = (typeof JOB_SEEKER_STATUSES)[number];

/** 求职登记: a worker's registered wish for work, valid until a policy period is over unless renewed. */
@Entity('job_seekers')
export class JobSeeker {
  @PrimaryGeneratedColumn()
  id: number;

  /** The worker's county (set by the database). */
  @Column({ type: 'int' })
  countyId: number;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workerId' })
  worker?: Relation<Worker>;

  @Column({ type: 'int' })
  workerId: number;

  /** 求职意向: the jobs wanted. */
  @Column({ type: 'text', array: true })
  jobs: string[];

  /** Places of work accepted; none: anywhere. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  destinations: string[];

  @Column({ type: 'int', nullable: true })
  expectedWageFen: number | null;

  @Column({ type: 'date' })
  availableFrom: string;

  /** Would take training first (培训意愿). */
  @Column({ type: 'boolean' })
  wantsTraining: boolean;

  @Column({ type: 'varchar', length: 16 })
  source: JobSeekerSource;

  @Column({ type: 'date' })
  registeredOn: string;

  /** Lapses after this day unless renewed. */
  @Column({ type: 'date' })
  validUntil: string;

  @Column({ type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawnReason: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'varchar', length: 40 })
  registeredBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** Active until the day after validUntil; withdrawn once withdrawn. */
export function seekerStatus(s: Pick<JobSeeker, 'withdrawnOn' | 'validUntil'>, today: string): JobSeekerStatus {
  if (s.withdrawnOn) return 'withdrawn';
  return s.validUntil < today ? 'lapsed' : 'active';
}
