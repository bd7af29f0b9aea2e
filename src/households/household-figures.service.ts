import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Queryable } from '../common/one-connection.js';
import type { SummaryQuery } from './households.dto.js';

/** The households section of the monthly progress report (零就业家庭), computed here, read by the reports. */
export interface HouseholdFigures {
  /** 零就业家庭 on the register at the end of the month. */
  zeroEmploymentHouseholds: number;
  /** Households found zero-employment in the month / year to date. */
  identifiedMonth: number;
  identifiedYearToDate: number;
  /** Households cleared (清零: one member employed) in the month / year to date. */
  clearedMonth: number;
  clearedYearToDate: number;
  /** Contact-card requests (联系卡求助) received in the month, and answered within the 7 days. */
  contactRequestsMonth: number;
  contactRequestsAnsweredInTime: number;
}

/** A report's month: its first and last day, and the first day of its year. */
export interface FiguresPeriod {
  from: string;
  to: string;
  yearFrom: string;
}

/** Counts over the episodes and contact requests: the API's summary and the monthly report's section. */
@Injectable()
export class HouseholdFiguresService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * In one county (countyId), or in every county reached (null); in one township of it (by
   * name: names repeat across counties, so with its county) or in all (null).
   */
  async figures(
    month: FiguresPeriod,
    scope: { countyId: number | null; township: string | null },
    db: Queryable = this.db,
  ): Promise<HouseholdFigures> {
    const inScope = (at: number) =>
      `($${at}::text IS NULL OR h.township = $${at}) AND ($${at + 1}::int IS NULL OR h."countyId" = $${at + 1})`;
    const [h] = await db.query(
      `SELECT count(*) FILTER (WHERE ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))::int AS "zeroEmploymentHouseholds",
              count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2)::int AS "identifiedMonth",
              count(*) FILTER (WHERE ep."foundOn" BETWEEN $3 AND $2)::int AS "identifiedYearToDate",
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL)::int AS "clearedMonth",
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $3 AND $2 AND ep.measure IS NOT NULL)::int AS "clearedYearToDate"
         FROM household_episodes ep JOIN households h ON h.id = ep."householdId" WHERE ${inScope(4)}`,
      [month.from, month.to, month.yearFrom, scope.township, scope.countyId],
    );
    const [r] = await db.query(
      `SELECT count(*)::int AS "contactRequestsMonth",
              count(*) FILTER (WHERE r.status = 'answered' AND r."answeredOn" <= r."dueOn")::int AS "contactRequestsAnsweredInTime"
         FROM contact_requests r JOIN households h ON h.id = r."householdId"
        WHERE r."receivedOn" BETWEEN $1 AND $2 AND ${inScope(3)}`,
      [month.from, month.to, scope.township, scope.countyId],
    );
    return { ...h, ...r };
  }

  /** Figures for a date range: households found, cleared, still zero; requests answered in time. */
  async summary(q: SummaryQuery) {
    const range = [q.from, q.to];
    const [h] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2)::int AS found,
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL)::int AS cleared,
              count(*) FILTER (WHERE ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))::int AS "stillZero",
              round(avg(ep."clearedOn" - ep."foundOn") FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL), 1) AS "averageDaysToClear"
         FROM household_episodes ep`,
      range,
    );
    const byTownship = await this.db.query(
      // By county and township: two counties may each have a 城关镇.
      `SELECT h."countyId", h.township, count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2)::int AS found,
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL)::int AS cleared,
              count(*) FILTER (WHERE ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))::int AS "stillZero"
         FROM household_episodes ep JOIN households h ON h.id = ep."householdId"
        GROUP BY h."countyId", h.township HAVING count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2 OR ep."clearedOn" BETWEEN $1 AND $2 OR (ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))) > 0
        ORDER BY 1, 2`,
      range,
    );
    const byMeasure = await this.db.query(
      `SELECT measure, count(*)::int AS cleared, round(avg("clearedOn" - "foundOn"), 1) AS "averageDaysToClear"
         FROM household_episodes WHERE "clearedOn" BETWEEN $1 AND $2 AND measure IS NOT NULL GROUP BY measure ORDER BY 1`,
      range,
    );
    const [r] = await this.db.query(
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE status = 'answered' AND "answeredOn" <= "dueOn")::int AS "answeredInTime",
              count(*) FILTER (WHERE status = 'answered')::int AS answered,
              count(*) FILTER (WHERE breached)::int AS breached
         FROM contact_requests WHERE "receivedOn" BETWEEN $1 AND $2`,
      range,
    );
    const num = (v: string | null) => (v === null ? null : Number(v));
    return {
      from: q.from,
      to: q.to,
      households: {
        found: h.found,
        cleared: h.cleared,
        stillZero: h.stillZero,
        averageDaysToClear: num(h.averageDaysToClear),
        byTownship,
        byMeasure: byMeasure.map((x: { averageDaysToClear: string | null }) => ({
          ...x,
          averageDaysToClear: num(x.averageDaysToClear),
        })),
      },
      requests: {
        ...r,
        answeredInTimeRate: r.received ? Math.round((r.answeredInTime / r.received) * 1000) / 10 : null,
      },
    };
  }
}
