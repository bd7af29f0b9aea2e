import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { User } from '../auth/user.entity.js';
import { CasesService } from '../cases/cases.service.js';
import type {} from '../cases/case-events.js';
import { DomainEventBus } from '../common/events.js';
import { addDays, daysBetween, shanghaiToday } from '../common/dates.js';
import { refused } from '../common/errors.js';
import { ContactRequestRefusals } from '../../workflows/refusals.js';
import { ContactRequestErrors, HouseholdErrors } from './households.errors.js';
import { offsetOf } from '../common/paging.js';
import { PolicyService } from '../policy/policy.service.js';
import { contactRequest, Processes } from '../temporal/processes.js';
import {
  answerContactRequestUpdate,
  ContactRequestInput,
  ContactRequestState,
  rightsCaseAcknowledgedSignal,
} from '../../workflows/definitions.js';
import { ContactRequest, Household, HouseholdMember } from './household.entity.js';
import type { AnswerRequestDto, CreateRequestDto, RequestListQuery } from './households.dto.js';

/**
 * 联系卡求助: a request made through the contact card, answered within a week (seed 002).
 * One contactRequest process per request keeps the deadline, the day-5 reminder and the
 * day-8 breach; it is the only writer of the request's status. A rights problem opens a rights
 * case, and the request counts as answered when that case is acknowledged.
 */
@Injectable()
export class ContactRequestsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
    private readonly cases: CasesService,
    private readonly events: DomainEventBus,
  ) {}

  async create(dto: CreateRequestDto, actor: Actor): Promise<ContactRequest> {
    const today = shanghaiToday();
    const receivedOn = dto.receivedOn ?? today;
    const h = await this.db.getRepository(Household).findOneBy({ id: dto.householdId });
    if (!h) throw HouseholdErrors.UNKNOWN();
    if (
      dto.workerId !== undefined &&
      !(await this.db.getRepository(HouseholdMember).findOneBy({ householdId: h.id, workerId: dto.workerId }))
    ) {
      throw HouseholdErrors.NOT_A_MEMBER();
    }
    if (dto.kind === 'rights' && dto.workerId === undefined) throw ContactRequestErrors.WORKER_REQUIRED();
    if (dto.kind !== 'rights' && (dto.caseKind || dto.employerId || dto.amountClaimedFen !== undefined))
      throw ContactRequestErrors.CASE_ONLY_FOR_RIGHTS();
    const assigneeId = dto.assigneeId ?? h.responsibleUserId ?? (actor.role === 'caseworker' ? actor.userId : null);
    let assignee: User | null = null;
    if (assigneeId !== null && assigneeId !== undefined) {
      assignee = await this.db.getRepository(User).findOneBy({ id: assigneeId });
      if (!assignee || assignee.role !== 'caseworker' || !assignee.active) throw ContactRequestErrors.ASSIGNEE();
    }
    const p = await this.policy.inForce(receivedOn, h.countyId);
    return this.db.transaction(async (m) => {
      // A rights problem becomes a rights case (its own validation and process) in the same transaction,
      // so a request that cannot be written leaves no case without its request.
      const rightsCase =
        dto.kind === 'rights'
          ? await this.cases.open(
              {
                kind: dto.caseKind ?? 'other',
                workerIds: [dto.workerId!],
                employerId: dto.employerId,
                facts: `零就业家庭联系卡求助（${dto.caller}）：${dto.details}`,
                amountClaimedFen: dto.amountClaimedFen ?? 0,
                knewOn: receivedOn,
                channel: dto.channel === 'phone' ? 'hotline' : 'window',
                openedBy: actor.username,
              },
              m,
            )
          : null;
      const r = await m.save(
        ContactRequest,
        m.create(ContactRequest, {
          householdId: h.id,
          workerId: dto.workerId ?? null,
          caller: dto.caller.trim(),
          channel: dto.channel,
          kind: dto.kind,
          details: dto.details,
          receivedOn,
          dueOn: addDays(receivedOn, p['household.request_answer_days']),
          assigneeId: assignee?.id ?? null,
          assigneeName: assignee?.displayName ?? null,
          status: 'open',
          caseId: rightsCase?.id ?? null,
          createdBy: actor.username,
        }),
      );
      await m.query(
        `INSERT INTO household_events ("householdId", episode, kind, cause, "sourceKey", by) VALUES ($1, $2, 'request', $3, $4, $5)`,
        [
          h.id,
          h.status === 'zero_employment' ? h.episode : null,
          `联系卡求助（${dto.kind}）：${dto.caller}${rightsCase ? `，已转维权案件 ${rightsCase.number}` : ''}`,
          `contact-request-${r.id}-logged`,
          actor.username,
        ],
      );
      await this.audit.record({ entity: 'contact_request', entityId: r.id, action: 'create', after: r }, m);
      const input: ContactRequestInput = {
        requestId: r.id,
        receivedOn,
        answerDays: p['household.request_answer_days'],
        reminderDaysBefore: p['household.request_reminder_days_before'],
      };
      // Part of the transaction (with the case's process): a request that is not written starts nothing.
      await this.processes.start(m, contactRequest(r.id), input);
      return r;
    });
  }

  /** Closing needs the answer: what was offered and whether it was accepted (else 400, nothing changed). */
  async answer(id: number, dto: AnswerRequestDto, actor: Actor): Promise<ContactRequestState> {
    const r = await this.db.getRepository(ContactRequest).findOneBy({ id });
    if (!r) throw ContactRequestErrors.NOT_FOUND();
    const missing = [
      ...(dto.offered === undefined
        ? [{ field: 'offered', reason: ContactRequestRefusals.OFFER_REQUIRED.entry.message }]
        : []),
      ...(dto.accepted === undefined
        ? [{ field: 'accepted', reason: ContactRequestRefusals.ACCEPTED_REQUIRED.entry.message }]
        : []),
    ];
    if (missing.length) throw ContactRequestErrors.ANSWER_REQUIRED().withDetails(missing);
    if (r.status === 'answered') throw refused(ContactRequestRefusals.ANSWERED());
    return this.processes.update(
      contactRequest(id),
      answerContactRequestUpdate,
      { by: actor.username, offered: dto.offered!.trim(), accepted: dto.accepted!, note: dto.note },
      {
        refused: () => ContactRequestErrors.PROCESS_REFUSED(),
        finished: () => ContactRequestErrors.NO_PROCESS(),
      },
    );
  }

  /** The case-acknowledge hook: a request linked to this case counts as answered. Idempotent (the process keeps the first). */
  /** A contact-card request that opened a case counts as answered once the case is acknowledged (idempotent). */
  onModuleInit(): void {
    this.events.on('case.acknowledged', async ({ caseId, by }, m) => {
      const linked = await m.getRepository(ContactRequest).findBy({ caseId, status: 'open' });
      for (const r of linked)
        await this.processes.signal(contactRequest(r.id), rightsCaseAcknowledgedSignal, { caseId, by }, m);
    });
  }

  async list(q: RequestListQuery, actor: Actor) {
    const qb = this.db
      .getRepository(ContactRequest)
      .createQueryBuilder('r')
      .innerJoin(Household, 'h', 'h.id = r.householdId')
      .addSelect(['h.address', 'h.township']);
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.mine) qb.andWhere('r.assigneeId = :me', { me: actor.userId });
    if (q.householdId) qb.andWhere('r.householdId = :hid', { hid: q.householdId });
    if (q.q) qb.andWhere('(r.caller ILIKE :t OR r.details ILIKE :t OR h.address ILIKE :t)', { t: `%${q.q.trim()}%` });
    qb.orderBy('r.status', 'DESC')
      .addOrderBy('r.dueOn', 'ASC')
      .addOrderBy('r.id', q.order === 'asc' ? 'ASC' : 'DESC')
      .offset(offsetOf(q))
      .limit(q.pageSize);
    const total = await qb.getCount();
    const { entities, raw } = await qb.getRawAndEntities();
    const today = shanghaiToday();
    const items = entities.map((r, i) => ({
      ...r,
      address: raw[i]?.h_address,
      township: raw[i]?.h_township,
      daysLeft: r.status === 'open' ? daysBetween(today, r.dueOn) : null,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** Open requests due within `days` (default 2) or overdue: a caseworker's (or, for admin, everyone's) queue. */
  async due(actor: Actor, days = 2) {
    return this.db.query(
      `SELECT r.id, r."householdId", h.address, r.caller, r.kind, r."receivedOn"::text AS "receivedOn", r."dueOn"::text AS "dueOn", r.breached, r."assigneeName"
         FROM contact_requests r JOIN households h ON h.id = r."householdId"
        WHERE r.status = 'open' AND r."dueOn" <= ($1::date + $2::int) AND ($3::int IS NULL OR r."assigneeId" = $3) ORDER BY r."dueOn", r.id`,
      [shanghaiToday(), days, actor.role === 'caseworker' ? actor.userId : null],
    );
  }

  /** The household of each request, for links to its page. */
  async householdsOf(requestIds: number[]): Promise<Map<number, number>> {
    if (!requestIds.length) return new Map();
    const rows = await this.db.getRepository(ContactRequest).findBy({ id: In(requestIds) });
    return new Map(rows.map((r) => [r.id, r.householdId]));
  }

  async get(id: number) {
    const r = await this.db.getRepository(ContactRequest).findOneBy({ id });
    if (!r) throw ContactRequestErrors.NOT_FOUND();
    return { ...r, process: await this.processes.state(contactRequest(id)) };
  }
}
