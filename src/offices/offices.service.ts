import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors.js';
import { type Actor, currentReach, reachOf, requestContext } from '../common/request-context.js';
import type { CreateOfficeDto, HandoverDto, UpdateOfficeDto } from './offices.dto.js';
import { HandoverErrors, OfficeErrors } from './offices.errors.js';
import { Office } from './office.entity.js';

/** The records an office holds (经办), by the name their context gives them in the audit trail. */
export type HeldRecord = 'worker' | 'household' | 'case';
/**
 * Each held record's table, its name for the user, and the workers that go with it when it is
 * handed over (a household's members, a case's workers: whoever works it must see the people).
 */
const HELD: Record<HeldRecord, { table: string; record: string; people?: string }> = {
  worker: { table: 'workers', record: '务工人员' },
  household: {
    table: 'households',
    record: '家庭',
    people: `SELECT "workerId" FROM household_members WHERE "householdId" = $1`,
  },
  case: { table: 'cases', record: '维权案件', people: `SELECT "workerId" FROM case_workers WHERE "caseId" = $1` },
};

export type OfficeNode = Office & { children: OfficeNode[] };

/** Where a held record is: its county and its holder, by id and name. */
export interface Holder {
  officeId: number;
  officeName: string;
}

const isUniqueViolation = (e: unknown, index: string) =>
  e instanceof QueryFailedError &&
  (e as unknown as { code?: string; constraint?: string }).code === '23505' &&
  (e as unknown as { constraint?: string }).constraint === index;

/**
 * 机构: the tree of the city, its county bureaus and their township stations; who manages which
 * part of it; and the one place a record changes holder (移交, or its township's new station).
 */
@Injectable()
export class OfficesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  private actor(): Actor | undefined {
    return requestContext.get()?.actor;
  }

  /**
   * The offices the acting user manages: their own and every office under it (a city admin the
   * whole city, a county admin the county and its stations, a station only itself). Null: all
   * (the processes, start-up, a user made outside a request).
   */
  async managedIds(m: EntityManager = this.db.manager): Promise<number[] | null> {
    const office = this.actor()?.office;
    if (!office || currentReach().counties === '*') return null;
    const rows: { id: number }[] = await m.query(
      `WITH RECURSIVE t AS (SELECT id FROM offices WHERE id = $1
         UNION ALL SELECT o.id FROM offices o JOIN t ON o."parentId" = t.id)
       SELECT id FROM t ORDER BY id`,
      [office.id],
    );
    return rows.map((r) => r.id);
  }

  /** The offices the acting user sees: the ones they manage, and a station's own county (to hand a record back to). */
  private async seenIds(m: EntityManager): Promise<number[] | null> {
    const managed = await this.managedIds(m);
    const office = this.actor()?.office;
    if (!managed || office?.kind !== 'station') return managed;
    const [own] = await m.find(Office, { where: { id: office.id } });
    return own?.parentId ? [own.parentId, ...managed] : managed;
  }

  private async seen(m: EntityManager): Promise<Office[]> {
    const ids = await this.seenIds(m);
    const qb = m.createQueryBuilder(Office, 'o').orderBy('o.kind', 'ASC').addOrderBy('o.id', 'ASC');
    if (ids) qb.where('o.id = ANY(:ids)', { ids });
    return qb.getMany();
  }

  /** The tree the acting user sees: each office with the offices under it; roots are the highest they reach. */
  async tree(): Promise<OfficeNode[]> {
    const offices = await this.seen(this.db.manager);
    const nodes = new Map<number, OfficeNode>(offices.map((o) => [o.id, { ...o, children: [] }]));
    const roots: OfficeNode[] = [];
    for (const n of nodes.values()) {
      const parent = n.parentId == null ? undefined : nodes.get(n.parentId);
      (parent ? parent.children : roots).push(n);
    }
    return roots;
  }

  /** Every office the acting user sees, flat (for choosers), parents before their children. */
  async list(): Promise<Office[]> {
    const flat: Office[] = [];
    const walk = (ns: OfficeNode[]) => {
      for (const { children, ...o } of ns) {
        flat.push(o as Office);
        walk(children);
      }
    };
    walk(await this.tree());
    return flat;
  }

  /** The offices the acting user manages, parents before their children (to place users in). */
  async managed(): Promise<Office[]> {
    const ids = await this.managedIds();
    return (await this.list()).filter((o) => !ids || ids.includes(o.id));
  }

  private async managedOffice(id: number, m: EntityManager): Promise<Office | null> {
    const managed = await this.managedIds(m);
    return managed && !managed.includes(id) ? null : m.findOneBy(Office, { id });
  }

  /** One office the acting user manages; any other is 404. */
  async get(id: number, m: EntityManager = this.db.manager): Promise<Office> {
    const office = await this.managedOffice(id, m);
    if (!office) throw OfficeErrors.NOT_FOUND();
    return office;
  }

  /** Names of offices by id (for lists that show who holds what). */
  async namesOf(ids: readonly number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .getRepository(Office)
      .createQueryBuilder('o')
      .where('o.id = ANY(:ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  /** An office a user may be placed in by the acting admin: one they manage. */
  async requireManaged(officeId: number, m: EntityManager = this.db.manager): Promise<Office> {
    const office = await this.managedOffice(officeId, m);
    if (!office) throw OfficeErrors.OUT_OF_REACH();
    return office;
  }

  /**
   * The county a new township belongs to: the acting user's own, or (for a city admin, who has
   * none) the one named, which must be one of the city's.
   */
  async countyForNewTownship(countyId: number | undefined): Promise<number> {
    const reach = currentReach();
    if (reach.station != null) throw OfficeErrors.STATION_FORBIDDEN();
    const id = countyId ?? reach.county;
    if (id == null) throw OfficeErrors.COUNTY_UNKNOWN();
    const county = await this.db.getRepository(Office).findOneBy({ id, kind: 'county' });
    if (!county || (reach.counties !== '*' && !reach.counties.includes(id))) throw OfficeErrors.COUNTY_UNKNOWN();
    return id;
  }

  /** A station of that county, to serve one of its townships (null: none, the county itself). */
  async requireStationOf(m: EntityManager, countyId: number, stationId: number | null): Promise<Office | null> {
    if (currentReach().station != null) throw OfficeErrors.STATION_FORBIDDEN();
    if (stationId == null) return null;
    const station = await m.findOneBy(Office, { id: stationId, kind: 'station', parentId: countyId });
    if (!station || !station.active) throw OfficeErrors.STATION_UNKNOWN();
    return station;
  }

  async create(dto: CreateOfficeDto): Promise<Office> {
    const actor = this.actor();
    if (dto.kind === 'county' && actor?.office && actor.office.kind !== 'city') throw OfficeErrors.CITY_ONLY();
    if (dto.kind === 'station' && actor?.office?.kind === 'station') throw OfficeErrors.COUNTY_ONLY();
    const prefix = dto.documentPrefix?.trim();
    if (dto.kind === 'county' && !prefix) throw OfficeErrors.PREFIX_REQUIRED();
    if (dto.kind === 'station' && dto.documentPrefix !== undefined) throw OfficeErrors.PREFIX_COUNTY_ONLY();
    try {
      return await this.db.transaction(async (m) => {
        const parent = await this.managedOffice(dto.parentId, m);
        if (!parent) throw OfficeErrors.PARENT_UNKNOWN();
        if (parent.kind !== (dto.kind === 'county' ? 'city' : 'county')) throw OfficeErrors.PARENT_KIND();
        const name = dto.name.trim();
        await this.requireFreeName(m, parent.id, name, null);
        if (prefix) await this.requireFreePrefix(m, prefix, null);
        const office = await m.save(
          Office,
          m.create(Office, {
            parentId: parent.id,
            kind: dto.kind,
            name,
            documentPrefix: prefix ?? null,
            phone: dto.phone?.trim() || null,
            sealText: dto.sealText?.trim() || (dto.kind === 'county' ? name : null),
            address: dto.address?.trim() || null,
            active: true,
          }),
        );
        await this.audit.record({ entity: 'office', entityId: office.id, action: 'create', after: office }, m);
        return office;
      });
    } catch (e) {
      throw this.uniqueRefusal(e);
    }
  }

  async update(id: number, dto: UpdateOfficeDto): Promise<Office> {
    try {
      return await this.db.transaction(async (m) => {
        await this.get(id, m);
        const office = await m.findOne(Office, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!office) throw OfficeErrors.NOT_FOUND();
        if (office.version !== dto.version) throw OfficeErrors.STALE({ currentVersion: office.version });
        const before = { ...office };
        if (dto.documentPrefix !== undefined) {
          if (office.kind !== 'county') throw OfficeErrors.PREFIX_COUNTY_ONLY();
          const prefix = dto.documentPrefix.trim();
          if (!prefix) throw OfficeErrors.PREFIX_REQUIRED();
          await this.requireFreePrefix(m, prefix, id);
          office.documentPrefix = prefix;
        }
        if (dto.name !== undefined) {
          const name = dto.name.trim();
          await this.requireFreeName(m, office.parentId, name, id);
          office.name = name;
        }
        const optional = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
        for (const k of ['phone', 'sealText', 'address'] as const) {
          const v = optional(dto[k]);
          if (v !== undefined) office[k] = v;
        }
        if (dto.active !== undefined) office.active = dto.active;
        const saved = await m.save(Office, office);
        await this.audit.record(
          {
            entity: 'office',
            entityId: id,
            action: dto.active === false && before.active ? 'deactivate' : 'update',
            before,
            after: saved,
          },
          m,
        );
        return saved;
      });
    } catch (e) {
      throw this.uniqueRefusal(e);
    }
  }

  private async requireFreeName(m: EntityManager, parentId: number | null, name: string, self: number | null) {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM offices WHERE "parentId" IS NOT DISTINCT FROM $1 AND name = $2 AND id IS DISTINCT FROM $3`,
      [parentId, name, self],
    );
    if (rows.length) throw OfficeErrors.NAME_TAKEN();
  }

  private async requireFreePrefix(m: EntityManager, prefix: string, self: number | null) {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM offices WHERE kind = 'county' AND "documentPrefix" = $1 AND id IS DISTINCT FROM $2`,
      [prefix, self],
    );
    if (rows.length) throw OfficeErrors.PREFIX_TAKEN();
  }

  /** Two admins saving the same name or prefix at once: the index refuses the second, answered as the check would. */
  private uniqueRefusal(e: unknown): unknown {
    if (e instanceof DomainError) return e;
    if (isUniqueViolation(e, 'UQ_offices_name')) return OfficeErrors.NAME_TAKEN();
    if (isUniqueViolation(e, 'UQ_offices_prefix')) return OfficeErrors.PREFIX_TAKEN();
    return e;
  }

  /**
   * 移交: a worker, household or case to another office of its county. County staff hand a record
   * to any station of the county or take it back; a station hands what it holds back to its
   * county only. Audited with both holders and the reason.
   */
  async handover(kind: HeldRecord, id: number, dto: HandoverDto): Promise<Holder> {
    const reason = dto.reason.trim();
    if (!reason) throw HandoverErrors.REASON();
    const { table, record } = HELD[kind];
    return this.db.transaction(async (m) => {
      const [row]: { countyId: number; officeId: number }[] = await m.query(
        `SELECT "countyId", "officeId" FROM ${table} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw HandoverErrors.NOT_FOUND({ record });
      const target = await m.findOneBy(Office, { id: dto.officeId });
      const inCounty = target?.id === row.countyId || (target?.kind === 'station' && target.parentId === row.countyId);
      if (!target || !target.active || !inCounty) throw HandoverErrors.TARGET();
      const from = await m.findOneByOrFail(Office, { id: row.officeId });
      if (target.id === from.id) throw HandoverErrors.SAME({ office: from.name });
      if (currentReach().station != null && target.id !== row.countyId) throw HandoverErrors.STATION_BACK_ONLY();
      // The people of the record held where it was go with it; any held elsewhere stay.
      const people = await this.asCounty(row.countyId, async () => {
        await m.query(`UPDATE ${table} SET "officeId" = $2, version = version + 1, "updatedAt" = now() WHERE id = $1`, [
          id,
          target.id,
        ]);
        if (!HELD[kind].people) return [];
        const [moved]: [{ id: number }[], number] = await m.query(
          `UPDATE workers SET "officeId" = $2, version = version + 1, "updatedAt" = now()
            WHERE id IN (${HELD[kind].people}) AND "officeId" = $3 RETURNING id`,
          [id, target.id, from.id],
        );
        return moved.map((w) => w.id);
      });
      const line = (entity: HeldRecord, entityId: number) => ({
        entity,
        entityId,
        action: 'handover',
        before: { officeId: from.id, officeName: from.name },
        after: { officeId: target.id, officeName: target.name, reason },
      });
      await this.audit.recordMany([line(kind, id), ...people.map((w) => line('worker', w))], m);
      return { officeId: target.id, officeName: target.name };
    });
  }

  /**
   * A township now served by another station (or by the county itself): what the old station
   * held for it moves to the new holder — its workers and households, and those workers' cases
   * the old station held. Each move is audited as a handover. Runs in the caller's transaction.
   */
  async moveTownshipRecords(
    m: EntityManager,
    t: { countyId: number; township: string; from: number | null; to: number | null },
  ): Promise<number> {
    const target = t.to ?? t.countyId;
    if (t.from == null || t.from === target) return 0;
    const [from, to] = await Promise.all([
      m.findOneByOrFail(Office, { id: t.from }),
      m.findOneByOrFail(Office, { id: target }),
    ]);
    const move = async (table: string, where: string, params: unknown[]): Promise<number[]> => {
      const [rows]: [{ id: number }[], number] = await m.query(
        `UPDATE ${table} SET "officeId" = $1, version = version + 1, "updatedAt" = now()
          WHERE "officeId" = $2 AND ${where} RETURNING id`,
        [target, t.from, ...params],
      );
      return rows.map((r) => r.id);
    };
    const workers = await move('workers', `"countyId" = $3 AND township = $4`, [t.countyId, t.township]);
    const households = await move('households', `"countyId" = $3 AND township = $4`, [t.countyId, t.township]);
    const cases = workers.length ? await move('cases', `"workerId" = ANY($3)`, [workers]) : [];
    const reason = `${t.township}改由${to.name}服务`;
    const entry = (entity: HeldRecord) => (entityId: number) => ({
      entity,
      entityId,
      action: 'handover',
      before: { officeId: from.id, officeName: from.name },
      after: { officeId: to.id, officeName: to.name, reason },
    });
    await this.audit.recordMany(
      [...workers.map(entry('worker')), ...households.map(entry('household')), ...cases.map(entry('case'))],
      m,
    );
    return workers.length + households.length + cases.length;
  }

  /**
   * A held record's holder by name, and the offices the acting user may hand it to (the rules of
   * {@link handover}): for county staff the county and its open stations, for a station its county.
   */
  async handoverChoices(record: { countyId: number; officeId: number }): Promise<{
    holder: Holder;
    targets: { id: number; name: string }[];
  }> {
    const offices = await this.db
      .getRepository(Office)
      .createQueryBuilder('o')
      .where('(o.id = :county OR o.parentId = :county OR o.id = :holder)', {
        county: record.countyId,
        holder: record.officeId,
      })
      .orderBy('o.kind', 'ASC')
      .addOrderBy('o.name', 'ASC')
      .getMany();
    const holder = offices.find((o) => o.id === record.officeId);
    // The city's staff read records; their counties and stations hand them over.
    const readOnly = this.actor()?.office?.kind === 'city';
    const fromStation = currentReach().station != null;
    const targets = offices.filter(
      (o) =>
        !readOnly &&
        o.id !== record.officeId &&
        o.active &&
        (o.id === record.countyId || (!fromStation && o.kind === 'station' && o.parentId === record.countyId)),
    );
    return {
      holder: { officeId: record.officeId, officeName: holder?.name ?? '' },
      targets: targets.map((o) => ({ id: o.id, name: o.name })),
    };
  }

  /**
   * Runs a statement with the reach of the record's county: a station handing a record back
   * cannot itself write a row it will no longer hold (row-level security checks the new row),
   * once the rules above have allowed it.
   */
  private asCounty<T>(countyId: number, fn: () => Promise<T>): Promise<T> {
    const ctx = requestContext.get();
    if (!ctx?.actor || currentReach().station == null) return fn();
    const reach = reachOf({ id: countyId, kind: 'county', parentId: null });
    return requestContext.run({ ...ctx, actor: { ...ctx.actor, reach } }, fn);
  }
}
