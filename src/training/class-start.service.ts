import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { shanghaiDateOf, shanghaiToday } from '../common/dates.js';
import { LABELS } from '../common/labels.js';
import type { Actor } from '../common/request-context.js';
import { PolicyService } from '../policy/policy.service.js';
import { Course, Enrollment } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { ClassStartReport, type ReportedTrainee } from './class-start-report.entity.js';
import type { DecideClassStartReportDto, SubmitClassStartReportDto } from './class-start.dto.js';
import { ClassStartErrors, CourseErrors } from './training.errors.js';

/** A report as the API and the course page show it: people by name. */
export type ClassStartReportView = ClassStartReport & {
  submittedByName: string | null;
  decidedByName: string | null;
  /** Whether it was approved before the course started: only then does the course produce subsidy claims. */
  approvedInTime: boolean;
};

/**
 * 开班报告: a subsidised course is reported at least the policy's working days before it starts,
 * with its plan, teachers and trainees, and approved by someone else before it starts. A course
 * started without one produces no training-subsidy claims (the training process asks
 * {@link ClassStartService.missingReportReason} at completion).
 */
@Injectable()
export class ClassStartService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly policy: PolicyService,
    private readonly users: UserDirectory,
  ) {}

  async submit(courseId: number, dto: SubmitClassStartReportDto, actor: Actor): Promise<ClassStartReportView> {
    await this.db.transaction(async (m) => {
      const course = await m.findOne(Course, { where: { id: courseId }, lock: { mode: 'pessimistic_write' } });
      if (!course) throw CourseErrors.NOT_FOUND();
      if (course.completedAt) throw ClassStartErrors.COURSE_COMPLETED();
      const today = shanghaiToday();
      if (course.startDate <= today) throw ClassStartErrors.STARTED({ startDate: course.startDate });
      const days = (await this.policy.inForce(today, course.countyId, m))['training.class_start_report_working_days'];
      const earliestStart = (await this.calendar.workingDeadline(today, days, m)).dueOn;
      if (earliestStart > course.startDate)
        throw ClassStartErrors.TOO_LATE({
          days,
          startDate: course.startDate,
          earliestStart,
          leadWorkingDays: days,
        });
      const enrolled = await m.find(Enrollment, { where: { courseId }, order: { id: 'ASC' } });
      if (!enrolled.length) throw ClassStartErrors.NO_TRAINEES();
      const names = new Map(
        (
          await m.findBy(
            Worker,
            enrolled.map((e) => ({ id: e.workerId })),
          )
        ).map((w) => [w.id, w.name]),
      );
      const trainees: ReportedTrainee[] = enrolled.map((e) => ({
        enrollmentId: e.id,
        workerId: e.workerId,
        name: names.get(e.workerId) ?? '',
      }));
      const teachers = dto.teachers.map((t) => ({
        name: t.name.trim(),
        qualification: t.qualification?.trim() || null,
      }));
      const existing = await m.findOne(ClassStartReport, { where: { courseId }, lock: { mode: 'pessimistic_write' } });
      if (existing?.status === 'approved') throw ClassStartErrors.ALREADY_APPROVED();
      const before = existing ? { ...existing } : null;
      // A returned report is corrected and reported again in its own row; the decision on it is cleared.
      const saved = await m.save(
        ClassStartReport,
        Object.assign(existing ?? m.create(ClassStartReport, { courseId }), {
          plan: dto.plan.trim(),
          teachers,
          trainees,
          status: 'submitted' as const,
          submittedBy: actor.username,
          submittedAt: new Date(),
          leadWorkingDays: days,
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
        }),
      );
      await this.audit.record(
        {
          entity: 'course',
          entityId: courseId,
          action: 'class_start_reported',
          before,
          after: { reportId: saved.id, plan: saved.plan, teachers, trainees, leadWorkingDays: days },
        },
        m,
      );
    });
    return this.get(courseId);
  }

  async decide(courseId: number, dto: DecideClassStartReportDto, actor: Actor): Promise<ClassStartReportView> {
    const reason = dto.reason?.trim() ?? '';
    if (dto.decision === 'reject' && !reason) throw ClassStartErrors.REASON_REQUIRED();
    await this.db.transaction(async (m) => {
      const course = await m.findOneBy(Course, { id: courseId });
      if (!course) throw CourseErrors.NOT_FOUND();
      const r = await m.findOne(ClassStartReport, { where: { courseId }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw ClassStartErrors.NOT_FOUND();
      if (r.status !== 'submitted')
        throw ClassStartErrors.NOT_SUBMITTED({ status: LABELS.classStartReportStatus[r.status] });
      if (r.submittedBy === actor.username) throw ClassStartErrors.MAKER_CHECKER();
      if (dto.decision === 'approve' && course.startDate <= shanghaiToday())
        throw ClassStartErrors.STARTED({ startDate: course.startDate });
      r.status = dto.decision === 'approve' ? 'approved' : 'rejected';
      r.decidedBy = actor.username;
      r.decidedAt = new Date();
      r.decisionReason = dto.decision === 'reject' ? reason : null;
      await m.save(ClassStartReport, r);
      await this.audit.record(
        {
          entity: 'course',
          entityId: courseId,
          action: dto.decision === 'approve' ? 'class_start_approved' : 'class_start_rejected',
          before: { status: 'submitted' },
          after: { reportId: r.id, status: r.status, reason: r.decisionReason },
        },
        m,
      );
    });
    return this.get(courseId);
  }

  async find(courseId: number): Promise<ClassStartReportView | null> {
    const r = await this.db.getRepository(ClassStartReport).findOneBy({ courseId });
    if (!r) return null;
    const course = await this.db.getRepository(Course).findOneBy({ id: courseId });
    const people = await this.users.people([r.submittedBy, r.decidedBy]);
    return {
      ...r,
      submittedByName: people.name(r.submittedBy),
      decidedByName: r.decidedBy ? people.name(r.decidedBy) : null,
      approvedInTime: !!course && approvedBefore(r, course.startDate),
    };
  }

  async get(courseId: number): Promise<ClassStartReportView> {
    if (!(await this.db.getRepository(Course).existsBy({ id: courseId }))) throw CourseErrors.NOT_FOUND();
    const r = await this.find(courseId);
    if (!r) throw ClassStartErrors.NOT_FOUND();
    return r;
  }

  /**
   * Why the course produces no subsidy claims, or null when its report was approved before it
   * started. Read by the training process once the course is completed.
   */
  async missingReportReason(courseId: number): Promise<string | null> {
    const course = await this.db.getRepository(Course).findOneBy({ id: courseId });
    if (!course) return null;
    const r = await this.db.getRepository(ClassStartReport).findOneBy({ courseId });
    if (r && approvedBefore(r, course.startDate)) return null;
    const why = !r
      ? '开班前没有报送开班报告'
      : r.status === 'approved'
        ? `开班报告在开班（${course.startDate}）之后才批准`
        : r.status === 'rejected'
          ? `开班报告被退回（${r.decisionReason ?? ''}），开班前没有重新报送并获批准`
          : '开班报告在开班前没有获得批准';
    return `${why}，不能申请培训补贴`;
  }
}

function approvedBefore(r: ClassStartReport, startDate: string): boolean {
  return r.status === 'approved' && !!r.decidedAt && shanghaiDateOf(r.decidedAt) < startDate;
}
