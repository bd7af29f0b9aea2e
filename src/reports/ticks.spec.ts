import { barChart, niceTicks } from './charts.js';

const ticksOf = (svg: string) => [...svg.matchAll(/class="tick">([^<]*)</g)].map((m) => m[1]);

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^n from 0 to at or above the largest value', () => {
    expect(niceTicks(90)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    for (const max of [1, 3, 7, 13, 48, 99, 101, 999, 2600, 41_000, 987_654]) {
      const t = niceTicks(max);
      const step = t[1];
      expect(t[0]).toBe(0);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
      expect(t[t.length - 2]).toBeLessThan(max);
      expect([1, 2, 5]).toContain(Math.round(step / 10 ** Math.floor(Math.log10(step))));
      t.forEach((v, i) => expect(v).toBe(i * step));
    }
  });

  it('counts step by whole numbers, money by whole yuan (100 fen), and all-zero data gets 0 and one step', () => {
    expect(niceTicks(2)).toEqual([0, 1, 2]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(0, 100)).toEqual([0, 100]);
    expect(niceTicks(250, 100)).toEqual([0, 100, 200, 300]);
    for (const max of [0, 1, 37, 250, 99_999]) for (const v of niceTicks(max, 100)) expect(v % 100).toBe(0);
    expect(() => niceTicks(-1)).toThrow(RangeError);
    expect(() => niceTicks(1, 0)).toThrow(RangeError);
  });

  it('an all-zero money chart reads 0 and 1 yuan on its axis, unit in the axis title', () => {
    const svg = barChart({
      title: '每月补贴发放',
      unit: '元',
      minStep: 100,
      axisFormat: (v) => String(v / 100),
      bars: [
        { label: '1月', value: 0 },
        { label: '2月', value: 0 },
      ],
    });
    expect(ticksOf(svg)).toEqual(['0', '1']);
    expect(svg).toContain('class="axis-title">（元）<');
  });
});
