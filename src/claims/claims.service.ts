import { fewAtATime } from '../common/few-at-a-time.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateDefinition } from '@temporalio/client';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { UserDirectory } from '../auth/user-directory.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { shanghaiEndOfDay, shanghaiToday } from '../common/dates.js';
import { HttpErrors } from '../common/common.errors.js';
import { DomainError, refused } from '../common/errors.js';
import { offsetOf, Page } from '../common/paging.js';
import type { Keyset } from '../common/xlsx-export.js';
import { DocumentsService } from '../documents/documents.service.js';
import { nextNumber } from '../documents/numbering.js';
import { Contract, Placement } from '../placements/placement.entity.js';
import { PolicyService } from '../policy/policy.service.js';
import { maskBankAccount } from '../identity/index.js';
import { maskPerson } from '../registry/masking.js';
import { Course, Enrollment } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { Broker } from '../registry/broker.entity.js';
import { claimApproval, Processes } from '../temporal/processes.js';
import { ClaimRefusals } from '../../workflows/refusals.js';
import { ClaimErrors } from './claims.errors.js';
import { accountView, PAYEE_KIND, registeredAccount } from './payee.js';
import {
  approveClaimUpdate,
  ClaimApprovalInput,
  ClaimApprovalState,
  rejectClaimUpdate,
  resubmitClaimUpdate,
  returnClaimUpdate,
} from '../../workflows/definitions.js';
import { ClaimEvent, Payout, SubsidyClaim } from './claim.entity.js';
import type {
  BatchApproveLine,
  BatchApproveResult,
  BatchOutcome,
  ClaimListQuery,
  ClaimSummaryQuery,
  PayoutListQuery,
} from './claims.dto.js';

export interface PrepareClaim {
  kind: 'training' | 'referral';
  sourceKey: string;
  amountFen: number;
  payeeType: 'provider' | 'worker' | 'broker';
  payeeId: number;
  payeeName: string;
  workerId: number;
  placementId: number;
  courseId?: number | null;
  enrollmentId?: number | null;
  brokerId?: number | null;
  preparedBy: string;
}

@Injectable()
export class ClaimsService {
  private readonly log = new Logger(ClaimsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly calendar: CalendarService,
    private readonly processes: Processes,
    private readonly documents: DocumentsService,
    private readonly users: UserDirectory,
  ) {}

  /**
   * Creates the claim a process prepares, once per source (a retried activity gets the same
   * claim back), and the input of its approval workflow: threshold and SLA from the policy
   * in force today, the SLA counted in working days on the bureau's calendar.
   */
  async prepare(req: PrepareClaim, m: EntityManager): Promise<{ claimId: number; approval: ClaimApprovalInput }> {
    const today = shanghaiToday();
    // The claim is its worker's county's: that county's policy and number series.
    const worker = await m.findOneByOrFail(Worker, { id: req.workerId });
    const policy = await this.policy.inForce(today, worker.countyId, m);
    let claim = await m.findOneBy(SubsidyClaim, { sourceKey: req.sourceKey });
    if (!claim) {
      const due = await this.calendar.addWorkingDays(today, policy['claims.decision_sla_working_days']);
      const year = Number(today.slice(0, 4));
      claim = await m.save(
        SubsidyClaim,
        m.create(SubsidyClaim, {
          number: `补〔${year}〕${await nextNumber(m, worker.countyId, 'claim', year)}号`,
          kind: req.kind,
          status: 'awaiting_approval',
          amountFen: req.amountFen,
          payeeType: req.payeeType,
          payeeId: req.payeeId,
          payeeName: req.payeeName,
          workerId: req.workerId,
          township: worker.township,
          placementId: req.placementId,
          courseId: req.courseId ?? null,
          enrollmentId: req.enrollmentId ?? null,
          brokerId: req.brokerId ?? null,
          sourceKey: req.sourceKey,
          preparedBy: req.preparedBy,
          approvals: [],
          requiredApprovals: req.amountFen > policy['claims.second_approval_threshold_fen'] ? 2 : 1,
          decisionDueAt: new Date(shanghaiEndOfDay(due)),
        }),
      );
      await this.audit.record({ entity: 'claim', entityId: claim.id, action: 'create', after: claim }, m);
      // Kept by the calendar: provisional while it runs into a year not loaded, recomputed when that year is.
      await this.calendar.track(
        { type: 'claim', id: claim.id, name: claim.number, workflowId: claimApproval(claim.id).workflowId },
        'decision',
        today,
        policy['claims.decision_sla_working_days'],
        {},
        m,
      );
    }
    return {
      claimId: claim.id,
      approval: {
        claimId: claim.id,
        kind: claim.kind,
        amountFen: claim.amountFen,
        preparedBy: claim.preparedBy,
        secondApprovalThresholdFen: policy['claims.second_approval_threshold_fen'],
        decisionDueAt: claim.decisionDueAt.toISOString(),
        claimNumber: claim.number,
        township: claim.township,
        // A county with a funding line pays through payout batches and the bank's answer.
        payThroughBank:
          (await m.query(`SELECT 1 FROM funding_lines WHERE "countyId" = $1 LIMIT 1`, [worker.countyId])).length > 0,
      },
    };
  }

  async list(
    q: ClaimListQuery,
    keyset?: Keyset,
  ): Promise<
    Page<SubsidyClaim & { preparedByName?: string | null; decisionDueProvisional?: { years: number[] } | null }> & {
      totals: { count: number; amountFen: number };
    }
  > {
    const qb = this.db.getRepository(SubsidyClaim).createQueryBuilder('c');
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.courseId) qb.andWhere('c.courseId = :courseId', { courseId: q.courseId });
    if (q.brokerId) qb.andWhere('c.brokerId = :brokerId', { brokerId: q.brokerId });
    if (q.township) qb.andWhere('c.township = :township', { township: q.township });
    if (q.payee) qb.andWhere('c.payeeName ILIKE :payee', { payee: `%${q.payee.trim()}%` });
    if (q.minFen !== undefined) qb.andWhere('c.amountFen >= :minFen', { minFen: q.minFen });
    if (q.maxFen !== undefined) qb.andWhere('c.amountFen <= :maxFen', { maxFen: q.maxFen });
    if (q.overdue !== undefined) qb.andWhere('c.decisionOverdue = :overdue', { overdue: q.overdue === 'true' });
    if (keyset) {
      const items = await qb
        .andWhere('c.id > :afterId', { afterId: keyset.afterId })
        .orderBy('c.id', 'ASC')
        .limit(keyset.limit)
        .getMany();
      return { items, total: -1, page: 0, pageSize: keyset.limit, totals: { count: -1, amountFen: -1 } };
    }
    const totals = await qb
      .clone()
      .select('count(*)::int', 'count')
      .addSelect('coalesce(sum(c.amountFen), 0)::bigint', 'amountFen')
      .getRawOne();
    qb.orderBy(`c.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    // The totals already count every matching row (kept exact: the fen sum is the point).
    const rows = await qb.getMany();
    const total = totals.count;
    const people = await this.users.people(rows.map((c) => c.preparedBy));
    const kept = await this.calendar.tracked(
      'claim',
      rows.map((c) => c.id),
    );
    return {
      items: rows.map((c) => ({
        ...c,
        preparedByName: people.name(c.preparedBy),
        decisionDueProvisional: provisional(c, kept.get(c.id)),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
      totals: { count: totals.count, amountFen: Number(totals.amountFen) },
    };
  }

  /**
   * A claim with its evidence (course, attendance, assessment, placement, contract), the account it
   * is paid into, history, payout and documents.
   */
  async get(id: number, actor: Actor) {
    const claim = await this.db.getRepository(SubsidyClaim).findOneBy({ id });
    if (!claim) throw ClaimErrors.NOT_FOUND();
    // Asked first so Temporal answers while the records are read; it never rejects (no state is null).
    const processState = this.processes.state(claimApproval(id));
    // None of the claim's records depends on another: read a few at a time, not one after another.
    const [
      history,
      payout,
      placement,
      contract,
      worker,
      course,
      enrollment,
      recorded,
      referral,
      broker,
      [kept],
      tracked,
      payments,
      documents,
    ] = await fewAtATime(
      () => this.db.getRepository(ClaimEvent).find({ where: { claimId: id }, order: { seq: 'ASC' } }),
      () => this.db.getRepository(Payout).findOneBy({ claimId: id }),
      // One statement (findOne with a relation sends two).
      () =>
        this.db
          .getRepository(Placement)
          .createQueryBuilder('p')
          .leftJoinAndSelect('p.employer', 'employer')
          .where('p.id = :id', { id: claim.placementId })
          .getOne(),
      () => this.db.getRepository(Contract).findOneBy({ placementId: claim.placementId }),
      () => this.db.getRepository(Worker).findOneBy({ id: claim.workerId }),
      () => (claim.courseId ? this.db.getRepository(Course).findOneBy({ id: claim.courseId }) : null),
      () => (claim.enrollmentId ? this.db.getRepository(Enrollment).findOneBy({ id: claim.enrollmentId }) : null),
      // Who recorded the attendance and the assessment, and when: the audit trail is where that is kept.
      () =>
        claim.enrollmentId
          ? (this.db.query(
              `SELECT DISTINCT ON (action) action, "actorId", at FROM audit_log
              WHERE entity = 'enrollment' AND "entityId" = $1 AND action IN ('attendance', 'assessment')
              ORDER BY action, id DESC`,
              [String(claim.enrollmentId)],
            ) as Promise<{ action: string; actorId: number | null; at: Date }[]>)
          : [],
      () =>
        claim.kind === 'referral'
          ? (this.db.query(`SELECT stage, reasons, "assessedAt" FROM referrals WHERE "placementId" = $1`, [
              claim.placementId,
            ]) as Promise<{ stage: string; reasons: string[]; assessedAt: Date | null }[]>)
          : [],
      () => (claim.brokerId ? this.db.getRepository(Broker).findOneBy({ id: claim.brokerId }) : null),
      () =>
        this.db.query(`SELECT "payeeBank", "payeeAccount" FROM claims WHERE id = $1`, [id]) as Promise<
          { payeeBank: string | null; payeeAccount: string | null }[]
        >,
      () => this.calendar.tracked('claim', [id]),
      () =>
        this.db.query(
          `SELECT l.id, l."batchId", b.number AS "batchNumber", l.reference, l."amountFen", l.status,
                l."paidOn"::text AS "paidOn", l."failedOn"::text AS "failedOn", l."failReason", l.reversed
           FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId" WHERE l."claimId" = $1 ORDER BY l.id`,
          [id],
        ),
      () => this.documents.listFor('claim', id),
    );
    const w = worker ? maskPerson(worker) : null;
    const people = await this.users.people(
      [claim.preparedBy, contract?.recordedBy, ...history.map((h) => h.by), ...claim.approvals.map((a) => a.by)],
      recorded.map((r) => r.actorId),
    );
    const recordedBy = (action: string) => {
      const r = recorded.find((x) => x.action === action);
      return r ? { byName: people.actor(r.actorId), at: r.at } : null;
    };
    const approvedAccount =
      kept?.payeeBank && kept.payeeAccount ? { bankName: kept.payeeBank, bankAccount: kept.payeeAccount } : null;
    const fullAccount = actor.role === 'finance';
    return {
      ...claim,
      payeeKind: PAYEE_KIND[claim.payeeType] ?? null,
      account: approvedAccount
        ? accountView(approvedAccount, true, fullAccount)
        : accountView(await registeredAccount(this.db.manager, claim), false, fullAccount),
      preparedByName: people.name(claim.preparedBy),
      decisionDueProvisional: provisional(claim, tracked.get(id)),
      approvals: claim.approvals.map((a) => ({ ...a, byName: people.name(a.by) })),
      worker: w
        ? { id: w.id, name: w.name, citizenId: w.citizenId, township: w.township, categories: w.categories }
        : null,
      evidence: {
        course: course
          ? {
              id: course.id,
              name: course.name,
              specialty: course.specialty,
              mode: course.mode,
              startDate: course.startDate,
              endDate: course.endDate,
              hours: course.hours,
            }
          : null,
        enrollment: enrollment
          ? {
              ...enrollment,
              attendanceRecorded: recordedBy('attendance'),
              assessmentRecorded: recordedBy('assessment'),
            }
          : null,
        referral: referral[0]
          ? {
              stage: referral[0].stage,
              reasons: referral[0].reasons,
              assessedAt: referral[0].assessedAt,
              checks: REFERRAL_CHECKS,
            }
          : null,
        broker: broker
          ? { id: broker.id, name: broker.name, certificateNo: broker.certificateNo, status: broker.status }
          : null,
        placement: placement
          ? {
              id: placement.id,
              employer: placement.employer?.name,
              startDate: placement.startDate,
              job: placement.job,
              status: placement.status,
            }
          : null,
        contract: contract
          ? {
              placementId: contract.placementId,
              signedOn: contract.signedOn,
              termMonths: contract.termMonths,
              openEnded: contract.openEnded,
              endsOn: contract.openEnded || contract.termMonths == null ? null : contractEnd(contract),
              fileName: contract.fileName,
              fileUrl: `/placements/${contract.placementId}/contract/file`,
              recordedByName: people.name(contract.recordedBy),
              recordedAt: contract.recordedAt,
            }
          : null,
      },
      history: history.map((h) => ({ ...h, byName: people.name(h.by) })),
      payout,
      payments,
      process: await processState,
      documents,
    };
  }

  /** Refused before it reaches the workflow when the payee has no account to pay into. */
  async approve(id: number, actor: Actor) {
    const claim = await this.db.getRepository(SubsidyClaim).findOneBy({ id });
    if (!claim) throw ClaimErrors.NOT_FOUND();
    if (claim.status === 'awaiting_approval' && !(await registeredAccount(this.db.manager, claim)))
      throw ClaimErrors.PAYEE_ACCOUNT_MISSING({ payeeKind: PAYEE_KIND[claim.payeeType] ?? '领取人' });
    return this.decide(id, approveClaimUpdate, { by: actor.username });
  }

  reject(id: number, reason: string, actor: Actor) {
    return this.decide(id, rejectClaimUpdate, { by: actor.username, reason });
  }

  returnForRevision(id: number, reason: string, actor: Actor) {
    return this.decide(id, returnClaimUpdate, { by: actor.username, reason });
  }

  resubmit(id: number, note: string, actor: Actor) {
    return this.decide(id, resubmitClaimUpdate, { by: actor.username, note });
  }

  /**
   * Many claims approved in one request, each still checked on its own by its workflow. An
   * approval above the limit that still waits for a second finance user is its own outcome, not
   * "approved"; each result names its claim by number, payee and amount.
   */
  async batchApprove(ids: number[], actor: Actor): Promise<BatchApproveResult> {
    const unique = [...new Set(ids)];
    const claims = new Map(
      (unique.length ? await this.db.getRepository(SubsidyClaim).findBy({ id: In(unique) }) : []).map((c) => [c.id, c]),
    );
    const results: BatchApproveLine[] = [];
    for (const claimId of unique) {
      const c = claims.get(claimId);
      const line = {
        claimId,
        number: c?.number ?? null,
        payeeName: c?.payeeName ?? null,
        amountFen: c?.amountFen ?? null,
      };
      try {
        const s = await this.approve(claimId, actor);
        const outcome: BatchOutcome = s.status === 'awaiting_approval' ? 'first_approval_recorded' : 'approved';
        results.push({ ...line, outcome, ok: true, status: s.status });
      } catch (err) {
        if (!(err instanceof DomainError)) this.log.error(`batch approval of claim ${claimId}: ${String(err)}`);
        const e = err instanceof DomainError ? err : HttpErrors.INTERNAL();
        results.push({ ...line, outcome: 'refused', ok: false, code: e.code, error: e.message });
      }
    }
    const count = (o: BatchOutcome) => results.filter((r) => r.outcome === o).length;
    return {
      results,
      approved: count('approved'),
      firstApprovalRecorded: count('first_approval_recorded'),
      refused: count('refused'),
    };
  }

  /** The claims a batch confirmation lists, in the order chosen; ids that match no claim are left to the batch to refuse. */
  async briefs(ids: number[]): Promise<Pick<SubsidyClaim, 'id' | 'number' | 'payeeName' | 'amountFen' | 'status'>[]> {
    if (!ids.length) return [];
    const rows = await this.db.getRepository(SubsidyClaim).findBy({ id: In(ids) });
    const by = new Map(rows.map((c) => [c.id, c]));
    return ids.flatMap((id) => {
      const c = by.get(id);
      return c
        ? [{ id: c.id, number: c.number, payeeName: c.payeeName, amountFen: c.amountFen, status: c.status }]
        : [];
    });
  }

  /** Sends a decision to the claim's workflow; its validator's refusal becomes a 409 with the reason. */
  private async decide<A>(id: number, def: UpdateDefinition<ClaimApprovalState, [A]>, arg: A) {
    const claim = await this.db.getRepository(SubsidyClaim).findOneBy({ id });
    if (!claim) throw ClaimErrors.NOT_FOUND();
    // A referral claim found to repeat an earlier one is refused as REFERRAL.REPEAT, naming the earlier claim.
    return this.processes.update(claimApproval(id), def, arg, {
      refused: () => ClaimErrors.PROCESS_REFUSED(),
      finished: () => refused(ClaimRefusals.DECIDED()),
    });
  }

  /** 发放记录 filtered by paid-on date (Shanghai calendar dates), kind and township; totals over the whole filtered set. */
  async payouts(
    q: Pick<PayoutListQuery, 'from' | 'to' | 'kind' | 'township'> & { page: number; pageSize: number },
    actor: Actor,
    keyset?: Keyset,
  ): Promise<
    Page<
      Payout & {
        claimNumber: string;
        kind: string;
        payeeName: string;
        township: string;
        bankName: string | null;
        bankAccount: string | null;
      }
    > & {
      totals: { count: number; amountFen: number };
    }
  > {
    const qb = this.db
      .getRepository(Payout)
      .createQueryBuilder('p')
      .innerJoin(SubsidyClaim, 'c', 'c.id = p.claimId')
      .select([
        'p.id AS id',
        'p.claimId AS "claimId"',
        'p.amountFen AS "amountFen"',
        'p.paidOn AS "paidOn"',
        'p.reference AS reference',
        'p.recordedAt AS "recordedAt"',
        'c.number AS "claimNumber"',
        'c.kind AS kind',
        'c.payeeName AS "payeeName"',
        'c.township AS township',
        'c.payeeBank AS "bankName"',
        'c.payeeAccount AS "bankAccount"',
      ]);
    // The bank's batch file needs the whole number; only finance, who makes it, gets it.
    const shown = <T extends { bankAccount: string | null }>(rows: T[]) =>
      actor.role === 'finance'
        ? rows
        : rows.map((r) => ({ ...r, bankAccount: r.bankAccount && maskBankAccount(r.bankAccount) }));
    if (q.from) qb.andWhere('p.paidOn >= :from', { from: q.from });
    if (q.to) qb.andWhere('p.paidOn <= :to', { to: q.to });
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.township) qb.andWhere('c.township = :township', { township: q.township });
    if (keyset) {
      const items = await qb
        .andWhere('p.id > :afterId', { afterId: keyset.afterId })
        .orderBy('p.id', 'ASC')
        .limit(keyset.limit)
        .getRawMany();
      return { items: shown(items), total: -1, page: 0, pageSize: keyset.limit, totals: { count: -1, amountFen: -1 } };
    }
    const totals = await qb
      .clone()
      .select('count(*)::int', 'count')
      .addSelect('coalesce(sum(p.amountFen), 0)::bigint', 'amountFen')
      .getRawOne();
    const items = await qb
      .orderBy('p.id', 'DESC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawMany();
    return {
      items: shown(items),
      total: totals.count,
      page: q.page,
      pageSize: q.pageSize,
      totals: { count: totals.count, amountFen: Number(totals.amountFen) },
    };
  }

  /** Counts and fen totals by kind, status, course and township, and the training figures a monthly report needs. */
  async summary(q: ClaimSummaryQuery) {
    const range = [q.from, q.to];
    // A township's name repeats across counties: a city-wide summary keeps each county's apart.
    const by = (col: string, perCounty = false) =>
      this.db
        .query(
          `SELECT ${col} AS key, ${perCounty ? '"countyId", ' : ''}status, count(*)::int AS count, coalesce(sum("amountFen"), 0)::bigint AS "amountFen"
         FROM claims WHERE "preparedAt" >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND "preparedAt" < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        GROUP BY ${col}, ${perCounty ? '"countyId", ' : ''}status ORDER BY 1, 2`,
          range,
        )
        .then((rows: { key: string | number | null; status: string; count: number; amountFen: string }[]) =>
          rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) })),
        );
    const [byKind, byCourse, byTownship] = await Promise.all([by('kind'), by('"courseId"'), by('township', true)]);
    const [training] = await this.db.query(
      `SELECT count(*)::int AS trained,
              count(*) FILTER (WHERE e.completion = 'completed')::int AS completed,
              count(*) FILTER (WHERE e."subsidyStatus" = 'claimed')::int AS "placedWithinWindow",
              count(*) FILTER (WHERE e."subsidyStatus" = 'lapsed')::int AS lapsed
         FROM enrollments e JOIN courses c ON c.id = e."courseId"
        WHERE c."endDate" BETWEEN $1 AND $2`,
      range,
    );
    const paid = await this.db.query(
      `SELECT c.kind, count(*)::int AS count, coalesce(sum(p."amountFen"), 0)::bigint AS "amountFen"
         FROM payouts p JOIN claims c ON c.id = p."claimId" WHERE p."paidOn" BETWEEN $1 AND $2 AND p."reversedOn" IS NULL GROUP BY c.kind ORDER BY 1`,
      range,
    );
    // Payment through the bank: where the period's claims stand now, with fen totals; re-sent = sent again after a failure.
    const [payment] = await this.db.query(
      `WITH c AS (SELECT * FROM claims WHERE "preparedAt" >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND "preparedAt" < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
       SELECT ${['approved', 'in_batch', 'held', 'paid', 'payment_failed']
         .map(
           (st) =>
             `count(*) FILTER (WHERE c.status = '${st}')::int AS "${st}Count", coalesce(sum(c."amountFen") FILTER (WHERE c.status = '${st}'), 0)::bigint AS "${st}Fen"`,
         )
         .join(', ')},
              count(*) FILTER (WHERE (SELECT count(*) FROM payout_lines l WHERE l."claimId" = c.id AND l.status <> 'dropped') > 1)::int AS "resentCount",
              coalesce(sum(c."amountFen") FILTER (WHERE (SELECT count(*) FROM payout_lines l WHERE l."claimId" = c.id AND l.status <> 'dropped') > 1), 0)::bigint AS "resentFen",
              count(*) FILTER (WHERE c.status = 'in_batch' AND EXISTS (SELECT 1 FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId"
                                 WHERE l."claimId" = c.id AND l.status = 'pending' AND b."noticeUntil" >= $3::date))::int AS "inNoticeCount",
              coalesce(sum(c."amountFen") FILTER (WHERE c.status = 'in_batch' AND EXISTS (SELECT 1 FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId"
                                 WHERE l."claimId" = c.id AND l.status = 'pending' AND b."noticeUntil" >= $3::date)), 0)::bigint AS "inNoticeFen"
         FROM c`,
      [...range, shanghaiToday()],
    );
    const figure = (k: string) => ({ count: payment[`${k}Count`] as number, amountFen: Number(payment[`${k}Fen`]) });
    const funding: { id: number; year: number; name: string; budgetFen: string; usedFen: string }[] =
      await this.db.query(
        `SELECT f.id, f.year, f.name, f."budgetFen",
              coalesce((SELECT sum(l."amountFen") FROM payout_lines l JOIN payout_batches b ON b.id = l."batchId"
                         WHERE b."fundingLineId" = f.id AND l.status IN ('pending', 'sent', 'paid')), 0)::bigint AS "usedFen"
         FROM funding_lines f WHERE f.year BETWEEN $1 AND $2 ORDER BY f.year, f.id`,
        [Number(q.from.slice(0, 4)), Number(q.to.slice(0, 4))],
      );
    return {
      from: q.from,
      to: q.to,
      payment: {
        approved: figure('approved'),
        inNotice: figure('inNotice'),
        held: figure('held'),
        inBatch: figure('in_batch'),
        paid: figure('paid'),
        failed: figure('payment_failed'),
        resent: figure('resent'),
      },
      funding: funding.map((f) => ({
        ...f,
        budgetFen: Number(f.budgetFen),
        usedFen: Number(f.usedFen),
        remainingFen: Number(f.budgetFen) - Number(f.usedFen),
      })),
      byKind,
      byCourse,
      byTownship,
      paid: paid.map((r: { kind: string; count: number; amountFen: string }) => ({
        ...r,
        amountFen: Number(r.amountFen),
      })),
      training: {
        ...training,
        // Post-training placement rate (seed 001 reports 90%): placed within the window / completed.
        postTrainingPlacementRate: training.completed
          ? Math.round((training.placedWithinWindow / training.completed) * 1000) / 10
          : null,
      },
    };
  }
}

/** The decision deadline was counted Monday–Friday through a year whose holidays are not loaded (until recomputed). */
function provisional(c: SubsidyClaim, kept: { provisionalYears: number[] } | undefined): { years: number[] } | null {
  const open = c.status === 'awaiting_approval' || c.status === 'returned';
  return open && kept?.provisionalYears.length ? { years: kept.provisionalYears } : null;
}

/** What the referral assessment checks before a placement qualifies; a failed check is recorded as its reason. */
const REFERRAL_CHECKS = [
  '被介绍人员在就业时属于下岗失业人员',
  '劳动合同期限达到规定月数（或无固定期限）',
  '就业之日介绍人未处于暂停状态',
  '介绍人介绍的不是本人',
  '同一人员在规定期限内未重复申领',
];

/** The last day of a fixed-term contract: signed on D for N months runs to the day before D + N months. */
function contractEnd(c: { signedOn: string; termMonths: number | null }): string {
  const [y, m, d] = c.signedOn.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + (c.termMonths ?? 0), d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}
