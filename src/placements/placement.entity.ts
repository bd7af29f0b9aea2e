import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Broker } from '../registry/broker.entity.js';
import { Employer } from '../registry/employer.entity.js';
import { Worker } from '../registry/worker.entity.js';

export const PLACEMENT_STATUSES = ['awaiting_contract', 'contract_signed', 'overdue', 'ended'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/** 输出 / 就业登记: a worker placed with an employer from the employment start date (确立劳动关系之日). */
@Entity('placements')
@Index(['status', 'deadline'])
export class Placement {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workerId' })
  worker?: Relation<Worker>;

  @Index()
  @Column({ type: 'int' })
  workerId: number;

  @ManyToOne(() => Employer, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employerId' })
  employer?: Relation<Employer>;

  @Index()
  @Column({ type: 'int' })
  employerId: number;

  @ManyToOne(() => Broker, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'brokerId' })
  broker?: Relation<Broker> | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  brokerId: number | null;

  /** Indexed for the monthly figures (src/reports), which count placements by start date. */
  @Index()
  @Column({ type: 'date' })
  startDate: string;

  /** The worker's categories when the placement was registered (referral eligibility is judged on them). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  workerCategories: string[];

  @Column({ type: 'varchar', length: 60 })
  job: string;

  @Column({ type: 'int' })
  monthlyWageFen: number;

  /** 务工地点 */
  @Column({ type: 'varchar', length: 100 })
  destination: string;

  /** The job order (用工需求) it came through by a match; null: registered directly. */
  @Column({ type: 'int', nullable: true })
  jobOrderId: number | null;

  /** The departure batch (输出批次) whose arrival registered it; null otherwise. */
  @Column({ type: 'int', nullable: true })
  batchId: number | null;

  /** Organised by the bureau (有组织输出) or found by the worker. */
  @Column({ type: 'boolean' })
  organised: boolean;

  /** Written only by the contract-deadline workflow's activities. */
  @Column({ type: 'varchar', length: 20, default: 'awaiting_contract' })
  status: PlacementStatus;

  /** Last day to sign: start date + the policy's days in force at registration. */
  @Column({ type: 'date' })
  deadline: string;

  /** The policy values this placement's processes run under. */
  @Column({ type: 'jsonb' })
  policy: Record<string, number | string>;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @Column({ type: 'varchar', length: 40 })
  registeredBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  registeredAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @OneToOne(() => Contract, (c) => c.placement)
  contract?: Relation<Contract> | null;
}

/** 劳动合同: at most one per placement, with its scanned copy. */
@Entity('contracts')
export class Contract {
  @PrimaryGeneratedColumn()
  id: number;

  @OneToOne(() => Placement, (p) => p.contract, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'placementId' })
  placement?: Relation<Placement>;

  @Column({ type: 'int', unique: true })
  placementId: number;

  @Column({ type: 'date' })
  signedOn: string;

  /** null when open-ended (无固定期限). */
  @Column({ type: 'int', nullable: true })
  termMonths: number | null;

  @Column({ type: 'boolean', default: false })
  openEnded: boolean;

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'varchar', length: 40 })
  fileMime: string;

  @Column({ type: 'int' })
  fileSize: number;

  @Column({ type: 'char', length: 64 })
  fileSha256: string;

  @Column({ type: 'bytea', select: false })
  file: Buffer;

  @Column({ type: 'varchar', length: 40 })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
