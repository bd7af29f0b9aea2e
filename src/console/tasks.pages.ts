import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/roles.decorator.js';
import { CaseListQuery } from '../cases/cases.dto.js';
import { CasesService } from '../cases/cases.service.js';
import { ContactRequestsService } from '../households/contact-requests.service.js';
import { RegistryService } from '../registry/registry.service.js';
import { TASK_SUBJECT_LABELS, type TaskSubjectType } from '../tasks/task-kinds.js';
import { TaskDoneDto } from '../tasks/tasks.dto.js';
import { type TaskItem, TasksService } from '../tasks/tasks.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { type Errors, type FormBody, FormOnce, text, validateAs } from './forms.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleViews } from './views.js';

const QUEUES = [
  { key: 'all', text: '全部待办' },
  { key: 'mine', text: '分配给我的' },
  { key: 'role', text: '本岗位的' },
] as const;
const STATUSES = [
  { key: 'open', text: '待办理' },
  { key: 'done', text: '已办结' },
  { key: 'any', text: '全部' },
] as const;

/** The page of each subject; an enrolment has none in the console. */
const SUBJECT_PAGES: Partial<Record<TaskSubjectType, (id: number) => string>> = {
  placement: (id) => `/console/placements/${id}`,
  case: (id) => `/console/cases/${id}`,
  claim: (id) => `/console/claims/${id}`,
  household: (id) => `/console/households/${id}`,
  survey_round: (id) => `/console/survey-rounds/${id}`,
  // A month's report is filed under YYYYMM; its figures and issue form are on the overview of that month.
  monthly_report: (id) => `/console/overview?month=${String(id).slice(0, 4)}-${String(id).slice(4)}`,
  calendar_year: () => `/console/calendar`,
  job_order: (id) => `/console/job-orders/${id}`,
  departure_batch: (id) => `/console/departure-batches/${id}`,
  payout_batch: (id) => `/console/payout-batches/${id}`,
};

/** How many of the user's cases and of the unassigned ones the landing page lists, nearest deadline first. */
const CASES_SHOWN = 20;

/**
 * 待办, where caseworkers and admins start the day: the user's tasks (assigned to them and their
 * role's queue), each linking to what it is about; then the deadlines of their open cases and the
 * unassigned cases within their reach (their township's, for a station).
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/tasks')
export class TaskPages {
  constructor(
    private readonly tasks: TasksService,
    private readonly cases: CasesService,
    private readonly requests: ContactRequestsService,
    private readonly registry: RegistryService,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  @Get()
  @Roles('caseworker', 'finance', 'admin')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    res.type('html').send(await this.page(raw, req, res));
  }

  private async page(
    raw: Record<string, string | undefined>,
    req: ConsoleRequest,
    res: Response,
    errors: Errors = {},
    failed: number | null = null,
  ): Promise<string> {
    const queue = QUEUES.find((x) => x.key === raw.queue)?.key ?? 'all';
    const status = STATUSES.find((x) => x.key === raw.status)?.key ?? 'open';
    const townships = await this.registry.listTownships();
    const township = townships.some((t) => t.name === raw.township) ? raw.township : undefined;
    const page = await this.tasks.list({
      userId: queue === 'role' ? undefined : req.actor.userId,
      role: queue === 'mine' ? undefined : req.actor.role,
      township,
      status: status === 'any' ? undefined : status,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 50,
    });
    const items = await this.#withLinks(page.items);
    const [myCases, unassigned] = await this.#cases(req, page.page === 1 && status === 'open');
    const query = (over: Record<string, string | number>) =>
      `/console/tasks?${new URLSearchParams({ queue, status, ...(township ? { township } : {}), ...over } as Record<string, string>)}`;
    return this.views.render('tasks', '待办', pageContext(req, res), {
      items: items.map((t) => ({ ...t, once: t.byHand && t.status === 'open' ? FormOnce.newToken() : null })),
      total: page.total,
      queues: QUEUES.map((x) => ({ ...x, active: x.key === queue, href: query({ queue: x.key, page: 1 }) })),
      statuses: STATUSES.map((x) => ({ ...x, active: x.key === status, href: query({ status: x.key, page: 1 }) })),
      townships: townships.map((t) => t.name),
      queue,
      status,
      township: township ?? '',
      prev: page.page > 1 ? query({ page: page.page - 1 }) : null,
      next: page.page * page.pageSize < page.total ? query({ page: page.page + 1 }) : null,
      myCases,
      unassigned,
      errors,
      failed,
    });
  }

  /** The open cases of the user and those no one has yet, on the first page of open tasks of a role that handles cases. */
  async #cases(req: ConsoleRequest, shown: boolean) {
    if (!shown || (req.actor.role !== 'caseworker' && req.actor.role !== 'admin')) return [null, null];
    const query = (queue: 'mine' | 'unassigned') =>
      this.cases
        .list(Object.assign(new CaseListQuery(), { queue, status: 'open', page: 1, pageSize: CASES_SHOWN }), req.actor)
        .then((p) => ({ ...p, more: p.total > p.items.length ? `/console/cases?queue=${queue}` : null }));
    return Promise.all([query('mine'), query('unassigned')]);
  }

  async #withLinks(items: TaskItem[]) {
    const households = await this.requests.householdsOf(
      items.filter((t) => t.subjectType === 'contact_request').map((t) => t.subjectId),
    );
    return items.map((t) => {
      const household = t.subjectType === 'contact_request' ? households.get(t.subjectId) : undefined;
      return {
        ...t,
        subjectLabel: TASK_SUBJECT_LABELS[t.subjectType] ?? t.subjectType,
        href:
          household !== undefined
            ? `/console/households/${household}#requests`
            : (SUBJECT_PAGES[t.subjectType]?.(t.subjectId) ?? null),
      };
    });
  }

  @Post(':id/done')
  @Roles('caseworker', 'finance', 'admin')
  async done(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const back = { queue: text(body, 'queue'), status: text(body, 'status'), township: text(body, 'township') };
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(TaskDoneDto, text(body, 'note') ? { note: text(body, 'note') } : {});
        if (Object.keys(errors).length) return errors;
        await this.tasks.done(id, dto.note, req.actor);
        return `/console/tasks?${new URLSearchParams(Object.entries(back).filter(([, v]) => v))}`;
      },
      rerender: (errors) => this.page(back, req, res, errors, id),
      done: '待办已办结。',
      fields: ['note'],
    });
  }
}
