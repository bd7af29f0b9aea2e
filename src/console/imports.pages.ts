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
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { KIND_LABELS, LEDGER_KINDS, type LedgerKind } from '../ledgers/columns.js';
import { LedgerImportsService } from '../ledgers/ledger-imports.service.js';
import { IMPORT_STATUSES, type RowAction } from '../ledgers/ledger.entity.js';
import { IMPORT_SORTS, ImportListQuery } from '../ledgers/ledgers.dto.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, text, validateAs } from './forms.js';
import { listLinks } from './workers.pages.js';
import { ConsolePages, ConsoleUpload } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

type Upload = { buffer: Buffer; size: number; originalname: string };
const ACTIONS: { key: RowAction; text: string }[] = [
  { key: 'create', text: '新增' },
  { key: 'update', text: '更新' },
  { key: 'unchanged', text: '无变化' },
  { key: 'reject', text: '有错误' },
];
/** A little above the service's 20 MB, so the service (not multer) answers with its sentence. */
const UPLOAD_LIMIT = 20 * 1024 * 1024 + 1;

/** 台账导入: upload, the preview table, confirm, progress, and the error report to download. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/imports')
export class ImportPages {
  constructor(
    private readonly imports: LedgerImportsService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async index(
    req: ConsoleRequest,
    res: Response,
    raw: Record<string, string>,
    values: FormBody,
    errors: Errors,
  ): Promise<string> {
    const filters = { kind: raw.kind ?? '', status: raw.status ?? '' };
    const sort = (IMPORT_SORTS as readonly string[]).includes(raw.sort) ? raw.sort : 'createdAt';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const { dto, errors: bad } = await validateAs(ImportListQuery, {
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      sort,
      order,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 20,
    });
    const badFilter = Object.keys(bad).length > 0;
    const recent = badFilter ? { items: [], total: 0, page: 1, pageSize: 20 } : await this.imports.list(dto);
    const links = listLinks('/console/imports', filters, sort, order, recent.page);
    const pages = Math.max(1, Math.ceil(recent.total / recent.pageSize));
    return this.views.render('imports', '台账导入', pageContext(req, res), {
      recent: recent.items,
      total: recent.total,
      pageNo: recent.page,
      pages,
      prev: recent.page > 1 ? links.href({ page: recent.page - 1 }) : null,
      next: recent.page < pages ? links.href({ page: recent.page + 1 }) : null,
      sorts: Object.fromEntries(IMPORT_SORTS.map((c) => [c, { href: links.sortHref(c), arrow: links.arrow(c) }])),
      filters,
      badFilter,
      statuses: IMPORT_STATUSES,
      kinds: LEDGER_KINDS.map((k) => ({ key: k, text: KIND_LABELS[k] })),
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get()
  @Roles('caseworker', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.index(req, res, raw, {}, {}));
  }

  @Post()
  @Roles('caseworker', 'admin')
  @ConsoleUpload('file', { defParamCharset: 'utf8', limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 5 } })
  async upload(
    @UploadedFile() file: Upload | undefined,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async (): Promise<string | Errors> => {
        const kind = text(body, 'kind');
        if (!(LEDGER_KINDS as readonly string[]).includes(kind)) return { kind: '请选择台账类型' };
        if (!file) return { file: '请选择要导入的 Excel（.xlsx）或 CSV 文件' };
        const preview = await this.imports.preview(kind as LedgerKind, file, req.actor);
        return `/console/imports/${preview.id}`;
      },
      rerender: (errors) => this.index(req, res, {}, body, errors),
      done: '文件已检查，请核对预览后确认导入。',
      fields: ['kind', 'file'],
    });
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
  async show(
    @Param('id', ParseIntPipe) id: number,
    @Query() raw: Record<string, string>,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.page(id, raw, req, res, {}));
  }

  private async page(
    id: number,
    raw: Record<string, string>,
    req: ConsoleRequest,
    res: Response,
    errors: Errors,
  ): Promise<string> {
    const imp = await this.imports.get(id);
    const action = ACTIONS.find((a) => a.key === raw.action)?.key;
    const page = Math.max(1, Number(raw.page) || 1);
    const rows = await this.imports.rows(id, { action, page, pageSize: 100 });
    const headers = rows.items[0] ? Object.keys(rows.items[0].values) : [];
    return this.views.render('import', `台账导入 #${id}`, pageContext(req, res), {
      imp,
      rows: rows.items.map((r) => ({ ...r, cells: headers.map((h) => r.values[h]) })),
      headers,
      total: rows.total,
      action,
      actions: ACTIONS,
      errors,
      running: imp.status === 'running',
      canConfirm: imp.status === 'preview' && !imp.expired,
      once: FormOnce.newToken(),
      prev: page > 1 ? page - 1 : null,
      next: page * 100 < rows.total ? page + 1 : null,
    });
  }

  @Post(':id/confirm')
  @Roles('caseworker', 'admin')
  async confirm(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.imports.confirm(id, req.actor);
        return `/console/imports/${id}`;
      },
      rerender: (errors) => this.page(id, {}, req, res, errors),
      done: '已确认，正在后台导入。',
    });
  }
}
