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
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConsolePages } from '../auth/console-session.js';
import { SYSTEM_NAME, UserDirectory } from '../auth/user-directory.js';
import { label, LABELS } from '../common/labels.js';
import { Roles } from '../common/roles.decorator.js';
import { keysetPages, xlsxFile } from '../common/xlsx-export.js';
import { shanghaiToday } from '../common/dates.js';
import { DocumentRecord } from '../documents/document.entity.js';
import { ReferralsService } from '../referrals/referrals.service.js';
import { type Broker, BROKER_STATUSES, type BrokerStatusChange } from '../registry/broker.entity.js';
import { seesFullPersonalData } from '../registry/masking.js';
import { BROKER_EXPORT } from '../registry/registry-export.js';
import { BrokerListQuery, ChangeBrokerStatusDto, CreateBrokerDto, UpdateBrokerDto } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { accountFields, type Errors, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';
import { listLinks } from './workers.pages.js';

const SORTS = ['name', 'certificateNo', 'status', 'createdAt'];
type Detail = Broker & { statusHistory: BrokerStatusChange[] };

/** Suspending or reactivating, as the admin's confirmation page words it. */
const STATUS_STEP: Record<string, { title: string; what: string; button: string }> = {
  suspended: {
    title: '确认暂停资格？',
    what: '自生效日期起，该介绍人介绍就业的人员不再产生职业介绍补贴；生效日期之前的介绍不受影响。',
    button: '确认暂停',
  },
  active: {
    title: '确认恢复资格？',
    what: '自生效日期起，该介绍人恢复为正常状态，此后介绍就业的人员可按规定申请职业介绍补贴。',
    button: '确认恢复',
  },
};

/** 职业介绍人: the county's brokers, one broker's certificate, status and referrals, their registration and changes. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/brokers')
export class BrokersPages {
  constructor(
    private readonly registry: RegistryService,
    private readonly referrals: ReferralsService,
    private readonly audit: AuditService,
    private readonly people: UserDirectory,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  /** The list's query from the page's address; anything not one of ours falls back to the default. */
  private async listQuery(raw: Record<string, string>) {
    const filters = { q: raw.q?.trim() ?? '', status: raw.status ?? '' };
    const sort = SORTS.includes(raw.sort) ? raw.sort : 'createdAt';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const { dto, errors } = await validateAs(BrokerListQuery, {
      ...(filters.q ? { q: filters.q } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      sort,
      order,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 20,
    });
    return { dto, errors, filters, sort, order };
  }

  @Get()
  @Roles('caseworker', 'admin', 'finance')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const { dto, errors, filters, sort, order } = await this.listQuery(raw);
    const bad = Object.keys(errors).length > 0;
    const page = bad ? { items: [], total: 0, page: 1, pageSize: 20 } : await this.registry.listBrokers(dto);
    const links = listLinks('/console/brokers', filters, sort, order, page.page);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    res.type('html').send(
      this.views.render('brokers', '职业介绍人', pageContext(req, res), {
        page,
        filters,
        statuses: BROKER_STATUSES,
        badFilter: bad,
        pages,
        mayRegister: req.actor.role !== 'finance',
        prev: page.page > 1 ? links.href({ page: page.page - 1 }) : null,
        next: page.page < pages ? links.href({ page: page.page + 1 }) : null,
        sorts: Object.fromEntries(SORTS.map((c) => [c, { href: links.sortHref(c), arrow: links.arrow(c) }])),
        exportHref: `/console/brokers/export.xlsx?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v))}`,
      }),
    );
  }

  /** The same spreadsheet the API exports for this list (导出 Excel), numbers masked as in the list. */
  @Get('export.xlsx')
  @Roles('caseworker', 'admin', 'finance')
  async export(@Query() raw: Record<string, string>): Promise<StreamableFile> {
    const { dto } = await this.listQuery(raw);
    return xlsxFile(
      '职业介绍人.xlsx',
      '职业介绍人',
      BROKER_EXPORT,
      keysetPages(async (k) => (await this.registry.listBrokers(dto, k)).items),
    );
  }

  // ---- 新增介绍人 ----

  /**
   * The county's broker logins not yet linked to a broker: a county-level choice list, so it is
   * chosen by the acting user's county (users themselves are not row-secured by county).
   */
  private async freeBrokerLogins(req: ConsoleRequest): Promise<{ id: number; displayName: string }[]> {
    const county = req.actor.reach?.county;
    if (county == null) return [];
    return this.db.query(
      `SELECT u.id, u."displayName" FROM users u JOIN offices o ON o.id = u."officeId"
        WHERE u.role = 'broker' AND u.active AND (o.id = $1 OR o."parentId" = $1)
          AND NOT EXISTS (SELECT 1 FROM brokers b WHERE b."userId" = u.id)
        ORDER BY u."displayName", u.id`,
      [county],
    );
  }

  private async newForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    return this.views.render('broker-new', '新增介绍人', pageContext(req, res), {
      values,
      errors,
      logins: await this.freeBrokerLogins(req),
      once: FormOnce.newToken(),
    });
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  async newBroker(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.newForm(req, res, {}, {}));
  }

  @Post()
  @Roles('caseworker', 'admin')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateBrokerDto, {
          name: text(body, 'name'),
          citizenId: text(body, 'citizenId'),
          phone: text(body, 'phone'),
          certificateNo: text(body, 'certificateNo'),
          ...(text(body, 'userId') ? { userId: int(body, 'userId') } : {}),
          ...accountFields(body),
        });
        if (errors.userId) errors.userId = '请从列表中选择登录账号';
        if (Object.keys(errors).length) return errors;
        const b = await this.registry.createBroker(dto);
        return `/console/brokers/${b.id}`;
      },
      rerender: (errors) => this.newForm(req, res, body, errors),
      done: '职业介绍人已登记。',
      fields: ['name', 'citizenId', 'phone', 'certificateNo', 'userId', 'bankName', 'bankAccount'],
    });
  }

  // ---- one broker ----

  @Get(':id')
  @Roles('caseworker', 'admin', 'finance')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(await this.registry.getBrokerMasked(id), false, req, res, {}, {}));
  }

  /** 查看完整号码: the full ID and phone, for the roles that may see them; the registry audits the read. */
  @Post(':id/reveal')
  @Roles('caseworker', 'admin')
  async reveal(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const b = await this.registry.getBroker(id, req.actor);
    res.type('html').send(await this.page(b, true, req, res, {}, {}));
  }

  private async page(
    b: Detail,
    revealed: boolean,
    req: ConsoleRequest,
    res: Response,
    statusErrors: Errors,
    statusValues: FormBody,
  ): Promise<string> {
    const [{ items: referrals }, trail] = await Promise.all([
      this.referrals.list({ brokerId: b.id, page: 1, pageSize: 200 } as never),
      this.audit.list({ entity: 'broker', id: String(b.id), limit: 100, offset: 0 }),
    ]);
    const claimIds = referrals.map((r) => r.claim?.id).filter((x): x is number => typeof x === 'number');
    const documents = await this.db.getRepository(DocumentRecord).find({
      where: [
        { subjectType: 'broker', subjectId: b.id },
        ...claimIds.map((subjectId) => ({ subjectType: 'claim', subjectId })),
      ],
      select: { id: true, number: true, title: true, issuedOn: true },
      order: { id: 'ASC' },
    });
    const people = await this.people.people(
      b.statusHistory.map((s) => s.changedBy),
      [...trail.items.map((a) => a.actorId), b.userId],
    );
    // The first status line is written at registration without a login: it is whoever registered the broker.
    const registrar = trail.items.find((a) => a.action === 'create');
    const registeredBy = registrar ? (people.byUserId(registrar.actorId)?.name ?? SYSTEM_NAME) : SYSTEM_NAME;
    const statusHistory = [...b.statusHistory].reverse().map((s) => ({
      ...s,
      who: s.changedBy === 'registration' ? registeredBy : (people.name(s.changedBy) ?? SYSTEM_NAME),
    }));
    const history = trail.items.map((a) => ({
      at: a.at,
      who: people.actor(a.actorId),
      action: LABELS.auditAction[a.action] ?? '其他操作',
    }));
    const mayChangeStatus = req.actor.role === 'admin';
    const target = b.status === 'active' ? 'suspended' : 'active';
    return this.views.render('broker', `职业介绍人 ${b.name}`, pageContext(req, res), {
      b,
      login: people.byUserId(b.userId)?.name ?? null,
      revealed,
      mayReveal: seesFullPersonalData(req.actor) && !revealed,
      mayEdit: req.actor.role !== 'finance',
      // Placements have pages for casework roles only; claims for finance and admin.
      caseLinks: req.actor.role !== 'finance',
      claimLinks: req.actor.role !== 'caseworker',
      referrals,
      statusHistory,
      documents,
      history,
      statusForm: mayChangeStatus
        ? {
            target,
            button: target === 'suspended' ? '暂停资格' : '恢复资格',
            values: { effectiveDate: shanghaiToday(), ...statusValues },
            errors: statusErrors,
            once: FormOnce.newToken(),
          }
        : null,
    });
  }

  /** The status form, checked as the service would check it (the change itself decides the rest). */
  private async parseStatus(b: Detail, body: FormBody) {
    const status = b.status === 'active' ? 'suspended' : 'active';
    const { dto, errors } = await validateAs(ChangeBrokerStatusDto, {
      status,
      reason: text(body, 'reason'),
      effectiveDate: text(body, 'effectiveDate'),
    });
    // The form says what it changes to; one sent for the other way round is from a page now out of date.
    if (text(body, 'status') !== status) errors._form = '该介绍人的状态已变更，请在刷新后的页面重新办理。';
    return { dto, errors };
  }

  /**
   * 暂停 / 恢复: first a page that says what will happen, carrying what was typed and the form's
   * unused one-time token; only the confirmed form changes the status.
   */
  @Post(':id/status')
  @Roles('admin')
  async changeStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    if (text(body, 'confirmed') !== 'yes') {
      const b = await this.registry.getBrokerMasked(id);
      const { dto, errors } = await this.parseStatus(b, body);
      if (Object.keys(errors).length) {
        res
          .status(400)
          .type('html')
          .send(await this.page(b, false, req, res, errors, body));
        return;
      }
      const step = STATUS_STEP[dto.status];
      res.type('html').send(
        this.views.render('broker-confirm', step.title, pageContext(req, res), {
          b,
          step,
          summary: [
            { k: '变更为', v: label('brokerStatus', dto.status) },
            { k: '生效日期', v: dto.effectiveDate },
            { k: '原因', v: dto.reason },
          ],
          carried: [
            { k: 'status', v: dto.status },
            { k: 'reason', v: dto.reason },
            { k: 'effectiveDate', v: dto.effectiveDate },
          ],
          action: `/console/brokers/${id}/status`,
          once: text(body, '_once'),
        }),
      );
      return;
    }
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await this.parseStatus(await this.registry.getBrokerMasked(id), body);
        if (Object.keys(errors).length) return errors;
        await this.registry.changeBrokerStatus(id, dto, req.actor);
        return `/console/brokers/${id}#status`;
      },
      rerender: async (errors) => this.page(await this.registry.getBrokerMasked(id), false, req, res, errors, body),
      done: text(body, 'status') === 'suspended' ? '已暂停该介绍人的资格。' : '已恢复该介绍人的资格。',
      fields: ['reason', 'effectiveDate'],
    });
  }

  // ---- 修改 ----

  private editForm(req: ConsoleRequest, res: Response, b: Broker, values: FormBody, errors: Errors): string {
    return this.views.render('broker-edit', `修改 ${b.name}`, pageContext(req, res), {
      b,
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get(':id/edit')
  @Roles('caseworker', 'admin')
  async edit(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const b = await this.registry.getBrokerMasked(id);
    res
      .type('html')
      .send(this.editForm(req, res, b, { name: b.name, bankName: b.bankName ?? '', version: String(b.version) }, {}));
  }

  @Post(':id')
  @Roles('caseworker', 'admin')
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateBrokerDto, {
          version: int(body, 'version'),
          name: text(body, 'name'),
          // The phone is changed only when a new one is typed: the form never shows the full number.
          ...(text(body, 'phone') ? { phone: text(body, 'phone') } : {}),
          ...accountFields(body, await this.registry.getBrokerMasked(id)),
        });
        if (Object.keys(errors).length) return errors;
        await this.registry.updateBroker(id, dto);
        return `/console/brokers/${id}`;
      },
      rerender: async (errors) => this.editForm(req, res, await this.registry.getBrokerMasked(id), body, errors),
      done: '介绍人信息已保存。',
      fields: ['name', 'phone', 'bankName', 'bankAccount'],
    });
  }
}
