import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { shanghaiToday } from '../common/dates.js';
import { label } from '../common/labels.js';
import { HouseholdErrors, SurveyErrors } from './households.errors.js';
import { Household, SurveyRound, SurveyVisit } from './household.entity.js';
import type { MissedDto, OpenRoundDto, SurveyVisitDto } from './households.dto.js';
import { HouseholdStatusService } from './household-status.service.js';

const isUniqueViolation = (e: unknown) =>
  e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505';

type ReportLine = { householdId: number; address: string; township: string };

/**
 * 摸底调查: a half-yearly round in which the townships visit every household ("不漏一户").
 * A visit's finding must agree with the registry (the status is derived, never typed); the
 * round closes only when every household is visited or has a recorded reason for being missed.
 */
@Injectable()
export class SurveyRoundsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly status: HouseholdStatusService,
  ) {}

  async open(dto: OpenRoundDto, actor: Actor): Promise<SurveyRound> {
    const year = dto.period.slice(0, 4);
    const [startsOn, endsOn] = dto.period.endsWith('H1')
      ? [`${year}-01-01`, `${year}-06-30`]
      : [`${year}-07-01`, `${year}-12-31`];
    if (startsOn > shanghaiToday()) throw SurveyErrors.NOT_BEGUN();
    try {
      return await this.db.transaction(async (m) => {
        const r = await m.save(
          SurveyRound,
          m.create(SurveyRound, { period: dto.period, startsOn, endsOn, status: 'open', openedBy: actor.username }),
        );
        await this.audit.record({ entity: 'survey_round', entityId: r.id, action: 'open', after: r }, m);
        return r;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw SurveyErrors.PERIOD_TAKEN({ period: dto.period });
      throw e;
    }
  }

  list(): Promise<SurveyRound[]> {
    return this.db.getRepository(SurveyRound).find({ order: { period: 'DESC' } });
  }

  /**
   * A page of rounds, newest half-year first unless sorted otherwise, each with how far it got:
   * households visited and those missed with a reason (counted over the households the caller may see).
   */
  async page(q: {
    status?: 'open' | 'closed';
    year?: string;
    sort: 'period' | 'openedAt' | 'status';
    order: 'asc' | 'desc';
    page: number;
    pageSize: number;
  }) {
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const qb = this.db
      .getRepository(SurveyRound)
      .createQueryBuilder('r')
      .orderBy(`r.${q.sort}`, dir)
      .addOrderBy('r.id', dir)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize);
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.year) qb.andWhere('r.period LIKE :year', { year: `${q.year}H_` });
    const [rounds, total] = await qb.getManyAndCount();
    const counts: { roundId: number; visited: number; missed: number }[] = rounds.length
      ? await this.db.query(
          `SELECT "roundId", count(*) FILTER (WHERE "visitedOn" IS NOT NULL)::int AS visited,
                  count(*) FILTER (WHERE "visitedOn" IS NULL AND "missedReason" IS NOT NULL)::int AS missed
             FROM survey_visits WHERE "roundId" = ANY($1) GROUP BY "roundId"`,
          [rounds.map((r) => r.id)],
        )
      : [];
    const items = rounds.map((r) => {
      const c = counts.find((x) => x.roundId === r.id);
      return { ...r, visited: c?.visited ?? 0, missed: c?.missed ?? 0 };
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  private async openRound(id: number): Promise<SurveyRound> {
    const r = await this.db.getRepository(SurveyRound).findOneBy({ id });
    if (!r) throw SurveyErrors.NOT_FOUND();
    if (r.status !== 'open') throw SurveyErrors.CLOSED({ period: r.period });
    return r;
  }

  /**
   * A visit: the household's status is re-derived, and the finding must agree with it.
   * `visitedBy` is who went (a township's 摸底走访台账 names them; the API records the caller).
   */
  async recordVisit(
    id: number,
    dto: SurveyVisitDto,
    actor: Actor,
    opts: { visitedBy?: string; source?: { importId: number; rowNo: number } } = {},
  ): Promise<SurveyVisit> {
    const visitedBy = opts.visitedBy ?? actor.username;
    const r = await this.openRound(id);
    if (dto.visitedOn < r.startsOn || dto.visitedOn > r.endsOn)
      throw SurveyErrors.VISIT_OUTSIDE({ startsOn: r.startsOn, endsOn: r.endsOn });
    if (!(await this.db.getRepository(Household).findOneBy({ id: dto.householdId }))) throw HouseholdErrors.UNKNOWN();
    const a = await this.status.assess(dto.householdId, shanghaiToday());
    if (dto.finding === 'zero_employment' && a.status === 'no_working_age') {
      throw HouseholdErrors.NO_WORKING_AGE().at('finding');
    }
    if (dto.finding !== a.status) {
      const hint =
        a.status === 'zero_employment'
          ? '劳动年龄成员都没有已签合同的就业登记或就业记录；如已就业，请先登记其就业'
          : a.status === 'employed'
            ? '按系统登记，有劳动年龄成员已经就业'
            : '该户没有劳动年龄成员';
      throw SurveyErrors.FINDING_DISAGREES({ registered: label('householdStatus', a.status), hint });
    }
    return this.db.transaction(async (m) => {
      const existing = await m.findOne(SurveyVisit, {
        where: { roundId: id, householdId: dto.householdId },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing?.visitedOn) throw SurveyErrors.ALREADY_VISITED({ period: r.period, visitedOn: existing.visitedOn });
      const v = existing
        ? await m.save(
            SurveyVisit,
            Object.assign(existing, {
              visitedOn: dto.visitedOn,
              visitedBy,
              finding: dto.finding,
              missedReason: null,
              note: dto.note ?? '',
            }),
          )
        : await m.save(
            SurveyVisit,
            m.create(SurveyVisit, {
              roundId: id,
              householdId: dto.householdId,
              visitedOn: dto.visitedOn,
              visitedBy,
              finding: dto.finding,
              missedReason: null,
              note: dto.note ?? '',
            }),
          );
      await this.audit.record(
        {
          entity: 'survey_round',
          entityId: id,
          action: 'visit',
          after: {
            householdId: dto.householdId,
            visitedOn: dto.visitedOn,
            finding: dto.finding,
            visitedBy,
            ...(opts.source ? { source: opts.source } : {}),
          },
        },
        m,
      );
      await this.status.reassess(
        dto.householdId,
        { text: `${r.period}摸底走访（${dto.visitedOn}）` },
        actor.username,
        m,
      );
      return v;
    });
  }

  /** Why a household could not be visited this round (lets the round close). */
  async recordMissed(id: number, dto: MissedDto, actor: Actor): Promise<SurveyVisit> {
    const r = await this.openRound(id);
    if (!(await this.db.getRepository(Household).findOneBy({ id: dto.householdId }))) throw HouseholdErrors.UNKNOWN();
    return this.db.transaction(async (m) => {
      const existing = await m.findOneBy(SurveyVisit, { roundId: id, householdId: dto.householdId });
      if (existing?.visitedOn) throw SurveyErrors.ALREADY_VISITED({ period: r.period, visitedOn: existing.visitedOn });
      const v = await m.save(
        SurveyVisit,
        existing
          ? Object.assign(existing, { missedReason: dto.reason, visitedBy: actor.username })
          : m.create(SurveyVisit, {
              roundId: id,
              householdId: dto.householdId,
              visitedOn: null,
              visitedBy: actor.username,
              finding: null,
              missedReason: dto.reason,
              note: '',
            }),
      );
      await this.audit.record(
        {
          entity: 'survey_round',
          entityId: id,
          action: 'missed_reason',
          after: { householdId: dto.householdId, reason: dto.reason },
        },
        m,
      );
      return v;
    });
  }

  /** Found, newly found and cleared since the previous round, and the households missed (with the reasons given). */
  async report(id: number) {
    const r = await this.db.getRepository(SurveyRound).findOneBy({ id });
    if (!r) throw SurveyErrors.NOT_FOUND();
    const prev = await this.db
      .getRepository(SurveyRound)
      .createQueryBuilder('r')
      .where('r.period < :p', { p: r.period })
      .orderBy('r.period', 'DESC')
      .getOne();
    const rows: (ReportLine & {
      finding: string | null;
      visitedOn: string | null;
      missedReason: string | null;
      prevFinding: string | null;
    })[] = await this.db.query(
      `SELECT h.id AS "householdId", h.address, h.township, v.finding, v."visitedOn"::text AS "visitedOn", v."missedReason", pv.finding AS "prevFinding"
         FROM households h
         LEFT JOIN survey_visits v ON v."householdId" = h.id AND v."roundId" = $1
         LEFT JOIN survey_visits pv ON pv."householdId" = h.id AND pv."roundId" = $2
        WHERE h."createdAt" <= COALESCE($3::timestamptz, now())
        ORDER BY h.township, h.id`,
      [r.id, prev?.id ?? -1, r.closedAt],
    );
    const line = (x: ReportLine) => ({ householdId: x.householdId, address: x.address, township: x.township });
    const visited = rows.filter((x) => x.visitedOn);
    const zero = visited.filter((x) => x.finding === 'zero_employment');
    const missed = rows.filter((x) => !x.visitedOn).map((x) => ({ ...line(x), reason: x.missedReason }));
    // Each township's progress: visited, missed with a reason, and still due (neither).
    const byTownship = new Map<
      string,
      { township: string; households: number; visited: number; missed: number; due: number }
    >();
    for (const x of rows) {
      const t = byTownship.get(x.township) ?? { township: x.township, households: 0, visited: 0, missed: 0, due: 0 };
      t.households++;
      if (x.visitedOn) t.visited++;
      else if (x.missedReason) t.missed++;
      else t.due++;
      byTownship.set(x.township, t);
    }
    return {
      round: r,
      byTownship: [...byTownship.values()],
      previousRound: prev ? { id: prev.id, period: prev.period } : null,
      households: rows.length,
      visited: visited.length,
      zeroEmployment: zero.map(line),
      newlyFound: zero.filter((x) => x.prevFinding !== 'zero_employment').map(line),
      clearedSinceLast: visited
        .filter((x) => x.prevFinding === 'zero_employment' && x.finding !== 'zero_employment')
        .map((x) => ({ ...line(x), finding: x.finding })),
      missed,
    };
  }

  /** "不漏一户": refused (409, with the list) while a household is unvisited without a recorded reason. */
  async close(id: number, actor: Actor) {
    const r = await this.openRound(id);
    const rep = await this.report(id);
    const unexplained = rep.missed.filter((x) => !x.reason);
    if (unexplained.length) {
      throw SurveyErrors.HOUSEHOLDS_MISSED({ count: unexplained.length, missed: unexplained }).withDetails(
        unexplained.map((x) => ({ field: 'householdId', reason: `${x.township}${x.address}的家庭户没有走访` })),
      );
    }
    await this.db.transaction(async (m) => {
      const res = await m.query(
        `UPDATE survey_rounds SET status = 'closed', "closedBy" = $2, "closedAt" = now() WHERE id = $1 AND status = 'open'`,
        [id, actor.username],
      );
      if (!res[1]) throw SurveyErrors.CLOSED({ period: r.period });
      await this.audit.record(
        {
          entity: 'survey_round',
          entityId: id,
          action: 'close',
          before: { status: 'open' },
          after: { status: 'closed', visited: rep.visited, missedWithReason: rep.missed.length },
        },
        m,
      );
    });
    return this.report(r.id);
  }
}
