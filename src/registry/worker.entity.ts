import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

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
  /** Unique within the county. */
  @Column({ type: 'char', length: 18 })
  citizenId: string;

  /** Derived from the ID number, never typed. */
  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 6 })
  sex: 'male' | 'female';

  @Column({ type: 'char', length: 11 })
  phone: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  township: string;

  /** The county bureau the record belongs to (set by the database from its township or parent). */
  @Column({ type: 'int' })
  countyId: number;

  /** The office holding it: a township station, or the county bureau itself. */
  @Column({ type: 'int' })
  officeId: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories: WorkerCategory[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ type: 'text', default: '' })
  notes: string;

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
