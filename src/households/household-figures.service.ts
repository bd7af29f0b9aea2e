import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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

@Injectable()
export class HouseholdFiguresService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Township as its name, or null for the whole county. */
  async figures(month: FiguresPeriod, township: string | null): Promise<HouseholdFigures> {
    const [h] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))::int AS "zeroEmploymentHouseholds",
              count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2)::int AS "identifiedMonth",
              count(*) FILTER (WHERE ep."foundOn" BETWEEN $3 AND $2)::int AS "identifiedYearToDate",
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL)::int AS "clearedMonth",
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $3 AND $2 AND ep.measure IS NOT NULL)::int AS "clearedYearToDate"
         FROM household_episodes ep JOIN households h ON h.id = ep."householdId" WHERE ($4::text IS NULL OR h.township = $4)`,
      [month.from, month.to, month.yearFrom, township],
    );
    const [r] = await this.db.query(
      `SELECT count(*)::int AS "contactRequestsMonth",
              count(*) FILTER (WHERE r.status = 'answered' AND r."answeredOn" <= r."dueOn")::int AS "contactRequestsAnsweredInTime"
         FROM contact_requests r JOIN households h ON h.id = r."householdId"
        WHERE r."receivedOn" BETWEEN $1 AND $2 AND ($3::text IS NULL OR h.township = $3)`,
      [month.from, month.to, township],
    );
    return { ...h, ...r };
  }
}
