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
import { Employer } from '../registry/employer.entity.js';

export const JOB_ORDER_STATUSES = ['open', 'partly_filled', 'filled', 'closed', 'expired'] as const;
export type JobOrderStatus = (typeof JOB_ORDER_STATUSES)[number];
/** Orders still taking people: the published list and matching show only these. */
export const LIVE_JOB_ORDER_STATUSES: readonly JobOrderStatus[] = ['open', 'partly_filled'];

/** 用工需求 / 用工登记: an employer's order for workers, as taken at the window. */
@Entity('job_orders')
export class JobOrder {
  @PrimaryGeneratedColumn()
  id: number;

  /** The employer's county (set by the database). */
  @Column({ type: 'int' })
  countyId: number;

  @ManyToOne(() => Employer, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employerId' })
  employer?: Relation<Employer>;

  @Column({ type: 'int' })
  employerId: number;

  @Column({ type: 'varchar', length: 60 })
  job: string;

  @Column({ type: 'int' })
  headcount: number;

  /** People placed through this order so far. */
  @Column({ type: 'int', default: 0 })
  filled: number;

  @Column({ type: 'int' })
  wageMinFen: number;

  @Column({ type: 'int' })
  wageMaxFen: number;

  /** 务工地点 */
  @Column({ type: 'varchar', length: 100 })
  destination: string;

  /** The township it recruits in (its station's board); null: the whole county. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  township: string | null;

  @Column({ type: 'date' })
  startDate: string;

  /** Seasonal orders end (采棉, 枸杞); the order expires after this day. */
  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'int', nullable: true })
  ageMin: number | null;

  @Column({ type: 'int', nullable: true })
  ageMax: number | null;

  /** Only with the lawful reason for it (就业促进法第二十七条). */
  @Column({ type: 'varchar', length: 6, nullable: true })
  sex: 'male' | 'female' | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  sexReason: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  certificates: string[];

  /** 包吃 */
  @Column({ type: 'boolean' })
  board: boolean;

  /** 包住 */
  @Column({ type: 'boolean' })
  lodging: boolean;

  @Column({ type: 'varchar', length: 40 })
  contactName: string;

  @Column({ type: 'varchar', length: 20 })
  contactPhone: string;

  /** The cooperation agreement (合作协议) the order falls under, as the employer names it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  agreement: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** Who took the order (a user id; pages show the user's name). */
  @Column({ type: 'int' })
  takenById: number;

  /** open/partly_filled/filled follow the placements; closed and expired are written by the order's process. */
  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: JobOrderStatus;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'text', nullable: true })
  closedReason: string | null;

  /** The policy values the order's process runs under. */
  @Column({ type: 'jsonb' })
  policy: Record<string, number | string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
