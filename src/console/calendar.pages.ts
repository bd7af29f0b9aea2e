import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UploadedFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, text, validateAs } from './forms.js';
import { SetCalendarDayDto } from '../calendar/calendar.controller.js';
import { ConsolePages, ConsoleUpload } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';
import { addDays } from '../common/dates.js';
import { weekdayOf } from '../../workflows/working-days.js';

type Upload = { buffer: Buffer; originalname: string };

type GlanceDay = {
  dayOfMonth: number;
  date: string;
  weekend: boolean;
  kind: 'holiday' | 'workday' | null;
  name: string;
};

/** Twelve month grids, weeks starting on Monday as Chinese calendars do; blanks pad the first week. */
function monthGrids(year: number, marked: Map<string, { kind: 'holiday' | 'workday'; name: string }>) {
  return Array.from({ length: 12 }, (_, i) => {
    const first = `${year}-${String(i + 1).padStart(2, '0')}-01`;
    const pad = (weekdayOf(first) + 6) % 7;
    const days: (GlanceDay | null)[] = Array.from({ length: pad }, () => null);
    for (let d = first; d.slice(5, 7) === first.slice(5, 7); d = addDays(d, 1)) {
      const wd = weekdayOf(d);
      const m = marked.get(d);
      days.push({
        dayOfMonth: +d.slice(8, 10),
        date: d,
        weekend: wd === 0 || wd === 6,
        kind: m?.kind ?? null,
        name: m?.name ?? '',
      });
    }
    const weeks: (GlanceDay | null)[][] = [];
    for (let w = 0; w < days.length; w += 7) weeks.push(days.slice(w, w + 7));
    return { month: i + 1, weeks };
  });
}

/** 节假日安排: which years are loaded, and loading a year's arrangement from its file (preview, then confirm). */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/calendar')
export class CalendarPages {
  constructor(
    private readonly calendar: CalendarService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async index(req: ConsoleRequest, res: Response, errors: Errors): Promise<string> {
    return this.views.render('calendar', '节假日安排', pageContext(req, res), {
      coverage: await this.calendar.coverage(),
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get()
  @Roles('admin')
  async show(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.index(req, res, {}));
  }

  @Post()
  @CityWide()
  @Roles('admin')
  @ConsoleUpload('file', { defParamCharset: 'utf8', limits: { fileSize: 1024 * 1024, files: 1 } })
  async upload(
    @UploadedFile() file: Upload | undefined,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async (): Promise<string | Errors> => {
        if (!file) return { file: '请选择节假日安排文件（.json）' };
        return `/console/calendar/loads/${(await this.calendar.previewYear(file, req.actor)).id}`;
      },
      rerender: (errors) => this.index(req, res, errors),
      done: '文件已检查，请核对将要变化的日期和期限后确认导入。',
      fields: ['file'],
    });
  }

  @Get('loads/:id')
  @Roles('admin')
  async load(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.loadPage(id, req, res, {}));
  }

  private async loadPage(id: number, req: ConsoleRequest, res: Response, errors: Errors): Promise<string> {
    const load = await this.calendar.getLoad(id);
    return this.views.render('calendar-load', `${load.year}年节假日安排`, pageContext(req, res), {
      load,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Post('loads/:id/confirm')
  @CityWide()
  @Roles('admin')
  async confirm(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.calendar.confirmYear(id, req.actor);
        return `/console/calendar/loads/${id}`;
      },
      rerender: (errors) => this.loadPage(id, req, res, errors),
      done: '节假日安排已导入，相关期限已重算。',
    });
  }

  /** A year at a glance: holidays and make-up working days marked, weekends shaded, the days listed below. */
  @Get(':year')
  @Roles('admin')
  async year(
    @Param('year', ParseIntPipe) year: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.yearPage(year, req, res, {}, {}));
  }

  private async yearPage(year: number, req: ConsoleRequest, res: Response, form: FormBody, errors: Errors) {
    const days = await this.calendar.list(year);
    const marked = new Map(days.map((d) => [d.date, { kind: d.kind, name: d.name }]));
    const loaded = (await this.calendar.loadedYears()).has(year);
    return this.views.render('calendar-year', `${year}年节假日一览`, pageContext(req, res), {
      year,
      loaded,
      months: monthGrids(year, marked),
      days: days.map((d) => ({ ...d, holiday: d.kind === 'holiday' })),
      form,
      errors,
      once: FormOnce.newToken(),
    });
  }

  /** Corrects one day: a holiday, a make-up working day, or back to the ordinary week (audited by the service). */
  @Post(':year/days')
  @CityWide()
  @Roles('admin')
  async correct(
    @Param('year', ParseIntPipe) year: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    let moved = 0;
    const opts = {
      action: async (): Promise<string | Errors> => {
        const date = text(body, 'date');
        const kind = text(body, 'kind');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date.slice(0, 4) !== String(year)) {
          return { date: `请选择${year}年的日期` };
        }
        if (kind === 'ordinary') {
          if (!text(body, 'source')) return { source: '请填写更正原因' };
          moved = (await this.calendar.remove(date)).deadlinesMoved.length;
        } else {
          const { dto, errors } = await validateAs(SetCalendarDayDto, {
            kind,
            name: text(body, 'name'),
            source: text(body, 'source'),
          });
          if (errors.kind) errors.kind = '请选择放假、调休上班或恢复为普通日';
          if (errors.name) errors.name = '请填写名称（1–40字），如 国庆节';
          if (errors.source) errors.source = '请填写更正原因（2–500字）';
          if (Object.keys(errors).length) return errors;
          moved = (await this.calendar.upsert({ date, ...dto }, req.actor.username)).deadlinesMoved.length;
        }
        if (moved) opts.done = `该日已更正；${moved}个在办期限已按新的安排重算。`;
        return `/console/calendar/${year}`;
      },
      rerender: (errors: Errors) => this.yearPage(year, req, res, body, errors),
      done: '该日已更正。',
      fields: ['date', 'kind', 'name', 'source'],
    };
    await this.forms.submit(req, res, body, opts);
  }
}
