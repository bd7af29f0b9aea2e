import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { returnedRows } from '../common/sql.js';
import { ClaimsService } from '../claims/claims.service.js';
import { Placement } from '../placements/placement.entity.js';
import { Course, Enrollment, TrainingProvider } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
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
  ) {}

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

  async lapseTrainingSubsidy(input: { enrollmentId: number; windowEnds: string; reason: string }): Promise<void> {
    await this.recordTrainingOutcome({ enrollmentId: input.enrollmentId, stage: 'lapsed', reason: input.reason });
    const e = await this.db.getRepository(Enrollment).findOneBy({ id: input.enrollmentId });
    if (!e) return;
    // The notice: a task for the caseworker to tell the trainee and the provider why no subsidy is paid.
    await this.db.query(
      `INSERT INTO tasks (kind, title, role, "subjectType", "subjectId", "dueDate", "sourceKey") VALUES ('training_subsidy_lapsed', $1, 'caseworker', 'enrollment', $2, $3, $4)
       ON CONFLICT ("sourceKey") DO NOTHING`,
      [
        `培训补贴失效：学员（报名号 ${e.id}）在 ${input.windowEnds} 前未实现就业并签订劳动合同，请告知本人及培训机构`,
        e.id,
        input.windowEnds,
        `enrollment-${e.id}-lapsed`,
      ],
    );
  }

  async prepareTrainingClaim(input: {
    enrollmentId: number;
    placementId: number;
  }): Promise<{ claimId: number; approval: ClaimApprovalInput }> {
    return this.db.transaction(async (m) => {
      const e = await m.findOneBy(Enrollment, { id: input.enrollmentId });
      if (!e)
        throw ApplicationFailure.retryable(`enrollment ${input.enrollmentId} not found (yet)`, 'ENROLLMENT_NOT_FOUND');
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
