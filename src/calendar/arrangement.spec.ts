import { readFileSync } from 'node:fs';
import { DomainError } from '../common/errors.js';
import { parseArrangement } from './arrangement.js';

const file = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o), 'utf8');
const problems = (o: unknown): { field: string; reason: string }[] => {
  try {
    parseArrangement(file(o));
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).status).toBe(400);
    return (e as DomainError).details;
  }
  throw new Error('the arrangement was accepted');
};
const base = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: [{ name: '春节调休上班', date: '2027-01-31' }],
};

describe('a year arrangement file (节假日安排)', () => {
  it('reads the shipped sample: every day of each 放假 range, and the weekend make-up days, in date order', () => {
    const a = parseArrangement(readFileSync(new URL('../../test/fixtures/holidays-2027.sample.json', import.meta.url)));
    expect(a.year).toBe(2027);
    expect(a.days.filter((d) => d.name === '春节').map((d) => d.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-02-13',
    ]);
    expect(a.days.find((d) => d.date === '2027-09-15')).toEqual({
      date: '2027-09-15',
      kind: 'holiday',
      name: '中秋节',
    });
    expect(a.days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual([
      '2027-01-31',
      '2027-02-20',
      '2027-05-08',
      '2027-09-26',
      '2027-10-09',
    ]);
    expect(a.days.map((d) => d.date)).toEqual([...a.days.map((d) => d.date)].sort());
  });

  it('accepts a byte-order mark and leaves workdays optional', () => {
    const { workdays: _w, ...noWorkdays } = base;
    expect(parseArrangement(Buffer.from(`\uFEFF${JSON.stringify(noWorkdays)}`)).days).toHaveLength(3);
  });

  it.each([
    ['not JSON', '{ year: 2027', 'file'],
    ['a year that is not a number', { ...base, year: '2027年' }, 'year'],
    ['no source', { ...base, source: '' }, 'source'],
    ['no holidays', { ...base, holidays: [] }, 'holidays'],
    [
      'a day outside the year',
      { ...base, holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-02' }] },
      'holidays[0].from',
    ],
    [
      'a range ending before it starts',
      { ...base, holidays: [{ name: '元旦', from: '2027-01-03', to: '2027-01-01' }] },
      'holidays[0].to',
    ],
    ['an impossible date', { ...base, workdays: [{ name: '调休', date: '2027-02-30' }] }, 'workdays[0].date'],
    ['a make-up day on a weekday', { ...base, workdays: [{ name: '调休', date: '2027-02-01' }] }, 'workdays[0].date'],
    ['a day listed twice', { ...base, workdays: [{ name: '调休', date: '2027-01-02' }] }, 'workdays[0]'],
    ['an unknown field', { ...base, notes: 'x' }, 'notes'],
  ])('%s → 400 naming the place in the file, in Chinese', (_what, doc, field) => {
    const found = problems(doc);
    expect(found.map((p) => p.field)).toContain(field);
    for (const p of found) expect(p.reason).toMatch(/[\u4e00-\u9fff]/);
  });
});
