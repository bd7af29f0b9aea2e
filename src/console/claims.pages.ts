import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { CLAIM_KINDS, CLAIM_STATUSES } from '../claims/claim.entity.js';
import { ClaimListQuery, ReasonDto } from '../claims/claims.dto.js';
import { ClaimsService } from '../claims/claims.service.js';
import { exportHref } from './cases.pages.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, text, validateAs } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

/** 补贴审批: finance's queue, the claim with its evidence, decisions, batch approval, payouts. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console')
export class ClaimPages {
  constructor(
    private readonly claims: ClaimsService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
    private readonly once: FormOnce,
  ) {}

  @Get('claims')
  @Roles('finance', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const status =
      raw.status === 'any'
        ? undefined
        : (CLAIM_STATUSES as string[]).includes(raw.status)
          ? raw.status
          : 'awaiting_approval';
    const { dto: q, errors } = await validateAs(ClaimListQuery, {
      status,
      kind: raw.kind || undefined,
      payee: raw.payee || undefined,
      township: raw.township || undefined,
      overdue: raw.overdue === 'true' ? 'true' : undefined,
      minFen: fen(raw, 'minYuan'),
      maxFen: fen(raw, 'maxYuan'),
      sort: 'decisionDueAt',
      order: 'asc',
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 100,
    });
    const page = Object.keys(errors).length
      ? { items: [], total: 0, page: 1, pageSize: 100, totals: { count: 0, amountFen: 0 } }
      : await this.claims.list(q);
    res.type('html').send(
      this.views.render('claims', '补贴审批', ctx, {
        page,
        q: raw,
        status: status ?? 'any',
        statuses: CLAIM_STATUSES,
        kinds: CLAIM_KINDS,
        errors: renameFen(errors),
        exportHref: exportHref('/claims', {
          status,
          kind: q.kind,
          payee: q.payee,
          township: q.township,
          overdue: q.overdue,
          minFen: q.minFen,
          maxFen: q.maxFen,
        }),
        once: FormOnce.newToken(),
        canDecide: req.actor.role === 'finance',
        now: new Date(),
      }),
    );
  }

  @Post('claims/batch-approve')
  @Roles('finance')
  async batch(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const token = text(body, '_once');
    await this.forms.submit(req, res, body, {
      action: async (): Promise<Errors | { url: string; result: unknown }> => {
        const raw = body.claimIds;
        const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((x) => /^\d{1,9}$/.test(x)).map(Number);
        if (!ids.length) return { _form: '请先勾选要批准的申请' };
        if (ids.length > 200) return { _form: '一次最多批准200件' };
        const r = await this.claims.batchApprove(ids, req.actor);
        return {
          url: `/console/claims/batch/${token}`,
          result: r,
        };
      },
      rerender: async (errors) => {
        const page = await this.claims.list(
          await validateAs(ClaimListQuery, {
            status: 'awaiting_approval',
            sort: 'decisionDueAt',
            order: 'asc',
            page: 1,
            pageSize: 100,
          }).then((v) => v.dto),
        );
        return this.views.render('claims', '补贴审批', pageContext(req, res), {
          page,
          q: {},
          status: 'awaiting_approval',
          statuses: CLAIM_STATUSES,
          kinds: CLAIM_KINDS,
          errors,
          once: FormOnce.newToken(),
          canDecide: true,
        });
      },
      done: '批量审批已办理，结果如下。',
    });
  }

  @Get('claims/batch/:token')
  @Roles('finance')
  async batchResult(@Param('token') token: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const result = await this.once.result(token, req.sessionId);
    if (!result) return res.redirect(303, '/console/claims');
    res.type('html').send(this.views.render('claims-batch', '批量审批结果', ctx, { r: result }));
  }

  @Get('claims/:id')
  @Roles('finance', 'admin')
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
    const c = await this.claims.get(id);
    return this.views.render('claim', `补贴申请 ${c.number}`, pageContext(req, res), {
      c,
      fe: form ? { [form]: errors } : {},
      fv: form ? { [form]: values } : {},
      canDecide: req.actor.role === 'finance' && c.status === 'awaiting_approval',
      once: { approve: FormOnce.newToken(), reject: FormOnce.newToken(), return: FormOnce.newToken() },
    });
  }

  @Post('claims/:id/:decision')
  @Roles('finance')
  async decide(
    @Param('id', ParseIntPipe) id: number,
    @Param('decision') decision: string,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        if (decision === 'approve') await this.claims.approve(id, req.actor);
        else if (decision === 'reject' || decision === 'return') {
          const { dto, errors } = await validateAs(ReasonDto, { reason: text(body, 'reason') });
          if (Object.keys(errors).length) return errors;
          if (decision === 'reject') await this.claims.reject(id, dto.reason, req.actor);
          else await this.claims.returnForRevision(id, dto.reason, req.actor);
        } else return { _form: '没有这个审批操作' };
        return `/console/claims/${id}`;
      },
      rerender: (errors) => this.page(id, req, res, errors, decision, body),
      done: decision === 'approve' ? '已批准。' : decision === 'reject' ? '已驳回。' : '已退回补正。',
    });
  }

  @Get('payouts')
  @Roles('finance', 'admin')
  async payouts(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const date = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);
    const page = await this.claims.payouts({
      from: date(raw.from),
      to: date(raw.to),
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 100,
    });
    const totalFen = page.items.reduce((s, p) => s + Number(p.amountFen), 0);
    res.type('html').send(this.views.render('payouts', '发放记录', ctx, { page, q: raw, totalFen }));
  }
}

function renameFen(errors: Errors): Errors {
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k === 'minFen' ? 'minYuan' : k === 'maxFen' ? 'maxYuan' : k, v]),
  );
}
