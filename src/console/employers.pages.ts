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
import { Roles } from '../common/roles.decorator.js';
import { keysetPages, xlsxFile } from '../common/xlsx-export.js';
import { Placement } from '../placements/placement.entity.js';
import type { Employer } from '../registry/employer.entity.js';
import { EMPLOYER_EXPORT } from '../registry/registry-export.js';
import { EmployerListQuery, UpdateEmployerDto } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';
import { listLinks } from './workers.pages.js';

const SORTS = ['name', 'region', 'createdAt'];

/** 用工单位: the list, one employer with its agreement and the people placed with it, its changes. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/employers')
export class EmployerPages {
  constructor(
    private readonly registry: RegistryService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async listQuery(raw: Record<string, string>) {
    const filters = { q: raw.q?.trim() ?? '' };
    const sort = SORTS.includes(raw.sort) ? raw.sort : 'createdAt';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const { dto, errors } = await validateAs(EmployerListQuery, {
      ...(filters.q ? { q: filters.q } : {}),
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
    const page = bad ? { items: [], total: 0, page: 1, pageSize: 20 } : await this.registry.listEmployers(dto);
    const links = listLinks('/console/employers', filters, sort, order, page.page);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    res.type('html').send(
      this.views.render('employers', '用工单位', pageContext(req, res), {
        page,
        filters,
        badFilter: bad,
        pages,
        mayRegister: req.actor.role !== 'finance',
        prev: page.page > 1 ? links.href({ page: page.page - 1 }) : null,
        next: page.page < pages ? links.href({ page: page.page + 1 }) : null,
        sorts: Object.fromEntries(SORTS.map((c) => [c, { href: links.sortHref(c), arrow: links.arrow(c) }])),
        exportHref: `/console/employers/export.xlsx${filters.q ? `?${new URLSearchParams(filters)}` : ''}`,
      }),
    );
  }

  @Get('export.xlsx')
  @Roles('caseworker', 'admin', 'finance')
  async export(@Query() raw: Record<string, string>): Promise<StreamableFile> {
    const { dto } = await this.listQuery(raw);
    return xlsxFile(
      '用工单位.xlsx',
      '用工单位',
      EMPLOYER_EXPORT,
      keysetPages(async (k) => (await this.registry.listEmployers(dto, k)).items),
    );
  }

  @Get(':id')
  @Roles('caseworker', 'admin', 'finance')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const e = await this.registry.getEmployer(id);
    // Only the placements of the workers this user reaches (row-level security on workers).
    const placements = await this.db
      .getRepository(Placement)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.worker', 'w')
      .where('p.employerId = :id', { id })
      .orderBy('p.startDate', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(200)
      .getMany();
    res.type('html').send(
      this.views.render('employer', `用工单位 ${e.name}`, pageContext(req, res), {
        e,
        placements,
        mayEdit: req.actor.role !== 'finance',
        // Placements, cases and households have pages for casework roles only: finance sees them unlinked.
        caseLinks: req.actor.role !== 'finance',
      }),
    );
  }

  private editForm(req: ConsoleRequest, res: Response, e: Employer, values: FormBody, errors: Errors): string {
    return this.views.render('employer-edit', `修改 ${e.name}`, pageContext(req, res), {
      e,
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get(':id/edit')
  @Roles('caseworker', 'admin')
  async edit(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const e = await this.registry.getEmployer(id);
    const values: FormBody = {
      name: e.name,
      region: e.region,
      contactName: e.contactName,
      contactPhone: e.contactPhone,
      agreementStart: e.agreementStart ?? '',
      agreementEnd: e.agreementEnd ?? '',
      version: String(e.version),
    };
    res.type('html').send(this.editForm(req, res, e, values, {}));
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
        const opt = (k: string) => (text(body, k) ? { [k]: text(body, k) } : {});
        const { dto, errors } = await validateAs(UpdateEmployerDto, {
          version: int(body, 'version'),
          name: text(body, 'name'),
          region: text(body, 'region'),
          contactName: text(body, 'contactName'),
          contactPhone: text(body, 'contactPhone'),
          ...opt('agreementStart'),
          ...opt('agreementEnd'),
        });
        if (Object.keys(errors).length) return errors;
        await this.registry.updateEmployer(id, dto);
        return `/console/employers/${id}`;
      },
      rerender: async (errors) => this.editForm(req, res, await this.registry.getEmployer(id), body, errors),
      done: '用工单位信息已保存。',
      fields: ['name', 'region', 'contactName', 'contactPhone', 'agreementStart', 'agreementEnd'],
    });
  }
}
