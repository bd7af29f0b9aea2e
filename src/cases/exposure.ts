import { addDays, addMonths, daysBetween } from '../common/dates.js';

/**
 * Labour Contract Law art. 82 with Implementing Regulations art. 6-7: without a written
 * contract, the employer owes a second month's wage for every month from the day after one
 * full month of employment until the day before the contract is signed, for at most 11
 * months (after a year an open-ended contract is deemed concluded).
 */
export interface DoubleWageExposure {
  doubleWageFrom: string;
  /** Last day counted: the day before signing, today, or the one-year cap. */
  countedUntil: string | null;
  daysAccrued: number;
  monthlyWageFen: number;
  /** The extra wages owed so far, fen (pro rata by 30-day months, rounded down). */
  extraWagesFen: number;
  basis: string;
}

export function doubleWageExposure(
  startDate: string,
  monthlyWageFen: number,
  asOf: string,
  signedOn: string | null,
): DoubleWageExposure {
  const doubleWageFrom = addMonths(startDate, 1);
  const cap = addDays(addMonths(startDate, 12), -1);
  let until = signedOn ? addDays(signedOn, -1) : asOf;
  if (until > cap) until = cap;
  const days = until >= doubleWageFrom ? daysBetween(doubleWageFrom, until) + 1 : 0;
  const owed = days * monthlyWageFen;
  return {
    doubleWageFrom,
    countedUntil: days > 0 ? until : null,
    daysAccrued: days,
    monthlyWageFen,
    extraWagesFen: (owed - (owed % 30)) / 30,
    basis: '《劳动合同法》第八十二条；《劳动合同法实施条例》第六条、第七条',
  };
}
