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
import { JobOrder } from './job-order.entity.js';

export const JOB_PROPOSAL_STATUSES = ['proposed', 'accepted', 'refused', 'started'] as const;
export type JobProposalStatus = (typeof JOB_PROPOSAL_STATUSES)[number];

/** 推荐: a worker proposed for an order; accepted by the employer it is a 用工意向, started a placement. */
@Entity('job_proposals')
export class JobProposal {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  @ManyToOne(() => JobOrder, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'orderId' })
  order?: Relation<JobOrder>;

  @Column({ type: 'int' })
  orderId: number;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workerId' })
  worker?: Relation<Worker>;

  @Column({ type: 'int' })
  workerId: number;

  /** The registration the match came from, if any. */
  @Column({ type: 'int', nullable: true })
  seekerId: number | null;

  /** The broker who brought the worker; carried onto the placement (and its 80-yuan referral). */
  @Column({ type: 'int', nullable: true })
  brokerId: number | null;

  /** In a priority group when proposed (零就业家庭, 4050, 下岗失业). */
  @Column({ type: 'boolean' })
  priority: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories: string[];

  /** Why the worker fitted, as the candidate list said when proposed. */
  @Column({ type: 'jsonb' })
  reasons: string[];

  @Column({ type: 'varchar', length: 10, default: 'proposed' })
  status: JobProposalStatus;

  @Column({ type: 'date' })
  proposedOn: string;

  @Column({ type: 'varchar', length: 40 })
  proposedBy: string;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  answeredBy: string | null;

  @Column({ type: 'text', nullable: true })
  refusalReason: string | null;

  @Column({ type: 'int', nullable: true })
  placementId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
