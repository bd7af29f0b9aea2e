import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { shanghaiToday } from '../common/dates.js';
import { CHECKIN_METHODS, CHECKIN_PROBLEMS, RETURN_REASONS } from '../followups/follow-up.entity.js';
import { DueCheckInQuery, RecordCheckInDto, RecordReturnReasonDto } from '../followups/followups.dto.js';
import { FollowUpsService } from '../followups/followups.service.js';
import { PlacementsService } from '../placements/placements.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, many, text, validateAs } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

/** The yes/no questions of a check-in, as the form asks them. */
const QUESTIONS = [
  { name: 'contractSigned', caption: '已签订劳动合同' },
  { name: 'wagesOnTime', caption: '工资按时发放' },
  { name: 'wagesInFull', caption: '工资足额发放' },
  { name: 'housingOk', caption: '食宿条件正常' },
  { name: 'safetyOk', caption: '劳动安全有保障' },
] as const;

const yesNo = (b: FormBody, k: string) => (text(b, k) === 'yes' ? true : text(b, k) === 'no' ? false : undefined);

/** 跟踪回访: the officer's check-ins due, and recording one on one screen (on a phone at the workplace). */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/follow-ups')
export class FollowUpPages {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly placements: PlacementsService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  @Get()
  @Roles('caseworker', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const queue = raw.queue === 'all' ? 'all' : 'mine';
    const { dto: q } = await validateAs(DueCheckInQuery, {
      mine: queue === 'mine',
      within: 7,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
    });
    const page = await this.followUps.due(q, req.actor);
    res.type('html').send(
      this.views.render('follow-ups', '跟踪回访', ctx, {
        items: page.items.map((x) => ({
          ...x,
          badge: x.status === 'missed' || x.daysLeft < 0 ? 'breached' : x.daysLeft <= 0 ? 'due_soon' : 'on_track',
        })),
        total: page.total,
        queue,
        prev: page.page > 1 ? page.page - 1 : null,
        next: page.page * page.pageSize < page.total ? page.page + 1 : null,
      }),
    );
  }

  @Get(':placementId/check-in')
  @Roles('caseworker', 'admin')
  async form(
    @Param('placementId', ParseIntPipe) placementId: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.page(placementId, req, res, { doneOn: shanghaiToday(), method: 'phone' }, {}));
  }

  private async page(placementId: number, req: ConsoleRequest, res: Response, values: FormBody, errors: Errors) {
    const ctx = pageContext(req, res);
    const p = await this.placements.get(placementId, req.actor);
    const plan = await this.followUps.get(placementId);
    const open = plan.checkIns.find((c) => c.status === 'due' || c.status === 'missed' || c.status === 'planned');
    return this.views.render('follow-up-check-in', `回访 ${p.worker.name}`, ctx, {
      p,
      open: open ?? null,
      values,
      errors,
      methods: CHECKIN_METHODS,
      problems: CHECKIN_PROBLEMS,
      questions: QUESTIONS.map((x) => ({ ...x, value: values[x.name] ?? '', error: errors[x.name] })),
      once: FormOnce.newToken(),
      today: shanghaiToday(),
    });
  }

  @Post(':placementId/check-in')
  @Roles('caseworker', 'admin')
  async record(
    @Param('placementId', ParseIntPipe) placementId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(RecordCheckInDto, {
          doneOn: text(body, 'doneOn'),
          method: text(body, 'method') || undefined,
          ...Object.fromEntries(QUESTIONS.map((x) => [x.name, yesNo(body, x.name)])),
          weeklyHours: int(body, 'weeklyHours'),
          problems: many(body, 'problems'),
          amountOwedFen: fen(body, 'amountOwed'),
          notes: text(body, 'notes') || undefined,
          workerWords: text(body, 'workerWords') || undefined,
        });
        if (!text(body, 'doneOn')) errors.doneOn = '请填写回访日期';
        if (!text(body, 'method')) errors.method = '请选择回访方式';
        for (const x of QUESTIONS) if (yesNo(body, x.name) === undefined) errors[x.name] = `请选择“${x.caption}”是或否`;
        if (errors.amountOwedFen) {
          errors.amountOwed = errors.amountOwedFen;
          delete errors.amountOwedFen;
        }
        if (Object.keys(errors).length) return errors;
        const c = await this.followUps.record(placementId, dto, req.actor);
        return c.cases.length ? `/console/cases/${c.cases[0].id}` : `/console/placements/${placementId}#follow-up`;
      },
      rerender: (errors) => this.page(placementId, req, res, body, errors),
      done: '回访已记录。',
      fields: [
        'doneOn',
        'method',
        ...QUESTIONS.map((x) => x.name),
        'weeklyHours',
        'problems',
        'amountOwed',
        'notes',
        'workerWords',
      ],
    });
  }

  @Get(':placementId/return-reason')
  @Roles('caseworker', 'admin')
  async returnForm(
    @Param('placementId', ParseIntPipe) placementId: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.returnPage(placementId, req, res, {}, {}));
  }

  private async returnPage(placementId: number, req: ConsoleRequest, res: Response, values: FormBody, errors: Errors) {
    const ctx = pageContext(req, res);
    const p = await this.placements.get(placementId, req.actor);
    const plan = await this.followUps.get(placementId);
    return this.views.render('follow-up-return', `离岗原因 ${p.worker.name}`, ctx, {
      p,
      plan,
      values,
      errors,
      reasons: RETURN_REASONS,
      once: FormOnce.newToken(),
    });
  }

  @Post(':placementId/return-reason')
  @Roles('caseworker', 'admin')
  async returnReason(
    @Param('placementId', ParseIntPipe) placementId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(RecordReturnReasonDto, {
          reason: text(body, 'reason') || undefined,
          note: text(body, 'note') || undefined,
        });
        if (!text(body, 'reason')) errors.reason = '请选择离岗原因';
        if (Object.keys(errors).length) return errors;
        await this.followUps.recordReturnReason(placementId, dto, req.actor);
        return `/console/placements/${placementId}#follow-up`;
      },
      rerender: (errors) => this.returnPage(placementId, req, res, body, errors),
      done: '离岗原因已登记。',
      fields: ['reason', 'note'],
    });
  }
}
