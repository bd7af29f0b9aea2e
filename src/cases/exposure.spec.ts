import { doubleWageExposure, paidDaysBetween } from './exposure.js';

const W = 300_000; // 3,000 yuan a month
const unsigned = (startDate: string, asOf: string, monthlyWageFen = W) =>
  doubleWageExposure({ startDate, monthlyWageFen, asOf, signedOn: null, endedOn: null });

describe('double-wage exposure (Labour Contract Law art. 82; Implementing Regulations arts. 6–7)', () => {
  it('accrues nothing during the first month', () => {
    const e = unsigned('2026-01-01', '2026-01-31');
    expect(e).toMatchObject({ doubleWageFrom: '2026-02-01', countedUntil: null, stoppedBy: null });
    expect(e).toMatchObject({ months: 0, days: 0, extraWagesFen: 0, openEndedDeemedFrom: null, period: '0天' });
  });

  it('one whole calendar month is one monthly wage, whatever its length (February: 28 days)', () => {
    const e = unsigned('2026-01-01', '2026-02-28');
    expect(e).toMatchObject({ countedUntil: '2026-02-28', stoppedBy: 'today', months: 1, days: 0, extraWagesFen: W });
    expect(e.period).toBe('1个月');
  });

  it('a part month is paid at monthly wage / 21.75 for its Monday–Friday days', () => {
    // 2026-02-01 .. 2026-03-02: February whole, then Monday 2 March: 1 paid day (Sunday 1 March is a rest day).
    const e = unsigned('2026-01-01', '2026-03-02');
    expect(e).toMatchObject({ months: 1, days: 1, period: '1个月又1个计薪日' });
    expect(e.dailyWageFen).toBe(13793); // 300000 / 21.75 = 13793.10…
    expect(e.extraWagesFen).toBe(W + 13793);
  });

  it('months run from the start date across February: 15 January → 15 February–14 March is the first month', () => {
    expect(unsigned('2026-01-15', '2026-03-14')).toMatchObject({ months: 1, days: 0, extraWagesFen: W });
    // One day short: 2026-02-15 (a Sunday) .. 2026-03-13 holds 20 paid days.
    const short = unsigned('2026-01-15', '2026-03-13');
    expect(short).toMatchObject({ months: 0, days: 20, extraWagesFen: Math.round((20 * W) / 21.75) });
  });

  it('a start on the 31st: the from-date and the month ends clamp to shorter months', () => {
    const e = unsigned('2026-01-31', '2026-03-30');
    expect(e.doubleWageFrom).toBe('2026-02-28');
    expect(e).toMatchObject({ months: 1, days: 0 }); // 2026-02-28 .. 2026-03-30
    expect(unsigned('2026-01-31', '2026-03-27')).toMatchObject({ months: 0, days: 20 });
  });

  it('in a leap year the from-date after 31 January is 29 February', () => {
    const e = unsigned('2028-01-31', '2028-03-20');
    expect(e.doubleWageFrom).toBe('2028-02-29');
    expect(e).toMatchObject({ months: 0, days: 15, extraWagesFen: 206_897 }); // 15 × 300000 / 21.75 = 206896.55…
  });

  it('stops at 11 months, the day before one full year, and from one full year an open-ended contract is deemed concluded', () => {
    const e = unsigned('2025-01-01', '2026-11-23');
    expect(e).toMatchObject({ countedUntil: '2025-12-31', stoppedBy: 'one_year', months: 11, days: 0 });
    expect(e.extraWagesFen).toBe(11 * W);
    expect(e.openEndedDeemedFrom).toBe('2026-01-01');
    // The day before the year is full: 11 months owed, nothing deemed yet.
    expect(unsigned('2025-01-01', '2025-12-31')).toMatchObject({ months: 11, openEndedDeemedFrom: null });
  });

  it('a contract signed after one full year does not undo the deemed open-ended contract, nor add months', () => {
    const e = doubleWageExposure({
      startDate: '2025-01-01',
      monthlyWageFen: W,
      asOf: '2026-05-01',
      signedOn: '2026-03-01',
      endedOn: null,
    });
    expect(e).toMatchObject({ months: 11, stoppedBy: 'one_year', openEndedDeemedFrom: '2026-01-01' });
  });

  it('signed mid-month: counted until the day before signing', () => {
    const e = doubleWageExposure({
      startDate: '2026-01-01',
      monthlyWageFen: W,
      asOf: '2026-06-01',
      signedOn: '2026-04-16',
      endedOn: null,
    });
    // February and March whole; 1–15 April 2026 holds 11 paid days (Wednesday 1st to Wednesday 15th).
    expect(e).toMatchObject({ countedUntil: '2026-04-15', stoppedBy: 'contract', months: 2, days: 11 });
    expect(e.extraWagesFen).toBe(2 * W + 151_724); // 11 × 300000 / 21.75 = 151724.14
    expect(e.period).toBe('2个月又11个计薪日');
    expect(e.openEndedDeemedFrom).toBeNull();
  });

  it('signed within the first month: nothing is owed', () => {
    const e = doubleWageExposure({
      startDate: '2026-01-01',
      monthlyWageFen: W,
      asOf: '2026-06-01',
      signedOn: '2026-01-20',
      endedOn: null,
    });
    expect(e).toMatchObject({ countedUntil: null, months: 0, days: 0, extraWagesFen: 0 });
  });

  it('the employment ended: counted until its last day, and no open-ended contract is deemed', () => {
    const e = doubleWageExposure({
      startDate: '2026-01-01',
      monthlyWageFen: W,
      asOf: '2027-06-01',
      signedOn: null,
      endedOn: '2026-03-10',
    });
    expect(e).toMatchObject({ countedUntil: '2026-03-10', stoppedBy: 'ended', months: 1, days: 7 });
    expect(e.extraWagesFen).toBe(W + 96_552); // 2–6 and 9–10 March: 7 × 300000 / 21.75 = 96551.72
    expect(e.openEndedDeemedFrom).toBeNull();
  });

  it('a part month never pays more than a whole month (22 paid days in 1–30 July 2026)', () => {
    const e = unsigned('2026-06-01', '2026-07-30');
    expect(e).toMatchObject({ months: 0, days: 22, extraWagesFen: W });
  });

  it('integer fen, rounded to the nearest fen (x / 87 never ends in exactly half a fen)', () => {
    const e = unsigned('2026-01-01', '2026-02-02', 100_001); // Monday 2 February: 1 paid day
    expect(e.days).toBe(1);
    expect(e.extraWagesFen).toBe(4598); // 100001 / 21.75 = 4597.75 → 4598
    expect(Number.isInteger(e.extraWagesFen)).toBe(true);
  });

  it('paid days are Monday to Friday, both ends included', () => {
    expect(paidDaysBetween('2026-03-02', '2026-03-08')).toBe(5); // Monday to Sunday
    expect(paidDaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    expect(paidDaysBetween('2026-03-09', '2026-03-08')).toBe(0);
  });
});
