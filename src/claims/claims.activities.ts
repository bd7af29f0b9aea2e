import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, WORKFLOW_ACTOR } from '../common/request-context.js';
import { UserDirectory } from '../auth/user-directory.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { shanghaiDateOf, shanghaiToday } from '../common/dates.js';
import { returnedRows } from '../common/sql.js';
import { DocumentsService } from '../documents/documents.service.js';
import { Contract, Placement } from '../placements/placement.entity.js';
import { Broker } from '../registry/broker.entity.js';
import { maskCitizenId } from '../identity/index.js';
import { Course } from '../registry/training.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import type { ClaimStatus, RepeatRefusal } from '../../workflows/definitions.js';
import { Payout, SubsidyClaim } from './claim.entity.js';
import { registeredAccount } from './payee.js';
import { earlierReferralClaim, lockWorkerForReferral, repeatReason, repeatWindowOf } from './referral-repeat.js';

/** Why a claim no longer waits for finance, by the status it left for. */
const LEFT_FINANCE: Partial<Record<ClaimStatus, string>> = {
  approved: '财务已批准',
  rejected: '财务已驳回',
  returned: '财务已退回补正',
};

/**
 * The approval workflow's side effects. Idempotent: a decision line is keyed by its position
 * in the workflow's history, the payout by the claim (unique), the notice by its business key.
 */
@Injectable()
@Activities()
export class ClaimActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly users: UserDirectory,
    private readonly calendar: CalendarService,
    private readonly tasks: TasksService,
  ) {}

  async #claim(id: number): Promise<SubsidyClaim> {
    const c = await this.db.getRepository(SubsidyClaim).findOneBy({ id });
    if (!c)
      throw await missingRecord(this.tasks, this.db, {
        type: 'CLAIM_NOT_FOUND',
        message: `claim ${id} not found (yet)`,
        subject: { type: 'claim', id },
      });
    return c;
  }

  /**
   * Records a decision. An approval of a referral claim is judged again under the worker's lock:
   * a claim that became a repeat while it waited is rejected instead, and the answer says why.
   */
  async recordClaimDecision(input: {
    claimId: number;
    seq: number;
    action: 'approve' | 'reject' | 'return' | 'resubmit';
    by: string;
    reason: string | null;
    status: ClaimStatus;
    approvals: { by: string; at: string }[];
    /** A resubmission that leaves the maker as it is (absent from workflows started before that rule: the reviser became the maker). */
    keepsMaker?: boolean;
  }): Promise<{ repeatOf: RepeatRefusal } | void> {
    return this.db.transaction(async (m) => {
      const before = await m.findOneBy(SubsidyClaim, { id: input.claimId });
      if (!before)
        throw await missingRecord(this.tasks, this.db, {
          type: 'CLAIM_NOT_FOUND',
          message: `claim ${input.claimId} not found (yet)`,
          subject: { type: 'claim', id: input.claimId },
        });
      if (input.action === 'approve' && before.kind === 'referral') {
        const [done] = await m.query(`SELECT action, reason FROM claim_events WHERE "claimId" = $1 AND seq = $2`, [
          input.claimId,
          input.seq,
        ]);
        // A retry after the first attempt committed answers as that attempt did.
        if (done?.action === 'reject') return { repeatOf: { reason: done.reason } };
        const refusal = done ? null : await this.#repeatOf(m, before);
        if (refusal) {
          await this.#rejectAsRepeat(m, before, input.seq, refusal.reason);
          return { repeatOf: refusal };
        }
      }
      const inserted = await m.query(
        `INSERT INTO claim_events ("claimId", seq, action, by, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("claimId", seq) DO NOTHING RETURNING id`,
        [input.claimId, input.seq, input.action, input.by, input.reason],
      );
      if (!inserted.length) return;
      const decided = input.status === 'approved' || input.status === 'rejected';
      // Decided: no deadline left to recompute.
      if (decided) await this.calendar.untrack('claim', input.claimId, undefined, m);
      await m.query(
        `UPDATE claims SET status = $2, approvals = $3::jsonb, "lastReason" = COALESCE($4, "lastReason"),
                "decidedAt" = CASE WHEN $5 THEN now() ELSE "decidedAt" END,
                "preparedBy" = CASE WHEN $6 = 'resubmit' AND NOT $8 THEN $7 ELSE "preparedBy" END,
                version = version + 1, "updatedAt" = now()
          WHERE id = $1`,
        [
          input.claimId,
          input.status,
          JSON.stringify(input.approvals),
          input.reason,
          decided,
          input.action,
          input.by,
          input.keepsMaker === true,
        ],
      );
      // Each approval takes the account as the payee's record holds it then: the payout goes where
      // finance last looked. A claim approved before accounts were kept keeps none.
      const account = input.action === 'approve' ? await registeredAccount(m, before) : null;
      if (account)
        await m.query(`UPDATE claims SET "payeeBank" = $2, "payeeAccount" = $3 WHERE id = $1`, [
          input.claimId,
          account.bankName,
          account.bankAccount,
        ]);
      await this.audit.record(
        {
          entity: 'claim',
          entityId: input.claimId,
          action: input.action,
          before: { status: before.status },
          after: {
            status: input.status,
            reason: input.reason,
            approvals: input.approvals,
            ...(account ? { payeeBank: account.bankName, payeeAccount: account.bankAccount } : {}),
          },
          actor: { userId: null, username: input.by, role: input.action === 'resubmit' ? 'caseworker' : 'finance' },
        },
        m,
      );
      // Decided or sent back: nothing is waiting for finance any more.
      const leftFinance = LEFT_FINANCE[input.status];
      if (leftFinance)
        await this.#closeOverdue(m, input.claimId, leftFinance, { userId: null, username: input.by, role: 'finance' });
    });
  }

  #closeOverdue(m: EntityManager, claimId: number, reason: string, by: Actor = WORKFLOW_ACTOR): Promise<number> {
    return this.tasks.close({ subject: { type: 'claim', id: claimId }, kinds: ['claim_overdue'] }, reason, m, by);
  }

  /** The calendar recomputed the decision deadline (its year's holidays were loaded). */
  async recordDecisionDueMoved(input: { claimId: number; decisionDueAt: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#claim(input.claimId);
      if (c.decisionDueAt.toISOString() === input.decisionDueAt) return;
      await m.query(`UPDATE claims SET "decisionDueAt" = $2, "updatedAt" = now() WHERE id = $1`, [
        c.id,
        input.decisionDueAt,
      ]);
      await this.audit.record(
        {
          entity: 'claim',
          entityId: c.id,
          action: 'decision_due_moved',
          before: { decisionDueAt: c.decisionDueAt },
          after: { decisionDueAt: input.decisionDueAt, reason: 'calendar_year_loaded' },
        },
        m,
      );
    });
  }

  async flagClaimOverdue(input: { claimId: number; dueAt: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#claim(input.claimId);
      const worker = await m.findOneBy(Worker, { id: c.workerId });
      const raised = await this.tasks.create(
        {
          kind: 'claim_overdue',
          title: `补贴申请 ${c.number} 超过审批时限（${shanghaiDateOf(Date.parse(input.dueAt) - 1)}，该日结束）未决定，请财务负责人督办`,
          role: 'finance',
          subject: { type: 'claim', id: c.id },
          dueDate: shanghaiToday(),
          key: `claim-${c.id}-overdue`,
          township: worker?.township ?? null,
        },
        m,
      );
      if (!raised) return;
      await m.query(`UPDATE claims SET "decisionOverdue" = true, "updatedAt" = now() WHERE id = $1`, [c.id]);
      await this.audit.record(
        { entity: 'claim', entityId: c.id, action: 'decision_overdue', after: { dueAt: input.dueAt } },
        m,
      );
    });
  }

  /**
   * Exactly one payout per claim: the unique claimId makes a retry after a crash find the first one.
   * A referral claim is judged again under the worker's lock before it is paid; a repeat is
   * rejected instead of paid (`seq`: that rejection's place in the claim's history; a task
   * scheduled by a process that predates the check carries none and is paid as before).
   */
  async recordPayout(input: {
    claimId: number;
    seq?: number;
  }): Promise<{ payoutId: number; paidOn: string; reference: string } | { repeatOf: RepeatRefusal }> {
    return this.db.transaction(async (m) => {
      const c = await this.#claim(input.claimId);
      if (c.kind === 'referral' && input.seq !== undefined) {
        if (c.status === 'rejected') return { repeatOf: { reason: c.lastReason ?? '' } };
        if (c.status === 'approved') {
          const refusal = await this.#repeatOf(m, c);
          if (refusal) {
            await this.#rejectAsRepeat(m, c, input.seq, refusal.reason);
            return { repeatOf: refusal };
          }
        }
      }
      if (c.status !== 'approved' && c.status !== 'paid')
        throw ApplicationFailure.nonRetryable(`claim ${c.id} is ${c.status}, not approved`, 'CLAIM_NOT_APPROVED');
      const paidOn = shanghaiToday();
      const created = await m.query(
        `INSERT INTO payouts ("claimId", "amountFen", "paidOn", reference) VALUES ($1, $2, $3, $4) ON CONFLICT ("claimId") DO NOTHING RETURNING id`,
        [c.id, c.amountFen, paidOn, `ZF${paidOn.slice(0, 4)}-${String(c.id).padStart(6, '0')}`],
      );
      const payout = await m.findOneByOrFail(Payout, { claimId: c.id });
      if (created.length) {
        returnedRows(
          await m.query(
            `UPDATE claims SET status = 'paid', version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'approved' RETURNING id`,
            [c.id],
          ),
        );
        await this.audit.record(
          {
            entity: 'claim',
            entityId: c.id,
            action: 'paid',
            before: { status: 'approved' },
            after: { status: 'paid', payoutId: payout.id, amountFen: payout.amountFen, reference: payout.reference },
          },
          m,
        );
      }
      return { payoutId: payout.id, paidOn: payout.paidOn, reference: payout.reference };
    });
  }

  /** An earlier referral claim of the worker in the window makes this one a repeat (worker locked first). */
  async #repeatOf(m: EntityManager, c: SubsidyClaim): Promise<RepeatRefusal | null> {
    await lockWorkerForReferral(m, c.workerId);
    const p = await m.findOneByOrFail(Placement, { id: c.placementId });
    const windowMonths = repeatWindowOf(p);
    const earlier = await earlierReferralClaim(m, {
      workerId: c.workerId,
      placementId: p.id,
      startDate: p.startDate,
      windowMonths,
      preparedBefore: c.id,
    });
    if (!earlier) return null;
    return {
      reason: repeatReason(earlier, p.startDate, windowMonths),
      earlierClaim: { id: earlier.id, number: earlier.number, startDate: earlier.startDate },
    };
  }

  /** The repeat is rejected by the system, with the reason, as one line of the claim's history. */
  async #rejectAsRepeat(m: EntityManager, c: SubsidyClaim, seq: number, reason: string): Promise<void> {
    await m.query(
      `INSERT INTO claim_events ("claimId", seq, action, by, reason) VALUES ($1, $2, 'reject', $3, $4) ON CONFLICT ("claimId", seq) DO NOTHING`,
      [c.id, seq, WORKFLOW_ACTOR.username, reason],
    );
    await m.query(
      `UPDATE claims SET status = 'rejected', "lastReason" = $2, "decidedAt" = now(), version = version + 1, "updatedAt" = now() WHERE id = $1`,
      [c.id, reason],
    );
    await this.audit.record(
      {
        entity: 'claim',
        entityId: c.id,
        action: 'reject',
        before: { status: c.status },
        after: { status: 'rejected', reason },
        actor: WORKFLOW_ACTOR,
      },
      m,
    );
    await this.#closeOverdue(m, c.id, '系统已驳回（重复申领职业介绍补贴）');
  }

  /** 培训补贴审核通知书 or 职业介绍补贴发放通知 for a paid claim. */
  async issueClaimNotice(input: { claimId: number }): Promise<{ documentId: number }> {
    return this.db.transaction(async (m) => {
      const c = await this.#claim(input.claimId);
      const payout = await m.findOneByOrFail(Payout, { claimId: c.id });
      const worker = await m.findOneByOrFail(Worker, { id: c.workerId });
      const placement = await m.findOneOrFail(Placement, {
        where: { id: c.placementId },
        relations: { employer: true },
      });
      const base = {
        worker: { name: worker.name, idMasked: maskCitizenId(worker.citizenId) },
        placement: { employerName: placement.employer!.name, startDate: placement.startDate },
        claim: { number: c.number, amountFen: c.amountFen },
        payout: { paidOn: payout.paidOn, reference: payout.reference },
      };
      // A claim paid again after a reversal gets a notice of its new payment (a document never
      // changes); one paid at approval or on its first bank line keeps the key it always had.
      const [{ lines }]: { lines: number }[] = await m.query(
        `SELECT count(*)::int AS lines FROM payout_lines WHERE "claimId" = $1 AND status <> 'dropped'`,
        [c.id],
      );
      const businessKey =
        payout.lineId && lines > 1 ? `claim-${c.id}-notice-${payout.reference}` : `claim-${c.id}-notice`;
      let doc;
      if (c.kind === 'training') {
        const approvers = await this.users.people(
          c.approvals.map((a) => a.by),
          [],
          m,
        );
        const course = await m.findOneByOrFail(Course, { id: c.courseId! });
        doc = await this.documents.render(
          {
            type: 'training_subsidy_notice',
            businessKey,
            subjectType: 'claim',
            subjectId: c.id,
            data: {
              ...base,
              payee: { name: c.payeeName, kind: c.payeeType === 'provider' ? '培训机构' : '学员本人' },
              course: {
                name: course.name,
                specialty: course.specialty,
                startDate: course.startDate,
                endDate: course.endDate,
              },
              approvals: c.approvals.map((a) => ({ name: approvers.name(a.by)!, at: shanghaiDateOf(a.at) })),
            },
          },
          m,
        );
      } else {
        const broker = await m.findOneByOrFail(Broker, { id: c.brokerId! });
        const contract = await m.findOneByOrFail(Contract, { placementId: c.placementId });
        doc = await this.documents.render(
          {
            type: 'referral_subsidy_notice',
            businessKey,
            subjectType: 'claim',
            subjectId: c.id,
            data: {
              ...base,
              broker: { name: broker.name, certificateNo: broker.certificateNo },
              contract: {
                signedOn: contract.signedOn,
                termLabel: contract.openEnded ? '无固定期限' : `${contract.termMonths}个月`,
              },
            },
          },
          m,
        );
      }
      return { documentId: doc.id };
    });
  }
}
