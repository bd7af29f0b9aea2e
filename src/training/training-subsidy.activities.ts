import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { returnedRows } from '../common/sql.js';
import { ClaimsService } from '../claims/claims.service.js';
import { ClassStartService } from './class-start.service.js';
import { Placement } from '../placements/placement.entity.js';
import { Course, Enrollment, TrainingProvider, type UncountedPlacement } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import type { ClaimApprovalInput, QualifyingPlacement } from '../../workflows/definitions.js';

/** Side effects of the training subsidy process; each idempotent (status guards, one claim per enrollment). */
@Injectable()
@Activities()
export class TrainingSubsidyActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly claims: ClaimsService,
    private readonly tasks: TasksService,
    private readonly classStart: ClassStartService,
  ) {}

  /** Why the trainee's course produces no subsidy claim (no 开班报告 approved before it started), or null. */
  async classStartReportFinding(input: { courseId: number }): Promise<string | null> {
    return this.classStart.missingReportReason(input.courseId);
  }

  async recordTrainingOutcome(input: { enrollmentId: number; stage: string; reason: string | null }): Promise<void> {
    await this.db.transaction(async (m) => {
      const changed = returnedRows<{ before: string }>(
        await m.query(
          `UPDATE enrollments e SET "subsidyStatus" = $2, "subsidyReason" = $3, version = e.version + 1
           FROM (SELECT id, "subsidyStatus" AS before FROM enrollments WHERE id = $1) old
          WHERE e.id = old.id AND e."subsidyStatus" IS DISTINCT FROM $2 RETURNING old.before`,
          [input.enrollmentId, input.stage, input.reason],
        ),
      );
      if (changed.length)
        await this.audit.record(
          {
            entity: 'enrollment',
            entityId: input.enrollmentId,
            action: 'subsidy_status_changed',
            before: { subsidyStatus: changed[0].before },
            after: { subsidyStatus: input.stage, reason: input.reason },
          },
          m,
        );
    });
  }

  /** A placement of the worker with a signed contract, starting inside [from, to], with the employer if one is required. */
  async findQualifyingPlacement(input: {
    workerId: number;
    from: string;
    to: string;
    employerId: number | null;
  }): Promise<QualifyingPlacement | null> {
    const rows: QualifyingPlacement[] = await this.db.query(
      `SELECT p.id AS "placementId", p."employerId", p."startDate" FROM placements p JOIN contracts c ON c."placementId" = p.id
        WHERE p."workerId" = $1 AND p."startDate" BETWEEN $2 AND $3 AND ($4::int IS NULL OR p."employerId" = $4)
        ORDER BY p."startDate", p.id LIMIT 1`,
      [input.workerId, input.from, input.to, input.employerId],
    );
    return rows[0] ?? null;
  }

  /**
   * The trainee's contracted placements since the course start that the subsidy does not count,
   * each with why, recorded on the enrolment (audited when they change). Answers the enrolment's
   * reason while it waits, or null when there is none.
   */
  async noteUncountedPlacements(input: {
    enrollmentId: number;
    workerId: number;
    from: string;
    to: string;
    employerId: number | null;
  }): Promise<string | null> {
    const ordering = await this.#orderingEmployerOf(input.enrollmentId);
    const rows: { id: number; employerId: number; employerName: string; startDate: string }[] = await this.db.query(
      `SELECT p.id, p."employerId", e.name AS "employerName", to_char(p."startDate", 'YYYY-MM-DD') AS "startDate"
         FROM placements p JOIN employers e ON e.id = p."employerId" LEFT JOIN contracts c ON c."placementId" = p.id
        WHERE p."workerId" = $1 AND p."startDate" >= $2 AND (p."startDate" > $3 OR ($4::int IS NOT NULL AND p."employerId" <> $4))
          -- Signed: told by the contract process once it marked the placement, maybe before the contract row commits.
          AND (c.id IS NOT NULL OR p.status = 'contract_signed')
        ORDER BY p."startDate", p.id`,
      [input.workerId, input.from, input.to, input.employerId],
    );
    const uncounted: UncountedPlacement[] = rows.map((p) => {
      const why: string[] = [];
      if (input.employerId !== null && p.employerId !== input.employerId)
        why.push(`用工单位不是本${ordering.modeLabel}培训班的订单单位（${ordering.name}）`);
      if (p.startDate > input.to) why.push(`上岗日期晚于补贴期限（${input.to}）`);
      return {
        placementId: p.id,
        employerName: p.employerName,
        startDate: p.startDate,
        reason: `${p.employerName}（${p.startDate}上岗）的就业不计入培训补贴：${why.join('，且')}`,
      };
    });
    if (!uncounted.length) return null;
    const waiting = `仍在等待${input.to}前${input.employerId !== null ? `在${ordering.name}` : ''}签订劳动合同的就业`;
    const reason = `${uncounted.map((u) => u.reason).join('；')}。${waiting}`;
    await this.db.transaction(async (m) => {
      const changed = returnedRows(
        await m.query(
          `UPDATE enrollments SET "uncountedPlacements" = $2::jsonb, "subsidyReason" = $3, version = version + 1
            WHERE id = $1 AND "subsidyStatus" = 'awaiting_placement' AND "uncountedPlacements" IS DISTINCT FROM $2::jsonb RETURNING id`,
          [input.enrollmentId, JSON.stringify(uncounted), reason],
        ),
      );
      if (changed.length)
        await this.audit.record(
          {
            entity: 'enrollment',
            entityId: input.enrollmentId,
            action: 'placements_not_counted',
            after: { uncountedPlacements: uncounted },
          },
          m,
        );
    });
    return reason;
  }

  /** Lapses the subsidy; a trainee placed only where it does not count is told so, and the reason is kept. */
  async lapseTrainingSubsidy(input: { enrollmentId: number; windowEnds: string; reason: string }): Promise<string> {
    const e = await this.db.getRepository(Enrollment).findOneBy({ id: input.enrollmentId });
    const uncounted = e?.uncountedPlacements ?? [];
    let reason = input.reason;
    if (uncounted.length) {
      const ordering = await this.#orderingEmployerOf(input.enrollmentId);
      const where = ordering.name ? `在订单单位${ordering.name}` : '';
      reason = `补贴期限（${input.windowEnds}）届满，没有${where}签订劳动合同的就业；${uncounted.map((u) => u.reason).join('；')}`;
    }
    await this.recordTrainingOutcome({ enrollmentId: input.enrollmentId, stage: 'lapsed', reason });
    if (!e) return reason;
    // The notice: a task for the caseworker to tell the trainee and the provider why no subsidy is paid.
    const worker = await this.db.getRepository(Worker).findOneBy({ id: e.workerId });
    await this.tasks.create(
      {
        kind: 'training_subsidy_lapsed',
        title: uncounted.length
          ? `培训补贴失效：学员（报名号 ${e.id}）${reason}，请告知本人及培训机构`
          : `培训补贴失效：学员（报名号 ${e.id}）在 ${input.windowEnds} 前未实现就业并签订劳动合同，请告知本人及培训机构`,
        role: 'caseworker',
        subject: { type: 'enrollment', id: e.id },
        dueDate: input.windowEnds,
        key: `enrollment-${e.id}-lapsed`,
        township: worker?.township ?? null,
      },
      this.db.manager,
    );
    return reason;
  }

  async #orderingEmployerOf(enrollmentId: number): Promise<{ name: string | null; modeLabel: string }> {
    const [row]: { mode: string; name: string | null }[] = await this.db.query(
      `SELECT c.mode, e.name FROM enrollments en JOIN courses c ON c.id = en."courseId" LEFT JOIN employers e ON e.id = c."orderingEmployerId" WHERE en.id = $1`,
      [enrollmentId],
    );
    return { name: row?.name ?? null, modeLabel: row?.mode === 'directed' ? '定向' : '定单' };
  }

  async prepareTrainingClaim(input: {
    enrollmentId: number;
    placementId: number;
  }): Promise<{ claimId: number; approval: ClaimApprovalInput }> {
    return this.db.transaction(async (m) => {
      const e = await m.findOneBy(Enrollment, { id: input.enrollmentId });
      if (!e)
        throw await missingRecord(this.tasks, this.db, {
          type: 'ENROLLMENT_NOT_FOUND',
          message: `enrollment ${input.enrollmentId} not found (yet)`,
          subject: { type: 'enrollment', id: input.enrollmentId },
        });
      const course = await m.findOneByOrFail(Course, { id: e.courseId });
      const placement = await m.findOneByOrFail(Placement, { id: input.placementId });
      const payee =
        course.payee === 'provider'
          ? {
              payeeType: 'provider' as const,
              ...(await m
                .findOneByOrFail(TrainingProvider, { id: course.providerId })
                .then((p) => ({ payeeId: p.id, payeeName: p.name }))),
            }
          : {
              payeeType: 'worker' as const,
              ...(await m
                .findOneByOrFail(Worker, { id: e.workerId })
                .then((w) => ({ payeeId: w.id, payeeName: w.name }))),
            };
      const prepared = await this.claims.prepare(
        {
          kind: 'training',
          sourceKey: `enrollment-${e.id}-training`,
          amountFen: e.subsidyFen,
          ...payee,
          workerId: e.workerId,
          placementId: input.placementId,
          courseId: course.id,
          enrollmentId: e.id,
          // Maker: the caseworker who registered the placement that qualified it.
          preparedBy: placement.registeredBy,
        },
        m,
      );
      await m.query(
        `UPDATE enrollments SET "subsidyStatus" = 'claimed', "subsidyReason" = NULL, version = version + 1 WHERE id = $1 AND "subsidyStatus" <> 'claimed'`,
        [e.id],
      );
      return prepared;
    });
  }
}
