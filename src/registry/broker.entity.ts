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
import { User } from '../auth/user.entity.js';

export const BROKER_STATUSES = ['active', 'suspended'] as const;
export type BrokerStatus = (typeof BROKER_STATUSES)[number];

/** 职业介绍人 / 劳务经纪人. Sees only their own referrals, through their user account. */
@Entity('brokers')
export class Broker {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  name: string;

  /** Used to refuse a broker referring themself. */
  @Column({ type: 'char', length: 18, unique: true })
  citizenId: string;

  @Column({ type: 'char', length: 11 })
  phone: string;

  /** 劳务经纪人资格证书 number. */
  @Column({ type: 'varchar', length: 40, unique: true })
  certificateNo: string;

  @Column({ type: 'varchar', length: 12, default: 'active' })
  status: BrokerStatus;

  /** The user account the broker logs in with. */
  @OneToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User> | null;

  @Column({ type: 'int', nullable: true, unique: true })
  userId: number | null;

  /** 开户银行 that subsidies to this payee go to; with the account number, or neither. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  bankName: string | null;

  /** Its account number, digits only; shown in full to finance, masked to everyone else. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  bankAccount: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** Each change of a broker's status, with its reason and the date it took effect. */
@Entity('broker_status_changes')
@Index(['brokerId', 'effectiveDate'])
export class BrokerStatusChange {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Broker, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brokerId' })
  broker?: Relation<Broker>;

  @Column({ type: 'int' })
  brokerId: number;

  @Column({ type: 'varchar', length: 12 })
  status: BrokerStatus;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'date' })
  effectiveDate: string;

  @Column({ type: 'varchar', length: 40 })
  changedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
