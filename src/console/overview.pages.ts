import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CityWide, Roles } from '../common/roles.decorator.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { RegistryService } from '../registry/registry.service.js';
import { overviewCharts } from '../reports/charts.js';
import { currentMonth } from '../reports/month.js';
import { MonthlyFiguresService } from '../reports/monthly-figures.service.js';
import { MonthlyReportService } from '../reports/monthly-report.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, text } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

/** 工作台/报表: this month's figures against the townships' targets, charts, and the monthly progress report. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/overview')
export class OverviewPages {
  constructor(
    private readonly figures: MonthlyFiguresService,
    private readonly reports: MonthlyReportService,
    private readonly registry: RegistryService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    private readonly calendar: CalendarService,
  ) {}

  @Get()
  @Roles('admin', 'caseworker')
  async show(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(req, res, raw, {}));
  }

  private async page(
    req: ConsoleRequest,
    res: Response,
    raw: Record<string, unknown>,
    errors: Errors,
  ): Promise<string> {
    const ctx = pageContext(req, res);
    const month = typeof raw.month === 'string' && raw.month ? raw.month : currentMonth();
    const township =
      typeof raw.township === 'string' && /^\d{1,9}$/.test(raw.township) ? Number(raw.township) : undefined;
    const [f, townships, issued] = await Promise.all([
      this.figures.figures(month, township),
      this.registry.listTownships(),
      this.reports.list(month),
    ]);
    return this.views.render('overview', `工作台 ${month}`, ctx, {
      f,
      charts: overviewCharts(f),
      // A city user's choice spans counties whose township names may repeat: named with their county.
      townships: f.counties ? f.townships : townships,
      month,
      township,
      issued,
      errors,
      once: FormOnce.newToken(),
      values: raw,
      months: lastMonths(currentMonth(), 12),
      // Admin keeps the calendar: told when this or (from 1 November) next year's holidays are missing.
      calendarNotice: req.actor.role === 'admin' ? (await this.calendar.coverage()).notice : null,
    });
  }

  @Post('report')
  // The city issues its own progress report, over its counties.
  @CityWide()
  @Roles('admin', 'caseworker')
  async issue(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const month = text(body, 'month');
    await this.forms.submit(req, res, body, {
      action: async () => {
        const problems = text(body, 'problems');
        const nextSteps = text(body, 'nextSteps')
          .split(/\n+/)
          .map((s) => s.trim())
          .filter(Boolean);
        const { document } = await this.reports.issue(month, {
          ...(problems ? { problems } : {}),
          ...(nextSteps.length ? { nextSteps } : {}),
          reissue: body.reissue === 'on',
        });
        return `/console/overview?month=${encodeURIComponent(month)}&issued=${document.id}`;
      },
      rerender: (errors) =>
        this.page(req, res, { month: /^\d{4}-\d{2}$/.test(month) ? month : undefined, ...body }, errors),
      done: '进展情况汇报已生成。',
    });
  }
}

function lastMonths(month: string, n: number): string[] {
  const out: string[] = [];
  let [y, m] = month.split('-').map(Number);
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}
