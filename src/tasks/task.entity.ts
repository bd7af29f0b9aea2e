import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A to-do for staff raised by a process (e.g. chase the employer for the contract). */
@Entity('tasks')
@Index(['status', 'dueDate'])
export class StaffTask {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'text' })
  title: string;

  /** Role whose queue it is in. */
  @Column({ type: 'varchar', length: 16 })
  role: string;

  @Column({ type: 'varchar', length: 20 })
  subjectType: string;

  @Column({ type: 'int' })
  subjectId: number;

  @Column({ type: 'date' })
  dueDate: string;

  /** open | done */
  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: string;

  /** Idempotency key of the activity that raised it. */
  @Column({ type: 'varchar', length: 80, unique: true })
  sourceKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
