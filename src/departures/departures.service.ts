import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { addDays, shanghaiToday } from '../common/dates.js';
import { DomainError } from '../common/errors.js';
import { DomainEventBus } from '../common/events.js';
import { offsetOf, type Page } from '../common/paging.js';
import type { Actor } from '../common/request-context.js';
import { maskCitizenId, maskPhone } from '../identity/index.js';
import type {} from '../placements/placement-events.js';
import { PlacementsService } from '../placements/placements.service.js';
import { PolicyService } from '../policy/policy.service.js';
import { seesFullPersonalData } from '../registry/masking.js';
import { TasksService } from '../tasks/tasks.service.js';
import { departureBatchProcess, Processes } from '../temporal/processes.js';
import {
  batchArrivedSignal,
  batchCancelledSignal,
  batchDepartedSignal,
  type DepartureBatchInput,
} from '../../workflows/definitions.js';
import { DepartureBatch, DepartureBatchMember, type DropReason, type MemberStatus } from './departure-batch.entity.js';
import type {
  AddDepartureMemberDto,
  DepartureBatchListQuery,
  CancelDepartureBatchDto,
  ConfirmArrivalDto,
  CreateDepartureBatchDto,
  DropDepartureMemberDto,
  RecordDepartureDto,
} from './departures.dto.js';
import { BatchErrors } from './departures.errors.js';

/** A departure may be recorded this many days before the planned day (the group left early). */
const EARLY_DEPARTURE_DAYS = 7;
/** The task kinds of a batch's process. */
const DEPARTURE_TASKS = ['batch_departure_due', 'batch_departure_unrecorded'] as const;
const ARRIVAL_TASKS = ['batch_arrival_overdue'] as const;

export interface BatchMemberItem {
  id: number;
  workerId: number;
  workerName: string;
  sex: string;
  citizenId: string;
  phone: string;
  township: string;
  employerId: number;
  employerName: string;
  jobOrderId: number | null;
  proposalId: number | null;
  job: string;
  monthlyWageFen: number;
  emergencyName: string;
  emergencyRelation: string;
  emergencyPhone: string;
  status: MemberStatus;
  dropReason: DropReason | null;
  dropNote: string | null;
  droppedOn: string | null;
  arrivedOn: string | null;
  placementId: number | null;
  registrationError: string | null;
}

export interface BatchLeader {
  kind: 'user' | 'broker';
  id: number;
  name: string;
  phone: string | null;
}

/** A broker leading a batch sees it; staff see every batch of their county (others answer 404). */
function visibleTo(actor: Actor, b: DepartureBatch): boolean {
  if (actor.role !== 'broker') return true;
  return actor.brokerId != null && b.leaderBrokerId === actor.brokerId;
}

/**
 * 输出批次: a group leaving together for its orders' or its employers' jobs — its roster with
 * emergency contacts, members who drop out, the departure, and the arrival the leader confirms,
 * which registers the arrived members' placements (organised, with the batch) by the placements'
 * own path, so their contract deadline, referral and follow-up start as for any placement.
 */
@Injectable()
export class DeparturesService implements OnModuleInit {
  private readonly log = new Logger('DeparturesService');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly placements: PlacementsService,
    private readonly processes: Processes,
    private readonly tasks: TasksService,
    private readonly users: UserDirectory,
    private readonly events: DomainEventBus,
  ) {}

  /** A placement a batch's arrival registered is its member's, in the registration's transaction. */
  onModuleInit(): void {
    this.events.on('placement.registered', async ({ placement }, m) => {
      if (placement.batchId === null) return;
      await m.query(
        `UPDATE departure_batch_members SET "placementId" = $3, "registrationError" = NULL
          WHERE "batchId" = $1 AND "workerId" = $2 AND "placementId" IS NULL`,
        [placement.batchId, placement.workerId, placement.id],
      );
    });
  }

  async create(dto: CreateDepartureBatchDto, actor: Actor): Promise<DepartureBatch> {
    const today = shanghaiToday();
    if (dto.departureDate < today) throw BatchErrors.DEPARTURE_PAST();
    if (dto.departureDate > addDays(today, 365)) throw BatchErrors.DEPARTURE_TOO_LATE();
    if ((dto.leaderUserId === undefined) === (dto.leaderBrokerId === undefined)) throw BatchErrors.LEADER_REQUIRED();
    const orderIds = dto.jobOrderIds ?? [];
    if (!orderIds.length && !dto.employerIds?.length) throw BatchErrors.NO_ORDER_OR_EMPLOYER();
    const id = await this.db.transaction(async (m) => {
      const orders: { id: number; employerId: number; status: string }[] = orderIds.length
        ? await m.query(`SELECT id, "employerId", status FROM job_orders WHERE id = ANY($1::int[])`, [orderIds])
        : [];
      if (orders.length !== orderIds.length) throw BatchErrors.UNKNOWN_ORDER();
      if (orders.some((o) => o.status === 'closed' || o.status === 'expired')) throw BatchErrors.ORDER_NOT_LIVE();
      const employerIds = [...new Set([...orders.map((o) => o.employerId), ...(dto.employerIds ?? [])])];
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM employers WHERE id = ANY($1::int[])`, [
        employerIds,
      ]);
      if (n !== employerIds.length) throw BatchErrors.UNKNOWN_EMPLOYER();
      if (dto.courseId !== undefined) {
        const [c] = await m.query(`SELECT 1 FROM courses WHERE id = $1`, [dto.courseId]);
        if (!c) throw BatchErrors.UNKNOWN_COURSE();
      }
      await this.checkLeader(dto, m);
      const policy = await this.policy.inForce(today, actor.reach?.county ?? null, m);
      const kept = {
        asOf: today,
        'batches.departure_reminder_days_before': policy['batches.departure_reminder_days_before'],
        'batches.arrival_confirm_days': policy['batches.arrival_confirm_days'],
      };
      const batch = await m.save(
        DepartureBatch,
        m.create(DepartureBatch, {
          name: dto.name.trim(),
          destination: dto.destination.trim(),
          departureDate: dto.departureDate,
          meetingPoint: dto.meetingPoint.trim(),
          meetingTime: dto.meetingTime ?? null,
          transport: dto.transport,
          transportNote: dto.transportNote?.trim() || null,
          leaderUserId: dto.leaderUserId ?? null,
          leaderBrokerId: dto.leaderBrokerId ?? null,
          jobOrderIds: orderIds,
          employerIds,
          courseId: dto.courseId ?? null,
          job: dto.job?.trim() || null,
          monthlyWageFen: dto.monthlyWageFen ?? null,
          notes: dto.notes?.trim() || null,
          status: 'planned',
          policy: kept,
          createdBy: actor.username,
          createdById: actor.userId,
        }),
      );
      await this.audit.record({ entity: 'departure_batch', entityId: batch.id, action: 'create', after: batch }, m);
      const input: DepartureBatchInput = {
        batchId: batch.id,
        departureDate: batch.departureDate,
        reminderDaysBefore: kept['batches.departure_reminder_days_before'],
        arrivalConfirmDays: kept['batches.arrival_confirm_days'],
      };
      await this.processes.start(m, departureBatchProcess(batch.id), input);
      return batch.id;
    });
    return this.db.getRepository(DepartureBatch).findOneByOrFail({ id });
  }

  /** The leader is staff who may lead (caseworker or admin) or a broker not suspended. */
  private async checkLeader(dto: CreateDepartureBatchDto, m: EntityManager): Promise<void> {
    if (dto.leaderUserId !== undefined) {
      const [u] = await m.query(`SELECT role, active FROM users WHERE id = $1`, [dto.leaderUserId]);
      if (!u || !u.active || (u.role !== 'caseworker' && u.role !== 'admin')) throw BatchErrors.UNKNOWN_LEADER();
    } else {
      const [b] = await m.query(`SELECT status FROM brokers WHERE id = $1`, [dto.leaderBrokerId]);
      if (!b) throw BatchErrors.UNKNOWN_BROKER();
      if (b.status === 'suspended') throw BatchErrors.BROKER_SUSPENDED();
    }
  }

  /** The batch, locked for a change of its roster or status. */
  private async locked(m: EntityManager, id: number, actor: Actor): Promise<DepartureBatch> {
    const b = await m.findOne(DepartureBatch, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!b || !visibleTo(actor, b)) throw BatchErrors.NOT_FOUND();
    return b;
  }

  private static mustBePlanned(b: DepartureBatch): void {
    if (b.status === 'cancelled') throw BatchErrors.CANCELLED();
    if (b.status !== 'planned') throw BatchErrors.NOT_PLANNED();
  }

  /** 编入名单: an accepted candidate of one of the batch's orders, or a worker picked directly for one of its employers. */
  async addMember(id: number, dto: AddDepartureMemberDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const b = await this.locked(m, id, actor);
      DeparturesService.mustBePlanned(b);
      let member: Partial<DepartureBatchMember>;
      if (dto.proposalId !== undefined) {
        const [p] = await m.query(
          `SELECT p."workerId", p."brokerId", p.status, o.id AS "orderId", o."employerId", o.job, o."wageMinFen"
             FROM job_proposals p JOIN job_orders o ON o.id = p."orderId" WHERE p.id = $1`,
          [dto.proposalId],
        );
        if (!p || p.status !== 'accepted' || !b.jobOrderIds.includes(p.orderId))
          throw BatchErrors.PROPOSAL_NOT_ACCEPTED();
        member = {
          workerId: p.workerId,
          employerId: p.employerId,
          jobOrderId: p.orderId,
          proposalId: dto.proposalId,
          brokerId: p.brokerId,
          job: dto.job?.trim() || p.job,
          monthlyWageFen: dto.monthlyWageFen ?? b.monthlyWageFen ?? p.wageMinFen,
        };
      } else {
        if (dto.workerId === undefined) throw BatchErrors.UNKNOWN_WORKER();
        const [w] = await m.query(`SELECT 1 FROM workers WHERE id = $1`, [dto.workerId]);
        if (!w) throw BatchErrors.UNKNOWN_WORKER();
        const employerId = dto.employerId ?? (b.employerIds.length === 1 ? b.employerIds[0] : undefined);
        if (employerId === undefined || !b.employerIds.includes(employerId)) throw BatchErrors.EMPLOYER_NOT_IN_BATCH();
        // Picked for the employer of one of the batch's orders: the order's job, wage and count.
        const [o] = b.jobOrderIds.length
          ? await m.query(
              `SELECT id, job, "wageMinFen" FROM job_orders WHERE id = ANY($1::int[]) AND "employerId" = $2 ORDER BY id LIMIT 1`,
              [b.jobOrderIds, employerId],
            )
          : [];
        const job = dto.job?.trim() || b.job || o?.job;
        if (!job) throw BatchErrors.JOB_REQUIRED();
        const wage = dto.monthlyWageFen ?? b.monthlyWageFen ?? o?.wageMinFen;
        if (!wage) throw BatchErrors.WAGE_REQUIRED();
        member = { workerId: dto.workerId, employerId, job, monthlyWageFen: wage, jobOrderId: o?.id ?? null };
      }
      const workerId = member.workerId!;
      // Two batches adding one worker at once queue here, so the second sees the first's member.
      await m.query(`SELECT 1 FROM workers WHERE id = $1 FOR NO KEY UPDATE`, [workerId]);
      const [dup] = await m.query(
        `SELECT b.id, b.name FROM departure_batch_members x JOIN departure_batches b ON b.id = x."batchId"
          WHERE x."workerId" = $1 AND x.status = 'listed' AND b.status = 'planned' LIMIT 1`,
        [workerId],
      );
      if (dup)
        throw dup.id === id ? BatchErrors.MEMBER_EXISTS() : BatchErrors.MEMBER_IN_OTHER_BATCH({ batchName: dup.name });
      const open = await this.placements.openPlacementOf(workerId, m);
      if (open) throw BatchErrors.WORKER_EMPLOYED({ employer: open.employer.name, startDate: open.startDate });
      const fields = {
        ...member,
        emergencyName: dto.emergencyName.trim(),
        emergencyRelation: dto.emergencyRelation.trim(),
        emergencyPhone: dto.emergencyPhone,
        status: 'listed' as const,
        addedBy: actor.username,
      };
      // One who dropped out and is coming after all is listed again on their own row (one per worker and batch).
      const dropped = await m.findOneBy(DepartureBatchMember, { batchId: id, workerId, status: 'dropped' });
      if (dropped) {
        await m.update(
          DepartureBatchMember,
          { id: dropped.id },
          { ...fields, dropReason: null, dropNote: null, droppedOn: null },
        );
        const after = await m.findOneByOrFail(DepartureBatchMember, { id: dropped.id });
        await this.audit.record(
          {
            entity: 'departure_batch',
            entityId: id,
            action: 'member_added',
            before: { memberId: dropped.id, status: 'dropped', dropReason: dropped.dropReason },
            after,
          },
          m,
        );
        return;
      }
      let saved: DepartureBatchMember;
      try {
        saved = await m.save(DepartureBatchMember, m.create(DepartureBatchMember, { ...fields, batchId: id }));
      } catch (e) {
        if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505')
          throw BatchErrors.MEMBER_EXISTS();
        throw e;
      }
      await this.audit.record({ entity: 'departure_batch', entityId: id, action: 'member_added', after: saved }, m);
    });
    return this.get(id, actor);
  }

  /** 退出: a listed member drops out before departure, with the reason; they stay on the list as dropped. */
  async dropMember(id: number, memberId: number, dto: DropDepartureMemberDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const b = await this.locked(m, id, actor);
      DeparturesService.mustBePlanned(b);
      const member = await m.findOneBy(DepartureBatchMember, { id: memberId, batchId: id });
      if (!member) throw BatchErrors.MEMBER_NOT_FOUND();
      if (member.status !== 'listed') throw BatchErrors.MEMBER_NOT_LISTED();
      const note = dto.note?.trim() || null;
      const today = shanghaiToday();
      await m.update(
        DepartureBatchMember,
        { id: memberId },
        { status: 'dropped', dropReason: dto.reason, dropNote: note, droppedOn: today },
      );
      await this.audit.record(
        {
          entity: 'departure_batch',
          entityId: id,
          action: 'member_dropped',
          before: { memberId, workerId: member.workerId, status: 'listed' },
          after: {
            memberId,
            workerId: member.workerId,
            status: 'dropped',
            dropReason: dto.reason,
            dropNote: note,
            droppedOn: today,
          },
        },
        m,
      );
    });
    return this.get(id, actor);
  }

  /** 登记出发: who left (the others listed stayed behind); the process then waits for the arrival. */
  async recordDeparture(id: number, dto: RecordDepartureDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const b = await this.locked(m, id, actor);
      DeparturesService.mustBePlanned(b);
      const earliest = addDays(b.departureDate, -EARLY_DEPARTURE_DAYS);
      if (dto.departedOn < earliest) throw BatchErrors.DEPARTED_BEFORE_PLANNED({ departureDate: earliest });
      const listed = await m.findBy(DepartureBatchMember, { batchId: id, status: 'listed' });
      const ids = new Set(listed.map((x) => x.id));
      const stranger = dto.memberIds.find((x) => !ids.has(x));
      if (stranger !== undefined) throw BatchErrors.NOT_A_MEMBER({ memberId: stranger });
      if (!dto.memberIds.length) throw BatchErrors.NOBODY_LEFT();
      await m.query(
        `UPDATE departure_batch_members SET status = CASE WHEN id = ANY($2::int[]) THEN 'departed' ELSE 'stayed' END
          WHERE "batchId" = $1 AND status = 'listed'`,
        [id, dto.memberIds],
      );
      await m.query(
        `UPDATE departure_batches SET status = 'departed', "departedOn" = $2, "departedBy" = $3, version = version + 1, "updatedAt" = now()
          WHERE id = $1`,
        [id, dto.departedOn, actor.username],
      );
      await this.audit.record(
        {
          entity: 'departure_batch',
          entityId: id,
          action: 'departed',
          before: { status: 'planned' },
          after: {
            status: 'departed',
            departedOn: dto.departedOn,
            departed: dto.memberIds,
            stayed: listed.map((x) => x.id).filter((x) => !dto.memberIds.includes(x)),
          },
        },
        m,
      );
      await this.tasks.close(
        { subject: { type: 'departure_batch', id }, kinds: DEPARTURE_TASKS },
        `已于${dto.departedOn}出发`,
        m,
        actor,
      );
      await this.processes.signal(departureBatchProcess(id), batchDepartedSignal, { departedOn: dto.departedOn }, m);
    });
    return this.get(id, actor);
  }

  /**
   * 确认到达: who arrived, on what day; then each arrived member's placement is registered
   * (organised, with the batch), once: a member whose placement exists is skipped, so a retry
   * registers nothing twice.
   */
  async confirmArrival(id: number, dto: ConfirmArrivalDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const b = await this.locked(m, id, actor);
      if (b.status === 'cancelled') throw BatchErrors.CANCELLED();
      if (b.status === 'arrived') throw BatchErrors.ALREADY_ARRIVED();
      if (b.status !== 'departed') throw BatchErrors.NOT_DEPARTED();
      if (dto.arrivedOn < b.departedOn!) throw BatchErrors.ARRIVED_BEFORE_DEPARTURE({ departedOn: b.departedOn! });
      const left = await m.findBy(DepartureBatchMember, { batchId: id, status: 'departed' });
      const ids = new Set(left.map((x) => x.id));
      const stranger = dto.memberIds.find((x) => !ids.has(x));
      if (stranger !== undefined) throw BatchErrors.NOT_A_MEMBER({ memberId: stranger });
      if (!dto.memberIds.length) throw BatchErrors.NOBODY_ARRIVED();
      await m.query(
        `UPDATE departure_batch_members
            SET status = CASE WHEN id = ANY($2::int[]) THEN 'arrived' ELSE 'not_arrived' END,
                "arrivedOn" = CASE WHEN id = ANY($2::int[]) THEN $3::date END
          WHERE "batchId" = $1 AND status = 'departed'`,
        [id, dto.memberIds, dto.arrivedOn],
      );
      await m.query(
        `UPDATE departure_batches SET status = 'arrived', "arrivedOn" = $2, "arrivedBy" = $3, version = version + 1, "updatedAt" = now()
          WHERE id = $1`,
        [id, dto.arrivedOn, actor.username],
      );
      await this.audit.record(
        {
          entity: 'departure_batch',
          entityId: id,
          action: 'arrived',
          before: { status: 'departed' },
          after: {
            status: 'arrived',
            arrivedOn: dto.arrivedOn,
            arrived: dto.memberIds,
            notArrived: left.map((x) => x.id).filter((x) => !dto.memberIds.includes(x)),
          },
        },
        m,
      );
      await this.tasks.close(
        { subject: { type: 'departure_batch', id }, kinds: [...DEPARTURE_TASKS, ...ARRIVAL_TASKS] },
        `带队人已确认于${dto.arrivedOn}到达`,
        m,
        actor,
      );
      await this.processes.signal(departureBatchProcess(id), batchArrivedSignal, { arrivedOn: dto.arrivedOn }, m);
    });
    await this.registerArrivals(id, actor);
    return this.get(id, actor);
  }

  /**
   * The placements of the arrived members not registered yet, each in its own registration (one
   * refused — say the worker is still employed elsewhere — keeps its reason and leaves the others
   * registered). Retried on request; the unique (batch, worker) key keeps a race from registering twice.
   */
  async registerArrivals(id: number, actor: Actor): Promise<{ registered: number; pending: number }> {
    const b = await this.db.getRepository(DepartureBatch).findOneBy({ id });
    if (!b || !visibleTo(actor, b)) throw BatchErrors.NOT_FOUND();
    if (b.status !== 'arrived') throw BatchErrors.NOT_ARRIVED();
    const waiting = await this.db
      .getRepository(DepartureBatchMember)
      .createQueryBuilder('x')
      .where('x.batchId = :id AND x.status = :s AND x.placementId IS NULL', { id, s: 'arrived' })
      .orderBy('x.id')
      .getMany();
    // A broker leading the batch confirms; the placement is the caseworker's who made the batch.
    const registeredBy = actor.role === 'broker' ? b.createdBy : actor.username;
    let registered = 0;
    for (const x of waiting) {
      try {
        await this.placements.register(
          {
            workerId: x.workerId,
            employerId: x.employerId,
            ...(x.brokerId !== null ? { brokerId: x.brokerId } : {}),
            startDate: x.arrivedOn!,
            job: x.job,
            monthlyWageFen: x.monthlyWageFen,
            destination: b.destination,
            organised: true,
          },
          actor,
          { batchId: id, registeredBy, ...(x.jobOrderId !== null ? { jobOrderId: x.jobOrderId } : {}) },
        );
        registered++;
      } catch (e) {
        if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505') continue;
        // The arrival is recorded whatever happens here: an unexpected failure leaves the member to
        // be registered again from the page, with a reason, instead of failing the request.
        if (!(e instanceof DomainError)) this.log.error(e);
        const reason = e instanceof DomainError ? e.message : '登记就业时出错，请稍后点“重新登记”再试';
        // A registration running at the same time (the leader's and a caseworker's) may have
        // registered this member meanwhile; its placement wins over this attempt's refusal.
        await this.db.query(
          `UPDATE departure_batch_members SET "registrationError" = $2 WHERE id = $1 AND "placementId" IS NULL`,
          [x.id, reason],
        );
      }
    }
    const [{ pending }] = await this.db.query(
      `SELECT count(*)::int AS pending FROM departure_batch_members WHERE "batchId" = $1 AND status = 'arrived' AND "placementId" IS NULL`,
      [id],
    );
    return { registered, pending };
  }

  async cancel(id: number, dto: CancelDepartureBatchDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const b = await this.locked(m, id, actor);
      DeparturesService.mustBePlanned(b);
      const reason = dto.reason.trim();
      await m.query(
        `UPDATE departure_batches SET status = 'cancelled', "cancelledReason" = $2, version = version + 1, "updatedAt" = now() WHERE id = $1`,
        [id, reason],
      );
      await this.audit.record(
        {
          entity: 'departure_batch',
          entityId: id,
          action: 'cancelled',
          before: { status: 'planned' },
          after: { status: 'cancelled', reason },
        },
        m,
      );
      await this.tasks.close({ subject: { type: 'departure_batch', id } }, `批次已取消：${reason}`, m, actor);
      await this.processes.signal(departureBatchProcess(id), batchCancelledSignal, { reason }, m);
    });
    return this.get(id, actor);
  }

  async list(
    q: DepartureBatchListQuery,
    actor: Actor,
  ): Promise<Page<DepartureBatch & { leaderName: string; members: number }>> {
    const qb = this.db.getRepository(DepartureBatch).createQueryBuilder('b');
    if (actor.role === 'broker') qb.andWhere('b.leaderBrokerId = :own', { own: actor.brokerId ?? -1 });
    if (q.status) qb.andWhere('b.status = :status', { status: q.status });
    if (q.from) qb.andWhere('b.departureDate >= :from', { from: q.from });
    if (q.jobOrderId) qb.andWhere(':o = ANY(b.jobOrderIds)', { o: q.jobOrderId });
    if (q.q) qb.andWhere('(b.name ILIKE :t OR b.destination ILIKE :t)', { t: `%${q.q.trim()}%` });
    qb.orderBy('b.departureDate', q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('b.id', 'DESC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const leaders = await this.leaders(rows);
    const counts: { batchId: number; n: number }[] = rows.length
      ? await this.db.query(
          `SELECT "batchId", count(*)::int AS n FROM departure_batch_members
            WHERE "batchId" = ANY($1::int[]) AND status <> 'dropped' GROUP BY 1`,
          [rows.map((r) => r.id)],
        )
      : [];
    return {
      items: rows.map((r) => ({
        ...r,
        leaderName: leaders.get(r.id)?.name ?? '—',
        members: counts.find((c) => c.batchId === r.id)?.n ?? 0,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Each batch's leader by name (a user's 姓名 or the broker's name), with a phone to reach them. */
  private async leaders(rows: DepartureBatch[]): Promise<Map<number, BatchLeader>> {
    const people = await this.users.people(
      [],
      rows.map((r) => r.leaderUserId),
    );
    const brokerIds = rows.map((r) => r.leaderBrokerId).filter((x): x is number => x !== null);
    const brokers: { id: number; name: string; phone: string }[] = brokerIds.length
      ? await this.db.query(`SELECT id, name, phone FROM brokers WHERE id = ANY($1::int[])`, [brokerIds])
      : [];
    const out = new Map<number, BatchLeader>();
    for (const r of rows) {
      if (r.leaderUserId !== null) {
        const p = people.byUserId(r.leaderUserId);
        out.set(r.id, { kind: 'user', id: r.leaderUserId, name: p?.name ?? '—', phone: p?.phone ?? null });
      } else {
        const br = brokers.find((x) => x.id === r.leaderBrokerId);
        out.set(r.id, { kind: 'broker', id: r.leaderBrokerId!, name: br?.name ?? '—', phone: br?.phone ?? null });
      }
    }
    return out;
  }

  /** One batch with its orders, employers, course, leader and every member (the roster). */
  async get(id: number, actor: Actor) {
    const b = await this.db.getRepository(DepartureBatch).findOneBy({ id });
    if (!b || !visibleTo(actor, b)) throw BatchErrors.NOT_FOUND();
    const full = seesFullPersonalData(actor);
    const members: BatchMemberItem[] = (
      await this.db.query(
        `SELECT x.id, x."workerId", w.name AS "workerName", w.sex, w."citizenId", w.phone, w.township,
                x."employerId", e.name AS "employerName", x."jobOrderId", x."proposalId", x.job, x."monthlyWageFen",
                x."emergencyName", x."emergencyRelation", x."emergencyPhone", x.status, x."dropReason", x."dropNote",
                to_char(x."droppedOn", 'YYYY-MM-DD') AS "droppedOn", to_char(x."arrivedOn", 'YYYY-MM-DD') AS "arrivedOn",
                x."placementId", x."registrationError"
           FROM departure_batch_members x JOIN workers w ON w.id = x."workerId" JOIN employers e ON e.id = x."employerId"
          WHERE x."batchId" = $1 ORDER BY x.id`,
        [id],
      )
    ).map((x: BatchMemberItem) => ({
      ...x,
      citizenId: maskCitizenId(x.citizenId),
      phone: full ? x.phone : maskPhone(x.phone),
      emergencyPhone: full ? x.emergencyPhone : maskPhone(x.emergencyPhone),
    }));
    const orders: { id: number; job: string; employerName: string; headcount: number; status: string }[] = b.jobOrderIds
      .length
      ? await this.db.query(
          `SELECT o.id, o.job, e.name AS "employerName", o.headcount, o.status FROM job_orders o
             JOIN employers e ON e.id = o."employerId" WHERE o.id = ANY($1::int[]) ORDER BY o.id`,
          [b.jobOrderIds],
        )
      : [];
    const employers: { id: number; name: string }[] = await this.db.query(
      `SELECT id, name FROM employers WHERE id = ANY($1::int[]) ORDER BY id`,
      [b.employerIds],
    );
    const [course] = b.courseId
      ? await this.db.query(
          `SELECT id, name, to_char("startDate", 'YYYY-MM-DD') AS "startDate", to_char("endDate", 'YYYY-MM-DD') AS "endDate"
             FROM courses WHERE id = $1`,
          [b.courseId],
        )
      : [null];
    const leader = (await this.leaders([b])).get(b.id)!;
    const people = await this.users.people([b.createdBy, b.departedBy, b.arrivedBy]);
    const count = (s: MemberStatus) => members.filter((x) => x.status === s).length;
    return {
      ...b,
      leader,
      createdByName: people.name(b.createdBy),
      departedByName: people.name(b.departedBy) ?? null,
      arrivedByName: people.name(b.arrivedBy) ?? null,
      orders,
      employers,
      course: course ?? null,
      members,
      counts: {
        listed: count('listed'),
        dropped: count('dropped'),
        departed: count('departed') + count('arrived') + count('not_arrived'),
        stayed: count('stayed'),
        arrived: count('arrived'),
        notArrived: count('not_arrived'),
        registered: members.filter((x) => x.placementId !== null).length,
      },
    };
  }

  /** The accepted candidates of the batch's orders not yet on any planned batch: whom the roster may take. */
  async candidates(id: number, actor: Actor) {
    const b = await this.db.getRepository(DepartureBatch).findOneBy({ id });
    if (!b || !visibleTo(actor, b)) throw BatchErrors.NOT_FOUND();
    if (!b.jobOrderIds.length) return [];
    return this.db.query(
      `SELECT p.id AS "proposalId", p."workerId", w.name AS "workerName", w.township, o.id AS "orderId", o.job,
              e.name AS "employerName"
         FROM job_proposals p JOIN job_orders o ON o.id = p."orderId" JOIN workers w ON w.id = p."workerId"
         JOIN employers e ON e.id = o."employerId"
        WHERE p."orderId" = ANY($1::int[]) AND p.status = 'accepted'
          AND NOT EXISTS (SELECT 1 FROM departure_batch_members x JOIN departure_batches b ON b.id = x."batchId"
                           WHERE x."workerId" = p."workerId" AND x.status = 'listed' AND b.status = 'planned')
        ORDER BY p.id`,
      [b.jobOrderIds],
    ) as Promise<
      {
        proposalId: number;
        workerId: number;
        workerName: string;
        township: string;
        orderId: number;
        job: string;
        employerName: string;
      }[]
    >;
  }

  /** The batch of a placement, for its page. */
  async ofPlacement(placementId: number): Promise<{ id: number; name: string; departureDate: string } | null> {
    const [b] = await this.db.query(
      `SELECT b.id, b.name, to_char(b."departureDate", 'YYYY-MM-DD') AS "departureDate"
         FROM placements p JOIN departure_batches b ON b.id = p."batchId" WHERE p.id = $1`,
      [placementId],
    );
    return b ?? null;
  }
}
