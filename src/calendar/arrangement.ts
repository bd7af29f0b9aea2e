/**
 * A year's official holiday arrangement (国务院办公厅关于部分节假日安排的通知) as admin loads
 * it, from a small JSON file written the way the notice reads:
 *
 *   {
 *     "year": 2027,
 *     "source": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）",
 *     "holidays": [ { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" }, … ],
 *     "workdays": [ { "name": "春节调休上班", "date": "2027-02-07" }, … ]
 *   }
 *
 * `holidays` are the 放假 ranges (`to` may be left out for a single day; weekend days inside a
 * range are fine), `workdays` the weekend days worked instead (调休上班). Checked whole, every
 * problem reported with its place in the file; nothing is partly accepted.
 */
import { addDays } from '../common/dates.js';
import type { DomainError, FieldProblem } from '../common/errors.js';
import { CalendarErrors } from './calendar.errors.js';
import { isCalendarDate } from '../identity/index.js';
import { weekdayOf } from '../../workflows/working-days.js';
import type { ArrangementDay } from './calendar-year.entity.js';

export interface Arrangement {
  year: number;
  source: string;
  /** Every listed day in date order. */
  days: ArrangementDay[];
}

const MAX_FILE_BYTES = 64 * 1024;
const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function parseArrangement(bytes: Buffer): Arrangement {
  if (bytes.length > MAX_FILE_BYTES) throw invalid([{ field: 'file', reason: '文件过大：节假日安排文件不超过64KB' }]);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw invalid([{ field: 'file', reason: `不是有效的 JSON 文件：${(e as Error).message}` }]);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw invalid([{ field: 'file', reason: '文件内容应为一个对象：{ "year", "source", "holidays", "workdays" }' }]);
  const o = doc as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const unknown = Object.keys(o).filter((k) => !['year', 'source', 'holidays', 'workdays'].includes(k));
  for (const k of unknown) problems.push({ field: k, reason: '不是节假日安排文件的字段' });

  const year = o.year;
  const yearOk = Number.isInteger(year) && (year as number) >= 2000 && (year as number) <= 2999;
  if (!yearOk) problems.push({ field: 'year', reason: '应为年份数字，如 2027' });
  const source = typeof o.source === 'string' ? o.source.trim() : '';
  if (source.length < 2 || source.length > 500)
    problems.push({ field: 'source', reason: '请填写通知的标题和文号（2至500字）' });

  const days = new Map<string, ArrangementDay & { field: string }>();
  const add = (field: string, date: string, kind: ArrangementDay['kind'], name: string) => {
    const seen = days.get(date);
    if (seen) problems.push({ field, reason: `${date} 已在 ${seen.field} 中列出，同一天只能出现一次` });
    else days.set(date, { date, kind, name, field });
  };
  const nameOf = (field: string, v: unknown): string | null => {
    const n = typeof v === 'string' ? v.trim() : '';
    if (n.length < 1 || n.length > 40) {
      problems.push({ field, reason: '请填写名称（1至40字），如“春节”' });
      return null;
    }
    return n;
  };
  const inYear = (field: string, v: unknown): string | null => {
    if (!isCalendarDate(v)) {
      problems.push({ field, reason: '应为日期，格式 YYYY-MM-DD' });
      return null;
    }
    if (yearOk && v.slice(0, 4) !== String(year)) {
      problems.push({ field, reason: `${v} 不在 ${String(year)} 年内` });
      return null;
    }
    return v;
  };

  const holidays = o.holidays;
  if (!Array.isArray(holidays) || holidays.length === 0)
    problems.push({ field: 'holidays', reason: '请列出放假安排（至少一项）' });
  else
    holidays.forEach((h: unknown, i) => {
      const at = `holidays[${i}]`;
      const r = (typeof h === 'object' && h !== null ? h : {}) as Record<string, unknown>;
      const name = nameOf(`${at}.name`, r.name);
      const from = inYear(`${at}.from`, r.from);
      const to = r.to === undefined ? from : inYear(`${at}.to`, r.to);
      if (!name || !from || !to) return;
      if (to < from) problems.push({ field: `${at}.to`, reason: '结束日期不能早于开始日期' });
      else for (let d = from; d <= to; d = addDays(d, 1)) add(at, d, 'holiday', name);
    });

  const workdays = o.workdays ?? [];
  if (!Array.isArray(workdays)) problems.push({ field: 'workdays', reason: '应为调休上班日的列表（可为空）' });
  else
    workdays.forEach((w: unknown, i) => {
      const at = `workdays[${i}]`;
      const r = (typeof w === 'object' && w !== null ? w : {}) as Record<string, unknown>;
      const name = nameOf(`${at}.name`, r.name);
      const date = inYear(`${at}.date`, r.date);
      if (!name || !date) return;
      const wd = weekdayOf(date);
      if (wd === 0 || wd === 6) add(at, date, 'workday', name);
      else
        problems.push({
          field: `${at}.date`,
          reason: `${date} 是${WEEKDAY[wd]}，本来就是工作日；调休上班日应为周六或周日`,
        });
    });

  if (problems.length) throw invalid(problems);
  return {
    year: year as number,
    source,
    days: [...days.values()]
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .map(({ date, kind, name }) => ({ date, kind, name })),
  };
}

function invalid(details: FieldProblem[]): DomainError {
  return CalendarErrors.ARRANGEMENT_INVALID({
    problems: details.map((d) => `${d.field}：${d.reason}`).join('；'),
  }).withDetails(details);
}
