import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { returnedRows } from '../common/sql.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import type { CloseJobOrder } from '../../workflows/definitions.js';
import { JobOrder, LIVE_JOB_ORDER_STATUSES } from './job-order.entity.js';

const fenToYuan = (fen: number) => (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2);

/**
 * Side effects of the job-order process. Each is idempotent: the status changes only from a live
 * status, the task is raised once per key.
 */
@Injectable()
@Activities()
export class JobActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
  ) {}

  async #order(orderId: number): Promise<JobOrder & { employerName: string }> {
    const order = await this.db
      .getRepository(JobOrder)
      .findOne({ where: { id: orderId }, relations: { employer: true } });
    if (!order)
      throw await missingRecord(this.tasks, this.db, {
        type: 'JOB_ORDER_NOT_FOUND',
        message: `job order ${orderId} not found (yet)`,
        subject: { type: 'job_order', id: orderId },
      });
    return Object.assign(order, { employerName: order.employer!.name });
  }

  /**
   * How many people the order still lacks before its start: the headcount less those placed
   * through it and those the employer accepted. Short of the policy share, the caseworker who
   * took it gets a task, due on the start day.
   */
  async checkJobOrderStaffing(a: { orderId: number; startDate: string }): Promise<{ shortBy: number }> {
    const order = await this.#order(a.orderId);
    if (!LIVE_JOB_ORDER_STATUSES.includes(order.status)) return { shortBy: 0 };
    const committed = await this.#committed(order.id);
    const shortBy = Math.max(0, order.headcount - committed);
    const percent = Number(order.policy['jobs.staffing_min_percent'] ?? 100);
    if (committed * 100 >= order.headcount * percent) return { shortBy };
    await this.db.transaction((m) =>
      this.tasks.create(
        {
          kind: 'job_order_understaffed',
          title: `${order.employerName}「${order.job}」${a.startDate}开始用工，还差${shortBy}人`,
          body: `招用${order.headcount}人，已落实${committed}人（已上岗或用工单位已同意）。月工资${fenToYuan(order.wageMinFen)}—${fenToYuan(order.wageMaxFen)}元，务工地点${order.destination}。请从求职登记中匹配推荐，或与用工单位商定调整。`,
          role: 'caseworker',
          assigneeId: order.takenById,
          township: order.township,
          subject: { type: 'job_order', id: order.id },
          dueDate: a.startDate,
          key: `job-order-${order.id}-understaffed`,
          countyId: order.countyId,
        },
        m,
      ),
    );
    return { shortBy };
  }

  /** People in place for the order: placed through it, or accepted by the employer (用工意向) and yet to start. */
  async #committed(orderId: number): Promise<number> {
    const [row] = await this.db.query(
      `SELECT o.filled + (SELECT count(*) FROM job_proposals p WHERE p."orderId" = o.id AND p.status = 'accepted')::int AS n
         FROM job_orders o WHERE o.id = $1`,
      [orderId],
    );
    return Number(row?.n ?? 0);
  }

  /** The seasonal order's last day is over: expired, unless it had been closed; its open tasks go. */
  async expireJobOrder(a: { orderId: number; endDate: string }): Promise<void> {
    const order = await this.#order(a.orderId);
    await this.db.transaction(async (m) => {
      const r = await m.query(
        `UPDATE job_orders SET status = 'expired', version = version + 1, "updatedAt" = now()
          WHERE id = $1 AND status IN ('open', 'partly_filled', 'filled') RETURNING id`,
        [a.orderId],
      );
      if (!returnedRows(r).length) return;
      await this.audit.record(
        {
          entity: 'job_order',
          entityId: a.orderId,
          action: 'status_changed',
          before: { status: order.status },
          after: { status: 'expired', endDate: a.endDate },
        },
        m,
      );
      await this.tasks.close({ subject: { type: 'job_order', id: a.orderId } }, '用工需求已到期', m);
    });
  }

  /** Staff closed the order: closed with who and why, audited as them; its open tasks go. */
  async closeJobOrder(a: CloseJobOrder & { orderId: number; closedOn: string }): Promise<void> {
    const order = await this.#order(a.orderId);
    const by: Actor = { userId: a.byUserId, username: a.by, role: 'system' };
    const [user] = a.byUserId == null ? [] : await this.db.query(`SELECT role FROM users WHERE id = $1`, [a.byUserId]);
    if (user) by.role = user.role;
    await this.db.transaction(async (m) => {
      const r = await m.query(
        `UPDATE job_orders SET status = 'closed', "closedOn" = $2, "closedReason" = $3, version = version + 1, "updatedAt" = now()
          WHERE id = $1 AND status IN ('open', 'partly_filled', 'filled') RETURNING id`,
        [a.orderId, a.closedOn, a.reason],
      );
      if (!returnedRows(r).length) return;
      await this.audit.record(
        {
          entity: 'job_order',
          entityId: a.orderId,
          action: 'status_changed',
          before: { status: order.status },
          after: { status: 'closed', closedOn: a.closedOn, reason: a.reason },
          actor: by,
        },
        m,
      );
      await this.tasks.close({ subject: { type: 'job_order', id: a.orderId } }, '用工需求已关闭', m, by);
    });
  }
}
