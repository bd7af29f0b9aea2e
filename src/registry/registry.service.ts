import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { User } from '../auth/user.entity.js';
import type { DomainError } from '../common/errors.js';
import { label } from '../common/labels.js';
import { cappedCount, offsetOf, Page } from '../common/paging.js';
import { cursorPages, type Keyset } from '../common/xlsx-export.js';
import { shanghaiToday } from '../common/dates.js';
import { Broker, BrokerStatusChange } from './broker.entity.js';
import { Employer } from './employer.entity.js';
import { parseCitizenId, parseCreditCode, parsePhone } from '../identity/index.js';
import { maskAccount, maskPerson, seesFullPersonalData } from './masking.js';
import { payeeAccountOf } from './payee-account.js';
import { BrokerErrors, EmployerErrors, TownshipErrors, WorkerErrors } from './registry.errors.js';
import type {
  BrokerListQuery,
  ChangeBrokerStatusDto,
  CreateBrokerDto,
  CreateEmployerDto,
  CreateTownshipDto,
  CreateWorkerDto,
  UpdateTownshipDto,
  EmployerListQuery,
  UpdateBrokerDto,
  UpdateEmployerDto,
  UpdateWorkerDto,
  WorkerListQuery,
} from './registry.dto.js';
import { Township } from './township.entity.js';
import { Worker } from './worker.entity.js';
import { OfficesService } from '../offices/offices.service.js';
import { withFiling } from '../common/filing.js';

const isUniqueViolation = (e: unknown) =>
  e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505';
const ZERO_EMPLOYMENT_HOUSEHOLD = `EXISTS (SELECT 1 FROM household_members hm JOIN households h ON h.id = hm."householdId" WHERE hm."workerId" = w.id AND h.status = 'zero_employment')`;
/** An ILIKE pattern that finds `q` anywhere, its own % and _ taken literally. */
export const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/**
 * The condition that a row of `alias` matches `like(term)` (bound as :t). Under row-level
 * security ILIKE cannot use an index, so through the table's functions: for a term of three
 * characters or more `fn`, by the trigram index (migration SearchUnderRowSecurity); for one or
 * two, `shortFn` when the table has one, by the index of one- and two-character substrings
 * (ShortTermSearch). Both find what `fallback` (the plain ILIKE, which reads the rows) finds.
 */
export const matchesLike = (alias: string, fn: string, fallback: string, term: string, shortFn?: string) => {
  const length = [...term].length;
  if (length >= 3) return `${alias}.id IN (SELECT ${fn}(:t))`;
  return length > 0 && shortFn ? `${alias}.id IN (SELECT ${shortFn}(:t))` : fallback;
};

/** Workers, employers, brokers and townships: the people and organisations the processes refer to. */
@Injectable()
export class RegistryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly offices: OfficesService,
  ) {}

  // ---- townships ----
  listTownships(): Promise<Township[]> {
    return this.db.getRepository(Township).find({ order: { name: 'ASC' } });
  }

  /** A new township of the acting user's county (a city admin names the county). */
  async createTownship(dto: CreateTownshipDto): Promise<Township> {
    const countyId = await this.offices.countyForNewTownship(dto.countyId);
    return this.db.transaction(async (m) => {
      if (await m.findOneBy(Township, { name: dto.name, countyId })) throw TownshipErrors.EXISTS();
      const t = await m.save(
        Township,
        m.create(Township, { name: dto.name, countyId, yearlyTarget: dto.yearlyTarget ?? 0 }),
      );
      await this.audit.record({ entity: 'township', entityId: t.id, action: 'create', after: t }, m);
      return t;
    });
  }

  /**
   * A township's yearly target, or the station serving it (one of its county's). A new station
   * takes over what the old one held for the township (see OfficesService.moveTownshipRecords).
   */
  async updateTownship(id: number, dto: UpdateTownshipDto): Promise<Township> {
    return this.db.transaction(async (m) => {
      const t = await m.findOne(Township, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw TownshipErrors.NOT_FOUND();
      const before = { ...t };
      if (dto.stationId !== undefined) {
        const station = await this.offices.requireStationOf(m, t.countyId, dto.stationId);
        t.stationId = station?.id ?? null;
      }
      if (dto.yearlyTarget !== undefined) t.yearlyTarget = dto.yearlyTarget;
      const saved = await m.save(Township, t);
      await this.audit.record({ entity: 'township', entityId: id, action: 'update', before, after: saved }, m);
      if (before.stationId !== saved.stationId)
        await this.offices.moveTownshipRecords(m, {
          countyId: t.countyId,
          township: t.name,
          from: before.stationId,
          to: saved.stationId,
        });
      return saved;
    });
  }

  private async requireTownship(m: EntityManager, name: string): Promise<void> {
    if (!(await m.findOneBy(Township, { name }))) throw TownshipErrors.UNKNOWN();
  }

  // ---- workers ----
  async createWorker(dto: CreateWorkerDto): Promise<Worker> {
    const id = parseCitizenId(dto.citizenId);
    if (!id.ok) throw id.error;
    const phone = parsePhone(dto.phone);
    if (!phone.ok) throw phone.error;
    try {
      return await this.db.transaction(async (m) => {
        await this.requireTownship(m, dto.township);
        const existing = await m.findOneBy(Worker, { citizenId: id.id });
        if (existing) throw this.duplicateWorker(existing.id);
        const w = await m.save(
          Worker,
          m.create(Worker, {
            name: dto.name.trim(),
            citizenId: id.id,
            birthDate: id.birthDate,
            sex: id.sex,
            phone: phone.phone,
            township: dto.township,
            categories: [...new Set(dto.categories)],
            skills: dto.skills ?? [],
            notes: dto.notes ?? '',
            ...payeeAccountOf(dto),
          }),
        );
        await withFiling(m, Worker, w, ['countyId', 'officeId']);
        await this.audit.record({ entity: 'worker', entityId: w.id, action: 'create', after: w }, m);
        return maskAccount(w);
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        const existing = await this.db.getRepository(Worker).findOneBy({ citizenId: id.id });
        if (existing) throw this.duplicateWorker(existing.id);
      }
      throw e;
    }
  }

  private duplicateWorker(existingId: number): DomainError {
    return WorkerErrors.EXISTS({ existingId });
  }

  async listWorkers(q: WorkerListQuery): Promise<Page<Worker>> {
    const qb = this.workersFiltered(q);
    // Seed 001: members of zero-employment households come first where a caseworker picks people.
    if (q.priorityFirst)
      qb.orderBy(ZERO_EMPLOYMENT_HOUSEHOLD, 'DESC').addOrderBy(`w.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC');
    else qb.orderBy(`w.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC');
    qb.addOrderBy('w.id', 'ASC').skip(offsetOf(q)).take(q.pageSize);
    // A full ID or phone number finds one or a few: the page itself then is the count (one
    // statement and connection less); other searches count beside the page, as it is read.
    const exact = this.isExactLookup(q);
    const counted = exact ? null : cappedCount(qb);
    // Handled here: should the page fail first, the count's failure must not go unobserved (that ends the process).
    counted?.catch(() => undefined);
    const items = await qb.getMany();
    const { total, totalCapped } =
      counted === null && offsetOf(q) === 0 && items.length < q.pageSize
        ? { total: items.length, totalCapped: false }
        : await (counted ?? cappedCount(qb));
    const flagged = new Set<number>(
      items.length === 0
        ? []
        : (
            await this.db.query(
              `SELECT hm."workerId" FROM household_members hm JOIN households h ON h.id = hm."householdId" WHERE h.status = 'zero_employment' AND hm."workerId" = ANY($1)`,
              [items.map((w) => w.id)],
            )
          ).map((r: { workerId: number }) => r.workerId),
    );
    return {
      items: items.map((w) => ({ ...maskPerson(w), zeroEmploymentHousehold: flagged.has(w.id) })),
      total,
      totalCapped,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The list's rows for the spreadsheet, by id, through one cursor (see cursorPages): the same
   * filters and masking as the list, only the columns the sheet shows, no entities built.
   */
  exportWorkers(q: WorkerListQuery): AsyncIterable<Worker[]> {
    const [sql, params] = this.workersFiltered(q)
      .select([
        'w.id AS id',
        'w.name AS name',
        'w."citizenId" AS "citizenId"',
        'w.sex AS sex',
        'w."birthDate" AS "birthDate"',
        'w.phone AS phone',
        'w.township AS township',
        'w.categories AS categories',
        'w.skills AS skills',
        'w.notes AS notes',
        'w."createdAt" AS "createdAt"',
      ])
      .orderBy('w.id', 'ASC')
      .getQueryAndParameters();
    return cursorPages(this.db, sql, params, (w: Worker) => maskPerson(w));
  }

  /** A search by a full ID or phone number (the list's equalities on their own indexes). */
  private isExactLookup(q: WorkerListQuery): boolean {
    const term = q.q?.trim();
    return !!term && (parseCitizenId(term).ok || parsePhone(term).ok);
  }

  /** The list's filters: search by name, township, full ID or phone number; category; township. */
  private workersFiltered(q: WorkerListQuery) {
    const qb = this.db.getRepository(Worker).createQueryBuilder('w');
    if (q.q) {
      const term = q.q.trim();
      // ID and phone numbers are masked in every list, so they match only when typed in full:
      // a part of one would let a few dozen searches recover the digits the mask hides.
      const id = parseCitizenId(term);
      const phone = parsePhone(term);
      if (id.ok) qb.andWhere('w.citizenId = :cid', { cid: id.id });
      else if (phone.ok) qb.andWhere('w.phone = :phone', { phone: phone.phone });
      else
        qb.andWhere(
          matchesLike(
            'w',
            'workers_matching',
            '(w.name ILIKE :t OR w.township ILIKE :t)',
            term,
            'workers_matching_short',
          ),
          {
            t: like(term),
          },
        );
    }
    if (q.category) qb.andWhere(':cat = ANY(w.categories)', { cat: q.category });
    if (q.township) qb.andWhere('w.township = :township', { township: q.township });
    return qb;
  }

  /** One worker; full ID and phone only for caseworker/admin, and that read is audited. */
  async getWorker(id: number, actor: Actor): Promise<Worker> {
    const w = await this.db.getRepository(Worker).findOneBy({ id });
    if (!w) throw WorkerErrors.NOT_FOUND();
    if (!seesFullPersonalData(actor)) return maskPerson(w);
    await this.audit.record({
      entity: 'worker',
      entityId: id,
      action: 'read_sensitive',
      after: { fields: ['citizenId', 'phone'] },
    });
    return maskAccount(w);
  }

  /** One worker as a list shows them (ID and phone masked): no full read, so nothing to audit. */
  async getWorkerMasked(id: number): Promise<Worker> {
    const w = await this.db.getRepository(Worker).findOneBy({ id });
    if (!w) throw WorkerErrors.NOT_FOUND();
    return maskPerson(w);
  }

  async updateWorker(id: number, dto: UpdateWorkerDto): Promise<Worker> {
    return this.db.transaction(async (m) => {
      const w = await m.findOne(Worker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!w) throw WorkerErrors.NOT_FOUND();
      if (w.version !== dto.version) throw WorkerErrors.STALE({ currentVersion: w.version });
      const before = { ...w };
      if (dto.township !== undefined) await this.requireTownship(m, dto.township);
      if (dto.phone !== undefined) {
        const phone = parsePhone(dto.phone);
        if (!phone.ok) throw phone.error;
        w.phone = phone.phone;
      }
      if (dto.name !== undefined) w.name = dto.name.trim();
      if (dto.township !== undefined) w.township = dto.township;
      if (dto.categories !== undefined) w.categories = [...new Set(dto.categories)];
      if (dto.skills !== undefined) w.skills = dto.skills;
      if (dto.notes !== undefined) w.notes = dto.notes;
      Object.assign(w, payeeAccountOf(dto));
      const saved = await m.save(Worker, w);
      await this.audit.record({ entity: 'worker', entityId: id, action: 'update', before, after: saved }, m);
      return maskAccount(saved);
    });
  }

  // ---- employers ----
  async createEmployer(dto: CreateEmployerDto): Promise<Employer> {
    const code = parseCreditCode(dto.creditCode);
    if (!code.ok) throw code.error;
    if (dto.agreementStart && dto.agreementEnd && dto.agreementEnd < dto.agreementStart)
      throw EmployerErrors.AGREEMENT_END();
    try {
      return await this.db.transaction(async (m) => {
        const existing = await m.findOneBy(Employer, { creditCode: code.code });
        if (existing) throw EmployerErrors.EXISTS({ existingId: existing.id });
        const e = await m.save(
          Employer,
          m.create(Employer, {
            name: dto.name.trim(),
            creditCode: code.code,
            region: dto.region,
            contactName: dto.contactName,
            contactPhone: dto.contactPhone,
            agreementStart: dto.agreementStart ?? null,
            agreementEnd: dto.agreementEnd ?? null,
          }),
        );
        await this.audit.record({ entity: 'employer', entityId: e.id, action: 'create', after: e }, m);
        return e;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw EmployerErrors.EXISTS();
      throw e;
    }
  }

  async listEmployers(q: EmployerListQuery, keyset?: Keyset): Promise<Page<Employer>> {
    const qb = this.db.getRepository(Employer).createQueryBuilder('e');
    if (q.q)
      qb.andWhere('(e.name ILIKE :t OR e.region ILIKE :t OR e.creditCode LIKE :tc)', {
        t: like(q.q.trim()),
        tc: like(q.q.trim().toUpperCase()),
      });
    if (keyset) {
      const items = await qb
        .andWhere('e.id > :afterId', { afterId: keyset.afterId })
        .orderBy('e.id', 'ASC')
        .limit(keyset.limit)
        .getMany();
      return { items, total: -1, page: 0, pageSize: keyset.limit };
    }
    qb.orderBy(`e.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('e.id', 'ASC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const items = await qb.getMany();
    // A first page that is not full is the whole count.
    const total = offsetOf(q) === 0 && items.length < q.pageSize ? items.length : await qb.getCount();
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async getEmployer(id: number): Promise<Employer> {
    const e = await this.db.getRepository(Employer).findOneBy({ id });
    if (!e) throw EmployerErrors.NOT_FOUND();
    return e;
  }

  async updateEmployer(id: number, dto: UpdateEmployerDto): Promise<Employer> {
    return this.db.transaction(async (m) => {
      const e = await m.findOne(Employer, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw EmployerErrors.NOT_FOUND();
      if (e.version !== dto.version) throw EmployerErrors.STALE({ currentVersion: e.version });
      const before = { ...e };
      const { version: _v, ...changes } = dto;
      Object.assign(e, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      if (e.agreementStart && e.agreementEnd && e.agreementEnd < e.agreementStart) throw EmployerErrors.AGREEMENT_END();
      const saved = await m.save(Employer, e);
      await this.audit.record({ entity: 'employer', entityId: id, action: 'update', before, after: saved }, m);
      return saved;
    });
  }

  // ---- brokers ----
  async createBroker(dto: CreateBrokerDto): Promise<Broker> {
    const id = parseCitizenId(dto.citizenId);
    if (!id.ok) throw id.error;
    const phone = parsePhone(dto.phone);
    if (!phone.ok) throw phone.error;
    try {
      return await this.db.transaction(async (m) => {
        if (dto.userId !== undefined) {
          const user = await m.findOneBy(User, { id: dto.userId });
          if (!user || user.role !== 'broker') throw BrokerErrors.USER_NOT_BROKER();
          if (await m.findOneBy(Broker, { userId: dto.userId })) throw BrokerErrors.USER_TAKEN();
        }
        const existing = await m.findOne(Broker, {
          where: [{ citizenId: id.id }, { certificateNo: dto.certificateNo }],
        });
        if (existing) throw BrokerErrors.EXISTS({ existingId: existing.id });
        const b = await m.save(
          Broker,
          m.create(Broker, {
            name: dto.name.trim(),
            citizenId: id.id,
            phone: phone.phone,
            certificateNo: dto.certificateNo,
            status: 'active',
            userId: dto.userId ?? null,
            ...payeeAccountOf(dto),
          }),
        );
        await m.save(
          BrokerStatusChange,
          m.create(BrokerStatusChange, {
            brokerId: b.id,
            status: 'active',
            reason: '登记',
            effectiveDate: shanghaiToday(),
            changedBy: 'registration',
          }),
        );
        await this.audit.record({ entity: 'broker', entityId: b.id, action: 'create', after: b }, m);
        return maskAccount(b);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw BrokerErrors.EXISTS();
      throw e;
    }
  }

  async listBrokers(q: BrokerListQuery, keyset?: Keyset): Promise<Page<Broker>> {
    const qb = this.db.getRepository(Broker).createQueryBuilder('b');
    const phone = q.q ? parsePhone(q.q.trim()) : undefined;
    if (q.q)
      qb.andWhere('(b.name ILIKE :t OR b.certificateNo ILIKE :t OR b.citizenId = :cid OR b.phone = :phone)', {
        t: like(q.q.trim()),
        // Masked numbers match only in full, as in the workers' list.
        cid: q.q.trim().toUpperCase(),
        phone: phone?.ok ? phone.phone : '',
      });
    if (q.status) qb.andWhere('b.status = :s', { s: q.status });
    if (keyset) {
      // Export: the same filters and masking, paged by id (see common/xlsx-export.ts).
      const items = await qb
        .andWhere('b.id > :afterId', { afterId: keyset.afterId })
        .orderBy('b.id', 'ASC')
        .limit(keyset.limit)
        .getMany();
      return { items: items.map(maskPerson), total: -1, page: 0, pageSize: keyset.limit };
    }
    qb.orderBy(`b.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('b.id', 'ASC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(maskPerson), total, page: q.page, pageSize: q.pageSize };
  }

  async getBroker(id: number, actor: Actor): Promise<Broker & { statusHistory: BrokerStatusChange[] }> {
    // A broker asking for another broker's record gets 404, so ids cannot be probed.
    if (actor.role === 'broker' && actor.brokerId !== id) throw BrokerErrors.NOT_FOUND();
    const b = await this.db.getRepository(Broker).findOneBy({ id });
    if (!b) throw BrokerErrors.NOT_FOUND();
    const statusHistory = await this.db
      .getRepository(BrokerStatusChange)
      .find({ where: { brokerId: id }, order: { id: 'ASC' } });
    if (!seesFullPersonalData(actor)) return { ...maskPerson(b), statusHistory };
    await this.audit.record({
      entity: 'broker',
      entityId: id,
      action: 'read_sensitive',
      after: { fields: ['citizenId', 'phone'] },
    });
    return { ...maskAccount(b), statusHistory };
  }

  /** One broker as a list shows them (ID and phone masked), with the status history: no full read, nothing to audit. */
  async getBrokerMasked(id: number): Promise<Broker & { statusHistory: BrokerStatusChange[] }> {
    const b = await this.db.getRepository(Broker).findOneBy({ id });
    if (!b) throw BrokerErrors.NOT_FOUND();
    const statusHistory = await this.db
      .getRepository(BrokerStatusChange)
      .find({ where: { brokerId: id }, order: { id: 'ASC' } });
    return { ...maskPerson(b), statusHistory };
  }

  async updateBroker(id: number, dto: UpdateBrokerDto): Promise<Broker> {
    return this.db.transaction(async (m) => {
      const b = await m.findOne(Broker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!b) throw BrokerErrors.NOT_FOUND();
      if (b.version !== dto.version) throw BrokerErrors.STALE({ currentVersion: b.version });
      const before = { ...b };
      if (dto.phone !== undefined) {
        const phone = parsePhone(dto.phone);
        if (!phone.ok) throw phone.error;
        b.phone = phone.phone;
      }
      if (dto.name !== undefined) b.name = dto.name.trim();
      Object.assign(b, payeeAccountOf(dto));
      const saved = await m.save(Broker, b);
      await this.audit.record({ entity: 'broker', entityId: id, action: 'update', before, after: saved }, m);
      return maskAccount(saved);
    });
  }

  async changeBrokerStatus(id: number, dto: ChangeBrokerStatusDto, actor: Actor): Promise<Broker> {
    return this.db.transaction(async (m) => {
      const b = await m.findOne(Broker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!b) throw BrokerErrors.NOT_FOUND();
      if (b.status === dto.status) throw BrokerErrors.SAME_STATUS({ status: label('brokerStatus', dto.status) });
      const before = { ...b };
      b.status = dto.status;
      const saved = await m.save(Broker, b);
      await m.save(
        BrokerStatusChange,
        m.create(BrokerStatusChange, {
          brokerId: id,
          status: dto.status,
          reason: dto.reason,
          effectiveDate: dto.effectiveDate,
          changedBy: actor.username,
        }),
      );
      await this.audit.record(
        {
          entity: 'broker',
          entityId: id,
          action: dto.status === 'suspended' ? 'suspend' : 'reactivate',
          before,
          after: { ...saved, reason: dto.reason, effectiveDate: dto.effectiveDate },
        },
        m,
      );
      return maskAccount(saved);
    });
  }

  /** The broker's status in force on a date, from the dated history (eligibility is judged at the placement date). */
  async brokerStatusOn(
    brokerId: number,
    date: string,
    m: EntityManager = this.db.manager,
  ): Promise<'active' | 'suspended' | null> {
    const rows: { status: 'active' | 'suspended' }[] = await m.query(
      `SELECT status FROM broker_status_changes WHERE "brokerId" = $1 AND "effectiveDate" <= $2 ORDER BY "effectiveDate" DESC, id DESC LIMIT 1`,
      [brokerId, date],
    );
    return rows[0]?.status ?? null;
  }
}
