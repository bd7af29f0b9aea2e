/**
 * Server-side SVG charts for the overview (工作台/报表): pure functions returning an SVG string
 * with Chinese labels, no client JavaScript and no chart library. Every label is XML-escaped,
 * so the result can be embedded in a page as-is (an inline <svg>, or an <img> with a data: URI).
 */
import { formatYuan } from '../documents/money-format.js';
import type { MonthlyFigures } from './monthly-figures.service.js';

// The console's own web font first: a machine without CJK fonts would draw the charts' Chinese as blanks.
const FONT = `'Noto Sans SC','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif`;
const COLORS = {
  main: '#2f6fb0',
  part: '#173f6b',
  track: '#e6e9ee',
  grid: '#d5d9e0',
  text: '#222',
  muted: '#666',
  marker: '#d7000f',
  good: '#2e8b57',
};

/** Escapes text for SVG content and attribute values. */
export function escapeXml(s: string): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function checkValue(v: number, what: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new RangeError(`${what} must be a finite, non-negative number (got ${v})`);
}

/** The smallest "nice" number (1, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) at or above v; 1 for 0. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const f of [1, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (f * p >= v) return f * p;
  return 10 * p;
}

/**
 * The ticks of a value axis from 0: whole steps of 1, 2 or 5 × 10^n, at least `minStep` (1 for
 * counts; 100 fen for money, so every tick is whole yuan), about five of them, the last at or
 * above max. All-zero data gets 0 and one step, never a row of zeros.
 */
export function niceTicks(max: number, minStep = 1): number[] {
  checkValue(max, 'max');
  if (!(minStep > 0)) throw new RangeError(`minStep must be positive (got ${minStep})`);
  let step = minStep;
  if (max > 0) {
    const raw = max / 5;
    const p = 10 ** Math.floor(Math.log10(raw));
    const nice = [1, 2, 5, 10].map((f) => f * p).find((s) => s >= raw - 1e-9 * raw) ?? 10 * p;
    step = Math.max(minStep, nice);
  }
  const n = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const open = (w: number, h: number, title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeXml(title)}" font-family="${FONT}">` +
  `<title>${escapeXml(title)}</title>`;

export interface Bar {
  label: string;
  value: number;
  /** A part of the value drawn darker inside the bar (e.g. organised placements of all placements). */
  part?: number;
}

export interface BarChartOptions {
  title: string;
  bars: Bar[];
  width?: number;
  height?: number;
  /** Formats values on the axis and above the bars (default: the number). */
  format?: (v: number) => string;
  /** Formats the axis ticks (default: format). */
  axisFormat?: (v: number) => string;
  /** The smallest step between ticks, in the values' unit (default 1: counts are whole). */
  minStep?: number;
  /** Unit shown after the title and over the value axis, e.g. 人次, 元. */
  unit?: string;
  /** Size of the axis and bar labels (default 12). */
  fontSize?: number;
  /** Legend names for value and part, when parts are drawn. */
  legend?: { value: string; part: string };
}

/** A vertical bar chart (with an optional darker part in each bar), with a value above each bar. */
export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 300;
  const format = o.format ?? fmt;
  o.bars.forEach((b, i) => {
    checkValue(b.value, `bars[${i}].value`);
    if (b.part !== undefined) {
      checkValue(b.part, `bars[${i}].part`);
      if (b.part > b.value) throw new RangeError(`bars[${i}].part must not exceed its value`);
    }
  });
  const top = 44;
  const bottom = 36;
  const left = 64;
  const right = 12;
  const plotH = height - top - bottom;
  const plotW = width - left - right;
  const ticks = niceTicks(Math.max(0, ...o.bars.map((b) => b.value)), o.minStep ?? 1);
  const max = ticks[ticks.length - 1];
  const axisFormat = o.axisFormat ?? format;
  const fs = o.fontSize ?? 12;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const title = o.unit ? `${o.title}（${o.unit}）` : o.title;
  const out = [
    open(width, height, title),
    `<text x="${left}" y="20" font-size="15" font-weight="700" fill="${COLORS.text}">${escapeXml(title)}</text>`,
  ];
  if (o.legend && o.bars.some((b) => b.part !== undefined)) {
    const lx = width - right - 200;
    out.push(
      `<rect x="${lx}" y="10" width="12" height="12" fill="${COLORS.main}"/><text x="${lx + 16}" y="21" font-size="${fs}" fill="${COLORS.text}">${escapeXml(o.legend.value)}</text>`,
      `<rect x="${lx + 100}" y="10" width="12" height="12" fill="${COLORS.part}"/><text x="${lx + 116}" y="21" font-size="${fs}" fill="${COLORS.text}">${escapeXml(o.legend.part)}</text>`,
    );
  }
  if (o.unit)
    out.push(
      `<text x="${left - 6}" y="${top - 12}" font-size="${fs}" fill="${COLORS.muted}" text-anchor="end" class="axis-title">${escapeXml(`（${o.unit}）`)}</text>`,
    );
  for (const v of ticks) {
    const gy = y(v).toFixed(1);
    out.push(
      `<line x1="${left}" y1="${gy}" x2="${width - right}" y2="${gy}" stroke="${COLORS.grid}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${left - 6}" y="${gy}" font-size="${fs}" fill="${COLORS.muted}" text-anchor="end" dominant-baseline="middle" class="tick">${escapeXml(axisFormat(v))}</text>`,
    );
  }
  const n = Math.max(1, o.bars.length);
  const slot = plotW / n;
  const bw = Math.max(4, Math.min(48, slot * 0.62));
  o.bars.forEach((b, i) => {
    const x = left + slot * i + (slot - bw) / 2;
    const by = y(b.value);
    const label = `${b.label}：${format(b.value)}${b.part !== undefined ? `（${o.legend?.part ?? '其中'} ${format(b.part)}）` : ''}`;
    out.push(`<g><title>${escapeXml(label)}</title>`);
    out.push(
      `<rect x="${x.toFixed(1)}" y="${by.toFixed(1)}" width="${bw.toFixed(1)}" height="${(top + plotH - by).toFixed(1)}" fill="${COLORS.main}"/>`,
    );
    if (b.part !== undefined && b.part > 0) {
      const py = y(b.part);
      out.push(
        `<rect x="${x.toFixed(1)}" y="${py.toFixed(1)}" width="${bw.toFixed(1)}" height="${(top + plotH - py).toFixed(1)}" fill="${COLORS.part}"/>`,
      );
    }
    out.push(
      `<text x="${(x + bw / 2).toFixed(1)}" y="${(by - 4).toFixed(1)}" font-size="${fs}" fill="${COLORS.text}" text-anchor="middle">${escapeXml(format(b.value))}</text>`,
    );
    out.push(
      `<text x="${(x + bw / 2).toFixed(1)}" y="${height - bottom + 16}" font-size="${fs}" fill="${COLORS.text}" text-anchor="middle" class="category">${escapeXml(b.label)}</text></g>`,
    );
  });
  out.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="${COLORS.text}" stroke-width="1"/>`,
  );
  out.push('</svg>');
  return out.join('');
}

export interface ProgressItem {
  label: string;
  value: number;
  /** The bar is value / target; without a target (0) the bar is empty and reads 无目标. */
  target: number;
  /** Text after the bar; default "value/target (rate%)". */
  note?: string;
}

export interface ProgressBarsOptions {
  title: string;
  items: ProgressItem[];
  width?: number;
  /** A vertical marker at this percent on every bar (e.g. the share of the year elapsed, 时间进度). */
  markerPercent?: number;
  markerLabel?: string;
}

/** Horizontal progress bars, one row per item, capped at 100% wide (the text shows the real rate). */
export function progressBars(o: ProgressBarsOptions): string {
  const width = o.width ?? 640;
  const row = 30;
  const top = o.markerPercent !== undefined ? 48 : 34;
  const height = top + row * Math.max(1, o.items.length) + 8;
  const left = 120;
  const barW = width - left - 170;
  o.items.forEach((it, i) => {
    checkValue(it.value, `items[${i}].value`);
    checkValue(it.target, `items[${i}].target`);
  });
  if (o.markerPercent !== undefined) checkValue(o.markerPercent, 'markerPercent');
  const out = [
    open(width, height, o.title),
    `<text x="0" y="20" font-size="15" font-weight="700" fill="${COLORS.text}">${escapeXml(o.title)}</text>`,
  ];
  if (o.markerPercent !== undefined) {
    const mx = left + (barW * Math.min(100, o.markerPercent)) / 100;
    out.push(
      `<text x="${mx.toFixed(1)}" y="${top - 6}" font-size="13" fill="${COLORS.marker}" text-anchor="middle">${escapeXml(`${o.markerLabel ?? '时间进度'} ${fmt(o.markerPercent)}%`)}</text>`,
    );
  }
  o.items.forEach((it, i) => {
    const y = top + row * i;
    const pct = it.target > 0 ? (it.value / it.target) * 100 : null;
    const fill = pct === null ? 0 : (barW * Math.min(100, pct)) / 100;
    const note =
      it.note ??
      (pct === null ? `${fmt(it.value)}（无目标）` : `${fmt(it.value)}/${fmt(it.target)}（${pct.toFixed(1)}%）`);
    const color = pct !== null && pct >= 100 ? COLORS.good : COLORS.main;
    out.push(`<g><title>${escapeXml(`${it.label}：${note}`)}</title>`);
    out.push(
      `<text x="${left - 8}" y="${y + 15}" font-size="13" fill="${COLORS.text}" text-anchor="end" dominant-baseline="middle">${escapeXml(it.label)}</text>`,
    );
    out.push(`<rect x="${left}" y="${y + 5}" width="${barW}" height="18" rx="3" fill="${COLORS.track}"/>`);
    out.push(`<rect x="${left}" y="${y + 5}" width="${fill.toFixed(1)}" height="18" rx="3" fill="${color}"/>`);
    out.push(
      `<text x="${left + barW + 8}" y="${y + 15}" font-size="13" fill="${COLORS.text}" dominant-baseline="middle">${escapeXml(note)}</text></g>`,
    );
  });
  if (o.markerPercent !== undefined) {
    const mx = left + (barW * Math.min(100, o.markerPercent)) / 100;
    out.push(
      `<line x1="${mx.toFixed(1)}" y1="${top}" x2="${mx.toFixed(1)}" y2="${height - 6}" stroke="${COLORS.marker}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

/** 2026-11 → 11月; January also names its year (2026年1月) so a 12-month axis reads across the year end. */
export function monthLabel(month: string): string {
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${month.slice(0, 4)}年1月` : `${m}月`;
}

/** The overview's charts stand one to a row across the page; drawn at that size, their 13-unit labels stay ≥ 11 px down to a 1000 px window with the sidebar. */
const WIDE = 760;

/** The overview page's charts, drawn from GET /reports/monthly's figures. */
export function overviewCharts(f: MonthlyFigures): {
  placementsByMonth: string;
  claimsPaidByMonth: string;
  townshipProgress: string;
  keyRates: string;
} {
  const rateItem = (label: string, r: number | null, note: string): ProgressItem => ({
    label,
    value: r ?? 0,
    target: r === null ? 0 : 100,
    note,
  });
  const pctText = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)}%`);
  return {
    placementsByMonth: barChart({
      title: '每月劳务输出',
      unit: '人次',
      width: WIDE,
      height: 320,
      fontSize: 13,
      legend: { value: '输出总数', part: '有组织输出' },
      bars: f.series.map((s) => ({ label: monthLabel(s.month), value: s.placements, part: s.organised })),
    }),
    claimsPaidByMonth: barChart({
      title: '每月补贴发放',
      unit: '元',
      width: WIDE,
      height: 320,
      fontSize: 13,
      // Values are fen; the axis steps whole yuan (at least 100 fen) and reads without the 分.
      minStep: 100,
      format: (v) => formatYuan(Math.round(v)).replace(/\.00$/, ''),
      axisFormat: (v) => formatYuan(Math.round(v)).replace(/\.00$/, ''),
      bars: f.series.map((s) => ({ label: monthLabel(s.month), value: s.claimsPaidFen })),
    }),
    townshipProgress: progressBars({
      title: `各乡镇${f.month.slice(0, 4)}年输出目标完成情况`,
      width: WIDE,
      markerPercent: f.placements.yearElapsedRate,
      markerLabel: '时间进度',
      items: f.townships.map((t) => ({ label: t.name, value: t.placementsYearToDate, target: t.target })),
    }),
    keyRates: progressBars({
      title: '主要指标（年度累计）',
      width: WIDE,
      items: [
        rateItem(
          '目标完成率',
          f.placements.completionRate === null ? null : Math.min(100, f.placements.completionRate),
          pctText(f.placements.completionRate),
        ),
        rateItem('培训后输出率', f.training.yearToDate.placementRate, pctText(f.training.yearToDate.placementRate)),
        rateItem('按期签订合同率', f.contracts.yearToDate.inTimeRate, pctText(f.contracts.yearToDate.inTimeRate)),
        rateItem(
          '案件结案率',
          f.cases.yearToDate.closureRate === null ? null : Math.min(100, f.cases.yearToDate.closureRate),
          pctText(f.cases.yearToDate.closureRate),
        ),
      ],
    }),
  };
}
