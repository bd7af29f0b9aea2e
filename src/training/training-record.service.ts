import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { shanghaiToday } from '../common/dates.js';
import { PolicyService } from '../policy/policy.service.js';
import { Course, Enrollment } from '../registry/training.entity.js';
import { CourseErrors, EnrollmentErrors } from './training.errors.js';
import { Processes, trainingSubsidy } from '../temporal/processes.js';
import { courseCompletedSignal } from '../../workflows/definitions.js';
import type { AssessmentDto, AttendanceDto } from './training.dto.js';

/** Attendance, assessment and course completion: the training record the subsidy depends on. */
@Injectable()
export class TrainingRecordService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
  ) {}

  private async open(m: import('typeorm').EntityManager, enrollmentId: number): Promise<Enrollment> {
    const e = await m.findOne(Enrollment, { where: { id: enrollmentId }, lock: { mode: 'pessimistic_write' } });
    if (!e) throw EnrollmentErrors.NOT_FOUND();
    if (e.completion) throw CourseErrors.COMPLETED();
    return e;
  }

  async attendance(enrollmentId: number, dto: AttendanceDto): Promise<Enrollment> {
    if (dto.sessionsAttended > dto.sessionsTotal) throw EnrollmentErrors.ATTENDED_OVER_TOTAL();
    return this.db.transaction(async (m) => {
      const e = await this.open(m, enrollmentId);
      const before = { sessionsAttended: e.sessionsAttended, sessionsTotal: e.sessionsTotal };
      e.sessionsAttended = dto.sessionsAttended;
      e.sessionsTotal = dto.sessionsTotal;
      const saved = await m.save(Enrollment, e);
      await this.audit.record({ entity: 'enrollment', entityId: e.id, action: 'attendance', before, after: dto }, m);
      return saved;
    });
  }

  async assessment(enrollmentId: number, dto: AssessmentDto): Promise<Enrollment> {
    if (dto.result === 'fail' && dto.certificateNo) throw EnrollmentErrors.CERTIFICATE_ON_FAIL();
    return this.db.transaction(async (m) => {
      const e = await this.open(m, enrollmentId);
      const before = { assessment: e.assessment, certificateNo: e.certificateNo };
      e.assessment = dto.result;
      e.certificateNo = dto.certificateNo ?? null;
      const saved = await m.save(Enrollment, e);
      await this.audit.record({ entity: 'enrollment', entityId: e.id, action: 'assessment', before, after: dto }, m);
      return saved;
    });
  }

  /**
   * Marks every trainee completed or not_completed (attendance at least the policy's threshold,
   * and a passed assessment) and tells each trainee's subsidy process.
   */
  async complete(courseId: number): Promise<{
    courseId: number;
    results: { enrollmentId: number; workerId: number; completion: string; reason: string | null }[];
  }> {
    const today = shanghaiToday();
    return this.db.transaction(async (m) => {
      const course = await m.findOne(Course, { where: { id: courseId }, lock: { mode: 'pessimistic_write' } });
      if (!course) throw CourseErrors.NOT_FOUND();
      if (course.startDate > today) throw CourseErrors.NOT_STARTED({ startDate: course.startDate });
      if (course.completedAt) throw CourseErrors.COMPLETED();
      const threshold = (await this.policy.inForce(today, course.countyId, m))['training.attendance_threshold_percent'];
      const enrollments = await m.find(Enrollment, { where: { courseId }, order: { id: 'ASC' } });
      const results = [];
      for (const e of enrollments) {
        const reasons: string[] = [];
        if (!e.sessionsTotal) reasons.push('未登记出勤');
        else if (e.sessionsAttended! * 100 < threshold * e.sessionsTotal)
          reasons.push(`出勤${e.sessionsAttended}/${e.sessionsTotal}次，低于${threshold}%`);
        if (e.assessment !== 'pass') reasons.push(e.assessment === 'fail' ? '考核不合格' : '未登记考核结果');
        e.completion = reasons.length ? 'not_completed' : 'completed';
        e.completionReason = reasons.length ? reasons.join('；') : null;
        e.status = e.completion;
        await m.save(Enrollment, e);
        results.push({
          enrollmentId: e.id,
          workerId: e.workerId,
          completion: e.completion,
          reason: e.completionReason,
        });
      }
      course.completedAt = new Date();
      await m.save(Course, course);
      await this.audit.record(
        { entity: 'course', entityId: course.id, action: 'completed', after: { thresholdPercent: threshold, results } },
        m,
      );
      // Part of the transaction: each process is told once the completion is committed, never before.
      for (const r of results)
        await this.processes.signal(
          trainingSubsidy(r.enrollmentId),
          courseCompletedSignal,
          { completed: r.completion === 'completed', reason: r.reason },
          m,
        );
      return { courseId, results };
    });
  }

  async subsidyState(enrollmentId: number) {
    const e = await this.db.getRepository(Enrollment).findOneBy({ id: enrollmentId });
    if (!e) throw EnrollmentErrors.NOT_FOUND();
    // No process (yet, or any more) reads as null, not as an error.
    const process = await this.processes.state(trainingSubsidy(enrollmentId));
    return { ...e, process };
  }
}
