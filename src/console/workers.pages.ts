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
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { RightsCase } from '../cases/case.entity.js';
import { LABELS } from '../common/labels.js';
import { Roles } from '../common/roles.decorator.js';
import { xlsxFile } from '../common/xlsx-export.js';
import { DocumentRecord } from '../documents/document.entity.js';
import { mayReadDocumentOf } from '../documents/document-readers.js';
import { HandoverDto } from '../offices/offices.dto.js';
import { OfficesService } from '../offices/offices.service.js';
import { Placement } from '../placements/placement.entity.js';
import { seesFullPersonalData } from '../registry/masking.js';
import { WORKER_EXPORT } from '../registry/registry-export.js';
import { UpdateWorkerDto, WorkerListQuery } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { type Worker, WORKER_CATEGORIES } from '../registry/worker.entity.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { accountFields, type Errors, type FormBody, FormOnce, int, many, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

/**
 * A list page's links: the same filters with one thing changed (a page, a sort), so paging and
 * sorting never lose what the user filtered by.
 */
export function listLinks(path: string, filters: Record<string, string>, sort: string, order: string, page: number) {
  const href = (change: Record<string, string | number>) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, sort, order, page, ...change }))
      if (v !== '' && v !== undefined) qs.set(k, String(v));
    return `${path}?${qs}`;
  };
  return {
    href,
    /** A column header: ascending first, the other way round when it is already the order. */
    sortHref: (col: string) => href({ sort: col, order: sort === col && order === 'asc' ? 'desc' : 'asc', page: 1 }),
    arrow: (col: string) => (sort === col ? (order === 'asc' ? ' ▲' : ' ▼') : ''),
  };
}

/** 务工人员: the list a caseworker searches, one person's whole record, its changes. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/workers')
export class WorkerPages {
  constructor(
    private readonly registry: RegistryService,
    private readonly offices: OfficesService,
    private readonly audit: AuditService,
    private readonly people: UserDirectory,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  /** The list's query from the page's address; anything not one of ours falls back to the default. */
  private async listQuery(raw: Record<string, string>, pageSize = 20) {
    const filters = { q: raw.q?.trim() ?? '', township: raw.township ?? '', category: raw.category ?? '' };
    const sort = ['name', 'township', 'createdAt'].includes(raw.sort) ? raw.sort : 'createdAt';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const { dto, errors } = await validateAs(WorkerListQuery, {
      ...(filters.q ? { q: filters.q } : {}),
      ...(filters.township ? { township: filters.township } : {}),
      ...(filters.category ? { category: filters.category } : {}),
      sort,
      order,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize,
    });
    return { dto, errors, filters, sort, order };
  }

  @Get()
  @Roles('caseworker', 'admin', 'finance')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const { dto, errors, filters, sort, order } = await this.listQuery(raw);
    const [page, townships] = await Promise.all([
      Object.keys(errors).length ? { items: [], total: 0, page: 1, pageSize: 20 } : this.registry.listWorkers(dto),
      this.registry.listTownships(),
    ]);
    const links = listLinks('/console/workers', filters, sort, order, page.page);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    res.type('html').send(
      this.views.render('workers', '务工人员', pageContext(req, res), {
        page,
        filters,
        townships,
        categories: WORKER_CATEGORIES,
        badFilter: Object.keys(errors).length > 0,
        pages,
        prev: page.page > 1 ? links.href({ page: page.page - 1 }) : null,
        next: hasNextPage(page) ? links.href({ page: page.page + 1 }) : null,
        sorts: Object.fromEntries(
          ['name', 'township', 'createdAt'].map((c) => [c, { href: links.sortHref(c), arrow: links.arrow(c) }]),
        ),
        exportHref: `/console/workers/export.xlsx?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v))}`,
      }),
    );
  }

  /** The same spreadsheet the API exports for this list (导出 Excel), numbers masked as in the list. */
  @Get('export.xlsx')
  @Roles('caseworker', 'admin', 'finance')
  async export(@Query() raw: Record<string, string>): Promise<StreamableFile> {
    const { dto } = await this.listQuery(raw);
    return xlsxFile('务工人员.xlsx', '务工人员', WORKER_EXPORT, this.registry.exportWorkers(dto));
  }

  @Get(':id')
  @Roles('caseworker', 'admin', 'finance')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(await this.registry.getWorkerMasked(id), false, req, res, {}, {}));
  }

  /** 查看完整号码: the full ID and phone, for the roles that may see them; the registry audits the read. */
  @Post(':id/reveal')
  @Roles('caseworker', 'admin')
  async reveal(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const w = await this.registry.getWorker(id, req.actor);
    res.type('html').send(await this.page(w, true, req, res, {}, {}));
  }

  private async page(
    w: Worker,
    revealed: boolean,
    req: ConsoleRequest,
    res: Response,
    handoverErrors: Errors,
    handoverValues: FormBody,
  ): Promise<string> {
    const [placements, cases, households, trail] = await Promise.all([
      this.db.getRepository(Placement).find({
        where: { workerId: w.id },
        relations: { employer: true },
        order: { startDate: 'DESC' },
      }),
      this.db.getRepository(RightsCase).find({ where: { workerId: w.id }, order: { id: 'DESC' } }),
      this.db.query(
        `SELECT h.id, h.address, h.status, hm.relationship FROM household_members hm JOIN households h ON h.id = hm."householdId" WHERE hm."workerId" = $1 ORDER BY h.id`,
        [w.id],
      ) as Promise<{ id: number; address: string; status: string; relationship: string }[]>,
      this.audit.list({ entity: 'worker', id: String(w.id), limit: 100, offset: 0 }),
    ]);
    const subjects = [
      { subjectType: 'worker', subjectId: w.id },
      ...placements.map((p) => ({ subjectType: 'placement', subjectId: p.id })),
      ...cases.map((c) => ({ subjectType: 'case', subjectId: c.id })),
      ...households.map((h) => ({ subjectType: 'household', subjectId: h.id })),
    ];
    const documents = (
      await this.db.getRepository(DocumentRecord).find({
        where: subjects,
        select: { id: true, number: true, title: true, issuedOn: true, subjectType: true },
        order: { id: 'ASC' },
      })
    ).filter((d) => mayReadDocumentOf(req.actor, d.subjectType));
    const people = await this.people.people(
      [],
      trail.items.map((a) => a.actorId),
    );
    const history = trail.items.map((a) => ({
      at: a.at,
      who: people.actor(a.actorId),
      action: LABELS.auditAction[a.action] ?? '其他操作',
    }));
    return this.views.render('worker', `务工人员 ${w.name}`, pageContext(req, res), {
      w,
      revealed,
      mayReveal: seesFullPersonalData(req.actor) && !revealed,
      mayEdit: req.actor.role !== 'finance',
      // Placements, cases and households have pages for casework roles only: finance sees them unlinked.
      caseLinks: req.actor.role !== 'finance',
      placements,
      cases,
      households,
      documents,
      history,
      handover: {
        ...(await this.offices.handoverChoices(w)),
        errors: handoverErrors,
        values: handoverValues,
        once: FormOnce.newToken(),
      },
      handoverAction: `/console/workers/${w.id}/handover`,
    });
  }

  @Post(':id/handover')
  @Roles('caseworker', 'admin')
  async handover(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(HandoverDto, {
          officeId: int(body, 'officeId'),
          reason: text(body, 'reason'),
        });
        if (Object.keys(errors).length) return errors;
        await this.offices.handover('worker', id, dto);
        // A station hands a worker back to its county and no longer sees them: back to the list then.
        return req.actor.reach?.station == null ? `/console/workers/${id}` : '/console/workers';
      },
      rerender: async (errors) => this.page(await this.registry.getWorkerMasked(id), false, req, res, errors, body),
      done: '已移交。',
      fields: ['officeId', 'reason'],
    });
  }

  private async editForm(req: ConsoleRequest, res: Response, w: Worker, values: FormBody, errors: Errors) {
    const chosen = many(values, 'categories');
    return this.views.render('worker-edit', `修改 ${w.name}`, pageContext(req, res), {
      w,
      values,
      errors,
      townships: await this.registry.listTownships(),
      once: FormOnce.newToken(),
      categories: WORKER_CATEGORIES.map((c) => ({ key: c, checked: chosen.includes(c) })),
    });
  }

  @Get(':id/edit')
  @Roles('caseworker', 'admin')
  async edit(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const w = await this.registry.getWorkerMasked(id);
    const values: FormBody = {
      name: w.name,
      township: w.township,
      categories: w.categories,
      skills: w.skills.join('，'),
      notes: w.notes,
      bankName: w.bankName ?? '',
      version: String(w.version),
    };
    res.type('html').send(await this.editForm(req, res, w, values, {}));
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
        const { dto, errors } = await validateAs(UpdateWorkerDto, {
          version: int(body, 'version'),
          name: text(body, 'name'),
          township: text(body, 'township'),
          categories: many(body, 'categories'),
          skills: text(body, 'skills')
            .split(/[，,、\s]+/)
            .filter(Boolean),
          notes: text(body, 'notes'),
          // The phone is changed only when a new one is typed: the form never shows the full number.
          ...(text(body, 'phone') ? { phone: text(body, 'phone') } : {}),
          ...accountFields(body, await this.registry.getWorkerMasked(id)),
        });
        if (Object.keys(errors).length) return errors;
        await this.registry.updateWorker(id, dto);
        return `/console/workers/${id}`;
      },
      rerender: async (errors) => this.editForm(req, res, await this.registry.getWorkerMasked(id), body, errors),
      done: '人员信息已保存。',
      fields: ['name', 'phone', 'township', 'categories', 'skills', 'notes', 'bankName', 'bankAccount'],
    });
  }
}
