import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { addDays, daysBetween, shanghaiToday } from '../common/dates.js';
import { returnedRows } from '../common/sql.js';
import { Activities } from '../temporal/activities.decorator.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { FollowUpPlan } from './follow-up.entity.js';

/** Days the officer has to ask a worker who left why (the task's due day). */
const RETURN_REASON_DAYS = 7;

interface PlanParties {
  plan: FollowUpPlan;
  workerName: string;
  employerName: string;
  destination: string;
}

/**
 * The follow-up plan's side effects. Idempotent by status guards and task keys, so a retried
 * activity changes nothing twice; the check-in's record itself is written by the API.
 */
@Injectable()
@Activities()
export class FollowUpActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
  ) {}

  async #parties(m: EntityManager, placementId: number): Promise<PlanParties> {
    const plan = await m.findOneBy(FollowUpPlan, { placementId });
    const [names] = (await m.query(
      `SELECT w.name AS "workerName", e.name AS "employerName", p.destination
         FROM placements p JOIN workers w ON w.id = p."workerId" JOIN employers e ON e.id = p."employerId" WHERE p.id = $1`,
      [placementId],
    )) as Omit<PlanParties, 'plan'>[];
    if (!plan || !names)
      throw await missingRecord(this.tasks, this.db, {
        type: 'FOLLOW_UP_NOT_FOUND',
        message: `follow-up plan of placement ${placementId} not found (yet)`,
        subject: { type: 'placement', id: placementId },
      });
    return { plan, ...names };
  }

  /** The next check-in of the plan, written as planned (once per seq). */
  async planCheckIn(input: { placementId: number; seq: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.#parties(m, input.placementId);
      await m.query(
        `INSERT INTO follow_up_checkins ("placementId", seq, "dueOn", status) VALUES ($1, $2, $3, 'planned')
         ON CONFLICT ("placementId", seq) DO NOTHING`,
        [input.placementId, input.seq, input.dueOn],
      );
    });
  }

  /** Its due day: a task for the follow-up officer (in the township's caseworkers' queue). */
  async openCheckIn(input: { placementId: number; seq: number; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const { plan, workerName, employerName, destination } = await this.#parties(m, input.placementId);
      const opened = returnedRows(
        await m.query(
          `UPDATE follow_up_checkins SET status = 'due' WHERE "placementId" = $1 AND seq = $2 AND status = 'planned' RETURNING id`,
          [input.placementId, input.seq],
        ),
      );
      if (!opened.length) return;
      await this.tasks.create(
        {
          kind: 'followup_checkin',
          title: `第${input.seq}次跟踪回访：${workerName} @ ${employerName}（${destination}），${input.dueOn} 到期`,
          body: '电话、实地走访或集中座谈均可；了解合同、工资、工时、食宿、安全情况并记录本人反映，发现问题当场立案。',
          role: 'caseworker',
          subject: { type: 'placement', id: input.placementId },
          dueDate: input.dueOn,
          key: `follow-up-${input.placementId}-${input.seq}-due`,
          assigneeId: plan.officerId,
          township: plan.township,
        },
        m,
      );
      await this.audit.record(
        {
          entity: 'placement',
          entityId: input.placementId,
          action: 'follow_up_due',
          after: { seq: input.seq, dueOn: input.dueOn },
        },
        m,
      );
    });
  }

  /**
   * Still not made: missed, and the section head (admin) gets a task. Null when it was recorded
   * meanwhile (nothing to escalate).
   */
  async escalateCheckIn(input: {
    placementId: number;
    seq: number;
    dueOn: string;
  }): Promise<{ escalatedOn: string | null }> {
    return this.db.transaction(async (m) => {
      const { plan, workerName, employerName } = await this.#parties(m, input.placementId);
      const today = shanghaiToday();
      const missed = returnedRows<{ escalatedOn: string }>(
        await m.query(
          `UPDATE follow_up_checkins SET status = 'missed', "escalatedOn" = coalesce("escalatedOn", $3::date)
            WHERE "placementId" = $1 AND seq = $2 AND status IN ('due', 'missed')
            RETURNING to_char("escalatedOn", 'YYYY-MM-DD') AS "escalatedOn"`,
          [input.placementId, input.seq, today],
        ),
      );
      if (!missed.length) return { escalatedOn: null };
      const raised = await this.tasks.create(
        {
          kind: 'followup_missed',
          title: `回访超期未做：${workerName} @ ${employerName}，第${input.seq}次回访应于 ${input.dueOn} 完成，已超 ${daysBetween(input.dueOn, today)} 天`,
          body: '请督促跟踪服务人员尽快回访；回访记录后本待办自动办结。',
          role: 'admin',
          subject: { type: 'placement', id: input.placementId },
          dueDate: today,
          key: `follow-up-${input.placementId}-${input.seq}-missed`,
          township: plan.township,
        },
        m,
      );
      if (raised)
        await this.audit.record(
          {
            entity: 'placement',
            entityId: input.placementId,
            action: 'follow_up_missed',
            after: { seq: input.seq, dueOn: input.dueOn, escalatedOn: missed[0].escalatedOn },
          },
          m,
        );
      return { escalatedOn: missed[0].escalatedOn };
    });
  }

  /**
   * The placement ended: the plan ends, check-ins not yet made are cancelled with their tasks, and
   * the officer is asked to learn why the worker left (返乡原因).
   */
  async endFollowUp(input: { placementId: number; endDate: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const { plan, workerName, employerName } = await this.#parties(m, input.placementId);
      const ended = returnedRows(
        await m.query(
          `UPDATE follow_up_plans SET status = 'ended', "endedOn" = $2, "updatedAt" = now()
            WHERE "placementId" = $1 AND status = 'active' RETURNING "placementId"`,
          [input.placementId, input.endDate],
        ),
      );
      if (!ended.length) return;
      await m.query(
        `UPDATE follow_up_checkins SET status = 'cancelled' WHERE "placementId" = $1 AND status IN ('planned', 'due')`,
        [input.placementId],
      );
      await this.tasks.close(
        { subject: { type: 'placement', id: input.placementId }, kinds: ['followup_checkin', 'followup_missed'] },
        `已于${input.endDate}离岗，跟踪服务结束`,
        m,
      );
      if (plan.returnReason === null)
        await this.tasks.create(
          {
            kind: 'followup_return_reason',
            title: `了解离岗原因：${workerName}（原单位 ${employerName}，${input.endDate} 离岗）`,
            body: '请联系本人了解离岗、返乡原因并登记；如仍有就业意愿，可为其办理求职登记。',
            role: 'caseworker',
            subject: { type: 'placement', id: input.placementId },
            dueDate: addDays(shanghaiToday(), RETURN_REASON_DAYS),
            key: `follow-up-${input.placementId}-return-reason`,
            assigneeId: plan.officerId,
            township: plan.township,
          },
          m,
        );
      await this.audit.record(
        {
          entity: 'placement',
          entityId: input.placementId,
          action: 'follow_up_ended',
          before: { status: 'active' },
          after: { status: 'ended', endedOn: input.endDate },
        },
        m,
      );
    });
  }
}
