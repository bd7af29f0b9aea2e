import { hasNextPage } from '../common/paging.js';
import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '../common/roles.decorator.js';
import { DomainError } from '../common/errors.js';
import { shanghaiToday } from '../common/dates.js';
import {
  EndPlacementDto,
  PLACEMENT_STATUS_FILTERS,
  PlacementListQuery,
  RecordContractDto,
  RegisterPlacementDto,
} from '../placements/placements.dto.js';
import { type OpenPlacement, PlacementsService } from '../placements/placements.service.js';
import { FollowUpsService } from '../followups/followups.service.js';
import { DeparturesService } from '../departures/departures.service.js';
import { normaliseCitizenId } from '../identity/citizen-id.js';
import { RegistryService } from '../registry/registry.service.js';
import { Worker } from '../registry/worker.entity.js';
import { exportHref } from './cases.pages.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsolePages, ConsoleUpload } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

type Upload = { buffer: Buffer; size: number; originalname: string };

/** 就业登记: placements waiting for their contract, registering one, and recording the signed contract. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/placements')
export class PlacementPages {
  constructor(
    private readonly placements: PlacementsService,
    private readonly registry: RegistryService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    @InjectDataSource() private readonly db: DataSource,
    private readonly followUps: FollowUpsService,
    private readonly batches: DeparturesService,
  ) {}

  @Get()
  @Roles('caseworker', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    // By default every placement still waiting for its contract, the overdue ones first (earliest deadline).
    const status = (PLACEMENT_STATUS_FILTERS as readonly string[]).includes(raw.status)
      ? raw.status
      : raw.status === 'any'
        ? undefined
        : 'unsigned';
    const { dto: q } = await validateAs(PlacementListQuery, {
      status,
      sort: 'deadline',
      order: 'asc',
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
      q: raw.q || undefined,
      // As on the workers' page: a township's caseworker looks at that township's placements.
      township: raw.township?.trim() || undefined,
    });
    const [page, townships] = await Promise.all([this.placements.list(q, req.actor), this.registry.listTownships()]);
    const items = page.items.map((p) => {
      const { daysLeft, daysOverdue } = p as unknown as { daysLeft: number | null; daysOverdue: number | null };
      return {
        ...p,
        daysLeft,
        daysOverdue,
        badge:
          p.status === 'overdue' || daysOverdue
            ? 'breached'
            : daysLeft === null
              ? 'none'
              : daysLeft < 0
                ? 'breached'
                : daysLeft <= 3
                  ? 'due_soon'
                  : 'on_track',
      };
    });
    res.type('html').send(
      this.views.render('placements', '就业登记', ctx, {
        items,
        total: page.total,
        totalCapped: page.totalCapped,
        status: status ?? 'any',
        exportHref: exportHref('/placements', {
          status,
          q: q.q,
          township: q.township,
          sort: 'deadline',
          order: 'asc',
        }),
        statuses: PLACEMENT_STATUSES_SHOWN,
        townships,
        q: raw,
        township: q.township ?? '',
        // The pager keeps the filters (status, text, township).
        pageQuery: new URLSearchParams({
          status: status ?? 'any',
          ...(q.q ? { q: q.q } : {}),
          ...(q.township ? { township: q.township } : {}),
        }).toString(),
        prev: page.page > 1 ? page.page - 1 : null,
        next: hasNextPage(page) ? page.page + 1 : null,
      }),
    );
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  async newForm(
    @Query('citizenId') citizenId: string | undefined,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.form(req, res, { citizenId: citizenId ?? '', organised: 'on' }, {}));
  }

  private async form(
    req: ConsoleRequest,
    res: Response,
    values: FormBody,
    errors: Errors,
    open: OpenPlacement | null = null,
  ): Promise<string> {
    const ctx = pageContext(req, res);
    const [employers, brokers] = await Promise.all([
      this.registry.listEmployers({ page: 1, pageSize: 500, sort: 'name', order: 'asc' } as never),
      this.registry.listBrokers({ page: 1, pageSize: 500, sort: 'name', order: 'asc', status: 'active' } as never),
    ]);
    return this.views.render('placement-new', '登记就业', ctx, {
      values,
      errors,
      employers: employers.items,
      brokers: brokers.items,
      open,
      once: FormOnce.newToken(),
    });
  }

  @Post()
  @Roles('caseworker', 'admin')
  async register(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    let worker: Worker | null = null;
    let stillEmployed = false;
    await this.forms.submit(req, res, body, {
      action: async () => {
        const errors: Errors = {};
        const cid = normaliseCitizenId(text(body, 'citizenId'));
        worker = cid ? await this.db.getRepository(Worker).findOneBy({ citizenId: cid }) : null;
        if (!cid) errors.citizenId = '请填写务工人员的身份证号';
        else if (!worker) errors.citizenId = '该身份证号尚未登记，请先在“人员登记”中登记';
        const { dto, errors: v } = await validateAs(RegisterPlacementDto, {
          workerId: worker?.id ?? 1,
          employerId: int(body, 'employerId'),
          brokerId: int(body, 'brokerId'),
          startDate: text(body, 'startDate'),
          job: text(body, 'job'),
          monthlyWageFen: fen(body, 'monthlyWage'),
          destination: text(body, 'destination'),
          organised: body.organised === 'on',
          // Shown once the worker turned out to be still employed: ends that placement first.
          ...(text(body, 'endPreviousId')
            ? {
                endPrevious: {
                  placementId: int(body, 'endPreviousId'),
                  endDate: text(body, 'endPreviousDate'),
                  reason: text(body, 'endPreviousReason'),
                },
              }
            : {}),
        });
        if (int(body, 'employerId') === undefined) errors.employerId = '请选择用工单位';
        const all = { ...renameKeys(v, FORM_FIELD_OF), ...errors };
        if (Object.keys(all).length) return all;
        try {
          const p = await this.placements.register(dto, req.actor);
          return `/console/placements/${p.id}`;
        } catch (e) {
          stillEmployed = e instanceof DomainError && e.code === 'PLACEMENT.WORKER_EMPLOYED';
          throw e;
        }
      },
      rerender: async (errors) => {
        const w = worker as Worker | null;
        const open =
          w && (stillEmployed || text(body, 'endPreviousId')) ? await this.placements.openPlacementOf(w.id) : null;
        return this.form(req, res, body, renameKeys(errors, { ...FORM_FIELD_OF, workerId: 'citizenId' }), open);
      },
      done: '就业登记已保存，15日内签订劳动合同的期限已开始计算。',
    });
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(id, req, res, {}, {}));
  }

  private async page(
    id: number,
    req: ConsoleRequest,
    res: Response,
    values: FormBody,
    errors: Errors,
    form: 'contract' | 'end' = 'contract',
  ): Promise<string> {
    const ctx = pageContext(req, res);
    const p = await this.placements.get(id, req.actor);
    // A placement registered before follow-up began has no plan: the page says so.
    const followUp = await this.followUps.get(id).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'FOLLOW_UP.NOT_FOUND') return null;
      throw e;
    });
    const batch = p.batchId === null ? null : await this.batches.ofPlacement(id);
    return this.views.render('placement', `就业登记 ${p.worker.name}`, ctx, {
      p,
      batch,
      followUp,
      fv: { [form]: values },
      fe: { [form]: errors },
      once: { contract: FormOnce.newToken(), end: FormOnce.newToken() },
      today: shanghaiToday(),
    });
  }

  @Post(':id/contract')
  @Roles('caseworker', 'admin')
  @ConsoleUpload('file', {
    defParamCharset: 'utf8',
    limits: { fileSize: 10 * 1024 * 1024 + 1, files: 1, fields: 10 },
  })
  async contract(
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: Upload | undefined,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const openEnded = body.openEnded === 'on';
        const { dto, errors } = await validateAs(RecordContractDto, {
          signedOn: text(body, 'signedOn'),
          termMonths: openEnded ? undefined : int(body, 'termMonths'),
          openEnded,
        });
        if (!openEnded && dto.termMonths === undefined && !errors.termMonths)
          errors.termMonths = '请填写合同期限（月）或勾选无固定期限';
        if (!file) errors.file = '请上传签订的劳动合同扫描件（PDF、JPG 或 PNG）';
        if (Object.keys(errors).length) return errors;
        await this.placements.recordContract(id, dto, file, req.actor);
        return `/console/placements/${id}`;
      },
      rerender: (errors) => this.page(id, req, res, body, errors),
      done: '劳动合同已录入。',
    });
  }

  @Post(':id/end')
  @Roles('caseworker', 'admin')
  async end(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(EndPlacementDto, {
          endDate: text(body, 'endDate'),
          reason: text(body, 'reason'),
        });
        if (!text(body, 'endDate')) errors.endDate = '请填写离职日期';
        if (!text(body, 'reason')) errors.reason = '请填写离职原因';
        if (Object.keys(errors).length) return errors;
        await this.placements.end(id, dto, req.actor);
        return `/console/placements/${id}`;
      },
      rerender: (errors) => this.page(id, req, res, body, errors, 'end'),
      done: '离职已登记。',
      fields: ['endDate', 'reason'],
    });
  }
}

/** The statuses offered in the list's filter; the default 待签合同（含逾期） is its own option. */
const PLACEMENT_STATUSES_SHOWN = PLACEMENT_STATUS_FILTERS.filter((s) => s !== 'unsigned');

/** API field names → the form's. */
const FORM_FIELD_OF = {
  monthlyWageFen: 'monthlyWage',
  'endPrevious.endDate': 'endPreviousDate',
  'endPrevious.reason': 'endPreviousReason',
  'endPrevious.placementId': '_form',
};

function renameKeys(errors: Errors, map: Record<string, string>): Errors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [map[k] ?? k, v]));
}
