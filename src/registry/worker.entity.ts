import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Township } from './township.entity.js';

export const WORKER_CATEGORIES = [
  'rural_surplus',
  'laid_off',
  'graduate',
  'veteran',
  'zero_employment_household',
  'age_40_50',
] as const;
export type WorkerCategory = (typeof WORKER_CATEGORIES)[number];

/** 务工人员 / 求职人员: one record per person, keyed by the citizen ID number. */
@Entity('workers')
export class Worker {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  name: string;

  /** 公民身份号码, 18 characters, check digit verified. */
  @Column({ type: 'char', length: 18, unique: true })
  citizenId: string;

  /** Derived from the ID number, never typed. */
  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 6 })
  sex: 'male' | 'female';

  @Column({ type: 'char', length: 11 })
  phone: string;

  @ManyToOne(() => Township, { nullable: false, onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'township', referencedColumnName: 'name' })
  townshipRef?: Relation<Township>;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  township: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories: WorkerCategory[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ type: 'text', default: '' })
  notes: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
