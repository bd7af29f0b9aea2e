import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { shanghaiToday } from '../common/dates.js';
import { Activities } from '../temporal/activities.decorator.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { DepartureBatch } from './departure-batch.entity.js';

/**
 * The batch process's side effects: reminders as tasks, closed when their reason goes. Idempotent
 * by the batch's status and the tasks' keys, so a retried activity changes nothing twice; the
 * departure and arrival themselves are recorded by the API.
 */
@Injectable()
@Activities()
export class DepartureActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
  ) {}

  async #batch(m: EntityManager, batchId: number): Promise<DepartureBatch & { members: number }> {
    const b = await m.findOneBy(DepartureBatch, { id: batchId });
    if (!b)
      throw await missingRecord(this.tasks, this.db, {
        type: 'BATCH_NOT_FOUND',
        message: `departure batch ${batchId} not found (yet)`,
        subject: { type: 'departure_batch', id: batchId },
      });
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM departure_batch_members WHERE "batchId" = $1 AND status = 'listed'`,
      [batchId],
    );
    return Object.assign(b, { members: n as number });
  }

  /** Whom a batch's reminders go to: the caseworker leading it, else the one who made it. */
  #assignee(b: DepartureBatch): number | null {
    return b.leaderUserId ?? b.createdById;
  }

  /** Some days before: check the roster and tell the members where and when to meet. */
  async remindDeparture(input: { batchId: number; departureDate: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const b = await this.#batch(m, input.batchId);
      if (b.status !== 'planned') return;
      const raised = await this.tasks.create(
        {
          kind: 'batch_departure_due',
          title: `输出批次即将出发：${b.name}，${input.departureDate} 赴${b.destination}（在册 ${b.members} 人）`,
          body: `请核对名册和紧急联系人，通知每名成员集合时间、地点（${b.meetingPoint}）；有退出的登记退出原因。`,
          role: 'caseworker',
          subject: { type: 'departure_batch', id: b.id },
          dueDate: input.departureDate,
          key: `departure-batch-${b.id}-departure-due`,
          assigneeId: this.#assignee(b),
        },
        m,
      );
      if (raised)
        await this.audit.record(
          {
            entity: 'departure_batch',
            entityId: b.id,
            action: 'departure_reminded',
            after: { departureDate: input.departureDate },
          },
          m,
        );
    });
  }

  /** The day is over without a recorded departure: record it (or cancel the batch). */
  async askForDeparture(input: { batchId: number; departureDate: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const b = await this.#batch(m, input.batchId);
      if (b.status !== 'planned') return;
      await this.tasks.create(
        {
          kind: 'batch_departure_unrecorded',
          title: `输出批次出发未登记：${b.name}，计划 ${input.departureDate} 出发`,
          body: '请带队人登记实际出发人员；如延期或取消，请在批次页面办理。',
          role: 'caseworker',
          subject: { type: 'departure_batch', id: b.id },
          dueDate: shanghaiToday(),
          key: `departure-batch-${b.id}-departure-unrecorded`,
          assigneeId: this.#assignee(b),
        },
        m,
      );
    });
  }

  /** The group left: the reminders before it are over. */
  async departed(input: { batchId: number; departedOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.tasks.close(
        {
          subject: { type: 'departure_batch', id: input.batchId },
          kinds: ['batch_departure_due', 'batch_departure_unrecorded'],
        },
        `已于${input.departedOn}出发`,
        m,
      );
    });
  }

  /** Not confirmed as arrived within the policy's days after departure. */
  async arrivalOverdue(input: { batchId: number; departedOn: string; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const b = await this.#batch(m, input.batchId);
      if (b.status !== 'departed') return;
      const raised = await this.tasks.create(
        {
          kind: 'batch_arrival_overdue',
          title: `输出批次到达未确认：${b.name}，${input.departedOn} 出发，应于 ${input.dueOn} 前确认到达`,
          body: '请联系带队人核实人员是否全部安全到达，并由带队人确认到达人员和日期。',
          role: 'caseworker',
          subject: { type: 'departure_batch', id: b.id },
          dueDate: shanghaiToday(),
          key: `departure-batch-${b.id}-arrival-overdue`,
          assigneeId: b.createdById,
        },
        m,
      );
      if (raised)
        await this.audit.record(
          { entity: 'departure_batch', entityId: b.id, action: 'arrival_overdue', after: { dueOn: input.dueOn } },
          m,
        );
    });
  }

  /** Arrived or cancelled: nothing is left to remind of. */
  async settled(input: { batchId: number; outcome: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.tasks.close(
        { subject: { type: 'departure_batch', id: input.batchId } },
        input.outcome === 'cancelled' ? '批次已取消' : '批次已确认到达',
        m,
      );
    });
  }
}
