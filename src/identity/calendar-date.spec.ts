import { isCalendarDate, todayInShanghai } from './calendar-date.js';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '1900-01-01', '2026-12-31'])('accepts %s', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });
  it.each([
    '2023-02-29',
    '1900-02-29',
    '2023-02-30',
    '2023-13-01',
    '2023-00-10',
    '2023-04-31',
    '2023-4-1',
    '20230401',
    '2023-04-01T00:00',
    ' 2023-04-01',
    '',
    20230401,
    null,
  ])('rejects %p', (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });
});

describe('todayInShanghai', () => {
  it('uses the Asia/Shanghai calendar date, not UTC', () => {
    // 16:30 UTC on 1 March is 00:30 on 2 March in Shanghai (UTC+8).
    expect(todayInShanghai(new Date('2024-03-01T16:30:00Z'))).toBe('2024-03-02');
    expect(todayInShanghai(new Date('2024-03-01T15:59:59Z'))).toBe('2024-03-01');
    expect(todayInShanghai(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
  it('defaults to now', () => {
    expect(isCalendarDate(todayInShanghai())).toBe(true);
  });
});
