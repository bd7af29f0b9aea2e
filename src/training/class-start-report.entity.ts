import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const CLASS_START_REPORT_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type ClassStartReportStatus = (typeof CLASS_START_REPORT_STATUSES)[number];

/** A teacher of the course as the report names them. */
export interface ReportedTeacher {
  name: string;
  /** 职称 or 资格证书, as the provider gave it. */
  qualification: string | null;
}

/** A trainee enrolled when the course was reported. */
export interface ReportedTrainee {
  enrollmentId: number;
  workerId: number;
  name: string;
}

/** 开班报告: a course reported before it starts, and the decision on it. */
@Entity('class_start_reports')
export class ClassStartReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  countyId: number;

  @Column({ type: 'int' })
  courseId: number;

  @Column({ type: 'text' })
  plan: string;

  @Column({ type: 'jsonb' })
  teachers: ReportedTeacher[];

  @Column({ type: 'jsonb' })
  trainees: ReportedTrainee[];

  @Column({ type: 'varchar', length: 10, default: 'submitted' })
  status: ClassStartReportStatus;

  @Column({ type: 'varchar', length: 40 })
  submittedBy: string;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  /** The lead the policy asked for when it was reported. */
  @Column({ type: 'int' })
  leadWorkingDays: number;

  @Column({ type: 'varchar', length: 40, nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @VersionColumn()
  version: number;
}
