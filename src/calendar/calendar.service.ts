import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { addDays } from '../common/dates.js';
import { badRequest, notFound } from '../common/errors.js';
import { isCalendarDate } from '../registry/identity/index.js';
import {
  addWorkingDays,
  type CalendarOverrides,
  isWorkingDay,
  weekdayOf,
  workingDaysBetween,
} from '../../workflows/working-days.js';
import { CALENDAR_DAY_KINDS, CalendarDay, type CalendarDayKind } from './calendar-day.entity.js';

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
}

/** Upper bound on a working-day count the API will compute (about eight years). */
const MAX_WORKING_DAYS = 2000;

/**
 * The working-day calendar: holidays and make-up working days (调休) as data admin keeps
 * up to date each year, and working-day arithmetic over them. Workflows get the overrides
 * (or a computed deadline) from an activity, never from the database directly.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every holiday and make-up working day from `from` to `to` inclusive. */
  async overrides(from: string, to: string, manager: EntityManager = this.db.manager): Promise<CalendarOverrides> {
    requireDate('from', from);
    requireDate('to', to);
    const rows: { date: string; kind: CalendarDayKind }[] = await manager.query(
      `SELECT to_char("date", 'YYYY-MM-DD') AS "date", "kind" FROM "calendar_days" WHERE "date" BETWEEN $1 AND $2`,
      [from, to],
    );
    const out: CalendarOverrides = {};
    for (const r of rows) out[r.date] = r.kind;
    return out;
  }

  async isWorkingDay(date: string): Promise<boolean> {
    requireDate('date', date);
    return isWorkingDay(date, await this.overrides(date, date));
  }

  /** The `n`-th working day after `date` (`date` itself never counts). */
  async addWorkingDays(date: string, n: number): Promise<string> {
    requireDate('date', date);
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORKING_DAYS)
      throw badRequest('days', `must be a whole number from 0 to ${MAX_WORKING_DAYS}`);
    // A generous window: two calendar days per working day plus the longest holiday runs.
    let to = addDays(date, n * 2 + 60);
    for (;;) {
      const result = addWorkingDays(date, n, await this.overrides(date, to));
      if (result <= to) return result;
      to = addDays(to, n * 2 + 60); // only if admin has marked an unusually long stretch as holidays
    }
  }

  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  async workingDaysBetween(from: string, to: string): Promise<number> {
    requireDate('from', from);
    requireDate('to', to);
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    return workingDaysBetween(from, to, await this.overrides(lo, hi));
  }

  /** The year's holidays and make-up working days, in date order. */
  async list(year: number): Promise<CalendarDay[]> {
    if (!Number.isInteger(year) || year < 1900 || year > 2999) throw badRequest('year', 'must be a year such as 2026');
    return this.db.getRepository(CalendarDay).find({
      where: { date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
  }

  /** Sets one day as a holiday or a make-up working day, creating or changing it (audited). */
  async upsert(dto: CalendarDayInput, actor: string): Promise<CalendarDay> {
    requireDate('date', dto.date);
    if (!CALENDAR_DAY_KINDS.includes(dto.kind))
      throw badRequest('kind', `must be one of ${CALENDAR_DAY_KINDS.join(', ')}`);
    const wd = weekdayOf(dto.date);
    if (dto.kind === 'workday' && wd !== 0 && wd !== 6) {
      throw badRequest(
        'kind',
        `${dto.date} is a weekday and already a working day; a make-up working day (调休上班) is a Saturday or Sunday`,
        'CALENDAR.WORKDAY_ON_WEEKDAY',
      );
    }
    const name = dto.name.trim();
    const source = dto.source.trim();
    if (!name) throw badRequest('name', 'must not be empty');
    if (!source) throw badRequest('source', 'must not be empty');
    return this.db.transaction(async (m) => {
      const existing = await m.findOne(CalendarDay, { where: { date: dto.date }, lock: { mode: 'pessimistic_write' } });
      if (existing) {
        const before = { ...existing };
        existing.kind = dto.kind;
        existing.name = name;
        existing.source = source;
        existing.createdBy = actor;
        const saved = await m.save(CalendarDay, existing);
        await this.audit.record(
          { entity: 'calendar_day', entityId: dto.date, action: 'update', before, after: saved },
          m,
        );
        return saved;
      }
      await m.insert(CalendarDay, { date: dto.date, kind: dto.kind, name, source, createdBy: actor });
      const saved = await m.findOneByOrFail(CalendarDay, { date: dto.date });
      await this.audit.record({ entity: 'calendar_day', entityId: dto.date, action: 'create', after: saved }, m);
      return saved;
    });
  }

  /** Removes a day, so it follows the ordinary Monday–Friday week again (audited). */
  async remove(date: string): Promise<void> {
    requireDate('date', date);
    await this.db.transaction(async (m) => {
      const existing = await m.findOne(CalendarDay, { where: { date }, lock: { mode: 'pessimistic_write' } });
      if (!existing) throw notFound(`calendar day ${date}`, 'CALENDAR.DAY_NOT_FOUND');
      await m.delete(CalendarDay, { date });
      await this.audit.record({ entity: 'calendar_day', entityId: date, action: 'delete', before: existing }, m);
    });
  }
}

function requireDate(field: string, value: string): void {
  if (!isCalendarDate(value)) throw badRequest(field, 'must be a date as YYYY-MM-DD');
}
