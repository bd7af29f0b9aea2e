import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { ConsolePages } from '../auth/console-session.js';
import { UserDirectory } from '../auth/user-directory.js';
import { DomainError } from '../common/errors.js';
import { LABELS } from '../common/labels.js';
import { Roles } from '../common/roles.decorator.js';
import { shanghaiToday } from '../common/dates.js';
import { HOUSEHOLD_STATUSES } from '../households/household.entity.js';
import { MissedDto, OpenRoundDto, SurveyVisitDto } from '../households/households.dto.js';
import { HouseholdsService } from '../households/households.service.js';
import { SurveyRoundsService } from '../households/survey-rounds.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, text, validateAs } from './forms.js';
import { ConsoleViews, halfYear } from './views.js';
import { listLinks } from './workers.pages.js';

const SORTS = ['period', 'openedAt', 'status'] as const;
/** The round's page lists at most this many households per list; a township filter narrows them. */
const LIST_CAP = 200;

type Report = Awaited<ReturnType<SurveyRoundsService['report']>>;

/**
 * 摸底调查: the half-yearly rounds in which the townships visit every household, each round's
 * progress by township, the households still to visit, and the forms to record a visit, a
 * reason for missing one, and to close the round (refused while a household is unaccounted for).
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/survey-rounds')
export class SurveyPages {
  constructor(
    private readonly rounds: SurveyRoundsService,
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
    private readonly people: UserDirectory,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  @Get()
  @Roles('caseworker', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const filters = { status: raw.status ?? '', year: raw.year?.trim() ?? '' };
    const sort = (SORTS as readonly string[]).includes(raw.sort) ? (raw.sort as (typeof SORTS)[number]) : 'period';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const badFilter =
      (filters.status !== '' && !['open', 'closed'].includes(filters.status)) ||
      (filters.year !== '' && !/^20\d\d$/.test(filters.year));
    const page = badFilter
      ? { items: [], total: 0, page: 1, pageSize: 20 }
      : await this.rounds.page({
          status: (filters.status || undefined) as 'open' | 'closed' | undefined,
          year: filters.year || undefined,
          sort,
          order,
          page: Math.max(1, Number(raw.page) || 1),
          pageSize: 20,
        });
    const links = listLinks('/console/survey-rounds', filters, sort, order, page.page);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const people = await this.people.people(page.items.map((r) => r.openedBy));
    res.type('html').send(
      this.views.render('survey-rounds', '摸底调查', pageContext(req, res), {
        page: { ...page, items: page.items.map((r) => ({ ...r, openedByName: people.name(r.openedBy) ?? '—' })) },
        filters,
        badFilter,
        pages,
        prev: page.page > 1 ? links.href({ page: page.page - 1 }) : null,
        next: page.page < pages ? links.href({ page: page.page + 1 }) : null,
        sorts: Object.fromEntries(SORTS.map((c) => [c, { href: links.sortHref(c), arrow: links.arrow(c) }])),
      }),
    );
  }

  private newForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): string {
    const year = Number(shanghaiToday().slice(0, 4));
    return this.views.render('survey-round-new', '开始摸底调查', pageContext(req, res), {
      values,
      errors,
      years: [year, year - 1, year - 2],
      once: FormOnce.newToken(),
    });
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  create(@Req() req: ConsoleRequest, @Res() res: Response): void {
    const today = shanghaiToday();
    const values = { year: today.slice(0, 4), half: today.slice(5, 7) <= '06' ? '1' : '2' };
    res.type('html').send(this.newForm(req, res, values, {}));
  }

  @Post()
  @Roles('caseworker', 'admin')
  async open(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const year = text(body, 'year');
        const half = text(body, 'half');
        const errors: Errors = {};
        if (!/^20\d\d$/.test(year)) errors.year = '请填写四位年份，如 2026';
        if (!['1', '2'].includes(half)) errors.half = '请选择上半年或下半年';
        if (Object.keys(errors).length) return errors;
        const { dto, errors: bad } = await validateAs(OpenRoundDto, { period: `${year}H${half}` });
        if (bad.period) return { year: bad.period };
        try {
          const r = await this.rounds.open(dto, req.actor);
          return `/console/survey-rounds/${r.id}`;
        } catch (e) {
          // Both refusals are about the half-year chosen: shown at the year, in the catalogue's words.
          if (e instanceof DomainError && e.status < 500) return { year: e.message, _status: String(e.status) };
          throw e;
        }
      },
      rerender: (errors) => this.newForm(req, res, body, errors),
      done: '摸底调查已开始。',
      fields: ['year', 'half'],
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
    res.type('html').send(await this.page(id, raw.township ?? '', req, res, {}));
  }

  private async page(
    id: number,
    township: string,
    req: ConsoleRequest,
    res: Response,
    errors: Errors,
    refusal?: { householdId: number; address: string; township: string }[],
  ): Promise<string> {
    const rep: Report = await this.rounds.report(id);
    const trail = await this.audit.list({ entity: 'survey_round', id: String(id), limit: 200, offset: 0 });
    const people = await this.people.people(
      [rep.round.openedBy, rep.round.closedBy],
      trail.items.map((a) => a.actorId),
    );
    const inTown = <T extends { township: string }>(xs: T[]) =>
      township ? xs.filter((x) => x.township === township) : xs;
    const capped = <T>(xs: T[]) => ({ items: xs.slice(0, LIST_CAP), total: xs.length, more: xs.length > LIST_CAP });
    const due = rep.missed.filter((m) => !m.reason);
    const missed = rep.missed.filter((m) => m.reason);
    const history = trail.items.map((a) => {
      const after = (a.after ?? {}) as { householdId?: number; reason?: string; finding?: string; visitedOn?: string };
      return {
        at: a.at,
        who: people.actor(a.actorId),
        action: LABELS.surveyAction[a.action] ?? '其他操作',
        householdId: typeof after.householdId === 'number' ? after.householdId : null,
        finding: after.finding ?? null,
        reason: after.reason ?? null,
        visitedOn: after.visitedOn ?? null,
      };
    });
    const totals = rep.byTownship.reduce(
      (s, x) => ({
        households: s.households + x.households,
        visited: s.visited + x.visited,
        missed: s.missed + x.missed,
        due: s.due + x.due,
      }),
      { households: 0, visited: 0, missed: 0, due: 0 },
    );
    const r = rep.round;
    return this.views.render('survey-round', `${halfYear(r.period)}摸底调查`, pageContext(req, res), {
      r,
      isOpen: r.status === 'open',
      openedByName: people.name(r.openedBy) ?? '—',
      closedByName: people.name(r.closedBy) ?? '—',
      previousRound: rep.previousRound,
      totals,
      byTownship: rep.byTownship.map((x) => ({
        ...x,
        href: `/console/survey-rounds/${id}?township=${encodeURIComponent(x.township)}`,
        current: x.township === township,
      })),
      township,
      due: capped(inTown(due)),
      missed: capped(inTown(missed)),
      zero: capped(inTown(rep.zeroEmployment)),
      newlyFound: capped(inTown(rep.newlyFound)),
      newlyFoundIds: rep.newlyFound.map((x) => x.householdId),
      cleared: capped(inTown(rep.clearedSinceLast)),
      history,
      errors,
      refusal: refusal ?? null,
      once: FormOnce.newToken(),
    });
  }

  /** 结束摸底 asks first: closing cannot be undone. */
  @Get(':id/close')
  @Roles('caseworker', 'admin')
  async closeConfirm(
    @Param('id', ParseIntPipe) id: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const rep = await this.rounds.report(id);
    res.type('html').send(
      this.views.render('survey-round-close', `结束${halfYear(rep.round.period)}摸底调查`, pageContext(req, res), {
        r: rep.round,
        isOpen: rep.round.status === 'open',
        households: rep.households,
        visited: rep.visited,
        missed: rep.missed.filter((m) => m.reason).length,
        due: rep.missed.filter((m) => !m.reason).length,
        once: FormOnce.newToken(),
      }),
    );
  }

  @Post(':id/close')
  @Roles('caseworker', 'admin')
  async close(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    let refusal: { householdId: number; address: string; township: string }[] | undefined;
    await this.forms.submit(req, res, body, {
      action: async () => {
        try {
          await this.rounds.close(id, req.actor);
        } catch (e) {
          // 不漏一户: the households still unaccounted for are listed on the round's page.
          if (e instanceof DomainError && Array.isArray(e.extra?.missed)) refusal = e.extra.missed as typeof refusal;
          if (e instanceof DomainError && e.status < 500) return { _form: e.message, _status: String(e.status) };
          throw e;
        }
        return `/console/survey-rounds/${id}`;
      },
      rerender: (errors) => this.page(id, '', req, res, errors, refusal),
      done: '摸底调查已结束。',
      fields: [],
    });
  }

  /** One household in the round: what the registry says of it, and the two forms (visited / why not). */
  private async householdForm(
    id: number,
    householdId: number,
    req: ConsoleRequest,
    res: Response,
    form: 'visit' | 'missed' | null,
    values: FormBody,
    errors: Errors,
  ): Promise<string> {
    const rep = await this.rounds.report(id);
    const h = await this.households.get(householdId);
    const line = rep.missed.find((m) => m.householdId === householdId);
    const visited = !line;
    return this.views.render(
      'survey-household',
      `${halfYear(rep.round.period)}摸底 ${h.address}`,
      pageContext(req, res),
      {
        r: rep.round,
        isOpen: rep.round.status === 'open',
        h,
        visited,
        missedReason: line?.reason ?? null,
        findings: HOUSEHOLD_STATUSES,
        fe: form ? { [form]: errors } : {},
        fv: form ? { [form]: values } : { visit: { visitedOn: shanghaiToday(), finding: h.status } },
        once: { visit: FormOnce.newToken(), missed: FormOnce.newToken() },
      },
    );
  }

  @Get(':id/households/:householdId')
  @Roles('caseworker', 'admin')
  async household(
    @Param('id', ParseIntPipe) id: number,
    @Param('householdId', ParseIntPipe) householdId: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.householdForm(id, householdId, req, res, null, {}, {}));
  }

  @Post(':id/households/:householdId/visit')
  @Roles('caseworker', 'admin')
  async visit(
    @Param('id', ParseIntPipe) id: number,
    @Param('householdId', ParseIntPipe) householdId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(SurveyVisitDto, {
          householdId,
          visitedOn: text(body, 'visitedOn'),
          finding: text(body, 'finding') || undefined,
          ...(text(body, 'note') ? { note: text(body, 'note') } : {}),
        });
        if (Object.keys(errors).length) return errors;
        await this.rounds.recordVisit(id, dto, req.actor);
        return `/console/survey-rounds/${id}`;
      },
      rerender: (errors) => this.householdForm(id, householdId, req, res, 'visit', body, errors),
      done: '走访已登记。',
      fields: ['visitedOn', 'finding', 'note'],
    });
  }

  @Post(':id/households/:householdId/missed')
  @Roles('caseworker', 'admin')
  async missed(
    @Param('id', ParseIntPipe) id: number,
    @Param('householdId', ParseIntPipe) householdId: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(MissedDto, {
          householdId,
          reason: text(body, 'reason'),
        });
        if (Object.keys(errors).length) return errors;
        await this.rounds.recordMissed(id, dto, req.actor);
        return `/console/survey-rounds/${id}`;
      },
      rerender: (errors) => this.householdForm(id, householdId, req, res, 'missed', body, errors),
      done: '未走访原因已登记。',
      fields: ['reason'],
    });
  }
}
