import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HouseholdFigures, HouseholdFiguresProvider } from '../reports/household-figures.js';
import type { ReportMonth } from '../reports/month.js';

/** The households section of the monthly progress report (provided under HOUSEHOLD_FIGURES). */
@Injectable()
export class HouseholdFiguresService implements HouseholdFiguresProvider {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async figures(month: ReportMonth, township: string | null): Promise<HouseholdFigures> {
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
