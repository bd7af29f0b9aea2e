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
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { shanghaiToday } from '../common/dates.js';
import { label } from '../common/labels.js';
import { formatYuan } from '../documents/money-format.js';
import { ValidationErrors } from '../common/common.errors.js';
import { CASE_KINDS } from '../cases/case.entity.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { normaliseCitizenId } from '../identity/citizen-id.js';
import { RegistryService } from '../registry/registry.service.js';
import { Worker } from '../registry/worker.entity.js';
import { maskPerson } from '../registry/masking.js';
import {
  AcceptDto,
  CASE_CHANNELS,
  CASE_OUTCOMES,
  CaseListQuery,
  CloseDto,
  EscalateDto,
  ExtendDto,
  InterruptLimitationDto,
  MediationDto,
  NoteDto,
  OpenCaseDto,
  ReopenDto,
} from '../cases/cases.dto.js';
import { CasesService } from '../cases/cases.service.js';
import { type CaseAction, type CaseEscalationState, INTERRUPTION_KINDS } from '../../workflows/definitions.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, fen, type FormBody, FormOnce, int, many, text, validateAs } from './forms.js';
import { ConsolePages, ConsoleUpload } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';
import { OfficesService } from '../offices/offices.service.js';

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
    private readonly offices: OfficesService,
    private readonly registry: RegistryService,
    @InjectDataSource() private readonly db: DataSource,
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
      // A township's cases (by the first worker's township), as on the workers' page.
      township: raw.township?.trim() || undefined,
      page: Number(raw.page) || 1,
      pageSize: 50,
    });
    if (Object.keys(errors).length) throw ValidationErrors.QUERY().at(Object.keys(errors)[0]);
    const [page, townships] = await Promise.all([this.cases.list(q, req.actor), this.registry.listTownships()]);
    res.type('html').send(
      this.views.render('cases', '案件办理', ctx, {
        page,
        q: raw,
        queue: q.queue,
        exportHref: exportHref('/cases', {
          queue: q.queue,
          status: q.status,
          kind: q.kind,
          q: q.q,
          township: q.township,
        }),
        townships,
        township: q.township ?? '',
        // The pager keeps the queue and the filters.
        pageQuery: new URLSearchParams(
          Object.entries({ queue: q.queue, status: raw.status, kind: q.kind, q: q.q, township: q.township }).filter(
            (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
          ),
        ).toString(),
        queues: QUEUES.map((x) => ({ ...x, active: x.key === q.queue })),
        kinds: CASE_KINDS,
        prev: page.page > 1 ? page.page - 1 : null,
        next: hasNextPage(page) ? page.page + 1 : null,
      }),
    );
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  async intakeForm(
    @Query('citizenId') citizenId: string | undefined,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res
      .type('html')
      .send(await this.intake(req, res, { citizenIds: citizenId ?? '', channel: 'window', kind: 'wage_arrears' }, {}));
  }

  /** 查找 inside the intake form: what was typed stays, the matching workers are offered to tick. */
  @Post('new/find')
  @Roles('caseworker', 'admin')
  async intakeFind(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.intake(req, res, body, {}));
  }

  private async intake(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const ctx = pageContext(req, res);
    const term = text(values, 'find');
    const chosen = new Set(many(values, 'workerId'));
    const [employers, picked, found] = await Promise.all([
      this.registry.listEmployers({ page: 1, pageSize: 500, sort: 'name', order: 'asc' } as never),
      chosen.size
        ? this.db.getRepository(Worker).findBy({ id: In([...chosen].map(Number).filter(Number.isInteger)) })
        : [],
      term.length >= 2
        ? this.registry.listWorkers({ q: term, page: 1, pageSize: 20, sort: 'name', order: 'asc' } as never)
        : null,
    ]);
    const offered: Worker[] = [
      ...picked.map((w) => maskPerson(w)),
      ...(found?.items ?? []).filter((w) => !chosen.has(String(w.id))),
    ];
    return this.views.render('case-new', '新建案件', ctx, {
      values,
      errors,
      kinds: CASE_KINDS,
      channels: CASE_CHANNELS,
      employers: employers.items,
      workers: offered.map((w) => ({
        id: w.id,
        name: w.name,
        citizenId: w.citizenId,
        township: w.township,
        checked: chosen.has(String(w.id)),
      })),
      searched: found !== null,
      findTooShort: term.length === 1,
      once: FormOnce.newToken(),
    });
  }

  @Post()
  @Roles('caseworker', 'admin')
  async open(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const errors: Errors = {};
        const typed = text(body, 'citizenIds')
          .split(/[\s,，、;；]+/)
          .filter(Boolean);
        const ids = new Set(
          many(body, 'workerId')
            .map(Number)
            .filter((n) => Number.isInteger(n) && n > 0),
        );
        const unknown: string[] = [];
        for (const raw of typed) {
          const cid = normaliseCitizenId(raw);
          const w = cid ? await this.db.getRepository(Worker).findOneBy({ citizenId: cid }) : null;
          if (w) ids.add(w.id);
          else unknown.push(raw);
        }
        if (unknown.length) errors.citizenIds = `以下身份证号尚未登记，请先在“人员登记”中登记：${unknown.join('、')}`;
        else if (!ids.size) errors.citizenIds = '请至少填写或勾选一名务工人员';
        const { dto, errors: v } = await validateAs(OpenCaseDto, {
          kind: text(body, 'kind') || undefined,
          workerIds: ids.size ? [...ids] : [1],
          employerId: int(body, 'employerId'),
          facts: text(body, 'facts'),
          amountClaimedFen: fen(body, 'amountClaimed'),
          knewOn: text(body, 'knewOn'),
          channel: text(body, 'channel') || undefined,
        });
        if (!text(body, 'facts')) v.facts = '请填写事实与诉求';
        if (!text(body, 'knewOn')) v.knewOn = '请填写知道权利被侵害之日';
        const all = { ...rename(v, INTAKE_FIELD_OF), ...errors };
        if (Object.keys(all).length) return all;
        const c = await this.cases.open({ ...dto, openedBy: req.actor.username });
        return `/console/cases/${c.id}`;
      },
      rerender: (errors) => this.intake(req, res, body, rename(errors, INTAKE_FIELD_OF)),
      done: '案件已登记，办理期限已开始计算。',
      // The service's own field names too: the re-render maps them onto the form's.
      fields: [
        'kind',
        'citizenIds',
        'workerIds',
        'employerId',
        'facts',
        'amountClaimed',
        'amountClaimedFen',
        'knewOn',
        'channel',
      ],
    });
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
      handover: { ...(await this.offices.handoverChoices(c)), errors: {}, values: {}, once: once() },
      handoverAction: `/console/cases/${c.id}/handover`,
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
  @ConsoleUpload('file', { limits: { fileSize: 10 * 1024 * 1024 + 1 } })
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
    if (name in IRREVERSIBLE && text(body, 'confirmed') !== 'yes') {
      await this.confirm(id, name as keyof typeof IRREVERSIBLE, body, req, res);
      return;
    }
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

  /**
   * The step before an action that cannot be undone: checked as it would be, then a page that
   * says what will happen, carrying what was typed and the form's unused one-time token.
   */
  private async confirm(
    id: number,
    name: keyof typeof IRREVERSIBLE,
    body: FormBody,
    req: ConsoleRequest,
    res: Response,
  ): Promise<void> {
    const parsed = await this.parseAction(name, body, req.actor.username);
    if ('errors' in parsed) {
      res
        .status(400)
        .type('html')
        .send(await this.page(id, req, res, parsed.errors, name, body));
      return;
    }
    const ctx = pageContext(req, res);
    const c = await this.cases.get(id, req.actor);
    const step = IRREVERSIBLE[name];
    const a = parsed.action;
    const summary =
      a.type === 'close'
        ? [
            { k: '结案方式', v: label('closeOutcome', a.outcome) },
            ...(a.amountRecoveredFen !== undefined ? [{ k: '追回金额', v: formatYuan(a.amountRecoveredFen) }] : []),
            { k: '结案说明', v: a.reason },
          ]
        : [];
    const carried = Object.entries(body)
      .filter(([k, v]) => !['_csrf', '_once', 'confirmed'].includes(k) && typeof v === 'string')
      .map(([k, v]) => ({ k, v }));
    res.type('html').send(
      this.views.render('case-confirm', step.title, ctx, {
        c,
        step,
        summary,
        carried,
        action: `/console/cases/${id}/actions/${name}`,
        once: text(body, '_once'),
      }),
    );
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

/** The API's field names → the intake form's. */
const INTAKE_FIELD_OF = { amountClaimedFen: 'amountClaimed', workerIds: 'citizenIds' };

/** Actions that cannot be undone, and what the confirmation page says will happen. */
const IRREVERSIBLE = {
  acknowledge: {
    title: '确认受理？',
    what: '将出具《受理通知书》并编发文号，案件进入调解阶段，调解期限开始计算。受理后不能撤回。',
    button: '确认受理',
  },
  close: {
    title: '确认结案？',
    what: '案件将结案，办理期限停止计算，进行中的提醒不再发出。结案后如需继续办理，须重新立案。',
    button: '确认结案',
  },
};

function rename(errors: Errors, map: Record<string, string>): Errors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [map[k] ?? k, v]));
}

/** The API list with the same filters, as a spreadsheet (导出 Excel). */
export function exportHref(path: string, filters: Record<string, unknown>): string {
  const qs = new URLSearchParams({ format: 'xlsx' });
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  return `${path}?${qs}`;
}
