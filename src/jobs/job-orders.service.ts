import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { addDays, shanghaiToday } from '../common/dates.js';
import { refused } from '../common/errors.js';
import { offsetOf, type Page } from '../common/paging.js';
import type { Actor } from '../common/request-context.js';
import { PolicyService } from '../policy/policy.service.js';
import { Employer } from '../registry/employer.entity.js';
import { EmployerErrors, TownshipErrors } from '../registry/registry.errors.js';
import { jobOrderProcess, Processes } from '../temporal/processes.js';
import { closeJobOrderUpdate, type JobOrderInput, type JobOrderState } from '../../workflows/definitions.js';
import { JobOrderRefusals } from '../../workflows/refusals.js';
import { JobOrder, LIVE_JOB_ORDER_STATUSES } from './job-order.entity.js';
import type { CloseJobOrderDto, CreateJobOrderDto, JobOrderListQuery } from './jobs.dto.js';
import { JobOrderErrors } from './jobs.errors.js';
import { withFiling } from '../common/filing.js';

/** An order with the names people read: its employer's and its taker's (by display name, never the login). */
export type JobOrderItem = JobOrder & { employerName: string; takenByName: string | null };

const trimmed = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];

/** 用工需求: taking an employer's order at the window, listing, reading and closing it. */
@Injectable()
export class JobOrdersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
    private readonly users: UserDirectory,
  ) {}

  /**
   * Takes the order and starts its process in one transaction (the process start goes through
   * the outbox), so a refused order starts nothing and an order's process can never run twice.
   */
  async create(dto: CreateJobOrderDto, actor: Actor): Promise<JobOrderItem> {
    const today = shanghaiToday();
    if (dto.wageMaxFen < dto.wageMinFen) throw JobOrderErrors.WAGE_RANGE();
    if (dto.ageMin !== undefined && dto.ageMax !== undefined && dto.ageMax < dto.ageMin)
      throw JobOrderErrors.AGE_RANGE();
    if (dto.endDate !== undefined && dto.endDate < dto.startDate) throw JobOrderErrors.END_BEFORE_START();
    if (dto.endDate !== undefined && dto.endDate < today) throw JobOrderErrors.ENDED_ALREADY();
    if (dto.startDate > addDays(today, 366)) throw JobOrderErrors.START_TOO_LATE();
    if (dto.sex !== undefined && !dto.sexReason?.trim()) throw JobOrderErrors.SEX_REASON();
    if (actor.userId == null) throw JobOrderErrors.PROCESS_REFUSED();
    const saved = await this.db.transaction(async (m) => {
      const employer = await m.findOneBy(Employer, { id: dto.employerId });
      if (!employer) throw EmployerErrors.UNKNOWN();
      const [{ countyId }] = await m.query(`SELECT "countyId" FROM employers WHERE id = $1`, [employer.id]);
      if (dto.township !== undefined) {
        const [t] = await m.query(`SELECT 1 FROM townships WHERE "countyId" = $1 AND name = $2`, [
          countyId,
          dto.township.trim(),
        ]);
        if (!t) throw TownshipErrors.UNKNOWN();
      }
      if (dto.agreement !== undefined) {
        const inForce =
          employer.agreementStart !== null &&
          employer.agreementStart <= dto.startDate &&
          (employer.agreementEnd === null || employer.agreementEnd >= dto.startDate);
        if (!inForce) throw JobOrderErrors.NO_AGREEMENT();
      }
      const policy = await this.policy.inForce(today, countyId, m);
      const order = await m.save(
        JobOrder,
        m.create(JobOrder, {
          employerId: employer.id,
          job: dto.job.trim(),
          headcount: dto.headcount,
          filled: 0,
          wageMinFen: dto.wageMinFen,
          wageMaxFen: dto.wageMaxFen,
          destination: dto.destination.trim(),
          township: dto.township?.trim() ?? null,
          startDate: dto.startDate,
          endDate: dto.endDate ?? null,
          ageMin: dto.ageMin ?? null,
          ageMax: dto.ageMax ?? null,
          sex: dto.sex ?? null,
          sexReason: dto.sex !== undefined ? dto.sexReason!.trim() : null,
          skills: trimmed(dto.skills),
          certificates: trimmed(dto.certificates),
          board: dto.board,
          lodging: dto.lodging,
          contactName: dto.contactName.trim(),
          contactPhone: dto.contactPhone,
          agreement: dto.agreement?.trim() ?? null,
          notes: dto.notes?.trim() || null,
          takenById: actor.userId!,
          status: 'open',
          policy: {
            asOf: today,
            'jobs.staffing_check_days_before': policy['jobs.staffing_check_days_before'],
            'jobs.staffing_min_percent': policy['jobs.staffing_min_percent'],
          },
        }),
      );
      await withFiling(m, JobOrder, order, ['countyId']);
      await this.audit.record({ entity: 'job_order', entityId: order.id, action: 'create', after: order }, m);
      const input: JobOrderInput = {
        orderId: order.id,
        startDate: order.startDate,
        endDate: order.endDate,
        staffingCheckDaysBefore: policy['jobs.staffing_check_days_before'],
      };
      await this.processes.start(m, jobOrderProcess(order.id), input);
      return Object.assign(order, { employer });
    });
    return (await this.items([saved]))[0];
  }

  async list(q: JobOrderListQuery): Promise<Page<JobOrderItem>> {
    const qb = this.db.getRepository(JobOrder).createQueryBuilder('o').innerJoinAndSelect('o.employer', 'e');
    if (q.status === 'live') qb.andWhere('o.status IN (:...live)', { live: LIVE_JOB_ORDER_STATUSES });
    else if (q.status) qb.andWhere('o.status = :status', { status: q.status });
    if (q.employerId) qb.andWhere('o.employerId = :employerId', { employerId: q.employerId });
    if (q.township) qb.andWhere('o.township = :township', { township: q.township.trim() });
    if (q.destination) qb.andWhere('o.destination ILIKE :d', { d: `%${likeText(q.destination)}%` });
    if (q.q) qb.andWhere('(o.job ILIKE :t OR e.name ILIKE :t)', { t: `%${likeText(q.q)}%` });
    qb.orderBy(`o.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('o.id', 'ASC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.items(rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** One order with its process' live state (when it is checked, when it expires), or why there is none. */
  async get(id: number): Promise<JobOrderItem & { process: JobOrderState | null; processError?: string }> {
    const order = await this.find(id);
    const [item] = await this.items([order]);
    const read = await this.processes.read(jobOrderProcess(id));
    if (read.state) return { ...item, process: read.state };
    return {
      ...item,
      process: null,
      processError:
        read.error === 'not_running' ? '该用工需求的流程已经结束' : '流程状态暂时读不到（流程引擎没有应答）',
    };
  }

  async find(id: number, m: EntityManager = this.db.manager): Promise<JobOrder> {
    const order = await m.findOne(JobOrder, { where: { id }, relations: { employer: true } });
    if (!order) throw JobOrderErrors.NOT_FOUND();
    return order;
  }

  /** Closes the order early; its process writes the status (and closes its tasks), so a refusal changes nothing. */
  async close(id: number, dto: CloseJobOrderDto, actor: Actor) {
    const order = await this.find(id);
    if (order.status === 'closed' || order.status === 'expired') throw refused(JobOrderRefusals.NOT_OPEN());
    await this.processes.update(
      jobOrderProcess(id),
      closeJobOrderUpdate,
      { byUserId: actor.userId, by: actor.username, reason: dto.reason.trim() },
      { refused: () => JobOrderErrors.PROCESS_REFUSED(), finished: () => JobOrderErrors.PROCESS_FINISHED() },
    );
    return this.get(id);
  }

  async items(rows: JobOrder[]): Promise<JobOrderItem[]> {
    const people = await this.users.people(
      [],
      rows.map((r) => r.takenById),
    );
    return rows.map(({ employer, ...o }) => ({
      ...o,
      employerName: employer?.name ?? '',
      takenByName: people.byUserId(o.takenById)?.name ?? null,
    })) as JobOrderItem[];
  }
}

/** Text for ILIKE, its wildcards taken literally. */
function likeText(s: string): string {
  return s.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
}
