import { doubleWageExposure } from './exposure.js';

describe('double-wage exposure (Labour Contract Law art. 82)', () => {
  it('accrues nothing during the first month', () => {
    const e = doubleWageExposure('2026-01-01', 600000, '2026-01-31', null);
    expect(e.doubleWageFrom).toBe('2026-02-01');
    expect(e.daysAccrued).toBe(0);
    expect(e.extraWagesFen).toBe(0);
  });

  it('accrues from the day after one month until today while unsigned', () => {
    const e = doubleWageExposure('2026-01-01', 600000, '2026-03-02', null);
    expect(e.daysAccrued).toBe(30); // 02-01 .. 03-02
    expect(e.extraWagesFen).toBe(600000);
  });

  it('stops the day before the contract is signed', () => {
    const e = doubleWageExposure('2026-01-01', 300000, '2026-06-01', '2026-02-11');
    expect(e.countedUntil).toBe('2026-02-10');
    expect(e.daysAccrued).toBe(10);
    expect(e.extraWagesFen).toBe(100000);
  });

  it('is capped at one year of employment', () => {
    const e = doubleWageExposure('2025-01-01', 300000, '2026-11-23', null);
    expect(e.countedUntil).toBe('2025-12-31');
    expect(e.daysAccrued).toBe(334);
  });

  it('keeps whole fen with integer arithmetic', () => {
    const e = doubleWageExposure('2026-01-01', 100001, '2026-02-01', null);
    expect(Number.isInteger(e.extraWagesFen)).toBe(true);
    expect(e.extraWagesFen).toBe(3333);
  });
});
