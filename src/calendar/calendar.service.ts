import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/request-context.js';
import { addDays, shanghaiDateTimeOf, shanghaiToday } from '../common/dates.js';
import { CalendarErrors } from './calendar.errors.js';
import { isCalendarDate } from '../identity/index.js';
import { Processes } from '../temporal/processes.js';
import { workingDeadlineMovedSignal } from '../../workflows/definitions.js';
import {
  addWorkingDays,
  type CalendarOverrides,
  isWorkingDay,
  weekdayOf,
  workingDaysBetween,
} from '../../workflows/working-days.js';
import { parseArrangement } from './arrangement.js';
import { CALENDAR_DAY_KINDS, CalendarDay, type CalendarDayKind } from './calendar-day.entity.js';
import { type ArrangementDay, CalendarYear, CalendarYearLoad, WorkingDayDeadline } from './calendar-year.entity.js';

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
}

/** Upper bound on a working-day count the API will compute (about eight years). */
const MAX_WORKING_DAYS = 2000;

/** A working-day deadline, and the years it was counted through whose arrangement is not loaded. */
export interface WorkingDeadline {
  dueOn: string;
  /** Empty when final; otherwise counted Monday–Friday through these years, to be recomputed. */
  provisionalYears: number[];
}

/** The process a tracked deadline belongs to. */
export interface DeadlineSubject {
  type: 'case' | 'claim';
  id: number;
  /** Its number, as people know it (维权〔2026〕12号, 补〔2026〕3号). */
  name: string;
  workflowId: string;
}

/** A tracked deadline a year's arrangement moves. */
export interface DeadlineMove {
  subjectType: 'case' | 'claim';
  subjectId: number;
  subjectName: string;
  label: string;
  fromDate: string;
  workingDays: number;
  dueOn: string;
  newDueOn: string;
  provisionalYears: number[];
  newProvisionalYears: number[];
}

/** What a year's arrangement replacing the stored one changes: days, and the deadlines it moves. */
interface YearChange {
  year: number;
  days: ArrangementDay[];
}

type Upload = { buffer: Buffer; originalname: string };

/** From this day of the year on, next year's arrangement is expected (the notice comes out in autumn). */
const NEXT_YEAR_DUE = '-11-01';

/**
 * The working-day calendar: holidays and make-up working days (调休) as data admin keeps
 * up to date each year, and working-day arithmetic over them. Workflows get the overrides
 * (or a computed deadline) from an activity, never from the database directly.
 */
@Injectable()
export class CalendarService {
  private readonly log = new Logger(CalendarService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly processes: Processes,
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
    return (await this.workingDeadline(date, n)).dueOn;
  }

  /** The `n`-th working day after `date`, and whether it was counted through a year not loaded. */
  async workingDeadline(date: string, n: number, m: EntityManager = this.db.manager): Promise<WorkingDeadline> {
    requireDate('date', date);
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORKING_DAYS) throw CalendarErrors.DAYS({ max: MAX_WORKING_DAYS });
    const dueOn = await this.count(date, n, m);
    return { dueOn, provisionalYears: unloadedBetween(date, dueOn, await this.loadedYears(m)) };
  }

  /** The count itself, optionally with one year's days replaced (to preview a year's arrangement). */
  private async count(date: string, n: number, m: EntityManager, replace?: YearChange): Promise<string> {
    // A generous window: two calendar days per working day plus the longest holiday runs.
    let to = addDays(date, n * 2 + 60);
    for (;;) {
      const overrides = await this.overrides(date, to, m);
      if (replace) {
        for (const d of Object.keys(overrides)) if (d.startsWith(`${replace.year}-`)) delete overrides[d];
        for (const d of replace.days) if (d.date > date && d.date <= to) overrides[d.date] = d.kind;
      }
      const result = addWorkingDays(date, n, overrides);
      if (result <= to) return result;
      to = addDays(to, n * 2 + 60); // only if admin has marked an unusually long stretch as holidays
    }
  }

  /** The years whose official arrangement is loaded. */
  async loadedYears(m: EntityManager = this.db.manager): Promise<Set<number>> {
    return new Set((await m.find(CalendarYear, { select: { year: true } })).map((y) => y.year));
  }

  /**
   * Which years are loaded, and a notice when this year's arrangement, or from 1 November next
   * year's, is missing (working-day deadlines into it are provisional until it is loaded).
   */
  async coverage(today: string = shanghaiToday()) {
    const loaded = [...(await this.loadedYears())].sort((a, b) => a - b);
    const year = Number(today.slice(0, 4));
    const nextYearDue = today >= `${year}${NEXT_YEAR_DUE}`;
    const missing = [year, ...(nextYearDue ? [year + 1] : [])].filter((y) => !loaded.includes(y));
    return {
      today,
      loadedYears: loaded,
      currentYear: { year, loaded: loaded.includes(year) },
      nextYear: { year: year + 1, loaded: loaded.includes(year + 1), expectedFrom: `${year}${NEXT_YEAR_DUE}` },
      missing,
      notice: missing.length
        ? `${missing.join('、')}年的节假日安排尚未导入：计入这些年份的工作日期限暂按周一至周五计算，标为“暂定”，导入后自动重算。请在国务院办公厅通知发布后导入该年的节假日安排文件。`
        : null,
    };
  }

  // ---- working-day deadlines of running processes ----

  /**
   * Counts a process's working-day deadline and keeps it (one per subject), so it shows as
   * provisional while it runs into a year not loaded and is recomputed when that year is. An
   * extension (`extend`) of the deadline kept counts on from its start: n + m working days from
   * the start is the m-th working day after the n-th.
   */
  async track(
    subject: DeadlineSubject,
    label: string,
    from: string,
    workingDays: number,
    opts: { extend?: boolean } = {},
    m: EntityManager = this.db.manager,
  ): Promise<WorkingDeadline> {
    const kept = opts.extend
      ? await m.findOneBy(WorkingDayDeadline, { subjectType: subject.type, subjectId: subject.id })
      : null;
    const base =
      kept && kept.label === label && kept.dueOn === from
        ? { from: kept.fromDate, n: kept.workingDays + workingDays }
        : { from, n: workingDays };
    const d = await this.workingDeadline(base.from, base.n, m);
    await m.upsert(
      WorkingDayDeadline,
      {
        subjectType: subject.type,
        subjectId: subject.id,
        subjectName: subject.name,
        workflowId: subject.workflowId,
        label,
        fromDate: base.from,
        workingDays: base.n,
        dueOn: d.dueOn,
        provisionalYears: d.provisionalYears,
      },
      ['subjectType', 'subjectId'],
    );
    return d;
  }

  /** Forgets a subject's deadline, unless it is still this one (the process moved on to another, or ended). */
  async untrack(
    type: DeadlineSubject['type'],
    id: number,
    unless?: { label: string; dueOn: string },
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query(
      `DELETE FROM working_day_deadlines WHERE "subjectType" = $1 AND "subjectId" = $2 AND NOT ("label" = $3 AND "dueOn" = $4::date)`,
      [type, id, unless?.label ?? '', unless?.dueOn ?? '1900-01-01'],
    );
  }

  /** The deadlines kept for these subjects, by subject id. */
  async tracked(type: DeadlineSubject['type'], ids: number[]): Promise<Map<number, WorkingDayDeadline>> {
    if (!ids.length) return new Map();
    const rows = await this.db.getRepository(WorkingDayDeadline).findBy({ subjectType: type, subjectId: In(ids) });
    return new Map(rows.map((r) => [r.subjectId, r]));
  }

  /**
   * The kept deadlines a year's days (as given, or as stored when not) move or make final. A
   * year being loaded counts as loaded; a single day corrected leaves its year as it was.
   */
  private async moves(change: YearChange, m: EntityManager, replace: boolean, loading = true): Promise<DeadlineMove[]> {
    const { year } = change;
    const rows: WorkingDayDeadline[] = await m
      .getRepository(WorkingDayDeadline)
      .createQueryBuilder('d')
      .where('d.fromDate < :next AND (d.dueOn >= :first OR :year = ANY(d.provisionalYears))', {
        next: `${year + 1}-01-01`,
        first: `${year}-01-01`,
        year,
      })
      .orderBy('d.dueOn', 'ASC')
      .getMany();
    const loaded = await this.loadedYears(m);
    if (loading) loaded.add(year);
    const out: DeadlineMove[] = [];
    for (const r of rows) {
      const newDueOn = await this.count(r.fromDate, r.workingDays, m, replace ? change : undefined);
      const newProvisionalYears = unloadedBetween(r.fromDate, newDueOn, loaded);
      if (newDueOn === r.dueOn && newProvisionalYears.join() === r.provisionalYears.join()) continue;
      out.push({
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        subjectName: r.subjectName,
        label: r.label,
        fromDate: r.fromDate,
        workingDays: r.workingDays,
        dueOn: r.dueOn,
        newDueOn,
        provisionalYears: r.provisionalYears,
        newProvisionalYears,
      });
    }
    return out;
  }

  // ---- loading a year's arrangement: preview, then confirm ----

  /** Reads an arrangement file and shows what loading it would change; nothing is written but the preview. */
  async previewYear(file: Upload | undefined, actor: Actor) {
    if (!file) throw CalendarErrors.FILE_REQUIRED();
    const a = parseArrangement(file.buffer);
    const load = await this.db.getRepository(CalendarYearLoad).save({
      year: a.year,
      source: a.source,
      days: a.days,
      fileName: file.originalname.slice(0, 200),
      status: 'preview',
      createdBy: actor.username,
    });
    return this.describe(load);
  }

  async getLoad(id: number) {
    const load = await this.db.getRepository(CalendarYearLoad).findOneBy({ id });
    if (!load) throw CalendarErrors.LOAD_NOT_FOUND();
    return this.describe(load);
  }

  /** A load with what it changes against the calendar as it is now (for a preview) or what it changed. */
  private async describe(load: CalendarYearLoad) {
    const stored = await this.list(load.year);
    const before = new Map(stored.map((d) => [d.date, d]));
    const after = new Map(load.days.map((d) => [d.date, d]));
    const preview = load.status === 'preview';
    return {
      id: load.id,
      year: load.year,
      source: load.source,
      fileName: load.fileName,
      status: load.status,
      createdBy: load.createdBy,
      createdAt: load.createdAt,
      confirmedBy: load.confirmedBy,
      confirmedAt: load.confirmedAt,
      alreadyLoaded: (await this.loadedYears()).has(load.year),
      days: preview
        ? {
            added: load.days.filter((d) => !before.has(d.date)),
            removed: stored.filter((d) => !after.has(d.date)).map(({ date, kind, name }) => ({ date, kind, name })),
            changed: load.days
              .filter(
                (d) =>
                  before.has(d.date) && (before.get(d.date)!.kind !== d.kind || before.get(d.date)!.name !== d.name),
              )
              .map((d) => ({
                date: d.date,
                before: { kind: before.get(d.date)!.kind, name: before.get(d.date)!.name },
                after: { kind: d.kind, name: d.name },
              })),
            unchanged: load.days.filter(
              (d) => before.get(d.date)?.kind === d.kind && before.get(d.date)?.name === d.name,
            ).length,
            total: load.days.length,
          }
        : { total: load.days.length },
      deadlines: preview ? await this.moves({ year: load.year, days: load.days }, this.db.manager, true) : [],
    };
  }

  /**
   * Loads the previewed year in one step: its days replace the year's stored ones, the year is
   * marked loaded, the kept deadlines it moves are recomputed (audited, one line), and their
   * running processes are told the new dates.
   */
  async confirmYear(id: number, actor: Actor) {
    const { year, moves } = await this.db.transaction(async (m) => {
      const load = await m.findOne(CalendarYearLoad, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!load) throw CalendarErrors.LOAD_NOT_FOUND();
      if (load.status !== 'preview')
        throw CalendarErrors.LOAD_CONFIRMED({
          confirmedAt: load.confirmedAt ? shanghaiDateTimeOf(load.confirmedAt) : '',
        });
      const before = await m.find(CalendarDay, {
        where: { date: Between(`${load.year}-01-01`, `${load.year}-12-31`) },
        order: { date: 'ASC' },
      });
      await m.delete(CalendarDay, { date: Between(`${load.year}-01-01`, `${load.year}-12-31`) });
      if (load.days.length)
        await m.insert(
          CalendarDay,
          load.days.map((d) => ({ ...d, source: load.source, createdBy: actor.username })),
        );
      await m.upsert(CalendarYear, { year: load.year, source: load.source, loadedBy: actor.username }, ['year']);
      const moves = await this.moves({ year: load.year, days: load.days }, m, false);
      await this.keepMoves(moves, m);
      await m.update(
        CalendarYearLoad,
        { id },
        { status: 'confirmed', confirmedBy: actor.username, confirmedAt: new Date() },
      );
      await this.audit.record(
        {
          entity: 'calendar_year',
          entityId: load.year,
          action: 'load',
          before: { days: before.map(({ date, kind, name }) => ({ date, kind, name })) },
          after: { source: load.source, days: load.days, loadId: id, deadlinesMoved: moves },
        },
        m,
      );
      return { year: load.year, moves };
    });
    const signalled = await this.tellProcesses(moves);
    return { ...(await this.getLoad(id)), deadlinesMoved: moves, processesTold: signalled, year };
  }

  private async keepMoves(moves: DeadlineMove[], m: EntityManager): Promise<void> {
    for (const mv of moves)
      await m.update(
        WorkingDayDeadline,
        { subjectType: mv.subjectType, subjectId: mv.subjectId },
        { dueOn: mv.newDueOn, provisionalYears: mv.newProvisionalYears },
      );
  }

  /** After commit: the processes waiting for a moved date take the new one (idempotent for them). */
  private async tellProcesses(moves: DeadlineMove[]): Promise<number> {
    let signalled = 0;
    for (const mv of moves.filter((x) => x.newDueOn !== x.dueOn)) {
      const row = await this.db
        .getRepository(WorkingDayDeadline)
        .findOneBy({ subjectType: mv.subjectType, subjectId: mv.subjectId });
      if (!row) continue;
      try {
        const told = await this.processes.signal(row, workingDeadlineMovedSignal, {
          label: mv.label,
          from: mv.dueOn,
          dueOn: mv.newDueOn,
        });
        if (told) signalled++;
      } catch (err) {
        this.log.error(`${row.workflowId}: ${(err as Error).message}`);
      }
    }
    return signalled;
  }

  /** The deadlines running through the changed day's year, recounted with the day as now stored. */
  private async movesOfDay(date: string, m: EntityManager): Promise<DeadlineMove[]> {
    const year = Number(date.slice(0, 4));
    const moves = await this.moves({ year, days: [] }, m, false, false);
    await this.keepMoves(moves, m);
    return moves;
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
    if (!Number.isInteger(year) || year < 1900 || year > 2999) throw CalendarErrors.YEAR();
    return this.db.getRepository(CalendarDay).find({
      where: { date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
  }

  /**
   * Sets one day as a holiday or a make-up working day, creating or changing it (audited); the
   * running deadlines it moves are recounted and their processes told, as when a year is loaded.
   */
  async upsert(
    dto: CalendarDayInput,
    actor: string,
  ): Promise<CalendarDay & { deadlinesMoved: DeadlineMove[]; processesTold: number }> {
    requireDate('date', dto.date);
    if (!CALENDAR_DAY_KINDS.includes(dto.kind)) throw CalendarErrors.KIND();
    const wd = weekdayOf(dto.date);
    if (dto.kind === 'workday' && wd !== 0 && wd !== 6) {
      throw CalendarErrors.WORKDAY_ON_WEEKDAY({ date: dto.date });
    }
    const name = dto.name.trim();
    const source = dto.source.trim();
    if (!name) throw CalendarErrors.NAME_REQUIRED();
    if (!source) throw CalendarErrors.SOURCE_REQUIRED();
    const { saved, moves } = await this.db.transaction(async (m) => {
      const existing = await m.findOne(CalendarDay, { where: { date: dto.date }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? { ...existing } : null;
      if (existing) {
        existing.kind = dto.kind;
        existing.name = name;
        existing.source = source;
        existing.createdBy = actor;
        await m.save(CalendarDay, existing);
      } else await m.insert(CalendarDay, { date: dto.date, kind: dto.kind, name, source, createdBy: actor });
      const saved = await m.findOneByOrFail(CalendarDay, { date: dto.date });
      const moves = await this.movesOfDay(dto.date, m);
      await this.audit.record(
        {
          entity: 'calendar_day',
          entityId: dto.date,
          action: existing ? 'update' : 'create',
          before,
          after: { ...saved, deadlinesMoved: moves },
        },
        m,
      );
      return { saved, moves };
    });
    return { ...saved, deadlinesMoved: moves, processesTold: await this.tellProcesses(moves) };
  }

  /** Removes a day, so it follows the ordinary Monday–Friday week again (audited); running deadlines as in {@link upsert}. */
  async remove(date: string): Promise<{ deadlinesMoved: DeadlineMove[]; processesTold: number }> {
    requireDate('date', date);
    const moves = await this.db.transaction(async (m) => {
      const existing = await m.findOne(CalendarDay, { where: { date }, lock: { mode: 'pessimistic_write' } });
      if (!existing) throw CalendarErrors.DAY_NOT_FOUND({ date });
      await m.delete(CalendarDay, { date });
      const moves = await this.movesOfDay(date, m);
      await this.audit.record(
        {
          entity: 'calendar_day',
          entityId: date,
          action: 'delete',
          before: existing,
          after: { deadlinesMoved: moves },
        },
        m,
      );
      return moves;
    });
    return { deadlinesMoved: moves, processesTold: await this.tellProcesses(moves) };
  }
}

/** Years after `from` up to `to` (the days counted) whose arrangement is not loaded. */
function unloadedBetween(from: string, to: string, loaded: Set<number>): number[] {
  const out: number[] = [];
  for (let y = Number(addDays(from, 1).slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!loaded.has(y)) out.push(y);
  return out;
}

function requireDate(field: string, value: string): void {
  if (!isCalendarDate(value)) throw CalendarErrors.DATE().at(field);
}
