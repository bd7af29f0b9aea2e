import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * 政策参数: one dated value of one policy key. A process reads the values in force on the
 * day it starts and carries them as workflow input, so a later change never alters it.
 */
@Entity('policy_values')
// One value per county (or the default), key and date; NULLS NOT DISTINCT in the migration.
@Unique(['countyId', 'key', 'effectiveFrom'])
export class PolicyValue {
  @PrimaryGeneratedColumn()
  id: number;

  /** The county whose own value this is; null: the installation's default for every county. */
  @Column({ type: 'int', nullable: true })
  countyId: number | null;

  @Column({ type: 'varchar', length: 60 })
  key: string;

  /** Whole number in the key's unit (days, working days, months, fen, percent, years). */
  @Column({ type: 'int' })
  value: number;

  @Column({ type: 'date' })
  effectiveFrom: string;

  /** Where the value comes from: a seed document or a statute article. */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
