import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** 用工单位, keyed by the unified social credit code. */
@Entity('employers')
export class Employer {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** 统一社会信用代码, 18 characters, check character verified. */
  @Column({ type: 'char', length: 18, unique: true })
  creditCode: string;

  /** Where the employer is (e.g. 大连市甘井子区). */
  @Column({ type: 'varchar', length: 100 })
  region: string;

  @Column({ type: 'varchar', length: 40 })
  contactName: string;

  @Column({ type: 'varchar', length: 20 })
  contactPhone: string;

  /** 合作协议 with the bureau, if any. */
  @Column({ type: 'date', nullable: true })
  agreementStart: string | null;

  @Column({ type: 'date', nullable: true })
  agreementEnd: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
