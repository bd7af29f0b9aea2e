import { cnDate } from '../documents/money-format.js';
import { fixClock } from './clock.js';
import { shanghaiDateOf, shanghaiDateTimeOf, shanghaiToday } from './dates.js';
import { shanghaiDateTime } from './xlsx-export.js';

/** 02:27 on 2 December in Beijing: still 1 December in UTC. */
const LATE_EVENING_UTC = new Date('2026-12-01T18:27:00Z');

describe('a timestamp becomes an Asia/Shanghai date', () => {
  afterEach(() => fixClock(null));

  it('the date and time of 18:27 UTC are the next morning in Beijing, whatever form the timestamp takes', () => {
    for (const at of [LATE_EVENING_UTC, LATE_EVENING_UTC.toISOString(), LATE_EVENING_UTC.getTime()]) {
      expect(shanghaiDateOf(at)).toBe('2026-12-02');
      expect(shanghaiDateTimeOf(at)).toBe('2026-12-02 02:27');
    }
    expect(shanghaiDateOf('2026-12-02T02:27:00+08:00')).toBe('2026-12-02');
    // 15:59 UTC is still the same day in Beijing (23:59).
    expect(shanghaiDateTimeOf('2026-12-01T15:59:00Z')).toBe('2026-12-01 23:59');
  });

  it('letters print the Beijing date of a timestamp (cnDate), and a calendar date as it is', () => {
    expect(cnDate(LATE_EVENING_UTC)).toBe('2026年12月2日');
    expect(cnDate(LATE_EVENING_UTC.toISOString())).toBe('2026年12月2日');
    expect(cnDate('2026-12-01')).toBe('2026年12月1日');
    expect(() => cnDate('1 December')).toThrow(RangeError);
  });

  it('spreadsheets write the Beijing date and time', () => {
    expect(shanghaiDateTime(LATE_EVENING_UTC)).toBe('2026-12-02 02:27');
    expect(shanghaiDateTime(null)).toBeNull();
  });

  it("today is the Beijing date of the API's clock, which tests can fix", () => {
    fixClock(LATE_EVENING_UTC);
    expect(shanghaiToday()).toBe('2026-12-02');
    fixClock(new Date('2026-12-01T15:59:00Z'));
    expect(shanghaiToday()).toBe('2026-12-01');
  });
});
