import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/**
 * One exception to the Monday–Friday week, from the State Council's yearly holiday notice
 * (国务院办公厅关于部分节假日安排的通知): a public holiday (`holiday`, 放假) or a weekend
 * make-up working day (`workday`, 调休上班). Days not listed follow the ordinary week.
 * Working-day deadlines (e.g. labour inspection, 60 working days) are computed from these.
 */
@Entity('calendar_days')
export class CalendarDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 8 })
  kind: CalendarDayKind;

  /** e.g. 国庆节, 国庆节调休上班. */
  @Column({ type: 'varchar', length: 40 })
  name: string;

  /** The notice the day comes from (title and number), or admin's note of a correction. */
  @Column({ type: 'text' })
  source: string;

  /** Who last set this day's values (the audit trail keeps every earlier version). */
  @Column({ type: 'varchar', length: 40 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
