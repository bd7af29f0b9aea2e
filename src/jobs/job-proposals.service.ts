import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { shanghaiToday } from '../common/dates.js';
import { DomainEventBus } from '../common/events.js';
import { LABELS } from '../common/labels.js';
import { offsetOf, type Page } from '../common/paging.js';
import type { Actor } from '../common/request-context.js';
import { returnedRows } from '../common/sql.js';
import { parseCitizenId } from '../identity/citizen-id.js';
import type {} from '../placements/placement-events.js';
import { PlacementsService } from '../placements/placements.service.js';
import { Broker } from '../registry/broker.entity.js';
import { BrokerErrors, WorkerErrors } from '../registry/registry.errors.js';
import { RegistryService } from '../registry/registry.service.js';
import { Worker } from '../registry/worker.entity.js';
import { JobOrder, LIVE_JOB_ORDER_STATUSES } from './job-order.entity.js';
import { JobProposal } from './job-proposal.entity.js';
import type { AnswerProposalDto, ProposalListQuery, ProposeDto, StartProposalDto } from './jobs.dto.js';
import { JobOrderErrors, JobProposalErrors } from './jobs.errors.js';
import { JobOrdersService } from './job-orders.service.js';
import { type Candidate, type CandidateRow, ineligibility, ranked, rate } from './matching.js';

/** How many candidates one list shows: the best of them, priority groups first. */
const CANDIDATES_SHOWN = 50;

export type ProposalItem = JobProposal & {
  workerName: string;
  township: string;
  job: string;
  employerName: string;
  brokerName: string | null;
  proposedByName: string | null;
  answeredByName: string | null;
};

/**
 * 职业介绍: candidates for an order ranked by fit, priority groups first; a proposal per worker and
 * order (never two); the employer's answer; and, for an accepted one (用工意向), the start, which
 * registers the placement by the placements' own path with the order, broker and organised carried
 * over, so the contract deadline and the broker's referral start as for any placement.
 */
@Injectable()
export class JobProposalsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly orders: JobOrdersService,
    private readonly placements: PlacementsService,
    private readonly registry: RegistryService,
    private readonly users: UserDirectory,
    private readonly events: DomainEventBus,
  ) {}

  /** A placement that came through an order counts on it, and its proposal has started: in the registration's transaction. */
  onModuleInit(): void {
    this.events.on('placement.registered', async ({ placement }, m) => {
      if (placement.jobOrderId === null) return;
      const started = returnedRows<{ id: number }>(
        await m.query(
          `UPDATE job_proposals SET status = 'started', "placementId" = $3, version = version + 1, "updatedAt" = now()
            WHERE "orderId" = $1 AND "workerId" = $2 AND status = 'accepted' RETURNING id`,
          [placement.jobOrderId, placement.workerId, placement.id],
        ),
      );
      for (const p of started)
        await this.audit.record(
          {
            entity: 'job_proposal',
            entityId: p.id,
            action: 'status_changed',
            before: { status: 'accepted' },
            after: { status: 'started', placementId: placement.id },
          },
          m,
        );
      const [order] = returnedRows<{ filled: number; headcount: number; status: string; before: string }>(
        await m.query(
          `UPDATE job_orders o SET filled = o.filled + 1,
                  status = CASE WHEN o.filled + 1 >= o.headcount THEN 'filled' ELSE 'partly_filled' END,
                  version = o.version + 1, "updatedAt" = now()
             FROM job_orders old WHERE o.id = $1 AND old.id = o.id AND o.status IN ('open', 'partly_filled')
           RETURNING o.filled, o.headcount, o.status, old.status AS before`,
          [placement.jobOrderId],
        ),
      );
      if (order && order.status !== order.before)
        await this.audit.record(
          {
            entity: 'job_order',
            entityId: placement.jobOrderId,
            action: 'status_changed',
            before: { status: order.before },
            after: { status: order.status, filled: order.filled, placementId: placement.id },
          },
          m,
        );
    });
  }

  /** The order's candidates: registered seekers of its county who may take it, best first, each with why. */
  async candidates(
    orderId: number,
  ): Promise<{ orderId: number; items: Candidate[]; considered: number; notEligible: number }> {
    const order = await this.orders.find(orderId);
    const rows: CandidateRow[] = await this.db.query(
      `SELECT s.id AS "seekerId", w.id AS "workerId", w.name, w.township, w.sex,
              to_char(w."birthDate", 'YYYY-MM-DD') AS "birthDate", w.categories, w.skills, s.jobs, s.destinations,
              s."expectedWageFen", to_char(s."availableFrom", 'YYYY-MM-DD') AS "availableFrom", s."wantsTraining",
              EXISTS (SELECT 1 FROM household_members hm JOIN households h ON h.id = hm."householdId"
                       WHERE hm."workerId" = w.id AND h.status = 'zero_employment') AS "zeroEmploymentHousehold"
         FROM job_seekers s JOIN workers w ON w.id = s."workerId"
        WHERE s."withdrawnOn" IS NULL AND s."validUntil" >= $2 AND w."countyId" = $3
          AND NOT EXISTS (SELECT 1 FROM job_proposals p WHERE p."orderId" = $1 AND p."workerId" = w.id)
          AND NOT EXISTS (SELECT 1 FROM placements pl WHERE pl."workerId" = w.id AND pl.status <> 'ended')`,
      [order.id, shanghaiToday(), order.countyId],
    );
    const eligible = rows.filter((r) => ineligibility(order, r) === null);
    return {
      orderId: order.id,
      items: ranked(eligible.map((r) => rate(order, r))).slice(0, CANDIDATES_SHOWN),
      considered: rows.length,
      notEligible: rows.length - eligible.length,
    };
  }

  /**
   * Proposes a worker for the order. Staff name the worker (and the broker who brought them, if
   * any); a broker names the worker they bring by ID number, and the proposal is theirs.
   */
  async propose(orderId: number, dto: ProposeDto, actor: Actor): Promise<ProposalItem> {
    const today = shanghaiToday();
    let brokerId = dto.brokerId ?? null;
    if (actor.role === 'broker') {
      if (!dto.citizenId) throw JobProposalErrors.CITIZEN_ID_REQUIRED();
      brokerId = actor.brokerId ?? null;
      if (brokerId === null) throw BrokerErrors.UNKNOWN();
    } else if (dto.workerId === undefined && dto.citizenId === undefined) throw JobProposalErrors.WORKER_REQUIRED();
    try {
      const id = await this.db.transaction(async (m) => {
        const order = await m.findOne(JobOrder, { where: { id: orderId }, lock: { mode: 'for_no_key_update' } });
        if (!order) throw JobOrderErrors.NOT_FOUND();
        if (!LIVE_JOB_ORDER_STATUSES.includes(order.status)) throw JobProposalErrors.ORDER_NOT_LIVE();
        const worker = await this.#worker(dto, actor, m);
        if (brokerId !== null) {
          const broker = await m.findOneBy(Broker, { id: brokerId });
          if (!broker) throw BrokerErrors.UNKNOWN();
          const status = await this.registry.brokerStatusOn(broker.id, today, m);
          if (broker.status === 'suspended' || status === 'suspended') throw JobProposalErrors.BROKER_NOT_ACTIVE();
        }
        const [earlier] = await m.query(`SELECT id FROM job_proposals WHERE "orderId" = $1 AND "workerId" = $2`, [
          order.id,
          worker.id,
        ]);
        if (earlier) throw JobProposalErrors.ALREADY_PROPOSED({ existingId: earlier.id });
        const open = await this.placements.openPlacementOf(worker.id, m);
        if (open) throw JobProposalErrors.WORKER_PLACED({ placementId: open.id });
        const why = ineligibility(order, worker);
        if (why) throw JobProposalErrors.NOT_ELIGIBLE({ why });
        const [seeker] = await m.query(
          `SELECT s.id, s.jobs, s.destinations, s."expectedWageFen", to_char(s."availableFrom", 'YYYY-MM-DD') AS "availableFrom", s."wantsTraining"
             FROM job_seekers s WHERE s."workerId" = $1 AND s."withdrawnOn" IS NULL AND s."validUntil" >= $2`,
          [worker.id, today],
        );
        const [{ zero }] = await m.query(
          `SELECT EXISTS (SELECT 1 FROM household_members hm JOIN households h ON h.id = hm."householdId"
                           WHERE hm."workerId" = $1 AND h.status = 'zero_employment') AS zero`,
          [worker.id],
        );
        const fit = rate(order, {
          seekerId: seeker?.id ?? 0,
          workerId: worker.id,
          name: worker.name,
          township: worker.township,
          sex: worker.sex,
          birthDate: worker.birthDate,
          categories: worker.categories,
          skills: worker.skills ?? [],
          jobs: seeker?.jobs ?? [],
          destinations: seeker?.destinations ?? [],
          expectedWageFen: seeker?.expectedWageFen ?? null,
          availableFrom: seeker?.availableFrom ?? today,
          wantsTraining: seeker?.wantsTraining ?? false,
          zeroEmploymentHousehold: zero,
        });
        const proposal = await m.save(
          JobProposal,
          m.create(JobProposal, {
            orderId: order.id,
            workerId: worker.id,
            seekerId: seeker?.id ?? null,
            brokerId,
            priority: fit.priority,
            categories: worker.categories,
            reasons: seeker ? fit.reasons : ['未做求职登记', ...fit.reasons.filter((r) => r.startsWith('优先'))],
            status: 'proposed',
            proposedOn: today,
            proposedBy: actor.username,
          }),
        );
        await this.audit.record(
          { entity: 'job_proposal', entityId: proposal.id, action: 'create', after: proposal },
          m,
        );
        return proposal.id;
      });
      return this.get(id, actor);
    } catch (e) {
      if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505') {
        const [earlier] = await this.db.query(`SELECT id FROM job_proposals WHERE "orderId" = $1 AND "workerId" = $2`, [
          orderId,
          dto.workerId ?? 0,
        ]);
        if (earlier) throw JobProposalErrors.ALREADY_PROPOSED({ existingId: earlier.id });
      }
      throw e;
    }
  }

  async #worker(dto: ProposeDto, actor: Actor, m: EntityManager): Promise<Worker> {
    let worker: Worker | null = null;
    if (dto.citizenId !== undefined && (actor.role === 'broker' || dto.workerId === undefined)) {
      const id = parseCitizenId(dto.citizenId);
      if (id.ok) worker = await m.findOneBy(Worker, { citizenId: id.id });
      if (!worker) throw WorkerErrors.UNKNOWN().at('citizenId');
    } else {
      worker = await m.findOneBy(Worker, { id: dto.workerId! });
      if (!worker) throw WorkerErrors.UNKNOWN();
    }
    return worker;
  }

  /** The employer's answer, recorded by staff: accepted (a 用工意向) or refused with its reason. */
  async answer(id: number, dto: AnswerProposalDto, actor: Actor): Promise<ProposalItem> {
    const today = shanghaiToday();
    const reason = dto.reason?.trim() ?? '';
    if (!dto.accepted && reason.length < 2) throw JobProposalErrors.REFUSAL_REASON();
    await this.db.transaction(async (m) => {
      const p = await m.findOneBy(JobProposal, { id });
      if (!p) throw JobProposalErrors.NOT_FOUND();
      if (p.status !== 'proposed') throw JobProposalErrors.ANSWERED({ status: LABELS.jobProposalStatus[p.status] });
      const status = dto.accepted ? 'accepted' : 'refused';
      const r = await m.query(
        `UPDATE job_proposals SET status = $2, "answeredOn" = $3, "answeredBy" = $4, "refusalReason" = $5,
                version = version + 1, "updatedAt" = now() WHERE id = $1 AND status = 'proposed' RETURNING id`,
        [id, status, today, actor.username, dto.accepted ? null : reason],
      );
      if (!returnedRows(r).length) throw JobProposalErrors.ANSWERED({ status: '已答复' });
      await this.audit.record(
        {
          entity: 'job_proposal',
          entityId: id,
          action: 'answer',
          before: { status: 'proposed' },
          after: { status, answeredOn: today, ...(dto.accepted ? {} : { reason }) },
          actor,
        },
        m,
      );
    });
    return this.get(id, actor);
  }

  /**
   * The accepted worker started: the placement is registered through the placements' own path
   * (its contract deadline, and the broker's 80-yuan referral when a broker brought the worker),
   * and counted on the order in the same transaction (the listener above).
   */
  async start(id: number, dto: StartProposalDto, actor: Actor): Promise<ProposalItem> {
    const p = await this.db.getRepository(JobProposal).findOne({ where: { id }, relations: { order: true } });
    if (!p) throw JobProposalErrors.NOT_FOUND();
    if (p.status !== 'accepted') throw JobProposalErrors.NOT_ACCEPTED();
    const order = p.order!;
    if (order.status === 'filled') throw JobProposalErrors.ORDER_FULL({ headcount: order.headcount });
    if (!LIVE_JOB_ORDER_STATUSES.includes(order.status)) throw JobProposalErrors.ORDER_NOT_LIVE();
    await this.placements.register(
      {
        workerId: p.workerId,
        employerId: order.employerId,
        ...(p.brokerId !== null ? { brokerId: p.brokerId } : {}),
        startDate: dto.startDate,
        job: order.job,
        monthlyWageFen: dto.monthlyWageFen,
        destination: order.destination,
        organised: dto.organised ?? true,
      },
      actor,
      { jobOrderId: order.id },
    );
    return this.get(id, actor);
  }

  async list(q: ProposalListQuery, actor: Actor): Promise<Page<ProposalItem>> {
    const qb = this.db
      .getRepository(JobProposal)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.order', 'o')
      .innerJoinAndSelect('p.worker', 'w')
      .innerJoinAndSelect('o.employer', 'e');
    // A broker sees their own proposals and nothing else.
    if (actor.role === 'broker') qb.andWhere('p.brokerId = :own', { own: actor.brokerId ?? -1 });
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.orderId) qb.andWhere('p.orderId = :orderId', { orderId: q.orderId });
    qb.orderBy('p.id', q.order === 'asc' ? 'ASC' : 'DESC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.items(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: number, actor: Actor): Promise<ProposalItem> {
    const p = await this.db.getRepository(JobProposal).findOne({
      where: { id },
      relations: { order: { employer: true }, worker: true },
    });
    if (!p || (actor.role === 'broker' && (actor.brokerId == null || p.brokerId !== actor.brokerId)))
      throw JobProposalErrors.NOT_FOUND();
    return (await this.items([p]))[0];
  }

  async items(rows: JobProposal[]): Promise<ProposalItem[]> {
    const people = await this.users.people(rows.flatMap((r) => [r.proposedBy, r.answeredBy]));
    const brokerIds = [...new Set(rows.map((r) => r.brokerId).filter((b): b is number => b !== null))];
    const brokers = new Map<number, string>(
      brokerIds.length
        ? (await this.db.query(`SELECT id, name FROM brokers WHERE id = ANY($1)`, [brokerIds])).map(
            (b: { id: number; name: string }) => [b.id, b.name],
          )
        : [],
    );
    return rows.map(({ order, worker, ...p }) => ({
      ...p,
      workerName: worker!.name,
      township: worker!.township,
      job: order!.job,
      employerName: order!.employer?.name ?? '',
      brokerName: p.brokerId === null ? null : (brokers.get(p.brokerId) ?? null),
      proposedByName: people.name(p.proposedBy),
      answeredByName: people.name(p.answeredBy),
    })) as ProposalItem[];
  }
}
