import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../documents/template-engine.js';
import { barChart, escapeXml, monthLabel, niceMax, overviewCharts, progressBars } from './charts.js';
import { monthBounds, monthsEndingWith, parseMonth } from './month.js';

const rects = (svg: string) =>
  [
    ...svg.matchAll(
      /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"(?: rx="3")? fill="([^"]+)"\/>/g,
    ),
  ].map((m) => ({ x: +m[1], y: +m[2], w: +m[3], h: +m[4], fill: m[5] }));

describe('barChart', () => {
  const svg = barChart({
    title: '每月劳务输出',
    unit: '人次',
    legend: { value: '输出总数', part: '有组织输出' },
    bars: [
      { label: '10月', value: 45, part: 10 },
      { label: '11月', value: 90, part: 90 },
      { label: '12月', value: 0, part: 0 },
    ],
  });

  it('is one SVG element with a title naming the chart and its unit, and Chinese labels', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>每月劳务输出（人次）</title>');
    for (const l of ['10月', '11月', '12月', '输出总数', '有组织输出']) expect(svg).toContain(`>${l}<`);
    expect(svg).not.toMatch(/<script|on\w+=/i);
  });

  it('bar heights are proportional to the values on a nice scale (max 90 → axis 100)', () => {
    const bars = rects(svg).filter((r) => r.fill === '#2f6fb0' && r.y > 30);
    expect(bars).toHaveLength(3);
    expect(bars[1].h / bars[0].h).toBeCloseTo(2, 5);
    expect(bars[2].h).toBe(0);
    const parts = rects(svg).filter((r) => r.fill === '#173f6b' && r.y > 30);
    expect(parts[0].h).toBeCloseTo((bars[0].h * 10) / 45, 0);
    expect(parts[1].h).toBe(bars[1].h);
    expect(bars[1].h / (264 - 44)).toBeCloseTo(0.9, 2);
    expect(svg).toContain('>100<');
    expect(svg).toContain('>90<');
  });

  it('escapes labels and the title, and refuses negative, non-finite and inconsistent values', () => {
    const evil = barChart({ title: '<b>"x"&', bars: [{ label: '<script>alert(1)</script>', value: 1 }] });
    expect(evil).not.toContain('<script>');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).toContain('&lt;b&gt;&quot;x&quot;&amp;');
    expect(() => barChart({ title: 't', bars: [{ label: 'a', value: -1 }] })).toThrow(RangeError);
    expect(() => barChart({ title: 't', bars: [{ label: 'a', value: Number.NaN }] })).toThrow(RangeError);
    expect(() => barChart({ title: 't', bars: [{ label: 'a', value: 1, part: 2 }] })).toThrow(/part must not exceed/);
  });

  it('an empty or all-zero chart still draws its axis', () => {
    expect(barChart({ title: '空', bars: [] })).toContain('</svg>');
    expect(barChart({ title: '零', bars: [{ label: 'a', value: 0 }] })).toContain('>1<');
  });
});

describe('progressBars', () => {
  it('fills value/target of the track, caps at 100%, shows the real rate, and marks the time progress', () => {
    const svg = progressBars({
      title: '目标完成情况',
      markerPercent: 50,
      items: [
        { label: '城关镇', value: 5, target: 10 },
        { label: '陆集乡', value: 30, target: 20 },
        { label: '新设乡', value: 3, target: 0 },
      ],
    });
    const tracks = rects(svg).filter((r) => r.fill === '#e6e9ee');
    const fills = rects(svg).filter((r) => r.fill !== '#e6e9ee');
    expect(tracks).toHaveLength(3);
    expect(fills[0].w).toBeCloseTo(tracks[0].w / 2, 0);
    expect(fills[1].w).toBeCloseTo(tracks[1].w, 0);
    expect(fills[2].w).toBe(0);
    expect(svg).toContain('5/10（50.0%）');
    expect(svg).toContain('30/20（150.0%）');
    expect(svg).toContain('3（无目标）');
    expect(svg).toContain('时间进度 50%');
    expect(svg).toMatch(/stroke-dasharray/);
  });

  it('refuses a negative target', () => {
    expect(() => progressBars({ title: 't', items: [{ label: 'a', value: 1, target: -1 }] })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('niceMax, monthLabel, escapeXml', () => {
    expect([0, 1, 3, 7, 80, 101, 2600, 4100, 9000].map(niceMax)).toEqual([1, 1, 3, 8, 80, 200, 3000, 5000, 10000]);
    expect(monthLabel('2026-11')).toBe('11月');
    expect(monthLabel('2027-01')).toBe('2027年1月');
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&#39;');
  });

  it('overviewCharts draws the four charts from the sample figures of the progress report', () => {
    const sample = JSON.parse(readFileSync(join(templatesDir(), 'samples.json'), 'utf8')).monthly_progress_report;
    const charts = overviewCharts(sample.f);
    expect(Object.keys(charts)).toEqual(['placementsByMonth', 'claimsPaidByMonth', 'townshipProgress', 'keyRates']);
    for (const svg of Object.values(charts)) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(charts.townshipProgress).toContain('龙王庄乡');
    expect(charts.placementsByMonth).toContain('2026年1月');
    expect(charts.keyRates).toContain('培训后输出率');
  });
});

describe('report months', () => {
  const now = Date.UTC(2026, 10, 25, 3); // 2026-11-25 11:00 in Shanghai
  it('parses a month into Shanghai bounds', () => {
    const m = parseMonth('2026-02', 'month', now);
    expect(m).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      toExclusive: '2026-03-01',
      yearFrom: '2026-01-01',
      monthNumber: 2,
    });
    expect(m.fromAt.toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(monthBounds('2024-12').to).toBe('2024-12-31');
  });

  it('the current Shanghai month is allowed even when UTC is still in the previous one', () => {
    const lateUtc = Date.UTC(2026, 10, 30, 17); // 2026-12-01 01:00 in Shanghai
    expect(parseMonth('2026-12', 'month', lateUtc).month).toBe('2026-12');
  });

  it.each([
    ['2026-13', /01至12/],
    ['2026-00', /01至12/],
    ['garbage', /如 2026-11/],
    ['2026-1', /如 2026-11/],
    ['2026-12', /不能晚于本月（2026-11）/],
    ['1999-12', /2000年1月/],
  ])('%s → 400 with the field and the reason', (v, reason) => {
    try {
      parseMonth(v, 'month', now);
      throw new Error('accepted');
    } catch (e) {
      expect((e as { status: number }).status).toBe(400);
      expect((e as { details: { field: string; reason: string }[] }).details[0]).toEqual({
        field: 'month',
        reason: expect.stringMatching(reason),
      });
    }
  });

  it('12 months ending with a month, across the year end', () => {
    expect(monthsEndingWith('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthsEndingWith('2026-11', 12)).toHaveLength(12);
  });
});
