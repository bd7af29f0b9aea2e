import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { addDays, shanghaiToday } from '../common/dates.js';
import { offsetOf, type Page } from '../common/paging.js';
import type { Actor } from '../common/request-context.js';
import { returnedRows } from '../common/sql.js';
import { ageOn } from '../identity/citizen-id.js';
import { PolicyService } from '../policy/policy.service.js';
import { WorkerErrors } from '../registry/registry.errors.js';
import { Worker, type WorkerCategory } from '../registry/worker.entity.js';
import { JobSeeker, type JobSeekerSource, type JobSeekerStatus, seekerStatus } from './job-seeker.entity.js';
import type { JobSeekerListQuery, RegisterJobSeekerDto, WithdrawJobSeekerDto } from './jobs.dto.js';
import { JobSeekerErrors } from './jobs.errors.js';

/** A registration as staff read it: the worker's name, township, age and groups beside it, its status for today. */
export type JobSeekerItem = JobSeeker & {
  status: JobSeekerStatus;
  workerName: string;
  township: string;
  sex: 'male' | 'female';
  age: number;
  categories: WorkerCategory[];
  registeredByName: string | null;
};

/** A registration as the window's form or a ledger row gives it (a ledger import marks its own source). */
export type NewJobSeeker = Omit<RegisterJobSeekerDto, 'source'> & { source: JobSeekerSource };

/** The ledger row a registration came from, kept in its audit line. */
export interface SeekerImportSource {
  importId: number;
  rowNo: number;
}

const trimmed = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];

/** 求职登记: a worker's wish for work, registered, renewed for another policy period, or withdrawn. */
@Injectable()
export class JobSeekersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly users: UserDirectory,
  ) {}

  /**
   * A new registration. `replacesLapsed` (a ledger row with a new wish) withdraws that lapsed
   * registration in the same transaction, so the worker is never left with neither.
   */
  async register(
    dto: NewJobSeeker,
    actor: Actor,
    from?: SeekerImportSource,
    replacesLapsed?: { id: number; reason: string },
  ): Promise<JobSeekerItem> {
    const today = shanghaiToday();
    if (dto.availableFrom > addDays(today, 366)) throw JobSeekerErrors.AVAILABLE_TOO_LATE();
    try {
      const id = await this.db.transaction(async (m) => {
        // Registrations of one worker queue on the worker's row: two at once cannot both find none.
        const worker = await m.findOne(Worker, { where: { id: dto.workerId }, lock: { mode: 'for_no_key_update' } });
        if (!worker) throw WorkerErrors.UNKNOWN();
        const existing = await m.findOneBy(JobSeeker, { workerId: worker.id, withdrawnOn: IsNull() });
        if (existing && replacesLapsed?.id === existing.id && seekerStatus(existing, today) === 'lapsed') {
          await m.query(
            `UPDATE job_seekers SET "withdrawnOn" = $2, "withdrawnReason" = $3, version = version + 1, "updatedAt" = now() WHERE id = $1`,
            [existing.id, today, replacesLapsed.reason],
          );
          await this.audit.record(
            {
              entity: 'job_seeker',
              entityId: existing.id,
              action: 'withdraw',
              before: { status: 'lapsed' },
              after: {
                status: 'withdrawn',
                withdrawnOn: today,
                reason: replacesLapsed.reason,
                ...(from ? { imported: from } : {}),
              },
              actor,
            },
            m,
          );
        } else if (existing)
          throw JobSeekerErrors.EXISTS({
            seekerId: existing.id,
            validUntil: existing.validUntil,
            existingId: existing.id,
          });
        const policy = await this.policy.inForce(today, worker.countyId, m);
        const seeker = await m.save(
          JobSeeker,
          m.create(JobSeeker, {
            workerId: worker.id,
            jobs: trimmed(dto.jobs),
            destinations: trimmed(dto.destinations),
            expectedWageFen: dto.expectedWageFen ?? null,
            availableFrom: dto.availableFrom,
            wantsTraining: dto.wantsTraining,
            source: dto.source,
            registeredOn: today,
            validUntil: addDays(today, policy['jobs.seeker_valid_days']),
            notes: dto.notes?.trim() || null,
            registeredBy: actor.username,
          }),
        );
        await this.audit.record(
          {
            entity: 'job_seeker',
            entityId: seeker.id,
            action: 'create',
            after: from ? { ...seeker, imported: from } : seeker,
            actor,
          },
          m,
        );
        return seeker.id;
      });
      return this.get(id);
    } catch (e) {
      // The partial unique index: another registration of the worker committed first.
      if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505') {
        const [other] = await this.db.query(
          `SELECT id, to_char("validUntil", 'YYYY-MM-DD') AS "validUntil" FROM job_seekers WHERE "workerId" = $1 AND "withdrawnOn" IS NULL`,
          [dto.workerId],
        );
        if (other)
          throw JobSeekerErrors.EXISTS({ seekerId: other.id, validUntil: other.validUntil, existingId: other.id });
      }
      throw e;
    }
  }

  async list(q: JobSeekerListQuery): Promise<Page<JobSeekerItem>> {
    const today = shanghaiToday();
    const qb = this.db.getRepository(JobSeeker).createQueryBuilder('s').innerJoinAndSelect('s.worker', 'w');
    if (q.status === 'withdrawn') qb.andWhere('s.withdrawnOn IS NOT NULL');
    else if (q.status === 'active') qb.andWhere('s.withdrawnOn IS NULL AND s.validUntil >= :today', { today });
    else if (q.status === 'lapsed') qb.andWhere('s.withdrawnOn IS NULL AND s.validUntil < :today', { today });
    if (q.township) qb.andWhere('w.township = :township', { township: q.township.trim() });
    if (q.workerId) qb.andWhere('s.workerId = :workerId', { workerId: q.workerId });
    if (q.q) {
      const t = `%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(`(w.name ILIKE :t OR array_to_string(s.jobs, ' ') ILIKE :t)`, { t });
    }
    qb.orderBy('s.id', q.order === 'asc' ? 'ASC' : 'DESC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.items(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: number): Promise<JobSeekerItem> {
    const s = await this.db.getRepository(JobSeeker).findOne({ where: { id }, relations: { worker: true } });
    if (!s) throw JobSeekerErrors.NOT_FOUND();
    return (await this.items([s]))[0];
  }

  /** Another policy period from today, for a registration still standing or lapsed (not one withdrawn). */
  async renew(id: number, actor: Actor, from?: SeekerImportSource): Promise<JobSeekerItem> {
    const today = shanghaiToday();
    await this.db.transaction(async (m) => {
      const s = await m.findOneBy(JobSeeker, { id });
      if (!s) throw JobSeekerErrors.NOT_FOUND();
      if (s.withdrawnOn) throw JobSeekerErrors.WITHDRAWN();
      const policy = await this.policy.inForce(today, s.countyId, m);
      const validUntil = addDays(today, policy['jobs.seeker_valid_days']);
      const r = await m.query(
        `UPDATE job_seekers SET "validUntil" = $2, version = version + 1, "updatedAt" = now() WHERE id = $1 AND version = $3 RETURNING id`,
        [id, validUntil, s.version],
      );
      if (!returnedRows(r).length) throw JobSeekerErrors.CHANGED();
      await this.audit.record(
        {
          entity: 'job_seeker',
          entityId: id,
          action: 'renew',
          before: { validUntil: s.validUntil, status: seekerStatus(s, today) },
          after: { validUntil, ...(from ? { imported: from } : {}) },
          actor,
        },
        m,
      );
    });
    return this.get(id);
  }

  async withdraw(
    id: number,
    dto: WithdrawJobSeekerDto,
    actor: Actor,
    from?: SeekerImportSource,
  ): Promise<JobSeekerItem> {
    const today = shanghaiToday();
    await this.db.transaction(async (m) => {
      const s = await m.findOneBy(JobSeeker, { id });
      if (!s) throw JobSeekerErrors.NOT_FOUND();
      if (s.withdrawnOn) throw JobSeekerErrors.WITHDRAWN();
      const r = await m.query(
        `UPDATE job_seekers SET "withdrawnOn" = $2, "withdrawnReason" = $3, version = version + 1, "updatedAt" = now()
          WHERE id = $1 AND "withdrawnOn" IS NULL RETURNING id`,
        [id, today, dto.reason.trim()],
      );
      if (!returnedRows(r).length) throw JobSeekerErrors.CHANGED();
      await this.audit.record(
        {
          entity: 'job_seeker',
          entityId: id,
          action: 'withdraw',
          before: { status: seekerStatus(s, today) },
          after: {
            status: 'withdrawn',
            withdrawnOn: today,
            reason: dto.reason.trim(),
            ...(from ? { imported: from } : {}),
          },
          actor,
        },
        m,
      );
    });
    return this.get(id);
  }

  async items(rows: JobSeeker[]): Promise<JobSeekerItem[]> {
    const today = shanghaiToday();
    const people = await this.users.people(rows.map((r) => r.registeredBy));
    return rows.map(({ worker, ...s }) => ({
      ...s,
      status: seekerStatus(s, today),
      workerName: worker!.name,
      township: worker!.township,
      sex: worker!.sex,
      age: ageOn(worker!.birthDate, today),
      categories: worker!.categories,
      registeredByName: people.name(s.registeredBy),
    })) as JobSeekerItem[];
  }
}
