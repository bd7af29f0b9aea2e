import { like } from '../registry/registry.service.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import { shanghaiToday } from '../common/dates.js';
import { offsetOf } from '../common/paging.js';
import { maskPerson } from '../registry/masking.js';
import { Worker } from '../registry/worker.entity.js';
import { Household, HouseholdEpisode } from './household.entity.js';
import type { HouseholdListQuery, PriorityQuery } from './households.dto.js';
import { HouseholdStatusService } from './household-status.service.js';
import { isWorkingAge, type WorkingAgeBounds } from './working-age.js';

/** Lists of households and of the people they put first (seed 001 priority). */
@Injectable()
export class HouseholdListsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly status: HouseholdStatusService,
  ) {}

  async list(q: HouseholdListQuery, actor: Actor) {
    const qb = this.db
      .getRepository(Household)
      .createQueryBuilder('h')
      .leftJoin(HouseholdEpisode, 'ep', 'ep.householdId = h.id AND ep.episode = h.episode AND ep.clearedOn IS NULL')
      .addSelect(['ep.foundOn', 'ep.nextVisitDue']);
    if (q.township) qb.andWhere('h.township = :township', { township: q.township });
    if (q.status) qb.andWhere('h.status = :status', { status: q.status });
    if (q.mine) qb.andWhere('h.responsibleUserId = :me', { me: actor.userId });
    if (q.q) qb.andWhere('h.address ILIKE :t', { t: `%${q.q.trim()}%` });
    qb.orderBy('ep.nextVisitDue', 'ASC', 'NULLS LAST')
      .addOrderBy('h.id', q.order === 'asc' ? 'ASC' : 'DESC')
      .offset(offsetOf(q))
      .limit(q.pageSize);
    const total = await qb.getCount();
    const { entities, raw } = await qb.getRawAndEntities();
    const items = entities.map((h, i) => ({
      ...h,
      foundOn: raw[i]?.ep_foundOn ?? null,
      nextVisitDue: raw[i]?.ep_nextVisitDue ?? null,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Seed 001 priority: working-age members of zero-employment households who are not in work,
   * for wherever a caseworker picks people (course enrolment, an order, a 公益性岗位).
   */
  async priorityCandidates(q: PriorityQuery) {
    const rows: { workerId: number; householdId: number; foundOn: string }[] = await this.db.query(
      `SELECT hm."workerId", h.id AS "householdId", ep."foundOn"::text AS "foundOn"
         FROM households h JOIN household_members hm ON hm."householdId" = h.id
         JOIN household_episodes ep ON ep."householdId" = h.id AND ep."clearedOn" IS NULL
         JOIN workers w ON w.id = hm."workerId"
        WHERE h.status = 'zero_employment' AND ($1::text IS NULL OR h.township = $1) AND ($2::text IS NULL OR w.name ILIKE $2 OR EXISTS (SELECT 1 FROM unnest(w.skills) s WHERE s ILIKE $2))
        ORDER BY ep."foundOn", h.id, hm.id`,
      [q.township ?? null, q.q ? like(q.q.trim()) : null],
    );
    const today = shanghaiToday();
    const workers = await this.db.getRepository(Worker).findBy({ id: In(rows.map((r) => r.workerId).concat(-1)) });
    // Working age is each county's policy (a city user's list spans counties).
    const bounds = new Map<number, WorkingAgeBounds>();
    for (const countyId of new Set(workers.map((w) => w.countyId)))
      bounds.set(countyId, await this.status.bounds(today, countyId));
    return rows.flatMap((r) => {
      const w = workers.find((x) => x.id === r.workerId)!;
      if (!isWorkingAge(w.birthDate, w.sex, today, bounds.get(w.countyId)!)) return [];
      const mw = maskPerson(w);
      return [{ ...mw, householdId: r.householdId, householdFoundOn: r.foundOn, zeroEmploymentHousehold: true }];
    });
  }
}
