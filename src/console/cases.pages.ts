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
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { shanghaiToday } from '../common/dates.js';
import { ValidationErrors } from '../common/common.errors.js';
import { CASE_KINDS } from '../cases/case.entity.js';
import {
  AcceptDto,
  CASE_OUTCOMES,
  CaseListQuery,
  CloseDto,
  EscalateDto,
  ExtendDto,
  InterruptLimitationDto,
  MediationDto,
  NoteDto,
  ReopenDto,
} from '../cases/cases.dto.js';
import { CasesService } from '../cases/cases.service.js';
import { type CaseAction, type CaseEscalationState, INTERRUPTION_KINDS } from '../../workflows/definitions.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, text, validateAs } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

type ActionName =
  'acknowledge' | 'mediation' | 'payment' | 'escalate' | 'accept' | 'extend' | 'close' | 'reopen' | 'interrupt';

/**
 * What the process allows now, to show only those forms. The workflow's own validator stays
 * the authority: a stale page that sends something no longer allowed gets its refusal.
 */
export function allowedActions(
  stage: string,
  current: CaseEscalationState['current'] | null | undefined,
): Set<ActionName> {
  const a = new Set<ActionName>();
  if (stage === 'closed') return a.add('reopen');
  a.add('close');
  a.add('interrupt');
  if (stage === 'intake') a.add('acknowledge');
  if (stage === 'mediation') a.add('mediation');
  if (stage === 'awaiting_payment') a.add('payment');
  if (['mediation', 'mediation_failed', 'mediation_lapsed', 'reopened', 'inspection'].includes(stage))
    a.add('escalate');
  if (stage === 'inspection_pending' || stage === 'arbitration_pending') a.add('accept');
  if ((stage === 'inspection' || stage === 'arbitration') && !current?.extended) a.add('extend');
  return a;
}

const QUEUES = [
  { key: 'mine', text: '我的案件' },
  { key: 'unassigned', text: '待分配' },
  { key: 'all', text: '全部' },
];

/** 案件办理: the caseworker's queues and the case page with the actions its stage allows. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/cases')
export class CasePages {
  constructor(
    private readonly cases: CasesService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  @Get()
  @Roles('caseworker', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const ctx = pageContext(req, res);
    const { dto: q, errors } = await validateAs(CaseListQuery, {
      queue: raw.queue || (req.actor.role === 'caseworker' ? 'mine' : 'all'),
      status: raw.status === 'closed' ? 'closed' : raw.status === 'any' ? undefined : 'open',
      kind: raw.kind || undefined,
      q: raw.q || undefined,
      page: Number(raw.page) || 1,
      pageSize: 50,
    });
    if (Object.keys(errors).length) throw ValidationErrors.QUERY().at(Object.keys(errors)[0]);
    const page = await this.cases.list(q, req.actor);
    res.type('html').send(
      this.views.render('cases', '案件办理', ctx, {
        page,
        q: raw,
        queue: q.queue,
        exportHref: exportHref('/cases', { queue: q.queue, status: q.status, kind: q.kind, q: q.q }),
        queues: QUEUES.map((x) => ({ ...x, active: x.key === q.queue })),
        kinds: CASE_KINDS,
        prev: page.page > 1 ? page.page - 1 : null,
        next: page.page * page.pageSize < page.total ? page.page + 1 : null,
      }),
    );
  }

  @Get(':id')
  @Roles('caseworker', 'admin')
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
    const ctx = pageContext(req, res);
    const c = await this.cases.get(id, req.actor);
    const allowed = allowedActions(c.stage, c.process?.current);
    const once = () => FormOnce.newToken();
    return this.views.render('case', `案件 ${c.number}`, ctx, {
      c,
      allowed: Object.fromEntries([...allowed].map((a) => [a, true])),
      outcomes: CASE_OUTCOMES,
      canTake: req.actor.role === 'caseworker' && c.assigneeId !== req.actor.userId && c.status !== 'closed',
      fe: form ? { [form]: errors } : {},
      // The escalation is usually registered on the day it is entered: today, unless typed otherwise.
      fv: { escalate: { escalatedOn: shanghaiToday() }, ...(form ? { [form]: values } : {}) },
      once: {
        note: once(),
        attach: once(),
        take: once(),
        acknowledge: once(),
        mediation: once(),
        payment: once(),
        escalate: once(),
        accept: once(),
        extend: once(),
        close: once(),
        reopen: once(),
        interrupt: once(),
      },
      interruptionKinds: INTERRUPTION_KINDS,
      deadlines: c.process?.deadlines ?? [],
    });
  }

  @Post(':id/take')
  @Roles('caseworker')
  async take(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.cases.assign(id, req.actor.userId!, req.actor);
        return `/console/cases/${id}`;
      },
      rerender: (errors: Errors) => this.page(id, req, res, errors, 'take', {}),
      done: '已认领该案件，由您承办。',
    });
  }

  @Post(':id/notes')
  @Roles('caseworker', 'admin')
  async note(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(NoteDto, {
          text: text(body, 'text'),
          confidential: body.confidential === 'on',
        });
        if (Object.keys(errors).length) return { text: errors.text ?? '请填写备注内容' };
        await this.cases.addNote(id, dto.text, dto.confidential ?? false, req.actor);
        return `/console/cases/${id}#notes`;
      },
      rerender: async (errors: Errors) => this.page(id, req, res, errors, 'note', body),
      done: '备注已保存。',
    });
  }

  @Post(':id/attachments')
  @Roles('caseworker', 'admin')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 10 * 1024 * 1024 + 1 } }))
  async attach(
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: { buffer: Buffer; size: number; originalname: string } | undefined,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        if (file) file.originalname = Buffer.from(file.originalname, 'latin1').toString('utf8');
        await this.cases.attach(id, file, req.actor);
        return `/console/cases/${id}#attachments`;
      },
      rerender: async (errors: Errors) => this.page(id, req, res, errors, 'attach', {}),
      done: '证据材料已上传。',
    });
  }

  @Post(':id/actions/:action')
  @Roles('caseworker', 'admin')
  async act(
    @Param('id', ParseIntPipe) id: number,
    @Param('action') name: string,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const parsed = await this.parseAction(name, body, req.actor.username);
        if ('errors' in parsed) return parsed.errors;
        await this.cases.act(id, parsed.action);
        return `/console/cases/${id}`;
      },
      rerender: async (errors: Errors) => this.page(id, req, res, errors, name, body),
      done: '已办理。',
    });
  }

  private async parseAction(
    name: string,
    b: FormBody,
    by: string,
  ): Promise<{ action: CaseAction } | { errors: Errors }> {
    const check = async <T extends object>(cls: new () => T, plain: Record<string, unknown>) => {
      const r = await validateAs(cls, plain);
      return Object.keys(r.errors).length ? { errors: r.errors } : { dto: r.dto };
    };
    const yes = (k: string) => (text(b, k) === 'yes' ? true : text(b, k) === 'no' ? false : undefined);
    switch (name) {
      case 'acknowledge':
        return { action: { type: 'acknowledge', by } };
      case 'mediation': {
        const r = await check(MediationDto, {
          outcome: text(b, 'outcome') || undefined,
          amountFen: fen(b, 'amount'),
          payBy: text(b, 'payBy') || undefined,
          reason: text(b, 'reason') || undefined,
        });
        if ('errors' in r) return { errors: rename(r.errors!, { amountFen: 'amount' }) };
        if (r.dto!.outcome === 'settled' && r.dto!.amountFen === undefined)
          return { errors: { amount: '调解成功须填写协议金额' } };
        if (r.dto!.outcome === 'settled' && !r.dto!.payBy) return { errors: { payBy: '调解成功须填写履行期限' } };
        if (r.dto!.outcome === 'failed' && !r.dto!.reason) return { errors: { reason: '请填写调解不成的原因' } };
        return { action: { type: 'mediation', by, ...r.dto! } };
      }
      case 'payment':
        if (yes('paid') === undefined) return { errors: { paid: '请选择是否已履行' } };
        return { action: { type: 'payment', by, paid: yes('paid')! } };
      case 'escalate': {
        const r = await check(EscalateDto, {
          to: text(b, 'to') || undefined,
          reason: text(b, 'reason'),
          escalatedOn: text(b, 'escalatedOn') || undefined,
        });
        return 'errors' in r ? { errors: r.errors! } : { action: { type: 'escalate', by, ...r.dto! } };
      }
      case 'accept': {
        const r = await check(AcceptDto, { accepted: yes('accepted'), reason: text(b, 'reason') || undefined });
        if ('errors' in r) return { errors: r.errors! };
        if (!r.dto!.accepted && !r.dto!.reason) return { errors: { reason: '不予受理须填写理由' } };
        return { action: { type: 'accept', by, ...r.dto! } };
      }
      case 'extend': {
        const r = await check(ExtendDto, { days: int(b, 'days'), reason: text(b, 'reason') });
        return 'errors' in r ? { errors: r.errors! } : { action: { type: 'extend', by, ...r.dto! } };
      }
      case 'close': {
        const r = await check(CloseDto, {
          outcome: text(b, 'outcome') || undefined,
          reason: text(b, 'reason'),
          amountRecoveredFen: fen(b, 'amountRecovered'),
        });
        return 'errors' in r
          ? { errors: rename(r.errors!, { amountRecoveredFen: 'amountRecovered' }) }
          : { action: { type: 'close', by, ...r.dto! } };
      }
      case 'reopen': {
        const r = await check(ReopenDto, { reason: text(b, 'reason') });
        return 'errors' in r ? { errors: r.errors! } : { action: { type: 'reopen', by, ...r.dto! } };
      }
      case 'interrupt': {
        const r = await check(InterruptLimitationDto, {
          kind: text(b, 'kind') || undefined,
          interruptedOn: text(b, 'interruptedOn') || undefined,
          note: text(b, 'note'),
        });
        return 'errors' in r ? { errors: r.errors! } : { action: { type: 'interrupt_limitation', by, ...r.dto! } };
      }
      default:
        return { errors: { _form: '没有这个办理操作' } };
    }
  }
}

function rename(errors: Errors, map: Record<string, string>): Errors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [map[k] ?? k, v]));
}

/** The API list with the same filters, as a spreadsheet (导出 Excel). */
export function exportHref(path: string, filters: Record<string, unknown>): string {
  const qs = new URLSearchParams({ format: 'xlsx' });
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  return `${path}?${qs}`;
}
