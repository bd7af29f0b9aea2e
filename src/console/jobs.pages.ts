import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ConsolePages } from '../auth/console-session.js';
import { Roles } from '../common/roles.decorator.js';
import { normaliseCitizenId } from '../identity/citizen-id.js';
import { JOB_ORDER_STATUSES } from '../jobs/job-order.entity.js';
import { JOB_SEEKER_ENTRY_SOURCES, JOB_SEEKER_STATUSES } from '../jobs/job-seeker.entity.js';
import { JobOrdersService } from '../jobs/job-orders.service.js';
import { JobProposalsService } from '../jobs/job-proposals.service.js';
import { JobSeekersService } from '../jobs/job-seekers.service.js';
import {
  AnswerProposalDto,
  CloseJobOrderDto,
  CreateJobOrderDto,
  JobOrderListQuery,
  JobSeekerListQuery,
  ProposeDto,
  RegisterJobSeekerDto,
  StartProposalDto,
  WithdrawJobSeekerDto,
} from '../jobs/jobs.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { Worker } from '../registry/worker.entity.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

/** A list typed one per line or separated by 、，, (skills, destinations). */
const listOf = (b: FormBody, k: string) =>
  text(b, k)
    .split(/[\n、，,;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const optional = (k: string, v: unknown) => (v === undefined || v === '' ? {} : { [k]: v });
/** Form fields typed in 元 answer as the 元 field, not the DTO's fen one. */
const YUAN_FIELD: Record<string, string> = {
  wageMinFen: 'wageMin',
  wageMaxFen: 'wageMax',
  expectedWageFen: 'expectedWage',
  monthlyWageFen: 'monthlyWage',
};
const renamed = (errors: Errors): Errors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [YUAN_FIELD[k] ?? k, v]));

/** 用工需求 and 求职登记: taking orders, registering seekers, matching, the employer's answers, the start. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class JobPages {
  constructor(
    private readonly orders: JobOrdersService,
    private readonly seekers: JobSeekersService,
    private readonly proposals: JobProposalsService,
    private readonly registry: RegistryService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  // ---- orders ----
  @Get('job-orders')
  @Roles('caseworker', 'admin')
  async orderList(
    @Query() raw: Record<string, string>,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const status = raw.status === '' || raw.status === undefined ? 'live' : raw.status;
    const { dto, errors } = await validateAs(JobOrderListQuery, {
      ...optional('status', status === 'all' ? undefined : status),
      ...optional('q', raw.q?.trim()),
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
      sort: 'startDate',
      order: 'asc',
    });
    const bad = Object.keys(errors).length > 0;
    const page = bad ? { items: [], total: 0, page: 1, pageSize: 50 } : await this.orders.list(dto);
    res.type('html').send(
      this.views.render('job-orders', '用工需求', pageContext(req, res), {
        page,
        badFilter: bad,
        filters: { status, q: raw.q ?? '' },
        statuses: [
          { value: 'live', text: '招聘中（含部分到岗）' },
          ...JOB_ORDER_STATUSES.map((s) => ({ value: s, text: null as string | null })),
          { value: 'all', text: '全部' },
        ],
      }),
    );
  }

  private async orderForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const [employers, townships] = await Promise.all([
      this.registry.listEmployers({ page: 1, pageSize: 500, sort: 'name', order: 'asc' } as never),
      this.db.query(`SELECT name FROM townships ORDER BY name`),
    ]);
    return this.views.render('job-order-new', '登记用工需求', pageContext(req, res), {
      values,
      errors,
      employers: employers.items,
      townships,
      once: FormOnce.newToken(),
    });
  }

  @Get('job-orders/new')
  @Roles('caseworker', 'admin')
  async newOrder(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.orderForm(req, res, { board: 'on', lodging: 'on' }, {}));
  }

  @Post('job-orders')
  @Roles('caseworker', 'admin')
  async createOrder(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateJobOrderDto, {
          employerId: int(body, 'employerId'),
          job: text(body, 'job'),
          headcount: int(body, 'headcount'),
          wageMinFen: fen(body, 'wageMin'),
          wageMaxFen: fen(body, 'wageMax'),
          destination: text(body, 'destination'),
          ...optional('township', text(body, 'township')),
          startDate: text(body, 'startDate'),
          ...optional('endDate', text(body, 'endDate')),
          ...optional('ageMin', int(body, 'ageMin')),
          ...optional('ageMax', int(body, 'ageMax')),
          ...optional('sex', text(body, 'sex')),
          ...optional('sexReason', text(body, 'sexReason')),
          skills: listOf(body, 'skills'),
          certificates: listOf(body, 'certificates'),
          board: text(body, 'board') === 'on',
          lodging: text(body, 'lodging') === 'on',
          contactName: text(body, 'contactName'),
          contactPhone: text(body, 'contactPhone'),
          ...optional('agreement', text(body, 'agreement')),
          ...optional('notes', text(body, 'notes')),
        });
        if (Object.keys(errors).length) return renamed(errors);
        const o = await this.orders.create(dto, req.actor);
        return `/console/job-orders/${o.id}`;
      },
      rerender: (errors) => this.orderForm(req, res, body, renamed(errors)),
      done: '用工需求已登记。',
    });
  }

  @Get('job-orders/:id')
  @Roles('caseworker', 'admin')
  async showOrder(
    @Param('id', ParseIntPipe) id: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const order = await this.orders.get(id);
    const live = order.status === 'open' || order.status === 'partly_filled';
    const [candidates, proposals] = await Promise.all([
      live ? this.proposals.candidates(id) : null,
      this.proposals.list({ orderId: id, page: 1, pageSize: 200, order: 'asc' } as never, req.actor),
    ]);
    res.type('html').send(
      this.views.render('job-order', `用工需求 ${order.employerName} ${order.job}`, pageContext(req, res), {
        o: order,
        live,
        candidates,
        proposals: proposals.items,
        once: FormOnce.newToken(),
      }),
    );
  }

  /** Every form of the order's page posts here and comes back to it, with its refusal as the flash. */
  private async onOrderPage(
    req: ConsoleRequest,
    res: Response,
    body: FormBody,
    orderId: number,
    done: string,
    action: () => Promise<Errors | void>,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => (await action()) ?? `/console/job-orders/${orderId}`,
      rerender: async (errors) => {
        const order = await this.orders.get(orderId);
        const [candidates, proposals] = await Promise.all([
          this.proposals.candidates(orderId).catch(() => null),
          this.proposals.list({ orderId, page: 1, pageSize: 200, order: 'asc' } as never, req.actor),
        ]);
        return this.views.render('job-order', `用工需求 ${order.employerName} ${order.job}`, pageContext(req, res), {
          o: order,
          live: order.status === 'open' || order.status === 'partly_filled',
          candidates,
          proposals: proposals.items,
          errors: renamed(errors),
          once: FormOnce.newToken(),
        });
      },
      done,
    });
  }

  @Post('job-orders/:id/propose')
  @Roles('caseworker', 'admin')
  async propose(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onOrderPage(req, res, body, id, '已推荐，请记录用工单位的答复。', async () => {
      const { dto, errors } = await validateAs(ProposeDto, { workerId: int(body, 'workerId') });
      if (Object.keys(errors).length) return errors;
      await this.proposals.propose(id, dto, req.actor);
    });
  }

  @Post('job-orders/:id/close')
  @Roles('caseworker', 'admin')
  async close(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onOrderPage(req, res, body, id, '用工需求已关闭。', async () => {
      const { dto, errors } = await validateAs(CloseJobOrderDto, { reason: text(body, 'reason') });
      if (Object.keys(errors).length) return errors;
      await this.orders.close(id, dto, req.actor);
    });
  }

  @Post('job-proposals/:id/answer')
  @Roles('caseworker', 'admin')
  async answer(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const p = await this.proposals.get(id, req.actor);
    await this.onOrderPage(req, res, body, p.orderId, '已记录用工单位的答复。', async () => {
      const { dto, errors } = await validateAs(AnswerProposalDto, {
        accepted: text(body, 'accepted') === 'yes',
        ...optional('reason', text(body, 'reason')),
      });
      if (Object.keys(errors).length) return errors;
      await this.proposals.answer(id, dto, req.actor);
    });
  }

  @Post('job-proposals/:id/start')
  @Roles('caseworker', 'admin')
  async start(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const p = await this.proposals.get(id, req.actor);
    await this.onOrderPage(req, res, body, p.orderId, '已登记上岗，合同跟踪已开始。', async () => {
      const { dto, errors } = await validateAs(StartProposalDto, {
        startDate: text(body, 'startDate'),
        monthlyWageFen: fen(body, 'monthlyWage'),
        organised: text(body, 'organised') === 'on',
      });
      if (Object.keys(errors).length) return errors;
      await this.proposals.start(id, dto, req.actor);
    });
  }

  /** A broker's own proposals and what became of them (the employer's answer, the start), and a form to propose one more. */
  @Get('my-proposals')
  @Roles('broker')
  async myProposals(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.myProposalsPage(req, res, {}, {}));
  }

  private async myProposalsPage(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const [page, orders] = await Promise.all([
      this.proposals.list({ page: 1, pageSize: 200, order: 'desc' } as never, req.actor),
      this.orders.list({ status: 'live', page: 1, pageSize: 200, sort: 'startDate', order: 'asc' } as never),
    ]);
    const count = (s: string) => page.items.filter((p) => p.status === s).length;
    return this.views.render('my-proposals', '我的推荐', pageContext(req, res), {
      items: page.items,
      total: page.total,
      accepted: count('accepted') + count('started'),
      started: count('started'),
      refused: count('refused'),
      orders: orders.items,
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  /** A broker proposes a worker they bring for a live order, by the worker's ID number (the proposal is theirs). */
  @Post('my-proposals')
  @Roles('broker')
  async brokerPropose(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const orderId = int(body, 'orderId');
        if (typeof orderId !== 'number' || orderId < 1) return { orderId: '请选择招工岗位' };
        const { dto, errors } = await validateAs(ProposeDto, {
          ...optional('citizenId', normaliseCitizenId(text(body, 'citizenId')) ?? text(body, 'citizenId')),
        });
        if (Object.keys(errors).length) return errors;
        if (!dto.citizenId) return { citizenId: '请填写推荐人员的身份证号' };
        await this.proposals.propose(orderId, dto, req.actor);
        return '/console/my-proposals';
      },
      rerender: (errors) => this.myProposalsPage(req, res, body, errors),
      done: '已推荐，用工单位答复后可在下表查看结果。',
      fields: ['orderId', 'citizenId'],
    });
  }

  // ---- seekers ----
  @Get('job-seekers')
  @Roles('caseworker', 'admin')
  async seekerList(
    @Query() raw: Record<string, string>,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.seekerListPage(req, res, raw, {}));
  }

  private async seekerListPage(
    req: ConsoleRequest,
    res: Response,
    raw: Record<string, string | undefined>,
    formErrors: Errors,
  ): Promise<string> {
    const status = raw.status ?? 'active';
    const { dto, errors } = await validateAs(JobSeekerListQuery, {
      ...optional('status', status === 'all' ? undefined : status),
      ...optional('q', raw.q?.trim()),
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
      order: 'desc',
    });
    const bad = Object.keys(errors).length > 0;
    const page = bad ? { items: [], total: 0, page: 1, pageSize: 50 } : await this.seekers.list(dto);
    return this.views.render('job-seekers', '求职登记', pageContext(req, res), {
      page,
      badFilter: bad,
      filters: { status, q: raw.q ?? '' },
      statuses: [...JOB_SEEKER_STATUSES, 'all'],
      errors: renamed(formErrors),
      once: FormOnce.newToken(),
    });
  }

  /** A row's 续登 and 撤销 come back to the list as it was filtered (the filters ride along as hidden fields). */
  private async onSeekerList(
    req: ConsoleRequest,
    res: Response,
    body: FormBody,
    done: string,
    action: () => Promise<Errors | void>,
  ) {
    const back = { status: text(body, 'status') || undefined, q: text(body, 'q') || undefined };
    const qs = new URLSearchParams(Object.entries(back).filter((e): e is [string, string] => !!e[1])).toString();
    await this.forms.submit(req, res, body, {
      action: async () => (await action()) ?? `/console/job-seekers${qs ? `?${qs}` : ''}`,
      rerender: (errors) => this.seekerListPage(req, res, back, errors),
      done,
    });
  }

  @Post('job-seekers/:id/renew')
  @Roles('caseworker', 'admin')
  async renewSeeker(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onSeekerList(req, res, body, '已续登，有效期重新计算。', async () => {
      await this.seekers.renew(id, req.actor);
    });
  }

  @Post('job-seekers/:id/withdraw')
  @Roles('caseworker', 'admin')
  async withdrawSeeker(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onSeekerList(req, res, body, '求职登记已撤销。', async () => {
      const { dto, errors } = await validateAs(WithdrawJobSeekerDto, { reason: text(body, 'reason') });
      if (Object.keys(errors).length) return errors;
      await this.seekers.withdraw(id, dto, req.actor);
    });
  }

  private seekerForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): string {
    return this.views.render('job-seeker-new', '求职登记', pageContext(req, res), {
      values,
      errors,
      sources: JOB_SEEKER_ENTRY_SOURCES,
      once: FormOnce.newToken(),
    });
  }

  @Get('job-seekers/new')
  @Roles('caseworker', 'admin')
  newSeeker(@Query('citizenId') citizenId: string | undefined, @Req() req: ConsoleRequest, @Res() res: Response): void {
    res.type('html').send(this.seekerForm(req, res, { citizenId: citizenId ?? '', source: 'window' }, {}));
  }

  @Post('job-seekers')
  @Roles('caseworker', 'admin')
  async registerSeeker(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const cid = normaliseCitizenId(text(body, 'citizenId'));
        const worker = cid ? await this.db.getRepository(Worker).findOneBy({ citizenId: cid }) : null;
        if (!worker)
          return { citizenId: cid ? '该身份证号尚未登记，请先在“人员登记”中登记' : '请填写求职人员的身份证号' };
        const { dto, errors } = await validateAs(RegisterJobSeekerDto, {
          workerId: worker.id,
          jobs: listOf(body, 'jobs'),
          destinations: listOf(body, 'destinations'),
          ...optional('expectedWageFen', fen(body, 'expectedWage')),
          availableFrom: text(body, 'availableFrom'),
          wantsTraining: text(body, 'wantsTraining') === 'on',
          source: text(body, 'source'),
          ...optional('notes', text(body, 'notes')),
        });
        if (Object.keys(errors).length) return renamed(errors);
        await this.seekers.register(dto, req.actor);
        return '/console/job-seekers';
      },
      rerender: (errors) => this.seekerForm(req, res, body, renamed(errors)),
      done: '求职登记已保存。',
    });
  }
}
