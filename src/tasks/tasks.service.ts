import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, WORKFLOW_ACTOR } from '../common/request-context.js';
import { UserDirectory } from '../auth/user-directory.js';
import { now } from '../common/clock.js';
import { daysBetween, shanghaiToday } from '../common/dates.js';
import type { Page } from '../common/paging.js';
import { returnedRows } from '../common/sql.js';
import { TASK_KINDS, type NewTask, type TaskKind, type TaskSubject } from './task-kinds.js';
import { StaffTask } from './task.entity.js';
import { TaskErrors } from './tasks.errors.js';

/** Whose tasks to list: a user's (assigned to them), a role's queue, a township's; any of them together. */
export interface TaskQuery {
  userId?: number | null;
  role?: string;
  township?: string;
  status?: 'open' | 'done';
  page: number;
  pageSize: number;
}

/** The task of a key, or a subject's open tasks (of some kinds). */
export type TaskTarget = { key: string } | { subject: TaskSubject; kinds?: readonly TaskKind[]; dueFrom?: string };

export type TaskItem = StaffTask & {
  kindLabel: string;
  byHand: boolean;
  daysLeft: number | null;
  assignedToMe: boolean;
  assigneeName: string | null;
  closedByName: string | null;
};

/**
 * 待办: the one way tasks are raised, closed and read. Processes raise them idempotently by key
 * in their own transaction; they close when their reason goes (by key, or a subject's open
 * tasks of some kinds), each closing with who and why, audited with the change that caused it.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly users: UserDirectory,
  ) {}

  /** Raises the task once per key: true when this call created it (a retry, or a task closed since, raises nothing). */
  async create(t: NewTask, m: EntityManager): Promise<boolean> {
    const [row] = await m.query(
      `INSERT INTO tasks (kind, title, role, "assigneeId", township, "subjectType", "subjectId", "dueDate", "sourceKey", body, "countyId")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT ("sourceKey") DO NOTHING RETURNING id`,
      [
        t.kind,
        t.title,
        t.role,
        t.assigneeId ?? null,
        t.township ?? null,
        t.subject.type,
        t.subject.id,
        t.dueDate,
        t.key,
        t.body ?? null,
        t.countyId ?? null,
      ],
    );
    if (!row) return false;
    await this.audit.record(
      {
        entity: 'task',
        entityId: row.id,
        action: 'create',
        after: { kind: t.kind, role: t.role, assigneeId: t.assigneeId ?? null, subject: t.subject, dueDate: t.dueDate },
      },
      m,
    );
    return true;
  }

  /**
   * Closes open tasks whose reason went: the one of a key, or a subject's (of these kinds, or
   * all of them; `dueFrom` spares those due before that day: a visit answers the reminders due
   * on or after it, not an earlier miss). `by` is whoever's action removed the reason.
   */
  close(which: TaskTarget, reason: string, m: EntityManager, by: Actor = WORKFLOW_ACTOR): Promise<number> {
    if ('key' in which) return this.#close(`"sourceKey" = $1`, [which.key], reason, by, m);
    return this.#close(
      `"subjectType" = $1 AND "subjectId" = $2 AND ($3::varchar[] IS NULL OR kind = ANY($3)) AND ($4::date IS NULL OR "dueDate" >= $4::date)`,
      [which.subject.type, which.subject.id, which.kinds ?? null, which.dueFrom ?? null],
      reason,
      by,
      m,
    );
  }

  /** The subject's responsible user changed: its open tasks in that role's queue follow them. */
  async reassign(subject: TaskSubject, role: string, assigneeId: number | null, m: EntityManager): Promise<void> {
    const moved = returnedRows<{ id: number }>(
      await m.query(
        `UPDATE tasks SET "assigneeId" = $4 WHERE status = 'open' AND "subjectType" = $1 AND "subjectId" = $2 AND role = $3
            AND "assigneeId" IS DISTINCT FROM $4 RETURNING id`,
        [subject.type, subject.id, role, assigneeId],
      ),
    );
    await this.audit.recordMany(
      moved.map((t) => ({ entity: 'task', entityId: t.id, action: 'reassign', after: { assigneeId } })),
      m,
    );
  }

  async #close(where: string, params: unknown[], reason: string, by: Actor, m: EntityManager): Promise<number> {
    const n = params.length;
    const closed = returnedRows<{ id: number; kind: string }>(
      await m.query(
        `UPDATE tasks SET status = 'done', "closedAt" = $${n + 1}, "closedBy" = $${n + 2}, "closeReason" = $${n + 3}
          WHERE status = 'open' AND ${where} RETURNING id, kind`,
        [...params, now(), by.username, reason],
      ),
    );
    await this.audit.recordMany(
      closed.map((t) => ({
        entity: 'task',
        entityId: t.id,
        action: 'close',
        before: { status: 'open' },
        after: { status: 'done', reason },
        actor: by,
      })),
      m,
    );
    return closed.length;
  }

  /**
   * A plain to-do done by hand (telling the trainee, checking for an interruption). The others
   * close when their reason goes, so closing one by hand would hide work still to do.
   */
  async done(id: number, note: string | undefined, actor: Actor): Promise<TaskItem> {
    await this.db.transaction(async (m) => {
      const t = await m.findOne(StaffTask, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!t || !this.#visibleTo(t, actor)) throw TaskErrors.NOT_FOUND();
      if (t.status === 'done') throw TaskErrors.DONE();
      if (!TASK_KINDS[t.kind]?.byHand) throw TaskErrors.CLOSES_ITSELF({ kind: TASK_KINDS[t.kind]?.label ?? t.kind });
      await this.#close(`id = $1`, [id], note?.trim() ? `已办结：${note.trim()}` : '已办结', actor, m);
    });
    const [item] = await this.#items([await this.db.getRepository(StaffTask).findOneByOrFail({ id })], actor.userId);
    return item;
  }

  /** A task of the user's role or assigned to them; admin sees every queue. */
  #visibleTo(t: StaffTask, actor: Actor): boolean {
    return actor.role === 'admin' || t.role === actor.role || (t.assigneeId !== null && t.assigneeId === actor.userId);
  }

  /**
   * Tasks assigned to the user, in the role's queue, or of the township (those given are
   * alternatives; the township narrows the others when given with them). Open first, then the
   * user's own, then by due date.
   */
  async list(q: TaskQuery): Promise<Page<TaskItem>> {
    const qb = this.db.getRepository(StaffTask).createQueryBuilder('t');
    const who: string[] = [];
    if (q.userId != null) who.push('t.assigneeId = :userId');
    if (q.role) who.push('t.role = :role');
    if (who.length) qb.andWhere(`(${who.join(' OR ')})`);
    if (q.township) qb.andWhere('t.township = :township');
    if (q.status) qb.andWhere('t.status = :status');
    qb.setParameters({ userId: q.userId ?? null, role: q.role, township: q.township, status: q.status })
      .orderBy(`CASE WHEN t.status = 'open' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy(`CASE WHEN t.assigneeId = :userId THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('t.dueDate', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.#items(rows, q.userId ?? null), total, page: q.page, pageSize: q.pageSize };
  }

  /** How many open tasks the user has: assigned to them or in their role's queue (the navigation's count). */
  async countOpen(userId: number | null, role: string): Promise<number> {
    return this.db
      .getRepository(StaffTask)
      .createQueryBuilder('t')
      .where(`t.status = 'open'`)
      .andWhere('(t.assigneeId = :userId OR t.role = :role)', { userId, role })
      .getCount();
  }

  async #items(rows: StaffTask[], userId: number | null): Promise<TaskItem[]> {
    const people = await this.users.people(
      rows.map((t) => t.closedBy),
      rows.map((t) => t.assigneeId),
    );
    const today = shanghaiToday();
    return rows.map((t) => ({
      ...t,
      kindLabel: TASK_KINDS[t.kind]?.label ?? t.kind,
      byHand: TASK_KINDS[t.kind]?.byHand ?? false,
      daysLeft: t.status === 'open' ? daysBetween(today, t.dueDate) : null,
      assignedToMe: userId !== null && t.assigneeId === userId,
      assigneeName: people.byUserId(t.assigneeId)?.name ?? null,
      closedByName: people.name(t.closedBy),
    }));
  }
}
