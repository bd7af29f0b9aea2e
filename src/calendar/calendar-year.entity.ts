import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarDayKind } from './calendar-day.entity.js';

/** A year whose official holiday arrangement is loaded: working days counted in it are final. */
@Entity('calendar_years')
export class CalendarYear {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'varchar', length: 40 })
  loadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  loadedAt: Date;
}

export interface ArrangementDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** An uploaded year arrangement: a preview until admin confirms it. */
@Entity('calendar_year_loads')
export class CalendarYearLoad {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'jsonb' })
  days: ArrangementDay[];

  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  /** preview | confirmed */
  @Column({ type: 'varchar', length: 12, default: 'preview' })
  status: 'preview' | 'confirmed';

  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 40, nullable: true })
  confirmedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}

/**
 * The working-day deadline a running process is waiting for (a case's acknowledgement or
 * inspection deadline, a claim's decision deadline), one per subject, with what it was counted
 * from: so it can be marked provisional while it runs into a year not loaded, and recomputed
 * (and its workflow told) when that year is loaded.
 */
@Entity('working_day_deadlines')
export class WorkingDayDeadline {
  /** case | claim */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  subjectType: 'case' | 'claim';

  @PrimaryColumn({ type: 'int' })
  subjectId: number;

  /** The case or claim number, for the preview of a year load. */
  @Column({ type: 'varchar', length: 60 })
  subjectName: string;

  @Column({ type: 'varchar', length: 80 })
  workflowId: string;

  /** The workflow's label of the deadline (acknowledgement, inspection investigation, decision…). */
  @Column({ type: 'varchar', length: 40 })
  label: string;

  @Column({ type: 'date' })
  fromDate: string;

  @Column({ type: 'int' })
  workingDays: number;

  @Column({ type: 'date' })
  dueOn: string;

  /** Years the count ran through whose arrangement was not loaded: empty when the deadline is final. */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  provisionalYears: number[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
