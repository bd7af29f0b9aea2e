import { addDays, addMonths } from '../common/dates.js';

/**
 * Labour Contract Law art. 82 with Implementing Regulations arts. 6–7: without a written
 * contract, the employer owes a second wage for every month from the day after one full month
 * of employment until the day before the contract is signed, for at most 11 months; from one
 * full year on, an open-ended contract is deemed concluded (art. 7) and the double wage stops.
 *
 * Counted by calendar months anchored on the start date (month n runs from start + n months to
 * the day before start + n + 1 months): each whole month at the monthly wage; the part month at
 * the daily wage, monthly wage / 21.75 (劳社部发〔2008〕3号: the monthly number of paid days,
 * every day but the weekly rest days), for its paid days (Monday to Friday), never more than a
 * month's wage. The part month is rounded to the nearest fen (a fraction over 87 is never
 * exactly half); whole months are exact.
 */
export interface DoubleWageExposure {
  doubleWageFrom: string;
  /** Last day counted (the day before signing, the last day of employment, the day before one full year, or today); null while nothing is owed. */
  countedUntil: string | null;
  /** Which of those limits ended the count. */
  stoppedBy: 'contract' | 'ended' | 'one_year' | 'today' | null;
  /** Whole calendar months counted (0–11). */
  months: number;
  /** Paid days (Monday to Friday) in the part month after the whole months. */
  days: number;
  monthlyWageFen: number;
  /** Monthly wage / 21.75, rounded to the fen (shown; the part month is computed unrounded). */
  dailyWageFen: number;
  /** The extra wages owed so far, fen. */
  extraWagesFen: number;
  /** Art. 7: the day an open-ended contract is deemed concluded, once a full year has passed unsigned. */
  openEndedDeemedFrom: string | null;
  /** The months and days in words, e.g. 3个月又5个计薪日. */
  period: string;
  basis: string;
  method: string;
}

export interface ExposureFacts {
  startDate: string;
  monthlyWageFen: number;
  /** The day the exposure is read (Asia/Shanghai today). */
  asOf: string;
  signedOn: string | null;
  /** Last day of employment, when it has ended. */
  endedOn: string | null;
}

/** 21.75 paid days a month = 87/4, so the daily wage is wage × 4 / 87 and stays in integers. */
const PAID_DAYS_NUMERATOR = 4;
const PAID_DAYS_DENOMINATOR = 87;
const MAX_MONTHS = 11;

const weekday = (d: string) => new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10))).getUTCDay();

/** Monday–Friday days from `from` to `to`, both included. */
export function paidDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (weekday(d) !== 0 && weekday(d) !== 6) n++;
  return n;
}

/** paid days × monthly wage × 4 / 87, rounded to the nearest fen. */
const atDailyWage = (paidDays: number, monthlyWageFen: number) =>
  Math.floor(
    (2 * paidDays * monthlyWageFen * PAID_DAYS_NUMERATOR + PAID_DAYS_DENOMINATOR) / (2 * PAID_DAYS_DENOMINATOR),
  );

export function doubleWageExposure(f: ExposureFacts): DoubleWageExposure {
  const doubleWageFrom = addMonths(f.startDate, 1);
  const oneYear = addMonths(f.startDate, 12);
  const limits: [NonNullable<DoubleWageExposure['stoppedBy']>, string][] = [];
  if (f.signedOn) limits.push(['contract', addDays(f.signedOn, -1)]);
  if (f.endedOn) limits.push(['ended', f.endedOn]);
  limits.push(['one_year', addDays(oneYear, -1)], ['today', f.asOf]);
  // The earliest limit ends the count; on a tie the first listed says why.
  const [stoppedBy, until] = limits.reduce((a, b) => (b[1] < a[1] ? b : a));

  let months = 0;
  while (months < MAX_MONTHS && addDays(addMonths(f.startDate, months + 2), -1) <= until) months++;
  const partFrom = addMonths(f.startDate, months + 1);
  const days = months < MAX_MONTHS && partFrom <= until ? paidDaysBetween(partFrom, until) : 0;
  const owed = until >= doubleWageFrom;
  const extraWagesFen = months * f.monthlyWageFen + Math.min(atDailyWage(days, f.monthlyWageFen), f.monthlyWageFen);

  const unsignedAtOneYear = f.signedOn === null || f.signedOn >= oneYear;
  const employedAtOneYear = f.endedOn === null || f.endedOn >= oneYear;
  return {
    doubleWageFrom,
    countedUntil: owed ? until : null,
    stoppedBy: owed ? stoppedBy : null,
    months,
    days,
    monthlyWageFen: f.monthlyWageFen,
    dailyWageFen: atDailyWage(1, f.monthlyWageFen),
    extraWagesFen,
    openEndedDeemedFrom: f.asOf >= oneYear && unsignedAtOneYear && employedAtOneYear ? oneYear : null,
    period: periodInWords(months, days),
    basis: '《劳动合同法》第八十二条；《劳动合同法实施条例》第六条、第七条；劳社部发〔2008〕3号',
    method:
      '按自然月计算：整月按月工资计；不足一个月的部分按日工资（月工资÷21.75）乘以其中的计薪日（周一至周五）计，最多计一个月工资，四舍五入到分；最多计11个月。',
  };
}

function periodInWords(months: number, days: number): string {
  if (months === 0 && days === 0) return '0天';
  if (days === 0) return `${months}个月`;
  return months === 0 ? `${days}个计薪日` : `${months}个月又${days}个计薪日`;
}

/** The exposure of a placement as it stands on `asOf`: its contract's signing date, its end if it has ended. */
export function placementExposure(
  p: { startDate: string; monthlyWageFen: number; endDate: string | null },
  signedOn: string | null,
  asOf: string,
): DoubleWageExposure {
  return doubleWageExposure({
    startDate: p.startDate,
    monthlyWageFen: p.monthlyWageFen,
    asOf,
    signedOn,
    endedOn: p.endDate,
  });
}
