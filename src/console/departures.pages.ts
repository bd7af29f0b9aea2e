import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ConsolePages } from '../auth/console-session.js';
import { shanghaiToday } from '../common/dates.js';
import { Roles } from '../common/roles.decorator.js';
import { BATCH_STATUSES, DROP_REASONS, TRANSPORTS } from '../departures/departure-batch.entity.js';
import {
  AddDepartureMemberDto,
  DepartureBatchListQuery,
  CancelDepartureBatchDto,
  ConfirmArrivalDto,
  CreateDepartureBatchDto,
  DropDepartureMemberDto,
  RecordDepartureDto,
} from '../departures/departures.dto.js';
import { BatchErrors } from '../departures/departures.errors.js';
import { DeparturesService } from '../departures/departures.service.js';
import { normaliseCitizenId } from '../identity/citizen-id.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, many, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

const optional = (k: string, v: unknown) => (v === undefined || v === '' ? {} : { [k]: v });
const ids = (b: FormBody, k: string) =>
  many(b, k)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
/** The wage is typed in 元; its refusal answers on the 元 field. */
const renamed = (errors: Errors): Errors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'monthlyWageFen' ? 'monthlyWage' : k, v]));
const isStaff = (req: ConsoleRequest) => req.actor.role === 'caseworker' || req.actor.role === 'admin';

/**
 * 输出批次: the list, making a batch, its roster page (members from the orders' acceptances or
 * picked by ID number, drop-outs, the printable 名册), and the group leader's page for a phone:
 * who left, then who arrived.
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/departure-batches')
export class DeparturePages {
  constructor(
    private readonly batches: DeparturesService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  @Roles('caseworker', 'admin', 'broker')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const { dto, errors } = await validateAs(DepartureBatchListQuery, {
      ...optional('status', raw.status),
      ...optional('q', raw.q?.trim()),
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
    });
    const bad = Object.keys(errors).length > 0;
    const page = bad ? { items: [], total: 0, page: 1, pageSize: 50 } : await this.batches.list(dto, req.actor);
    const title = isStaff(req) ? '输出批次' : '我带的批次';
    res.type('html').send(
      this.views.render('departure-batches', title, pageContext(req, res), {
        page,
        badFilter: bad,
        staff: isStaff(req),
        filters: { status: raw.status ?? '', q: raw.q ?? '' },
        statuses: BATCH_STATUSES,
      }),
    );
  }

  private async form(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const [orders, employers, staff, brokers, courses] = await Promise.all([
      this.db.query(
        `SELECT o.id, o.job, e.name AS "employerName", to_char(o."startDate", 'YYYY-MM-DD') AS "startDate"
           FROM job_orders o JOIN employers e ON e.id = o."employerId"
          WHERE o.status IN ('open', 'partly_filled', 'filled') ORDER BY o."startDate", o.id LIMIT 200`,
      ),
      this.db.query(`SELECT id, name FROM employers ORDER BY name LIMIT 500`),
      // Staff of the user's county (its bureau and stations) who may lead a group.
      this.db.query(
        `SELECT u.id, u."displayName" AS name FROM users u JOIN offices o ON o.id = u."officeId"
          WHERE u.active AND u.role IN ('caseworker', 'admin') AND (o.id = $1 OR o."parentId" = $1)
          ORDER BY u."displayName" LIMIT 500`,
        [req.actor.reach?.county ?? -1],
      ),
      this.db.query(`SELECT id, name FROM brokers WHERE status = 'active' ORDER BY name LIMIT 500`),
      this.db.query(
        `SELECT id, name, to_char("startDate", 'YYYY-MM-DD') AS "startDate" FROM courses ORDER BY "startDate" DESC LIMIT 200`,
      ),
    ]);
    return this.views.render('departure-batch-new', '组建输出批次', pageContext(req, res), {
      values,
      errors,
      orders,
      employers,
      staff: staff.map((u: { id: number; name: string }) => ({ value: `user:${u.id}`, name: u.name })),
      brokers: brokers.map((b: { id: number; name: string }) => ({ value: `broker:${b.id}`, name: b.name })),
      courses,
      transports: TRANSPORTS,
      chosenOrders: many(values, 'jobOrderIds'),
      chosenEmployers: many(values, 'employerIds'),
      once: FormOnce.newToken(),
    });
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  async newBatch(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.form(req, res, { transport: 'train', leader: `user:${req.actor.userId}` }, {}));
  }

  @Post()
  @Roles('caseworker', 'admin')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        // The leader is one choice of two kinds: a member of staff (user:3) or a broker (broker:5).
        const [kind, leaderId] = text(body, 'leader').split(':');
        const { dto, errors } = await validateAs(CreateDepartureBatchDto, {
          name: text(body, 'name'),
          destination: text(body, 'destination'),
          departureDate: text(body, 'departureDate'),
          meetingPoint: text(body, 'meetingPoint'),
          ...optional('meetingTime', text(body, 'meetingTime')),
          transport: text(body, 'transport') || undefined,
          ...optional('transportNote', text(body, 'transportNote')),
          ...(kind === 'user' ? { leaderUserId: Number(leaderId) } : {}),
          ...(kind === 'broker' ? { leaderBrokerId: Number(leaderId) } : {}),
          jobOrderIds: ids(body, 'jobOrderIds'),
          employerIds: ids(body, 'employerIds'),
          ...optional('courseId', int(body, 'courseId')),
          ...optional('job', text(body, 'job')),
          ...optional('monthlyWageFen', fen(body, 'monthlyWage')),
          ...optional('notes', text(body, 'notes')),
        });
        if (!text(body, 'leader')) errors.leader = '请选择带队人';
        if (errors.leaderUserId || errors.leaderBrokerId) errors.leader = errors.leaderUserId ?? errors.leaderBrokerId;
        if (Object.keys(errors).length) return renamed(errors);
        const b = await this.batches.create(dto, req.actor);
        return `/console/departure-batches/${b.id}`;
      },
      rerender: (errors) => {
        const e = renamed(errors);
        if (e.leaderUserId || e.leaderBrokerId) e.leader = e.leaderUserId ?? e.leaderBrokerId;
        return this.form(req, res, body, e);
      },
      done: '输出批次已组建，请编入人员名单。',
    });
  }

  private async batchPage(id: number, req: ConsoleRequest, res: Response, errors: Errors = {}, values: FormBody = {}) {
    const b = await this.batches.get(id, req.actor);
    const staff = isStaff(req);
    const candidates = staff && b.status === 'planned' ? await this.batches.candidates(id, req.actor) : [];
    return this.views.render('departure-batch', `输出批次 ${b.name}`, pageContext(req, res), {
      b,
      staff,
      planned: b.status === 'planned',
      candidates,
      pending: b.members.some((m) => m.status === 'arrived' && m.placementId === null),
      dropReasons: DROP_REASONS,
      errors,
      values,
      once: FormOnce.newToken(),
    });
  }

  @Get(':id')
  @Roles('caseworker', 'admin', 'broker')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.batchPage(id, req, res));
  }

  /** 名册: the roster to print (A4), with each member's emergency contact. */
  @Get(':id/roster')
  @Roles('caseworker', 'admin')
  async roster(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const b = await this.batches.get(id, req.actor);
    const members = b.members.filter((m) => m.status !== 'dropped');
    res.type('html').send(
      this.views.document('departure-roster', {
        b,
        members: members.map((m, i) => ({ ...m, n: i + 1 })),
        dropped: b.members.filter((m) => m.status === 'dropped'),
        bureau: req.actor.office?.bureauName ?? '',
        printedOn: shanghaiToday(),
      }),
    );
  }

  /** The leader's page, for a phone: tick who left, then who arrived. */
  @Get(':id/leader')
  @Roles('caseworker', 'admin', 'broker')
  async leader(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.leaderPage(id, req, res, {}));
  }

  private async leaderPage(id: number, req: ConsoleRequest, res: Response, errors: Errors) {
    const b = await this.batches.get(id, req.actor);
    return this.views.render('departure-leader', `带队 ${b.name}`, pageContext(req, res), {
      b,
      listed: b.members.filter((m) => m.status === 'listed'),
      departed: b.members.filter((m) => m.status === 'departed'),
      arrived: b.members.filter((m) => m.status === 'arrived'),
      today: shanghaiToday(),
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Post(':id/departure')
  @Roles('caseworker', 'admin', 'broker')
  async depart(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(RecordDepartureDto, {
          departedOn: text(body, 'departedOn'),
          memberIds: ids(body, 'memberIds'),
        });
        if (errors.memberIds) errors.memberIds = BatchErrors.NOBODY_LEFT().message;
        if (Object.keys(errors).length) return errors;
        await this.batches.recordDeparture(id, dto, req.actor);
        return `/console/departure-batches/${id}/leader`;
      },
      rerender: (errors) => this.leaderPage(id, req, res, errors),
      done: '出发已登记，到达后请确认到达人员。',
      fields: ['departedOn', 'memberIds'],
    });
  }

  @Post(':id/arrival')
  @Roles('caseworker', 'admin', 'broker')
  async arrive(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(ConfirmArrivalDto, {
          arrivedOn: text(body, 'arrivedOn'),
          memberIds: ids(body, 'memberIds'),
        });
        if (errors.memberIds) errors.memberIds = BatchErrors.NOBODY_ARRIVED().message;
        if (Object.keys(errors).length) return errors;
        const b = await this.batches.confirmArrival(id, dto, req.actor);
        const pending = b.members.filter((x) => x.status === 'arrived' && x.placementId === null).length;
        return { url: `/console/departure-batches/${id}/leader`, result: pending };
      },
      rerender: (errors) => this.leaderPage(id, req, res, errors),
      done: (pending) =>
        pending
          ? `到达已确认；${Number(pending)}名到达人员未能登记就业，原因见名单，核实后可重新登记。`
          : '到达已确认，到达人员已登记就业。',
      fields: ['arrivedOn', 'memberIds'],
    });
  }

  /** Every form of the batch's page comes back to it, with its refusal shown there. */
  private async onBatchPage(
    req: ConsoleRequest,
    res: Response,
    body: FormBody,
    id: number,
    done: string,
    action: () => Promise<Errors | void>,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => (await action()) ?? `/console/departure-batches/${id}`,
      rerender: (errors) => this.batchPage(id, req, res, renamed(errors), body),
      done,
    });
  }

  @Post(':id/members')
  @Roles('caseworker', 'admin')
  async addMember(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onBatchPage(req, res, body, id, '已编入名单。', async () => {
      let workerId: number | undefined;
      const typed = text(body, 'citizenId');
      if (!text(body, 'proposalId')) {
        if (!typed) return { citizenId: '请填写身份证号' };
        const [w] = await this.db.query(`SELECT id FROM workers WHERE "citizenId" = $1`, [normaliseCitizenId(typed)]);
        if (!w) return { citizenId: '没有登记这个身份证号的人员，请先在“人员登记”中登记' };
        workerId = w.id;
      }
      const { dto, errors } = await validateAs(AddDepartureMemberDto, {
        ...optional('proposalId', int(body, 'proposalId')),
        ...(workerId !== undefined ? { workerId } : {}),
        ...optional('employerId', int(body, 'employerId')),
        ...optional('job', text(body, 'job')),
        ...optional('monthlyWageFen', fen(body, 'monthlyWage')),
        emergencyName: text(body, 'emergencyName'),
        emergencyRelation: text(body, 'emergencyRelation'),
        emergencyPhone: text(body, 'emergencyPhone'),
      });
      if (Object.keys(errors).length) return errors;
      await this.batches.addMember(id, dto, req.actor);
    });
  }

  @Post(':id/members/:memberId/drop')
  @Roles('caseworker', 'admin')
  async drop(
    @Param('id', ParseIntPipe) id: number,
    @Param('memberId', ParseIntPipe) memberId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onBatchPage(req, res, body, id, '已登记退出。', async () => {
      const { dto, errors } = await validateAs(DropDepartureMemberDto, {
        reason: text(body, 'reason') || undefined,
        ...optional('note', text(body, 'note')),
      });
      if (!text(body, 'reason')) errors.reason = '请选择退出原因';
      if (Object.keys(errors).length) return errors;
      await this.batches.dropMember(id, memberId, dto, req.actor);
    });
  }

  @Post(':id/placements')
  @Roles('caseworker', 'admin')
  async register(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onBatchPage(req, res, body, id, '已重新登记到达人员的就业。', async () => {
      await this.batches.registerArrivals(id, req.actor);
    });
  }

  @Post(':id/cancel')
  @Roles('caseworker', 'admin')
  async cancel(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    await this.onBatchPage(req, res, body, id, '批次已取消。', async () => {
      const { dto, errors } = await validateAs(CancelDepartureBatchDto, { reason: text(body, 'reason') });
      if (Object.keys(errors).length) return errors;
      await this.batches.cancel(id, dto, req.actor);
    });
  }
}
