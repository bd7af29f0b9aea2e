import { fewAtATime } from '../common/few-at-a-time.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { UserDirectory } from '../auth/user-directory.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { User } from '../auth/user.entity.js';
import { now } from '../common/clock.js';
import { addDays, shanghaiDateOf, shanghaiToday } from '../common/dates.js';
import { refused } from '../common/errors.js';
import { UploadErrors } from '../common/common.errors.js';
import { LABELS } from '../common/labels.js';
import { cappedCount, offsetOf } from '../common/paging.js';
import type { Keyset } from '../common/xlsx-export.js';
import { DocumentsService } from '../documents/documents.service.js';
import { sniffDocumentType } from '../common/upload.js';
import { PolicyService } from '../policy/policy.service.js';
import { Employer } from '../registry/employer.entity.js';
import { maskPerson } from '../registry/masking.js';
import { Worker } from '../registry/worker.entity.js';
import { EmployerErrors } from '../registry/registry.errors.js';
import { TasksService } from '../tasks/tasks.service.js';
import { caseEscalation, Processes } from '../temporal/processes.js';
import { CaseRefusals } from '../../workflows/refusals.js';
import { CasePlacements } from './case-placements.js';
import { CaseErrors } from './cases.errors.js';
import {
  CaseAction,
  caseActionUpdate,
  CaseEscalationInput,
  CaseEscalationState,
  LIMITATION_WARNING_DAYS,
} from '../../workflows/definitions.js';
import { nextCaseNumber } from './case-numbers.js';
import { CaseAttachment, CaseEvent, CaseNote, CaseWorker, LimitationInterruption, RightsCase } from './case.entity.js';
import { limitationOf } from './limitation.js';
import type { CaseListQuery, CaseSummaryQuery, OpenCaseDto } from './cases.dto.js';
import { placementExposure } from './exposure.js';
import { withFiling } from '../common/filing.js';

type Upload = { buffer: Buffer; size: number; originalname: string };

/** What opens a case: the request's fields, who opens it, and for a process the key that makes it once. */
export interface CaseOpening extends Omit<OpenCaseDto, 'amountClaimedFen' | 'channel'> {
  amountClaimedFen?: number;
  channel: OpenCaseDto['channel'] | 'system' | 'follow_up';
  /** The login of whoever opens it (system:workflow for a process). */
  openedBy: string;
  /** The same key opens one case (e.g. placement-42-no-contract). */
  sourceKey?: string;
  /** The opened event's text; by default the channel it came by. */
  openedText?: string;
}

/** 维权案件: intake, queues, assignment, notes, evidence, and the escalation process behind them. */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
    private readonly documents: DocumentsService,
    private readonly users: UserDirectory,
    private readonly calendar: CalendarService,
    private readonly tasks: TasksService,
    private readonly placements: CasePlacements,
  ) {}

  /** The escalation process's input: policy values in force today, kept for the life of the run. */
  async escalationInput(
    caseId: number,
    openedOn: string,
    knewOn: string,
    countyId: number,
    m?: EntityManager,
  ): Promise<CaseEscalationInput> {
    const p = await this.policy.inForce(shanghaiToday(), countyId, m);
    return {
      caseId,
      openedOn,
      knewOn,
      policy: {
        acknowledgeWorkingDays: p['case.acknowledge_working_days'],
        mediationDays: p['case.mediation_days'],
        inspectionAcceptWorkingDays: p['case.inspection_accept_working_days'],
        inspectionInvestigateWorkingDays: p['case.inspection_investigate_working_days'],
        inspectionExtensionWorkingDays: p['case.inspection_extension_working_days'],
        arbitrationAcceptDays: p['case.arbitration_accept_days'],
        arbitrationAwardDays: p['case.arbitration_award_days'],
        arbitrationExtensionDays: p['case.arbitration_extension_days'],
        limitationDays: p['case.limitation_days'],
      },
    };
  }

  /**
   * Starts a case's process with the caller's transaction (at once without one); idempotent: a
   * case's first run is started once. `rerun`: a new run of a closed case's process (reopened).
   */
  async startProcess(input: CaseEscalationInput, m: EntityManager = this.db.manager, rerun = false): Promise<void> {
    // Its number and first worker's township, for the search attributes operators find it by.
    const [found] = (await m.query(
      `SELECT c.number, w.township FROM cases c JOIN workers w ON w.id = c."workerId" WHERE c.id = $1`,
      [input.caseId],
    )) as { number: string; township: string }[];
    const search = found ? { caseNumber: found.number, township: found.township } : {};
    await this.processes.start(m, caseEscalation(input.caseId), { ...input, ...search }, { rerun });
  }

  /**
   * The one way a case is opened, by a person (POST /cases, a contact-card request) or by a
   * process (an overdue contract): its number, parties, the opened event and audit line, and its
   * escalation process. A source key makes it idempotent: the same key opens one case, and
   * opening it again gives that case (and makes sure its process runs). In the caller's
   * transaction when given one, so a contact-card request and its case are written together.
   */
  async open(o: CaseOpening, m?: EntityManager): Promise<RightsCase> {
    const work = async (tx: EntityManager) => {
      const { c, escalation } = await this.#record(o, tx);
      // Part of the transaction: a case that is not written starts no process (once per case).
      await this.startProcess(escalation, tx);
      return c;
    };
    return m ? work(m) : this.db.transaction(work);
  }

  async #record(o: CaseOpening, m: EntityManager): Promise<{ c: RightsCase; escalation: CaseEscalationInput }> {
    if (o.sourceKey) {
      // Two openings of one key at once: the second waits for the first and finds its case.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`case:${o.sourceKey}`]);
      const existing = await m.findOneBy(RightsCase, { sourceKey: o.sourceKey });
      if (existing) {
        const knewOn = existing.knewOn ?? o.knewOn;
        const escalation = await this.escalationInput(
          existing.id,
          shanghaiDateOf(existing.openedAt),
          knewOn,
          existing.countyId,
          m,
        );
        return { c: existing, escalation };
      }
    }
    const workerIds = [...new Set(o.workerIds)];
    if (o.kind === 'wage_arrears' && workerIds.length > 1 && !o.employerId) throw CaseErrors.EMPLOYER_REQUIRED();
    const workers = await m.findBy(Worker, { id: In(workerIds) });
    if (workers.length !== workerIds.length) throw CaseErrors.WORKER_UNKNOWN();
    if (o.employerId && !(await m.findOneBy(Employer, { id: o.employerId }))) throw EmployerErrors.UNKNOWN();
    if (o.placementId) {
      const p = await this.placements.of(o.placementId, m);
      if (!p) throw CaseErrors.PLACEMENT_UNKNOWN();
      if (!workerIds.includes(p.workerId)) throw CaseErrors.PLACEMENT_NOT_OF_WORKERS();
    }
    const today = shanghaiToday();
    // The case belongs to its first worker's county (as the database files it).
    const countyId = workers.find((w) => w.id === workerIds[0])!.countyId;
    const input0 = await this.escalationInput(0, today, o.knewOn, countyId, m);
    const c = await m.save(
      RightsCase,
      m.create(RightsCase, {
        number: await nextCaseNumber(m, countyId, Number(today.slice(0, 4))),
        kind: o.kind,
        workerId: workerIds[0],
        employerId: o.employerId ?? null,
        placementId: o.placementId ?? null,
        facts: o.facts,
        status: 'open',
        stage: 'intake',
        sourceKey: o.sourceKey ?? null,
        openedBy: o.openedBy,
        openedAt: now(),
        amountClaimedFen: o.amountClaimedFen ?? 0,
        knewOn: o.knewOn,
        limitationEndsOn: addDays(o.knewOn, input0.policy.limitationDays),
        channel: o.channel,
      }),
    );
    await withFiling(m, RightsCase, c, ['countyId', 'officeId']);
    await m.insert(
      CaseWorker,
      workerIds.map((workerId) => ({ caseId: c.id, workerId })),
    );
    await m.insert(CaseEvent, {
      caseId: c.id,
      kind: 'opened',
      text: o.openedText ?? `登记（${LABELS.caseChannel[o.channel] ?? o.channel}）`,
      sourceKey: `case-${c.id}-opened`,
      by: o.openedBy,
    });
    await this.audit.record({ entity: 'case', entityId: c.id, action: 'create', after: { ...c, workerIds } }, m);
    return { c, escalation: { ...input0, caseId: c.id } };
  }

  async list(q: CaseListQuery, actor: Actor, keyset?: Keyset) {
    const qb = this.db
      .getRepository(RightsCase)
      .createQueryBuilder('c')
      .innerJoin(Worker, 'w', 'w.id = c.workerId')
      .addSelect(['w.name', 'w.township']);
    if (q.queue === 'mine') qb.andWhere('c.assigneeId = :me', { me: actor.userId });
    if (q.queue === 'unassigned') qb.andWhere('c.assigneeId IS NULL');
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.township) qb.andWhere('w.township = :township', { township: q.township });
    if (q.q) qb.andWhere('(c.number ILIKE :t OR c.facts ILIKE :t OR w.name ILIKE :t)', { t: `%${q.q.trim()}%` });
    let rows: RightsCase[];
    let total = -1;
    let totalCapped = false;
    if (keyset) {
      rows = await qb
        .andWhere('c.id > :afterId', { afterId: keyset.afterId })
        .orderBy('c.id', 'ASC')
        .limit(keyset.limit)
        .getMany();
    } else {
      // Nearest deadline first; cases waiting for no deadline after them.
      qb.orderBy('c.nextDeadline', 'ASC', 'NULLS LAST')
        .addOrderBy('c.id', q.order === 'asc' ? 'ASC' : 'DESC')
        // OFFSET/LIMIT, not skip/take: the worker join is many-to-one, and skip/take would sort
        // every matching row joined (DISTINCT) to pick the page's ids first.
        .offset(offsetOf(q))
        .limit(q.pageSize);
      [rows, { total, totalCapped }] = await Promise.all([qb.getMany(), cappedCount(qb)]);
    }
    const today = shanghaiToday();
    const people = await this.users.people(
      [],
      rows.map((c) => c.assigneeId),
    );
    const kept = await this.calendar.tracked(
      'case',
      rows.map((c) => c.id),
    );
    const items = rows.map((c) => ({
      ...c,
      assigneeName: people.byUserId(c.assigneeId)?.name ?? c.assigneeName,
      receivedOn: shanghaiDateOf(c.openedAt),
      deadlineBadge: badge(c, today),
      deadlineProvisional: provisional(c, kept.get(c.id)),
      limitation: limitationOf(c, today),
    }));
    return { items, total, totalCapped, page: q.page, pageSize: q.pageSize };
  }

  /** The user's open cases whose next deadline is within 3 days or passed (the navigation's count). */
  async countDueSoon(actor: Actor): Promise<number> {
    return this.db
      .getRepository(RightsCase)
      .createQueryBuilder('c')
      .where(`c.status = 'open' AND c.assigneeId = :me`, { me: actor.userId })
      .andWhere('(c.breaches > 0 OR c.nextDeadline <= :soon)', { soon: addDays(shanghaiToday(), 3) })
      .getCount();
  }

  async get(id: number, actor: Actor) {
    const c = await this.db.getRepository(RightsCase).findOneBy({ id });
    if (!c) throw CaseErrors.NOT_FOUND();
    // The process answers through Temporal and the worker (tens of ms under load): asked first,
    // it answers while the records are read. It never rejects (no state is null).
    const processState = this.processes.state(caseEscalation(id));
    // The case's records do not depend on each other: read a few at a time, not one after another.
    const [caseWorkers, allNotes, attachments, timeline, interruptions, kept, documents, placement] = await fewAtATime(
      // Its workers through case_workers in one statement (a case kept from before has none: its worker).
      () =>
        this.db
          .getRepository(Worker)
          .createQueryBuilder('w')
          .innerJoin(CaseWorker, 'cw', 'cw.workerId = w.id AND cw.caseId = :id', { id })
          .orderBy('w.id', 'ASC')
          .getMany(),
      () => this.db.getRepository(CaseNote).find({ where: { caseId: id }, order: { id: 'ASC' } }),
      () => this.db.getRepository(CaseAttachment).find({ where: { caseId: id }, order: { id: 'ASC' } }),
      () => this.db.getRepository(CaseEvent).find({ where: { caseId: id }, order: { id: 'ASC' } }),
      () =>
        this.db
          .getRepository(LimitationInterruption)
          .find({ where: { caseId: id }, order: { interruptedOn: 'ASC', id: 'ASC' } }),
      () => this.calendar.tracked('case', [c.id]),
      () => this.documents.listFor('case', id),
      () => (c.placementId ? this.placements.of(c.placementId, this.db.manager) : null),
    );
    const workers = (
      caseWorkers.length ? caseWorkers : await this.db.getRepository(Worker).findBy({ id: c.workerId })
    ).map((w) => {
      const mw = maskPerson(w);
      return { id: mw.id, name: mw.name, citizenId: mw.citizenId, phone: mw.phone, township: mw.township };
    });
    const notes = allNotes.filter(
      (n) => !n.confidential || actor.role === 'admin' || n.authorId === actor.userId || c.assigneeId === actor.userId,
    );
    const people = await this.users.people(
      [
        c.openedBy,
        ...timeline.map((e) => e.by),
        ...attachments.map((a) => a.uploadedBy),
        ...interruptions.map((i) => i.by),
      ],
      [c.assigneeId, ...notes.map((n) => n.authorId)],
    );
    const process = await processState;
    const today = shanghaiToday();
    return {
      ...c,
      assigneeName: people.byUserId(c.assigneeId)?.name ?? c.assigneeName,
      openedByName: people.name(c.openedBy),
      receivedOn: shanghaiDateOf(c.openedAt),
      deadlineBadge: badge(c, today),
      deadlineProvisional: provisional(c, kept.get(c.id)),
      workers,
      notes: notes.map((n) => ({ ...n, authorName: people.byUserId(n.authorId)?.name ?? n.authorName })),
      attachments: attachments.map((a) => ({ ...a, uploadedByName: people.name(a.uploadedBy) })),
      timeline: timeline.map((e) => ({ ...e, byName: people.name(e.by) })),
      process,
      limitation: c.knewOn
        ? {
            knewOn: c.knewOn,
            startsOn: interruptions.at(-1)?.interruptedOn ?? c.knewOn,
            endsOn: c.limitationEndsOn,
            ...limitationOf(c, today),
            warningDays: LIMITATION_WARNING_DAYS,
            interruptions: interruptions.map((i) => ({ ...i, byName: people.name(i.by) })),
            basis: '《劳动争议调解仲裁法》第二十七条',
          }
        : null,
      exposure: c.kind === 'no_contract' && placement ? placementExposure(placement, placement.signedOn, today) : null,
      documents,
    };
  }

  async assign(id: number, assigneeId: number, actor: Actor): Promise<RightsCase> {
    return this.db.transaction(async (m) => {
      const c = await m.findOne(RightsCase, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw CaseErrors.NOT_FOUND();
      const user = await m.findOneBy(User, { id: assigneeId });
      if (!user || user.role !== 'caseworker' || !user.active) throw CaseErrors.ASSIGNEE();
      const before = { assigneeId: c.assigneeId, assigneeName: c.assigneeName };
      c.assigneeId = user.id;
      c.assigneeName = user.displayName;
      const saved = await m.save(RightsCase, c);
      await this.tasks.reassign({ type: 'case', id }, 'caseworker', user.id, m);
      await m.insert(CaseEvent, {
        caseId: id,
        kind: before.assigneeId ? 'reassigned' : 'assigned',
        text: `承办人：${user.displayName}`,
        sourceKey: null,
        by: actor.username,
      });
      await this.audit.record(
        {
          entity: 'case',
          entityId: id,
          action: before.assigneeId ? 'reassign' : 'assign',
          before,
          after: { assigneeId: user.id, assigneeName: user.displayName },
        },
        m,
      );
      return saved;
    });
  }

  async addNote(id: number, text: string, confidential: boolean, actor: Actor): Promise<CaseNote> {
    return this.db.transaction(async (m) => {
      const c = await m.findOneBy(RightsCase, { id });
      if (!c) throw CaseErrors.NOT_FOUND();
      // The name at the time, beside the author's id (pages show the author's current name).
      const note = await m.save(
        CaseNote,
        m.create(CaseNote, {
          caseId: id,
          text,
          confidential,
          authorId: actor.userId!,
          authorName: actor.displayName ?? actor.username,
        }),
      );
      await this.audit.record(
        { entity: 'case', entityId: id, action: 'note', after: { noteId: note.id, confidential } },
        m,
      );
      return note;
    });
  }

  async attach(id: number, file: Upload | undefined, actor: Actor): Promise<Omit<CaseAttachment, 'bytes'>> {
    if (!file) throw UploadErrors.MISSING();
    if (file.size > 10 * 1024 * 1024) throw UploadErrors.TOO_LARGE();
    const mime = sniffDocumentType(file.buffer);
    if (!mime) throw UploadErrors.TYPE();
    return this.db.transaction(async (m) => {
      if (!(await m.findOneBy(RightsCase, { id }))) throw CaseErrors.NOT_FOUND();
      const a = await m.save(
        CaseAttachment,
        m.create(CaseAttachment, {
          caseId: id,
          fileName: file.originalname.slice(0, 200),
          mime,
          size: file.size,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          bytes: file.buffer,
          uploadedBy: actor.username,
        }),
      );
      const { bytes: _b, ...meta } = a;
      await this.audit.record({ entity: 'case', entityId: id, action: 'attachment', after: meta }, m);
      return meta;
    });
  }

  async attachment(caseId: number, attachmentId: number): Promise<CaseAttachment> {
    const a = await this.db
      .getRepository(CaseAttachment)
      .createQueryBuilder('a')
      .addSelect('a.bytes')
      .where('a.id = :attachmentId AND a.caseId = :caseId', { attachmentId, caseId })
      .getOne();
    if (!a) throw CaseErrors.ATTACHMENT_NOT_FOUND();
    return a;
  }

  /** Every step of the process goes through its workflow, whose validator refuses what the stage does not allow. */
  async act(id: number, action: CaseAction): Promise<CaseEscalationState | null> {
    const c = await this.db.getRepository(RightsCase).findOneBy({ id });
    if (!c) throw CaseErrors.NOT_FOUND();
    if (action.type === 'reopen') return this.reopen(c, action);
    if (c.status === 'closed') throw refused(CaseRefusals.CLOSED());
    if (action.type === 'interrupt_limitation') await this.checkInterruption(c, action.interruptedOn);
    if (action.type === 'escalate') {
      const openedOn = shanghaiDateOf(c.openedAt);
      if (!action.escalatedOn || action.escalatedOn < openedOn)
        throw CaseErrors.ESCALATION_BEFORE_OPENING({ openedOn });
    }
    return this.processes.update(caseEscalation(id), caseActionUpdate, action, {
      refused: () => CaseErrors.PROCESS_REFUSED(),
      finished: () => CaseErrors.NO_PROCESS(),
    });
  }

  /** The day the running limitation year began: the latest interruption's date, or the day the worker knew. */
  private async limitationFrom(c: RightsCase): Promise<string | null> {
    const [{ last }] = await this.db.query(
      `SELECT to_char(max("interruptedOn"), 'YYYY-MM-DD') AS last FROM case_limitation_interruptions WHERE "caseId" = $1`,
      [c.id],
    );
    return last ?? c.knewOn;
  }

  /** An interruption falls within the running year: not before it began, not after it ran out. */
  private async checkInterruption(c: RightsCase, on: string): Promise<void> {
    const from = await this.limitationFrom(c);
    if (from && on < from) throw refused(CaseRefusals.INTERRUPTED_BEFORE_START({ startsOn: from }));
    if (c.limitationEndsOn && on > c.limitationEndsOn)
      throw refused(CaseRefusals.LIMITATION_ENDED({ endsOn: c.limitationEndsOn }));
  }

  /**
   * A closed case's run has ended; reopening records why and starts a new run of the same workflow
   * id. Answers the new run's state (null while its start waits for Temporal: the relay starts it).
   */
  private async reopen(
    c: RightsCase,
    action: Extract<CaseAction, { type: 'reopen' }>,
  ): Promise<CaseEscalationState | null> {
    if (c.status !== 'closed') throw refused(CaseRefusals.NOT_CLOSED());
    await this.db.transaction(async (m) => {
      const r = await m.query(
        `UPDATE cases SET status = 'open', stage = 'reopened', outcome = NULL, "closedAt" = NULL, version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'closed'`,
        [c.id],
      );
      if (!r[1]) throw CaseErrors.CHANGED();
      await m.insert(CaseEvent, {
        caseId: c.id,
        kind: 'reopen',
        text: `重新打开：${action.reason}`,
        sourceKey: null,
        by: action.by,
      });
      await this.audit.record(
        {
          entity: 'case',
          entityId: c.id,
          action: 'reopen',
          before: { status: 'closed', outcome: c.outcome },
          after: { status: 'open', reason: action.reason },
        },
        m,
      );
      const input = await this.escalationInput(c.id, shanghaiToday(), c.knewOn ?? shanghaiToday(), c.countyId, m);
      const limitationFrom = await this.limitationFrom(c);
      await this.startProcess(
        {
          ...input,
          ...(limitationFrom && limitationFrom !== c.knewOn ? { limitationFrom } : {}),
          reopened: { reason: action.reason, by: action.by },
        },
        m,
        true,
      );
    });
    return this.processes.state(caseEscalation(c.id));
  }

  async summary(q: CaseSummaryQuery) {
    const range = [q.from, q.to];
    const inRange = (col: string) =>
      `${col} >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${col} < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const [totals] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ${inRange('c."openedAt"')})::int AS opened,
              count(*) FILTER (WHERE ${inRange('c."closedAt"')})::int AS closed,
              round(avg(EXTRACT(EPOCH FROM c."closedAt" - c."openedAt") / 86400) FILTER (WHERE ${inRange('c."closedAt"')})::numeric, 1) AS "averageDaysToClose",
              coalesce(sum(c."amountRecoveredFen") FILTER (WHERE ${inRange('c."closedAt"')}), 0)::bigint AS "recoveredFen",
              coalesce(sum(c.breaches) FILTER (WHERE ${inRange('c."openedAt"')}), 0)::int AS "deadlinesBreached"
         FROM cases c`,
      range,
    );
    const group = (col: string, county?: string) =>
      this.db.query(
        `SELECT ${col} AS key, ${county ? `${county} AS "countyId", ` : ''}count(*) FILTER (WHERE ${inRange('c."openedAt"')})::int AS opened, count(*) FILTER (WHERE ${inRange('c."closedAt"')})::int AS closed
         FROM cases c JOIN workers w ON w.id = c."workerId" GROUP BY ${county ? `${col}, ${county}` : col} HAVING count(*) FILTER (WHERE ${inRange('c."openedAt"')} OR ${inRange('c."closedAt"')}) > 0 ORDER BY 1`,
        range,
      );
    // A township's name repeats across counties: a city-wide summary keeps each county's apart.
    const [byKind, byTownship] = await Promise.all([group('c.kind'), group('w.township', 'w."countyId"')]);
    return {
      from: q.from,
      to: q.to,
      ...totals,
      averageDaysToClose: totals.averageDaysToClose === null ? null : Number(totals.averageDaysToClose),
      recoveredFen: Number(totals.recoveredFen),
      // Seeds 001/003: the closure rate target is at least 90%.
      closureRate: totals.opened ? Math.round((totals.closed / totals.opened) * 1000) / 10 : null,
      closureRateTarget: 90,
      byKind,
      byTownship,
    };
  }
}

/**
 * The running deadline was counted Monday–Friday through a year whose holidays are not loaded:
 * those years, until it is recomputed; null when the deadline is final (or not a working-day one).
 */
function provisional(
  c: RightsCase,
  kept: { label: string; dueOn: string; provisionalYears: number[] } | undefined,
): { years: number[] } | null {
  if (!kept?.provisionalYears.length || c.status === 'closed') return null;
  return kept.label === c.nextDeadlineLabel && kept.dueOn === c.nextDeadline ? { years: kept.provisionalYears } : null;
}

function daysLeftUntil(today: string, date: string): number {
  return Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
}

/** on_track / due_soon (3 days or fewer) / breached, for the queues. */
function badge(c: RightsCase, today: string): 'on_track' | 'due_soon' | 'breached' | 'none' {
  if (c.status === 'closed') return 'none';
  if (c.breaches > 0 || (c.nextDeadline && c.nextDeadline < today)) return 'breached';
  if (!c.nextDeadline) return 'none';
  return daysLeftUntil(today, c.nextDeadline) <= 3 ? 'due_soon' : 'on_track';
}
