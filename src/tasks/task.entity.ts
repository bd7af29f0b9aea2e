import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskKind, TaskSubjectType } from './task-kinds.js';

/**
 * 待办: a to-do for staff raised by a process (chase the employer for the contract, visit a
 * household), in a role's queue, assigned to a user when one is responsible, closed with who
 * closed it and why.
 */
@Entity('tasks')
@Index(['status', 'dueDate'])
@Index('IDX_tasks_subject', ['subjectType', 'subjectId'])
@Index('IDX_tasks_assignee', ['assigneeId'])
@Index('IDX_tasks_township', ['township'])
export class StaffTask {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  kind: TaskKind;

  @Column({ type: 'text' })
  title: string;

  /** What to do about it, for the few kinds whose title is not enough. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** Role whose queue it is in. */
  @Column({ type: 'varchar', length: 16 })
  role: string;

  /** The user responsible (a case's assignee, a household's caseworker, who registered the placement). */
  @Column({ type: 'int', nullable: true })
  assigneeId: number | null;

  /** The township of the worker or household concerned. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  township: string | null;

  @Column({ type: 'varchar', length: 20 })
  subjectType: TaskSubjectType;

  @Column({ type: 'int' })
  subjectId: number;

  @Column({ type: 'date' })
  dueDate: string;

  /** open | done */
  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: 'open' | 'done';

  /** Idempotency key of the activity that raised it. */
  @Column({ type: 'varchar', length: 80, unique: true })
  sourceKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The login of whoever closed it by hand, or system:workflow when its reason went. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  closedBy: string | null;

  @Column({ type: 'text', nullable: true })
  closeReason: string | null;
}
