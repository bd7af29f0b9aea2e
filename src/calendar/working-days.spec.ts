import {
  addWorkingDays,
  type CalendarOverrides,
  isWorkingDay,
  weekdayOf,
  workingDaysBetween,
} from '../../workflows/working-days.js';

/** Builds overrides from ranges, as the official notice states them. */
function days(kind: 'holiday' | 'workday', from: string, to = from): CalendarOverrides {
  const out: CalendarOverrides = {};
  for (let t = Date.parse(`${from}T12:00:00Z`); t <= Date.parse(`${to}T12:00:00Z`); t += 86_400_000) {
    out[new Date(t).toISOString().slice(0, 10)] = kind;
  }
  return out;
}

/** 国务院办公厅关于2026年部分节假日安排的通知. */
const Y2026: CalendarOverrides = {
  ...days('holiday', '2026-01-01', '2026-01-03'),
  ...days('workday', '2026-01-04'),
  ...days('workday', '2026-02-14'),
  ...days('holiday', '2026-02-15', '2026-02-23'),
  ...days('workday', '2026-02-28'),
  ...days('holiday', '2026-04-04', '2026-04-06'),
  ...days('holiday', '2026-05-01', '2026-05-05'),
  ...days('workday', '2026-05-09'),
  ...days('holiday', '2026-06-19', '2026-06-21'),
  ...days('workday', '2026-09-20'),
  ...days('holiday', '2026-09-25', '2026-09-27'),
  ...days('holiday', '2026-10-01', '2026-10-07'),
  ...days('workday', '2026-10-10'),
};

/** The end of 2025 (国庆节、中秋节 2025-10-01..08, make-up 09-28 and 10-11). */
const Y2025_AUTUMN: CalendarOverrides = {
  ...days('workday', '2025-09-28'),
  ...days('holiday', '2025-10-01', '2025-10-08'),
  ...days('workday', '2025-10-11'),
};

describe('working days (工作日) with holidays and make-up days (调休)', () => {
  it('knows the day of the week from the date string', () => {
    expect(weekdayOf('1970-01-01')).toBe(4); // Thursday
    expect(weekdayOf('2026-09-28')).toBe(1); // Monday
    expect(weekdayOf('2026-10-10')).toBe(6); // Saturday
    expect(weekdayOf('1969-12-28')).toBe(0); // Sunday, before the epoch
  });

  it('treats Mon–Fri as working days and Sat/Sun as not, without overrides', () => {
    expect(isWorkingDay('2026-03-06', {})).toBe(true); // Friday
    expect(isWorkingDay('2026-03-07', {})).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-08', {})).toBe(false); // Sunday
  });

  it('adds one working day from a Friday across the weekend to Monday', () => {
    expect(addWorkingDays('2026-03-06', 1, {})).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-06', 1, Y2026)).toBe('2026-03-09');
  });

  it('lands after the National Day holiday: 5 working days from 2026-09-28', () => {
    // 09-29 (1), 09-30 (2), 10-01..07 off, 10-08 (3), 10-09 (4), 10-10 Saturday make-up day (5)
    expect(addWorkingDays('2026-09-28', 5, Y2026)).toBe('2026-10-10');
    // without the calendar the same sum would wrongly end inside the holiday
    expect(addWorkingDays('2026-09-28', 5, {})).toBe('2026-10-05');
  });

  it('counts a make-up Saturday (调休上班) as a working day', () => {
    expect(isWorkingDay('2026-10-10', Y2026)).toBe(true);
    expect(isWorkingDay('2026-02-14', Y2026)).toBe(true);
    expect(isWorkingDay('2026-01-04', Y2026)).toBe(true); // a make-up Sunday
    // Friday 2026-05-08 + 1 = Saturday 05-09, the 劳动节 make-up day
    expect(addWorkingDays('2026-05-08', 1, Y2026)).toBe('2026-05-09');
  });

  it('does not count a holiday Monday', () => {
    expect(isWorkingDay('2026-04-06', Y2026)).toBe(false); // 清明节, Monday
    expect(addWorkingDays('2026-04-03', 1, Y2026)).toBe('2026-04-07'); // Friday → Tuesday
    expect(workingDaysBetween('2026-04-03', '2026-04-07', Y2026)).toBe(1);
  });

  it('never counts the start date itself', () => {
    expect(addWorkingDays('2026-03-02', 1, {})).toBe('2026-03-03'); // a working Monday
    expect(addWorkingDays('2026-10-10', 1, Y2026)).toBe('2026-10-12'); // from a make-up Saturday
    expect(addWorkingDays('2026-10-01', 1, Y2026)).toBe('2026-10-08'); // from inside the holiday
    expect(addWorkingDays('2026-03-02', 0, {})).toBe('2026-03-02');
    expect(workingDaysBetween('2026-03-02', '2026-03-02', {})).toBe(0);
  });

  it('adds 60 working days across the year end, 元旦 and 春节 (labour inspection, art. 17)', () => {
    const overrides = { ...Y2025_AUTUMN, ...Y2026 };
    // Dec 2025: 22 after 12-01; Jan 2026: 20 weekdays − 2 (元旦) + 01-04 = 21 (43);
    // Feb: 02-02..06 (48), 02-09..13 (53), 02-14 (54), 02-15..23 off, 02-24..27 (58), 02-28 (59); 03-02 (60)
    expect(addWorkingDays('2025-12-01', 60, overrides)).toBe('2026-03-02');
    expect(addWorkingDays('2025-12-01', 60, {})).toBe('2026-02-23');
    expect(workingDaysBetween('2025-12-01', '2026-03-02', overrides)).toBe(60);
  });

  it('counts working days between two dates, signed, consistently with addWorkingDays', () => {
    const overrides = { ...Y2025_AUTUMN, ...Y2026 };
    expect(workingDaysBetween('2026-09-28', '2026-10-10', Y2026)).toBe(5);
    expect(workingDaysBetween('2026-10-10', '2026-09-28', Y2026)).toBe(-5);
    for (const from of ['2025-09-26', '2025-12-31', '2026-02-13', '2026-09-18']) {
      for (const n of [1, 2, 5, 15, 30]) {
        const to = addWorkingDays(from, n, overrides);
        expect(isWorkingDay(to, overrides)).toBe(true);
        expect(workingDaysBetween(from, to, overrides)).toBe(n);
      }
    }
  });

  it('refuses malformed input', () => {
    expect(() => addWorkingDays('2026/09/28', 1, {})).toThrow(RangeError);
    expect(() => addWorkingDays('2026-09-28', -1, {})).toThrow(RangeError);
    expect(() => addWorkingDays('2026-09-28', 1.5, {})).toThrow(RangeError);
  });
});

describe('the seeded calendar (migration WorkingCalendar)', () => {
  async function seeded(): Promise<{ date: string; kind: 'holiday' | 'workday'; name: string; source: string }[]> {
    const { WorkingCalendar1795461000000 } = await import('../../migrations/1795461000000-WorkingCalendar.js');
    const rows: { date: string; kind: 'holiday' | 'workday'; name: string; source: string }[] = [];
    const runner = {
      query: async (sql: string, params: string[] = []) => {
        for (const m of sql.matchAll(
          /\('(\d{4}-\d{2}-\d{2})', '(holiday|workday)', '([^']+)', \$1, 'system:seed'\)/g,
        )) {
          rows.push({ date: m[1], kind: m[2] as 'holiday' | 'workday', name: m[3], source: params[0] });
        }
      },
    };
    await new WorkingCalendar1795461000000().up(runner as never);
    return rows;
  }

  it('holds exactly the 2026 arrangement used above, each row naming its notice', async () => {
    const rows = await seeded();
    const y2026 = Object.fromEntries(rows.filter((r) => r.date.startsWith('2026-')).map((r) => [r.date, r.kind]));
    expect(y2026).toEqual(Y2026);
    for (const r of rows) expect(r.source).toMatch(new RegExp(`关于${r.date.slice(0, 4)}年部分节假日安排的通知`));
  });

  it('puts make-up working days only on weekends, with no date twice', async () => {
    const rows = await seeded();
    expect(new Set(rows.map((r) => r.date)).size).toBe(rows.length);
    for (const r of rows.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(weekdayOf(r.date));
    expect(rows.filter((r) => r.date.startsWith('2025-')).length).toBe(33);
    expect(rows.filter((r) => r.date.startsWith('2026-')).length).toBe(39);
  });
});
