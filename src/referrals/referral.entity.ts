import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const REFERRAL_STAGES = ['waiting_contract', 'retention_check', 'ineligible', 'ended', 'claimed'] as const;

/** A broker's referral of a worker into a placement, and where its 80-yuan payout stands. */
@Entity('referrals')
export class Referral {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', unique: true })
  placementId: number;

  @Index()
  @Column({ type: 'int' })
  brokerId: number;

  @Index()
  @Column({ type: 'int' })
  workerId: number;

  /** Written only by the referral process's activities. */
  @Column({ type: 'varchar', length: 20, default: 'waiting_contract' })
  stage: string;

  /** Every reason that applies when ineligible. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: string[];

  @Column({ type: 'timestamptz', nullable: true })
  assessedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  referredAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
