import type { ReportMonth } from './month.js';

/**
 * The households section of the monthly figures (零就业家庭), computed by the
 * households context, not here. That context registers a provider under this token (in a
 * @Global module that exports it); until it does, the figures carry `households: null`
 * and the report's households section is not rendered.
 */
export const HOUSEHOLD_FIGURES = Symbol('HOUSEHOLD_FIGURES');

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

export interface HouseholdFiguresProvider {
  /** Township as its name, or null for the whole county. */
  figures(month: ReportMonth, township: string | null): Promise<HouseholdFigures>;
}
