import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ConsolePages, ConsoleUpload } from '../auth/console-session.js';
import { shanghaiToday } from '../common/dates.js';
import { Roles } from '../common/roles.decorator.js';
import { MAX_LEDGER_BYTES } from '../ledgers/sheet-reader.js';
import {
  BatchListQuery,
  CreateBatchDto,
  ObjectionDto,
  PaymentFailureQuery,
  ResolveObjectionDto,
} from '../payouts/payouts.dto.js';
import { PayoutsService } from '../payouts/payouts.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

type Upload = { buffer: Buffer; size: number; originalname: string };
type Form = { values: FormBody; errors: Errors };
const blank = (): Form => ({ values: {}, errors: {} });

/** Totals of claims by a key (kind, township): how many and how much, in fen. */
/** Claims the pick list shows at once (the oldest first); the totals count them all. */
const PICK_LIMIT = 500;

/** Totals by a key of rows that are each one claim, or (with `count`) groups of claims already summed. */
function totalsBy<T extends { amountFen: number; count?: number }>(rows: T[], key: (r: T) => string) {
  const by = new Map<string, { key: string; count: number; amountFen: number }>();
  for (const r of rows) {
    const t = by.get(key(r)) ?? { key: key(r), count: 0, amountFen: 0 };
    t.count += r.count ?? 1;
    t.amountFen += r.amountFen;
    by.set(key(r), t);
  }
  return [...by.values()].sort((a, b) => a.key.localeCompare(b.key, 'zh'));
}

/**
 * 代发批次: finance makes a batch from approved claims (funding line, its remaining budget, totals
 * by kind and township), a second finance user approves it, the bank file is downloaded and the
 * bank's return file uploaded and reconciled; the 公示 page of a batch, where caseworkers record
 * and resolve objections; and the payments that failed, whose account a caseworker corrects.
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class PayoutBatchPages {
  constructor(
    private readonly payouts: PayoutsService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  private async listPage(req: ConsoleRequest, res: Response, form: Form = blank()): Promise<string> {
    const today = shanghaiToday();
    const [batches, funding] = await Promise.all([
      this.payouts.list(Object.assign(new BatchListQuery(), { page: 1, pageSize: 50, order: 'desc' })),
      this.payouts.fundingLines(Number(today.slice(0, 4))),
    ]);
    // The approved claims waiting for a batch, with whether finance approved them against an account.
    const claims: {
      id: number;
      number: string;
      kind: string;
      payeeName: string;
      township: string;
      amountFen: number;
      hasAccount: boolean;
    }[] = await this.db.query(
      `SELECT id, number, kind, "payeeName", township, "amountFen", ("payeeAccount" IS NOT NULL AND "payeeBank" IS NOT NULL) AS "hasAccount"
         FROM claims WHERE status = 'approved' ORDER BY id LIMIT ${PICK_LIMIT}`,
    );
    // The totals are of every waiting claim, not only of those the pick list shows.
    const groups: { kind: string; township: string; count: number; amountFen: number }[] = (
      await this.db.query(
        `SELECT kind, township, count(*)::int AS count, sum("amountFen")::bigint AS "amountFen"
           FROM claims WHERE status = 'approved' GROUP BY kind, township`,
      )
    ).map((g: { kind: string; township: string; count: number; amountFen: string }) => ({
      ...g,
      amountFen: Number(g.amountFen),
    }));
    const waiting = groups.reduce((n, g) => n + g.count, 0);
    const chosen = new Set(([] as string[]).concat(form.values.claimIds ?? []).map(String));
    return this.views.render('payout-batches', '代发批次', pageContext(req, res), {
      batches: batches.items,
      funding: funding.items,
      claims: claims.map((c) => ({ ...c, checked: chosen.has(String(c.id)) })),
      waiting,
      listedOnly: waiting > claims.length ? claims.length : null,
      byKind: totalsBy(groups, (c) => c.kind),
      byTownship: totalsBy(groups, (c) => c.township),
      totalFen: groups.reduce((s, c) => s + c.amountFen, 0),
      mayBuild: req.actor.role === 'finance',
      form: { ...form, once: FormOnce.newToken() },
    });
  }

  @Get('payout-batches')
  @Roles('finance', 'admin')
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.listPage(req, res));
  }

  @Post('payout-batches')
  @Roles('finance')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const ids = ([] as string[]).concat(body.claimIds ?? []).filter(Boolean);
        if (!ids.length) return { claimIds: '请勾选要编入批次的补贴申请' };
        const { dto, errors } = await validateAs(CreateBatchDto, {
          fundingLineId: int(body, 'fundingLineId'),
          claimIds: ids.map(Number),
        });
        if (!text(body, 'fundingLineId')) errors.fundingLineId = '请选择资金来源';
        if (Object.keys(errors).length) return errors;
        const batch = await this.payouts.createBatch(dto, req.actor);
        return `/console/payout-batches/${batch.id}`;
      },
      rerender: (errors) => this.listPage(req, res, { values: body, errors }),
      done: '代发批次已编制，公示已发布。',
      fields: ['fundingLineId', 'claimIds'],
    });
  }

  private async batchPage(
    id: number,
    req: ConsoleRequest,
    res: Response,
    failed: { form?: string; errors?: Errors } = {},
  ) {
    const b = await this.payouts.get(id, req.actor);
    const isFinance = req.actor.role === 'finance';
    const lastReturn = b.returns.length ? b.returns[b.returns.length - 1] : null;
    const byRef = new Map(b.lines.map((l) => [l.reference, l]));
    return this.views.render('payout-batch', `代发批次 ${b.number}`, pageContext(req, res), {
      crumbs: [{ href: '/console/payout-batches', text: '代发批次' }, { text: b.number }],
      b,
      held: b.objections.filter((o) => o.status === 'open').length,
      mayApprove: isFinance && b.status === 'built' && b.createdBy !== req.actor.username,
      ownBatch: b.status === 'built' && b.createdBy === req.actor.username,
      mayDownload: isFinance && !!b.file,
      mayUpload: isFinance && (b.status === 'awaiting_bank' || b.status === 'reconciled'),
      mayClose: isFinance && b.status === 'reconciled',
      // Closed at the end of the notice with every line held: no bank file was issued.
      nothingToPay: b.status === 'closed' && !b.document,
      lastReturn,
      failedLines: lastReturn?.outcome ? b.lines.filter((l) => l.status === 'failed') : [],
      mismatched: ((lastReturn?.outcome?.mismatched as string[] | undefined) ?? []).map((r) => ({
        reference: r,
        line: byRef.get(r) ?? null,
      })),
      errors: failed.errors ?? {},
      form: failed.form ?? null,
      once: FormOnce.newToken(),
    });
  }

  @Get('payout-batches/:id')
  @Roles('finance', 'admin')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.batchPage(id, req, res));
  }

  @Post('payout-batches/:id/approve')
  @Roles('finance')
  async approve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.payouts.approve(id, req.actor);
        return `/console/payout-batches/${id}`;
      },
      rerender: (errors) => this.batchPage(id, req, res, { form: 'approve', errors }),
      done: '代发批次已审核，公示期满后生成代发文件。',
    });
  }

  @Post('payout-batches/:id/close')
  @Roles('finance')
  async close(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.payouts.close(id, req.actor);
        return `/console/payout-batches/${id}`;
      },
      rerender: (errors) => this.batchPage(id, req, res, { form: 'close', errors }),
      done: '代发批次已关闭。',
    });
  }

  @Get('payout-batches/:id/file')
  @Roles('finance')
  file(@Param('id', ParseIntPipe) id: number): Promise<StreamableFile> {
    return this.payouts.file(id);
  }

  @Post('payout-batches/:id/returns')
  @Roles('finance')
  @ConsoleUpload('file', { defParamCharset: 'utf8', limits: { fileSize: MAX_LEDGER_BYTES, files: 1 } })
  async upload(
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: Upload | undefined,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async (): Promise<string | Errors> => {
        if (!file) return { file: '请选择银行回盘文件（Excel 或 CSV）' };
        await this.payouts.uploadReturn(id, file, req.actor);
        return `/console/payout-batches/${id}#reconciliation`;
      },
      rerender: (errors) => this.batchPage(id, req, res, { form: 'return', errors }),
      done: '银行回盘已导入并完成对账。',
      fields: ['file'],
    });
  }

  // ---- 公示 and objections ----

  private async noticePage(
    id: number,
    req: ConsoleRequest,
    res: Response,
    failed: { form?: string } & Partial<Form> = {},
  ) {
    const b = await this.payouts.get(id, { role: 'caseworker' });
    const today = shanghaiToday();
    const open = !!b.noticeUntil && today <= b.noticeUntil && b.status !== 'cancelled';
    const people = new Map(b.lines.map((l) => [l.id, l]));
    const mayResolve = req.actor.role === 'caseworker' || req.actor.role === 'admin';
    const formOf = (key: string): Form =>
      failed.form === key ? { values: failed.values ?? {}, errors: failed.errors ?? {} } : blank();
    return this.views.render('payout-notice', `公示 ${b.number}`, pageContext(req, res), {
      b,
      open,
      objections: b.objections.map((o) => ({
        ...o,
        line: people.get(o.lineId) ?? null,
        resolve: { ...formOf(`resolve-${o.id}`), once: FormOnce.newToken() },
        mayResolve: mayResolve && o.status === 'open',
      })),
      objectForm: { ...formOf('object'), once: FormOnce.newToken() },
      mayObject: open && b.lines.some((l) => l.status === 'pending'),
      financePage: req.actor.role !== 'caseworker',
    });
  }

  @Get('payout-batches/:id/notice')
  @Roles('finance', 'admin', 'caseworker')
  async notice(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.noticePage(id, req, res));
  }

  @Post('payout-batches/:id/objections')
  @Roles('finance', 'admin', 'caseworker')
  async object(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(ObjectionDto, {
          lineId: int(body, 'lineId'),
          objector: text(body, 'objector'),
          content: text(body, 'content'),
        });
        if (!text(body, 'lineId')) errors.lineId = '请选择被反映的人员';
        if (Object.keys(errors).length) return errors;
        await this.payouts.object(id, dto, req.actor);
        return `/console/payout-batches/${id}/notice#objections`;
      },
      rerender: (errors) => this.noticePage(id, req, res, { form: 'object', values: body, errors }),
      done: '异议已登记，该笔补贴暂缓发放，待核实处理。',
      fields: ['lineId', 'objector', 'content'],
    });
  }

  @Post('payout-batches/:id/objections/:oid/resolve')
  @Roles('admin', 'caseworker')
  async resolve(
    @Param('id', ParseIntPipe) id: number,
    @Param('oid', ParseIntPipe) oid: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(ResolveObjectionDto, {
          decision: text(body, 'decision'),
          note: text(body, 'note'),
        });
        if (Object.keys(errors).length) return errors;
        await this.payouts.resolveObjection(oid, dto, req.actor);
        return `/console/payout-batches/${id}/notice#objections`;
      },
      rerender: (errors) => this.noticePage(id, req, res, { form: `resolve-${oid}`, values: body, errors }),
      done: '异议已处理。',
      fields: ['decision', 'note'],
    });
  }

  // ---- failed payments ----

  private async failuresPage(req: ConsoleRequest, res: Response, errors: Errors = {}) {
    const page = await this.payouts.failures(Object.assign(new PaymentFailureQuery(), { page: 1, pageSize: 100 }));
    return this.views.render('payment-failures', '代发失败待更正', pageContext(req, res), {
      items: page.items,
      mayCorrect: req.actor.role === 'caseworker' || req.actor.role === 'admin',
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get('payment-failures')
  @Roles('finance', 'admin', 'caseworker')
  async failures(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.failuresPage(req, res));
  }

  @Post('payment-failures/:claimId/corrected')
  @Roles('admin', 'caseworker')
  async corrected(
    @Param('claimId', ParseIntPipe) claimId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.payouts.corrected(claimId, req.actor);
        return '/console/payment-failures';
      },
      rerender: (errors) => this.failuresPage(req, res, errors),
      done: '收款账户已更正，该笔补贴将编入下一个代发批次。',
    });
  }
}
