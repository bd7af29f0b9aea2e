import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { ContactRequestsService } from '../households/contact-requests.service.js';
import { REQUEST_CHANNELS, REQUEST_KINDS, SERVICES_OFFERED } from '../households/household.entity.js';
import {
  AnswerRequestDto,
  CreateRequestDto,
  HouseholdListQuery,
  RecordVisitDto,
} from '../households/households.dto.js';
import { HouseholdListsService } from '../households/household-lists.service.js';
import { HouseholdVisitsService } from '../households/household-visits.service.js';
import { HouseholdsService } from '../households/households.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, int, many, text, validateAs } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';
import { OfficesService } from '../offices/offices.service.js';

/** 零就业家庭: a caseworker's households, visits due, contact-card requests due, and the forms to record them. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/households')
export class HouseholdPages {
  constructor(
    private readonly households: HouseholdsService,
    private readonly lists: HouseholdListsService,
    private readonly visits: HouseholdVisitsService,
    private readonly requests: ContactRequestsService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    private readonly offices: OfficesService,
  ) {}

  @Get()
  @Roles('caseworker', 'admin')
  async index(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const mine = raw.all !== '1' && req.actor.role === 'caseworker';
    const { dto: q } = await validateAs(HouseholdListQuery, {
      mine,
      status: raw.status || undefined,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
      order: 'asc',
    });
    const [visits, requests, page] = await Promise.all([
      this.visits.visitsDue(req.actor),
      this.requests.due(req.actor, 7),
      this.lists.list(q, req.actor),
    ]);
    res
      .type('html')
      .send(
        this.views.render('households', '零就业家庭', ctx, { visits, requests, page, mine, status: raw.status ?? '' }),
      );
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(id, req, res, {}, null, {}));
  }

  private async page(
    id: number,
    req: ConsoleRequest,
    res: Response,
    errors: Errors,
    form: string | null,
    values: FormBody,
  ): Promise<string> {
    const h = await this.households.get(id);
    const open = h.episodes.find((e) => !e.clearedOn) ?? null;
    return this.views.render('household', `零就业家庭 ${h.address}`, pageContext(req, res), {
      h,
      open,
      handover: { ...(await this.offices.handoverChoices(h)), errors: {}, values: {}, once: FormOnce.newToken() },
      handoverAction: `/console/households/${h.id}/handover`,
      services: SERVICES_OFFERED,
      kinds: REQUEST_KINDS,
      channels: REQUEST_CHANNELS,
      openRequests: h.requests.filter((r) => r.status === 'open').map((r) => ({ ...r, once: FormOnce.newToken() })),
      fe: form ? { [form]: errors } : {},
      fv: form ? { [form]: values } : {},
      formName: form,
      once: { visit: FormOnce.newToken(), request: FormOnce.newToken() },
    });
  }

  @Post(':id/visits')
  @Roles('caseworker', 'admin')
  async visit(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(RecordVisitDto, {
          visitedOn: text(body, 'visitedOn'),
          offered: many(body, 'offered'),
          ...(text(body, 'note') ? { note: text(body, 'note') } : {}),
        });
        if (Object.keys(errors).length) return errors;
        await this.visits.recordVisit(id, dto, req.actor);
        return `/console/households/${id}`;
      },
      rerender: (errors) => this.page(id, req, res, errors, 'visit', body),
      done: '回访已记录。',
      fields: ['visitedOn', 'offered', 'note'],
    });
  }

  @Post(':id/requests')
  @Roles('caseworker', 'admin')
  async request(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateRequestDto, {
          householdId: id,
          caller: text(body, 'caller'),
          channel: text(body, 'channel') || undefined,
          kind: text(body, 'kind') || undefined,
          details: text(body, 'details'),
          ...(int(body, 'workerId') !== undefined ? { workerId: int(body, 'workerId') } : {}),
        });
        if (Object.keys(errors).length) return errors;
        await this.requests.create(dto, req.actor);
        return `/console/households/${id}#requests`;
      },
      rerender: (errors) => this.page(id, req, res, errors, 'request', body),
      done: '求助已登记，7日内须答复。',
      fields: ['caller', 'channel', 'kind', 'workerId', 'details'],
    });
  }

  @Post(':id/requests/:requestId/answer')
  @Roles('caseworker', 'admin')
  async answer(
    @Param('id', ParseIntPipe) id: number,
    @Param('requestId', ParseIntPipe) requestId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const accepted = text(body, 'accepted');
        const { dto, errors } = await validateAs(AnswerRequestDto, {
          offered: text(body, 'offered') || undefined,
          accepted: accepted === 'yes' ? true : accepted === 'no' ? false : undefined,
          ...(text(body, 'note') ? { note: text(body, 'note') } : {}),
        });
        if (!dto.offered && !errors.offered) errors.offered = '请填写提供了什么帮助';
        if (dto.accepted === undefined) errors.accepted = '请选择家庭是否接受';
        if (Object.keys(errors).length) return errors;
        await this.requests.answer(requestId, dto, req.actor);
        return `/console/households/${id}#requests`;
      },
      rerender: (errors) => this.page(id, req, res, errors, `answer-${requestId}`, body),
      done: '答复已记录。',
    });
  }
}
