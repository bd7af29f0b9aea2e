import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { CLAIM_KINDS, CLAIM_STATUSES } from '../claims/claim.entity.js';
import { ClaimListQuery, PayoutListQuery, ReasonDto } from '../claims/claims.dto.js';
import { PeriodErrors } from '../common/common.errors.js';
import { yuanUpper } from '../documents/money-format.js';
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

  /**
   * 批量批准: first a page listing the chosen claims with their amounts and the total in figures
   * and 大写, carrying the list's unused one-time token; only the confirmed form approves.
   */
  @Post('claims/batch-approve')
  @Roles('finance')
  async batch(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const token = text(body, '_once');
    const raw = body.claimIds;
    const ids = [
      ...new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).filter((x) => /^\d{1,9}$/.test(x)).map(Number)),
    ];
    const problem = !ids.length ? '请先勾选要批准的申请' : ids.length > 200 ? '一次最多批准200件' : null;
    if (text(body, 'confirmed') !== 'yes' && !problem) {
      const chosen = await this.claims.briefs(ids);
      const totalFen = chosen.reduce((sum, c) => sum + c.amountFen, 0);
      res.type('html').send(
        this.views.render('claims-batch-confirm', '确认批量批准', pageContext(req, res), {
          chosen,
          missing: ids.length - chosen.length,
          totalFen,
          totalUpper: yuanUpper(totalFen),
          ids,
          once: token,
        }),
      );
      return;
    }
    await this.forms.submit(req, res, body, {
      action: async (): Promise<Errors | { url: string; result: unknown }> => {
        if (problem) return { _form: problem };
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
    const c = await this.claims.get(id, req.actor);
    return this.views.render('claim', `补贴申请 ${c.number}`, pageContext(req, res), {
      c,
      fe: form ? { [form]: errors } : {},
      fv: form ? { [form]: values } : {},
      canDecide: req.actor.role === 'finance' && c.status === 'awaiting_approval',
      once: { approve: FormOnce.newToken(), reject: FormOnce.newToken(), return: FormOnce.newToken() },
    });
  }

  /**
   * 批准 / 驳回 / 退回补正: first a page with the claim's number, payee, the amount in figures and
   * 大写 and the reason, carrying the form's unused one-time token; only its confirm button decides.
   */
  @Post('claims/:id/:decision')
  @Roles('finance')
  async decide(
    @Param('id', ParseIntPipe) id: number,
    @Param('decision') decision: string,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const step = DECISION_STEP[decision];
    const needsReason = decision === 'reject' || decision === 'return';
    if (step && text(body, 'confirmed') !== 'yes') {
      const { dto, errors } = needsReason
        ? await validateAs(ReasonDto, { reason: text(body, 'reason') })
        : { dto: null, errors: {} };
      if (Object.keys(errors).length) {
        res
          .status(400)
          .type('html')
          .send(await this.page(id, req, res, errors, decision, body));
        return;
      }
      const c = await this.claims.get(id, req.actor);
      res.type('html').send(
        this.views.render('claim-confirm', step.title, pageContext(req, res), {
          c,
          step,
          amountUpper: yuanUpper(c.amountFen),
          reason: dto?.reason ?? null,
          action: `/console/claims/${id}/${decision}`,
          once: text(body, '_once'),
        }),
      );
      return;
    }
    const opts = {
      action: async () => {
        if (decision === 'approve') {
          const s = await this.claims.approve(id, req.actor);
          // Above the limit the first approval only records itself: the flash says so, not "approved".
          if (s.status === 'awaiting_approval') opts.done = '已记录第一次审批，待另一名财务人员审批。';
        } else if (needsReason) {
          const { dto, errors } = await validateAs(ReasonDto, { reason: text(body, 'reason') });
          if (Object.keys(errors).length) return errors;
          if (decision === 'reject') await this.claims.reject(id, dto.reason, req.actor);
          else await this.claims.returnForRevision(id, dto.reason, req.actor);
        } else return { _form: '没有这个审批操作' };
        return `/console/claims/${id}`;
      },
      rerender: (errors: Errors) => this.page(id, req, res, errors, decision, body),
      done: decision === 'approve' ? '已批准。' : decision === 'reject' ? '已驳回。' : '已退回补正。',
    };
    await this.forms.submit(req, res, body, opts);
  }

  @Get('payouts')
  @Roles('finance', 'admin')
  async payouts(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const { dto: q, errors } = await validateAs(PayoutListQuery, {
      from: raw.from || undefined,
      to: raw.to || undefined,
      kind: raw.kind || undefined,
      township: raw.township || undefined,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 100,
    });
    if (!errors.to && q.from && q.to && q.to < q.from) errors.to = PeriodErrors.TO_BEFORE_FROM().message;
    const bad = Object.keys(errors).length > 0;
    const page = bad
      ? { items: [], total: 0, page: 1, pageSize: 100, totals: { count: 0, amountFen: 0 } }
      : await this.claims.payouts(q, req.actor);
    const filters = { from: q.from, to: q.to, kind: q.kind, township: q.township };
    const pageHref = (n: number) => {
      const qs = new URLSearchParams({ page: String(n) });
      for (const [k, v] of Object.entries(filters)) if (v) qs.set(k, v);
      return `/console/payouts?${qs}`;
    };
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    res.type('html').send(
      this.views.render('payouts', '发放记录', ctx, {
        page,
        q: raw,
        kinds: CLAIM_KINDS,
        errors,
        exportHref: bad ? null : exportHref('/payouts', filters),
        prevHref: page.page > 1 ? pageHref(page.page - 1) : null,
        nextHref: page.page < pages ? pageHref(page.page + 1) : null,
        pages,
      }),
    );
  }
}

/** What each decision's confirmation page says and its button. */
const DECISION_STEP: Record<string, { title: string; what: string; button: string; danger: boolean }> = {
  approve: {
    title: '确认批准？',
    what: '批准后按审批流程办理发放；超过限额的申请需另一名财务人员再次审批。批准不能撤销。',
    button: '确认批准',
    danger: false,
  },
  reject: {
    title: '确认驳回？',
    what: '驳回后该申请办结，不再发放，也不能再审批。',
    button: '确认驳回',
    danger: true,
  },
  return: {
    title: '确认退回补正？',
    what: '退回后由经办人补正材料后重新提交，再行审批。',
    button: '确认退回',
    danger: false,
  },
};

function renameFen(errors: Errors): Errors {
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k === 'minFen' ? 'minYuan' : k === 'maxFen' ? 'maxYuan' : k, v]),
  );
}
