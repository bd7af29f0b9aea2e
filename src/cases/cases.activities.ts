import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { UserDirectory } from '../auth/user-directory.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { DomainEventBus } from '../common/events.js';
import { addDays, shanghaiDateOf, shanghaiToday } from '../common/dates.js';
import { DocumentsService } from '../documents/documents.service.js';
import { Employer } from '../registry/employer.entity.js';
import { maskCitizenId, maskPhone } from '../identity/index.js';
import { Worker } from '../registry/worker.entity.js';
import type { TaskKind } from '../tasks/task-kinds.js';
import { missingRecord } from '../tasks/missing-record.js';
import { TasksService } from '../tasks/tasks.service.js';
import { Activities } from '../temporal/activities.decorator.js';
import { type CaseAction, type CaseStage, caseWorkflowId } from '../../workflows/definitions.js';
import { LABELS } from '../common/labels.js';
import { LimitationInterruption, RightsCase } from './case.entity.js';

const CASE_KIND_LABELS = LABELS.caseKind;
const DEADLINE_LABELS = LABELS.deadline;

/**
 * The case process's side effects. Each is keyed (event source keys, task keys, document
 * business keys) so a retry writes nothing twice. They are the only writers of a case's stage.
 */
@Injectable()
@Activities()
export class CaseActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly documents: DocumentsService,
    private readonly events: DomainEventBus,
    private readonly users: UserDirectory,
    private readonly tasks: TasksService,
  ) {}

  /**
   * A deadline in calendar days or in working days on the bureau's calendar (holidays, 调休).
   * A case's working-day deadline is kept by the calendar, so it is marked provisional while it
   * runs into a year whose arrangement is not loaded and recomputed when that year is.
   */
  async deadlineAfter(input: {
    from: string;
    days?: number;
    workingDays?: number;
    caseId?: number;
    label?: string;
    /** An extension of the kept deadline, counted on from its start. */
    extend?: boolean;
  }): Promise<string> {
    if (input.workingDays === undefined) return addDays(input.from, input.days ?? 0);
    if (input.caseId === undefined || !input.label) return this.calendar.addWorkingDays(input.from, input.workingDays);
    const c = await this.#load(this.db.manager, input.caseId);
    const d = await this.calendar.track(
      { type: 'case', id: c.id, name: c.number, workflowId: caseWorkflowId(c.id) },
      input.label,
      input.from,
      input.workingDays,
      { extend: input.extend },
    );
    return d.dueOn;
  }

  /** The calendar recomputed the running deadline: the case and its timeline take the new date. */
  async recordDeadlineMoved(input: { caseId: number; label: string; from: string; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      const label = DEADLINE_LABELS[input.label] ?? input.label;
      if (
        !(await this.#event(
          m,
          c.id,
          'deadline_moved',
          `节假日安排已导入，${label}期限由 ${input.from} 重算为 ${input.dueOn}`,
          `case-${c.id}-deadline-moved-${input.label}-${input.from}-${input.dueOn}`,
        ))
      )
        return;
      await m.query(
        `UPDATE cases SET "nextDeadline" = $3, "updatedAt" = now() WHERE id = $1 AND "nextDeadlineLabel" = $2 AND "nextDeadline" = $4`,
        [c.id, input.label, input.dueOn, input.from],
      );
      await this.tasks.close(
        { key: `case-${c.id}-remind-${input.label}-${input.from}` },
        `${label}期限已重算为 ${input.dueOn}`,
        m,
      );
      await this.audit.record(
        {
          entity: 'case',
          entityId: c.id,
          action: 'deadline_moved',
          before: { label: input.label, dueOn: input.from },
          after: { label: input.label, dueOn: input.dueOn, reason: 'calendar_year_loaded' },
        },
        m,
      );
    });
  }

  async #load(m: EntityManager, caseId: number): Promise<RightsCase> {
    const c = await m.findOneBy(RightsCase, { id: caseId });
    if (!c)
      throw await missingRecord(this.tasks, this.db, {
        type: 'CASE_NOT_FOUND',
        message: `case ${caseId} not found (yet)`,
        subject: { type: 'case', id: caseId },
      });
    return c;
  }

  async #event(
    m: EntityManager,
    caseId: number,
    kind: string,
    text: string,
    sourceKey: string,
    by = 'system:workflow',
  ): Promise<boolean> {
    const r = await m.query(
      `INSERT INTO case_events ("caseId", kind, text, "sourceKey", by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("sourceKey") DO NOTHING RETURNING id`,
      [caseId, kind, text, sourceKey, by],
    );
    return r.length > 0;
  }

  /** A task about the case under the worker's township; a caseworker's is the assignee's when the case has one. */
  async #task(
    m: EntityManager,
    c: RightsCase,
    t: { kind: TaskKind; title: string; role: 'caseworker' | 'admin'; dueDate: string; key: string },
  ): Promise<void> {
    const worker = await m.findOneBy(Worker, { id: c.workerId });
    await this.tasks.create(
      {
        ...t,
        subject: { type: 'case', id: c.id },
        assigneeId: t.role === 'caseworker' ? c.assigneeId : null,
        township: worker?.township ?? null,
      },
      m,
    );
  }

  /** The case moved on: the reminders and breach flags of the deadline it left are done. */
  #closeDeadlineTasks(m: EntityManager, caseId: number, reason: string, by?: Actor): Promise<number> {
    return this.tasks.close(
      { subject: { type: 'case', id: caseId }, kinds: ['case_deadline', 'case_breach'] },
      reason,
      m,
      by,
    );
  }

  async recordCaseAction(input: {
    caseId: number;
    seq: number;
    runKey: string;
    action: CaseAction;
    stageBefore: CaseStage;
    stageAfter: CaseStage;
    dueOn: string | null;
    /** The limitation's last day after the action (absent from histories before interruptions were recorded). */
    limitationEndsOn?: string;
    amountRecoveredFen: number | null;
  }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      const a = input.action;
      const text = describe(a);
      if (!(await this.#event(m, c.id, a.type, text, `case-${c.id}-${input.runKey}-${input.seq}`, a.by))) return;
      const closing = input.stageAfter === 'closed';
      if (closing) await this.calendar.untrack('case', c.id, undefined, m);
      if (a.type === 'escalate')
        await m.query(`UPDATE cases SET "escalatedTo" = $2, "escalatedOn" = $3 WHERE id = $1`, [
          c.id,
          a.to,
          a.escalatedOn ?? shanghaiToday(),
        ]);
      if (a.type === 'interrupt_limitation') {
        const endsOnAfter = input.limitationEndsOn!;
        await m.insert(LimitationInterruption, {
          caseId: c.id,
          kind: a.kind,
          interruptedOn: a.interruptedOn,
          note: a.note,
          endsOnBefore: c.limitationEndsOn ?? endsOnAfter,
          endsOnAfter,
          by: a.by,
          sourceKey: `case-${c.id}-${input.runKey}-${input.seq}`,
        });
        await m.query(`UPDATE cases SET "limitationEndsOn" = $2, "limitationWarned" = false WHERE id = $1`, [
          c.id,
          endsOnAfter,
        ]);
      }
      await m.query(
        `UPDATE cases SET stage = $2, status = $3, outcome = COALESCE($4, outcome), "outcomeReason" = COALESCE($5, "outcomeReason"),
                "amountRecoveredFen" = COALESCE($6, "amountRecoveredFen"), "closedAt" = CASE WHEN $7 THEN now() ELSE "closedAt" END,
                "nextDeadline" = CASE WHEN $7 THEN NULL WHEN $8 THEN $9::date ELSE "nextDeadline" END, version = version + 1, "updatedAt" = now()
          WHERE id = $1`,
        [
          c.id,
          input.stageAfter,
          closing ? 'closed' : 'open',
          a.type === 'close' ? a.outcome : closing ? (a.type === 'payment' ? 'resolved' : 'referred') : null,
          a.type === 'close' ? a.reason : closing ? text : null,
          input.amountRecoveredFen,
          closing,
          // An extension moves the running deadline, and so the case's place in the queues.
          a.type === 'extend',
          input.dueOn,
        ],
      );
      await this.audit.record(
        {
          entity: 'case',
          entityId: c.id,
          action: a.type,
          before: { stage: input.stageBefore },
          after: { stage: input.stageAfter, ...stripBy(a) },
          actor: { userId: null, username: a.by, role: 'caseworker' },
        },
        m,
      );
      await this.#closeTasksAfter(m, c.id, a, text, closing);
      await this.#documentFor(m, c, a, input);
      if (a.type === 'acknowledge') await this.events.emit('case.acknowledged', { caseId: c.id, by: a.by }, m);
    });
  }

  /** Which of the case's tasks an action leaves without a reason, closed in the action's name. */
  async #closeTasksAfter(m: EntityManager, caseId: number, a: CaseAction, text: string, closing: boolean) {
    const by: Actor = { userId: null, username: a.by, role: 'caseworker' };
    const subject = { type: 'case', id: caseId } as const;
    if (closing) return this.tasks.close({ subject }, `案件已结案：${text}`, m, by);
    if (a.type === 'interrupt_limitation')
      return this.tasks.close(
        { subject, kinds: ['case_limitation', 'case_limitation_expired'] },
        `仲裁时效于${a.interruptedOn}中断，重新计算`,
        m,
        by,
      );
    await this.#closeDeadlineTasks(m, caseId, `已办理：${text}`, by);
    if (a.type === 'escalate' && a.to === 'arbitration')
      await this.tasks.close({ subject, kinds: ['case_limitation'] }, '已申请劳动仲裁', m, by);
  }

  /** The document each step produces: 受理通知书, 调解协议书, 转办单, 仲裁申请书 (draft). */
  async #documentFor(
    m: EntityManager,
    c: RightsCase,
    a: CaseAction,
    input: { seq: number; runKey: string; dueOn: string | null },
  ): Promise<void> {
    const worker = await m.findOneByOrFail(Worker, { id: c.workerId });
    const employer = c.employerId ? await m.findOneBy(Employer, { id: c.employerId }) : null;
    const w = { name: worker.name, idMasked: maskCitizenId(worker.citizenId) };
    const e = { name: employer?.name ?? '（未登记）', creditCode: employer?.creditCode ?? '—' };
    const kindLabel = CASE_KIND_LABELS[c.kind] ?? c.kind;
    const key = (t: string) => `case-${c.id}-${input.runKey}-${input.seq}-${t}`;
    // Letters name people, with their office phone (their county bureau's when they have none).
    const people = await this.users.people([a.by], [c.assigneeId], m);
    const actor = people.of(a.by)!;
    const contact = people.byUserId(c.assigneeId) ?? actor;
    const bureauPhone = (await this.documents.issuer('case', c.id, m)).phone;
    if (a.type === 'acknowledge') {
      await this.documents.render(
        {
          type: 'case_acceptance',
          businessKey: key('acceptance'),
          subjectType: 'case',
          subjectId: c.id,
          data: {
            worker: { name: worker.name },
            contactPhone: contact.phone ?? bureauPhone,
            case: {
              number: c.number,
              kindLabel,
              employerName: e.name,
              facts: c.facts,
              receivedOn: shanghaiDateOf(c.openedAt),
              assigneeName: contact.name,
            },
            nextStepLabel: '调解',
            nextDeadline: addDays(shanghaiToday(), 15),
          },
        },
        m,
      );
    } else if (a.type === 'mediation' && a.outcome === 'settled') {
      await this.documents.render(
        {
          type: 'mediation_agreement',
          businessKey: key('mediation'),
          subjectType: 'case',
          subjectId: c.id,
          data: {
            case: { number: c.number, kindLabel, facts: c.facts },
            worker: w,
            employer: e,
            agreement: { amountFen: a.amountFen!, payBy: a.payBy! },
            mediator: { name: actor.name },
          },
        },
        m,
      );
    } else if (a.type === 'escalate' && a.to === 'inspection') {
      const escalatedOn = a.escalatedOn ?? shanghaiToday();
      const acceptBy = await this.calendar.workingDeadline(escalatedOn, 5, m);
      await this.documents.render(
        {
          type: 'transfer_slip',
          businessKey: key('transfer'),
          subjectType: 'case',
          subjectId: c.id,
          data: {
            case: {
              number: c.number,
              kindLabel,
              facts: c.facts,
              amountClaimedFen: c.amountClaimedFen,
              receivedOn: shanghaiDateOf(c.openedAt),
            },
            worker: w,
            employer: e,
            transfer: {
              reason: a.reason,
              registeredOn: escalatedOn,
              acceptBy: acceptBy.dueOn,
              // Counted Monday–Friday through a year whose holidays are not loaded yet: said so on the slip.
              acceptByNote: acceptBy.provisionalYears.length
                ? `；${acceptBy.provisionalYears.join('、')}年节假日安排尚未公布，暂按周一至周五计算`
                : '',
            },
            caseworker: { name: actor.name, phone: actor.phone ?? bureauPhone },
          },
        },
        m,
      );
    } else if (a.type === 'escalate' && a.to === 'arbitration') {
      await this.documents.render(
        {
          type: 'arbitration_application',
          businessKey: key('arbitration'),
          subjectType: 'case',
          subjectId: c.id,
          data: {
            worker: {
              ...w,
              sex: worker.sex === 'male' ? '男' : '女',
              birthDate: worker.birthDate,
              phoneMasked: maskPhone(worker.phone),
            },
            employer: { ...e, region: employer?.region ?? '—' },
            claims: [
              c.amountClaimedFen > 0
                ? `请求裁决被申请人支付${kindLabel}相关款项人民币${(c.amountClaimedFen / 100).toFixed(2)}元`
                : `请求依法处理${kindLabel}争议`,
            ],
            case: { facts: c.facts, knewOn: c.knewOn ?? shanghaiDateOf(c.openedAt), number: c.number },
            arbitration: {
              receivedOn: a.escalatedOn ?? shanghaiToday(),
              decideBy: addDays(a.escalatedOn ?? shanghaiToday(), 5),
            },
            limitationEndsOn: c.limitationEndsOn ?? addDays(c.knewOn ?? shanghaiToday(), 365),
          },
        },
        m,
      );
    }
  }

  async recordDeadline(input: { caseId: number; label: string; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.#load(m, input.caseId);
      // A calendar-day deadline (or another working-day one) replaces the kept one.
      await this.calendar.untrack('case', input.caseId, input, m);
      await m.query(
        `UPDATE cases SET "nextDeadline" = $2, "nextDeadlineLabel" = $3, "updatedAt" = now() WHERE id = $1`,
        [input.caseId, input.dueOn, input.label],
      );
      await this.#event(
        m,
        input.caseId,
        'deadline',
        `${DEADLINE_LABELS[input.label] ?? input.label}期限：${input.dueOn}`,
        `case-${input.caseId}-deadline-${input.label}-${input.dueOn}`,
      );
    });
  }

  async remindDeadline(input: { caseId: number; label: string; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      const label = DEADLINE_LABELS[input.label] ?? input.label;
      if (
        await this.#event(
          m,
          c.id,
          'reminder',
          `提醒承办人：${label}期限 ${input.dueOn} 将至`,
          `case-${c.id}-remind-${input.label}-${input.dueOn}`,
        )
      ) {
        await this.#task(m, c, {
          kind: 'case_deadline',
          title: `案件 ${c.number}：${label}期限 ${input.dueOn} 将至${c.assigneeName ? `（承办人 ${c.assigneeName}）` : ''}`,
          role: 'caseworker',
          dueDate: input.dueOn,
          key: `case-${c.id}-remind-${input.label}-${input.dueOn}`,
        });
      }
    });
  }

  /** A breached deadline: flagged on the case, and escalated to the section head (admin). */
  async flagDeadlineBreach(input: { caseId: number; label: string; dueOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      const label = DEADLINE_LABELS[input.label] ?? input.label;
      if (
        !(await this.#event(
          m,
          c.id,
          'breach',
          `${label}期限 ${input.dueOn} 已超期，已报科室负责人`,
          `case-${c.id}-breach-${input.label}-${input.dueOn}`,
        ))
      )
        return;
      await m.query(`UPDATE cases SET breaches = breaches + 1, "updatedAt" = now() WHERE id = $1`, [c.id]);
      await this.#task(m, c, {
        kind: 'case_breach',
        title: `案件 ${c.number}：${label}期限 ${input.dueOn} 超期未办`,
        role: 'admin',
        dueDate: shanghaiToday(),
        key: `case-${c.id}-breach-${input.label}-${input.dueOn}`,
      });
      await this.audit.record(
        {
          entity: 'case',
          entityId: c.id,
          action: 'deadline_breached',
          after: { label: input.label, dueOn: input.dueOn },
        },
        m,
      );
    });
  }

  async recordCaseStage(input: { caseId: number; stage: CaseStage; key: string; text: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      if (!(await this.#event(m, c.id, input.stage, input.text, `case-${c.id}-${input.key}`))) return;
      await this.calendar.untrack('case', c.id, undefined, m);
      await this.#closeDeadlineTasks(m, c.id, input.text);
      await m.query(
        `UPDATE cases SET stage = $2, "nextDeadline" = NULL, "nextDeadlineLabel" = NULL, version = version + 1, "updatedAt" = now() WHERE id = $1`,
        [c.id, input.stage],
      );
      await this.audit.record(
        {
          entity: 'case',
          entityId: c.id,
          action: 'stage_changed',
          before: { stage: c.stage },
          after: { stage: input.stage, reason: input.text },
        },
        m,
      );
    });
  }

  async warnLimitation(input: { caseId: number; limitationEndsOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      if (
        !(await this.#event(
          m,
          c.id,
          'limitation_warning',
          `仲裁时效将于 ${input.limitationEndsOn} 届满（《劳动争议调解仲裁法》第二十七条），请提示劳动者及时申请仲裁`,
          `case-${c.id}-limitation-${input.limitationEndsOn}`,
        ))
      )
        return;
      // Only while that is still the limitation's end (an interruption may have moved it meanwhile).
      await m.query(
        `UPDATE cases SET "limitationWarned" = true, "updatedAt" = now() WHERE id = $1 AND "limitationEndsOn" = $2`,
        [c.id, input.limitationEndsOn],
      );
      await this.#task(m, c, {
        kind: 'case_limitation',
        title: `案件 ${c.number}：仲裁时效 ${input.limitationEndsOn} 届满`,
        role: 'caseworker',
        dueDate: input.limitationEndsOn,
        key: `case-${c.id}-limitation-${input.limitationEndsOn}`,
      });
    });
  }
  /** The year ran out with the case short of arbitration: on the timeline, and a task for the caseworker. */
  async recordLimitationExpired(input: { caseId: number; limitationEndsOn: string }): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.#load(m, input.caseId);
      const key = `case-${c.id}-limitation-expired-${input.limitationEndsOn}`;
      if (
        !(await this.#event(
          m,
          c.id,
          'limitation_expired',
          `仲裁时效已于 ${input.limitationEndsOn} 届满（《劳动争议调解仲裁法》第二十七条）；如有时效中断事由，请登记中断`,
          key,
        ))
      )
        return;
      await this.tasks.close(
        { subject: { type: 'case', id: c.id }, kinds: ['case_limitation'] },
        `仲裁时效已于 ${input.limitationEndsOn} 届满`,
        m,
      );
      await this.#task(m, c, {
        kind: 'case_limitation_expired',
        title: `案件 ${c.number}：仲裁时效已于 ${input.limitationEndsOn} 届满，请核实有无中断事由`,
        role: 'caseworker',
        dueDate: shanghaiToday(),
        key,
      });
      await this.audit.record(
        {
          entity: 'case',
          entityId: c.id,
          action: 'limitation_expired',
          after: { limitationEndsOn: input.limitationEndsOn },
        },
        m,
      );
    });
  }
}

function stripBy(a: CaseAction): Record<string, unknown> {
  const { by: _by, ...rest } = a as CaseAction & { by: string };
  return rest;
}

function describe(a: CaseAction): string {
  switch (a.type) {
    case 'acknowledge':
      return '已受理并告知劳动者，进入调解';
    case 'mediation':
      return a.outcome === 'settled' ? `调解达成协议：${a.amountFen} 分，${a.payBy} 前支付` : `调解不成：${a.reason}`;
    case 'payment':
      return a.paid ? '用人单位已按调解协议支付，结案' : '用人单位未按调解协议支付';
    case 'escalate': {
      const on = a.escalatedOn
        ? a.to === 'inspection'
          ? `（立案日期 ${a.escalatedOn}）`
          : `（收件日期 ${a.escalatedOn}）`
        : '';
      return a.to === 'inspection' ? `转劳动保障监察${on}：${a.reason}` : `转劳动仲裁${on}：${a.reason}`;
    }
    case 'accept':
      return a.accepted ? '已受理/立案' : `不予受理：${a.reason}`;
    case 'extend':
      return `延长期限${a.days ? ` ${a.days} 日` : ''}：${a.reason}`;
    case 'close':
      return `结案（${a.outcome}）：${a.reason}`;
    case 'reopen':
      return `重新打开：${a.reason}`;
    case 'interrupt_limitation':
      return `仲裁时效中断（${LABELS.interruptionKind[a.kind] ?? a.kind}，${a.interruptedOn}）：${a.note}；时效自该日重新计算`;
  }
}
