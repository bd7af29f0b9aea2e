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
import { DataSource, In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { ConsolePages } from '../auth/console-session.js';
import { UserDirectory } from '../auth/user-directory.js';
import { shanghaiToday } from '../common/dates.js';
import { LABELS } from '../common/labels.js';
import { Roles } from '../common/roles.decorator.js';
import { keysetPages, xlsxFile } from '../common/xlsx-export.js';
import { DocumentRecord } from '../documents/document.entity.js';
import { PolicyService } from '../policy/policy.service.js';
import { EmployerListQuery, WorkerListQuery } from '../registry/registry.dto.js';
import { RegistryService } from '../registry/registry.service.js';
import {
  COURSE_MODES,
  COURSE_STATUSES,
  type Course,
  courseStatus,
  SUBSIDY_PAYEES,
} from '../registry/training.entity.js';
import {
  CourseListQuery,
  CreateCourseDto,
  CreateTrainingProviderDto,
  EnrollDto,
  ProviderListQuery,
  UpdateTrainingProviderDto,
} from '../training/courses.dto.js';
import { TrainingService } from '../training/courses.service.js';
import { DecideClassStartReportDto, SubmitClassStartReportDto } from '../training/class-start.dto.js';
import { ClassStartService } from '../training/class-start.service.js';
import { COURSE_EXPORT } from '../training/training-export.js';
import { AssessmentDto, AttendanceDto } from '../training/training.dto.js';
import { EnrollmentErrors } from '../training/training.errors.js';
import { TrainingRecordService } from '../training/training-record.service.js';
import { ConsoleFilter, ConsoleForms, type ConsoleRequest, pageContext } from './console-http.js';
import { accountFields, type Errors, type FormBody, FormOnce, fen, int, text, validateAs } from './forms.js';
import { ConsoleViews } from './views.js';
import { listLinks } from './workers.pages.js';

const EMPTY_PAGE = { items: [], total: 0, page: 1, pageSize: 20 };
const pagesOf = (p: { total: number; pageSize: number }) => Math.max(1, Math.ceil(p.total / p.pageSize));
const sortLinks = (links: ReturnType<typeof listLinks>, cols: string[]) =>
  Object.fromEntries(cols.map((c) => [c, { href: links.sortHref(c), arrow: links.arrow(c) }]));

/**
 * A refusal's messages for one form: those about its own fields stay at the fields, any other
 * (a whole-form refusal, or a field the form does not show) is said above the form, without
 * the field's name.
 */
function scoped(errors: Errors, fields: string[]): Errors {
  const out: Errors = {};
  const above: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (fields.includes(k)) out[k] = v;
    else above.push(v);
  }
  if (above.length) out._form = [...new Set(above)].join('；');
  return out;
}

/** Text where a whole number belongs is told so (not that it is "less than 1", as a range rule would say). */
function mustCount(body: FormBody, errors: Errors, fields: string[], reason: string): void {
  for (const f of fields) if (typeof int(body, f) === 'string') errors[f] = reason;
}

/** 培训机构: the register of training providers, one provider with its courses, registering one. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/providers')
export class ProviderPages {
  constructor(
    private readonly training: TrainingService,
    private readonly people: UserDirectory,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  @Get()
  @Roles('caseworker', 'admin', 'finance')
  async list(@Query() raw: Record<string, string>, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const filters = { q: raw.q?.trim() ?? '' };
    const sort = ['name', 'createdAt'].includes(raw.sort) ? raw.sort : 'createdAt';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const { dto, errors } = await validateAs(ProviderListQuery, {
      ...(filters.q ? { q: filters.q } : {}),
      sort,
      order,
      page: Math.max(1, Number(raw.page) || 1),
      pageSize: 20,
    });
    const bad = Object.keys(errors).length > 0;
    const page = bad ? EMPTY_PAGE : await this.training.listProvidersPage(dto);
    const links = listLinks('/console/providers', filters, sort, order, page.page);
    const pages = pagesOf(page);
    res.type('html').send(
      this.views.render('providers', '培训机构', pageContext(req, res), {
        page,
        filters,
        badFilter: bad,
        pages,
        mayCreate: req.actor.role !== 'finance',
        prev: page.page > 1 ? links.href({ page: page.page - 1 }) : null,
        next: page.page < pages ? links.href({ page: page.page + 1 }) : null,
        sorts: sortLinks(links, ['name', 'createdAt']),
      }),
    );
  }

  private newForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): string {
    return this.views.render('provider-new', '培训机构登记', pageContext(req, res), {
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  newProvider(@Req() req: ConsoleRequest, @Res() res: Response): void {
    res.type('html').send(this.newForm(req, res, {}, {}));
  }

  @Post()
  @Roles('caseworker', 'admin')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const fields = ['name', 'creditCode', 'contactName', 'contactPhone', 'bankName', 'bankAccount'];
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateTrainingProviderDto, {
          name: text(body, 'name'),
          ...(text(body, 'creditCode') ? { creditCode: text(body, 'creditCode') } : {}),
          contactName: text(body, 'contactName'),
          contactPhone: text(body, 'contactPhone'),
          ...accountFields(body),
        });
        if (Object.keys(errors).length) return errors;
        const p = await this.training.createProvider(dto);
        return `/console/providers/${p.id}`;
      },
      rerender: (errors) => this.newForm(req, res, body, scoped(errors, fields)),
      done: '培训机构已登记。',
    });
  }

  @Get(':id')
  @Roles('caseworker', 'admin', 'finance')
  async show(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const p = await this.training.getProvider(id);
    const q = Object.assign(new CourseListQuery(), { providerId: id, sort: 'startDate', order: 'desc', pageSize: 200 });
    const courses = (await this.training.listCourses(q)).items;
    const counts = await this.training.enrollmentCounts(courses.map((c) => c.id));
    const today = shanghaiToday();
    const trail = await this.db.getRepository(AuditEntry).find({
      where: { entity: 'training_provider', entityId: String(id) },
      order: { id: 'DESC' },
      take: 100,
    });
    const people = await this.people.people(
      [],
      trail.map((a) => a.actorId),
    );
    res.type('html').send(
      this.views.render('provider', `培训机构 ${p.name}`, pageContext(req, res), {
        p,
        mayCreate: req.actor.role !== 'finance',
        courses: courses.map((c) => ({ ...c, status: courseStatus(c, today), trainees: counts.get(c.id) ?? 0 })),
        history: trail.map((a) => ({
          at: a.at,
          who: people.actor(a.actorId),
          action: LABELS.auditAction[a.action] ?? '其他操作',
        })),
      }),
    );
  }

  private async editForm(id: number, req: ConsoleRequest, res: Response, values: FormBody, errors: Errors) {
    const p = await this.training.getProvider(id);
    return this.views.render('provider-edit', `修改培训机构 ${p.name}`, pageContext(req, res), {
      p,
      values,
      errors,
      once: FormOnce.newToken(),
    });
  }

  @Get(':id/edit')
  @Roles('caseworker', 'admin')
  async edit(@Param('id', ParseIntPipe) id: number, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const p = await this.training.getProvider(id);
    const values = {
      name: p.name,
      contactName: p.contactName,
      contactPhone: p.contactPhone,
      bankName: p.bankName ?? '',
      version: String(p.version),
    };
    res.type('html').send(await this.editForm(id, req, res, values, {}));
  }

  @Post(':id')
  @Roles('caseworker', 'admin')
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const fields = ['name', 'contactName', 'contactPhone', 'bankName', 'bankAccount'];
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(UpdateTrainingProviderDto, {
          version: int(body, 'version'),
          name: text(body, 'name'),
          contactName: text(body, 'contactName'),
          contactPhone: text(body, 'contactPhone'),
          ...accountFields(body, await this.training.getProvider(id)),
        });
        if (Object.keys(errors).length) return errors;
        await this.training.updateProvider(id, dto);
        return `/console/providers/${id}`;
      },
      rerender: (errors) => this.editForm(id, req, res, body, scoped(errors, fields)),
      done: '培训机构信息已保存。',
    });
  }
}

type CourseForm = { values: FormBody; errors: Errors };

/**
 * 培训课程: the list of courses, one course with its trainees, their attendance and assessment,
 * its completion (结业, behind a confirmation: it cannot be undone and starts the subsidy
 * claims), its history and documents; creating a course and enrolling workers.
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/courses')
export class CoursePages {
  constructor(
    private readonly training: TrainingService,
    private readonly record: TrainingRecordService,
    private readonly registry: RegistryService,
    private readonly policy: PolicyService,
    private readonly people: UserDirectory,
    private readonly classStart: ClassStartService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
    private readonly forms: ConsoleForms,
  ) {}

  /** The list's query from the page's address; anything not one of ours falls back to the default. */
  private async listQuery(raw: Record<string, string>, pageSize = 20) {
    const filters = {
      q: raw.q?.trim() ?? '',
      providerId: raw.providerId ?? '',
      mode: raw.mode ?? '',
      status: raw.status ?? '',
      startFrom: raw.startFrom ?? '',
      startTo: raw.startTo ?? '',
    };
    const sort = ['name', 'startDate', 'endDate'].includes(raw.sort) ? raw.sort : 'startDate';
    const order = raw.order === 'asc' ? 'asc' : 'desc';
    const given = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
    const { dto, errors } = await validateAs(CourseListQuery, {
      ...given,
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
    const bad = Object.keys(errors).length > 0;
    const [page, providers] = await Promise.all([
      bad ? EMPTY_PAGE : this.training.listCourses(dto),
      this.training.listProviders(),
    ]);
    const counts = await this.training.enrollmentCounts(page.items.map((c: Course) => c.id));
    const today = shanghaiToday();
    const links = listLinks('/console/courses', filters, sort, order, page.page);
    const pages = pagesOf(page);
    res.type('html').send(
      this.views.render('courses', '培训课程', pageContext(req, res), {
        page: {
          ...page,
          items: page.items.map((c: Course) => ({
            ...c,
            status: courseStatus(c, today),
            trainees: counts.get(c.id) ?? 0,
          })),
        },
        filters,
        providers,
        modes: COURSE_MODES,
        statuses: COURSE_STATUSES,
        badFilter: bad,
        pages,
        mayCreate: req.actor.role !== 'finance',
        prev: page.page > 1 ? links.href({ page: page.page - 1 }) : null,
        next: page.page < pages ? links.href({ page: page.page + 1 }) : null,
        sorts: sortLinks(links, ['name', 'startDate', 'endDate']),
        exportHref: `/console/courses/export.xlsx?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v))}`,
      }),
    );
  }

  /** The whole filtered list as a spreadsheet (导出 Excel), every code as its label. */
  @Get('export.xlsx')
  @Roles('caseworker', 'admin', 'finance')
  async export(@Query() raw: Record<string, string>): Promise<StreamableFile> {
    const { dto, errors } = await this.listQuery(raw);
    return xlsxFile(
      '培训课程.xlsx',
      '培训课程',
      COURSE_EXPORT,
      keysetPages(async (k) => (Object.keys(errors).length ? [] : (await this.training.listCourses(dto, k)).items)),
    );
  }

  private async newForm(req: ConsoleRequest, res: Response, values: FormBody, errors: Errors): Promise<string> {
    const employers = await this.registry.listEmployers(
      Object.assign(new EmployerListQuery(), { sort: 'name', order: 'asc', pageSize: 200 }),
    );
    return this.views.render('course-new', '新建培训班', pageContext(req, res), {
      values,
      errors,
      providers: await this.training.listProviders(),
      employers: employers.items,
      modes: COURSE_MODES,
      payees: SUBSIDY_PAYEES,
      once: FormOnce.newToken(),
    });
  }

  @Get('new')
  @Roles('caseworker', 'admin')
  async newCourse(
    @Query('providerId') providerId: string | undefined,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const values: FormBody = { payee: 'provider', ...(providerId ? { providerId } : {}) };
    res.type('html').send(await this.newForm(req, res, values, {}));
  }

  @Post()
  @Roles('caseworker', 'admin')
  async create(@Body() body: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const fields = [
      'providerId',
      'name',
      'specialty',
      'mode',
      'startDate',
      'endDate',
      'hours',
      'subsidy',
      'payee',
      'orderingEmployerId',
    ];
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(CreateCourseDto, {
          providerId: int(body, 'providerId'),
          name: text(body, 'name'),
          specialty: text(body, 'specialty'),
          mode: text(body, 'mode') || undefined,
          startDate: text(body, 'startDate') || undefined,
          endDate: text(body, 'endDate') || undefined,
          hours: int(body, 'hours'),
          subsidyPerTraineeFen: fen(body, 'subsidy'),
          payee: text(body, 'payee') || undefined,
          ...(text(body, 'orderingEmployerId') ? { orderingEmployerId: int(body, 'orderingEmployerId') } : {}),
        });
        mustCount(body, errors, ['hours'], '学时须为整数');
        if (errors.providerId) errors.providerId = '请选择培训机构';
        if (errors.mode) errors.mode = '请选择培训方式';
        if (Object.keys(errors).length) return errors;
        const c = await this.training.createCourse(dto);
        return `/console/courses/${c.id}`;
      },
      rerender: async (errors) => {
        const { subsidyPerTraineeFen, ...rest } = errors;
        const named = subsidyPerTraineeFen ? { ...rest, subsidy: subsidyPerTraineeFen } : rest;
        return this.newForm(req, res, body, scoped(named, fields));
      },
      done: '培训班已建立。',
    });
  }

  @Get(':id')
  @Roles('caseworker', 'admin', 'finance')
  async show(
    @Param('id', ParseIntPipe) id: number,
    @Query('wq') wq: string | undefined,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.page(id, req, res, { workerQuery: typeof wq === 'string' ? wq.trim() : '' }));
  }

  private async page(
    id: number,
    req: ConsoleRequest,
    res: Response,
    failed: { workerQuery?: string; form?: string; values?: FormBody; errors?: Errors } = {},
  ): Promise<string> {
    const c = await this.training.getCourse(id);
    const [provider, employer, enrollments, report] = await Promise.all([
      this.training.getProvider(c.providerId),
      c.orderingEmployerId ? this.registry.getEmployer(c.orderingEmployerId) : null,
      this.training.listEnrollments(id),
      this.classStart.find(id),
    ]);
    const mayEdit = req.actor.role !== 'finance';
    const open = mayEdit && !c.completedAt;
    const trail = await this.db.getRepository(AuditEntry).find({
      where: [
        { entity: 'course', entityId: String(id) },
        ...(enrollments.length ? [{ entity: 'enrollment', entityId: In(enrollments.map((e) => String(e.id))) }] : []),
      ],
      order: { id: 'DESC' },
      take: 200,
    });
    const people = await this.people.people(
      [],
      trail.map((a) => a.actorId),
    );
    const traineeOf = new Map(enrollments.map((e) => [String(e.id), e.worker.name]));
    const history = trail.map((a) => ({
      at: a.at,
      who: people.actor(a.actorId),
      action: LABELS.auditAction[a.action] ?? '其他操作',
      trainee: a.entity === 'enrollment' ? (traineeOf.get(a.entityId) ?? null) : null,
    }));
    const documents = await this.db.getRepository(DocumentRecord).find({
      where: [
        { subjectType: 'course', subjectId: id },
        ...enrollments.map((e) => ({ subjectType: 'enrollment', subjectId: e.id })),
      ],
      select: { id: true, number: true, title: true, issuedOn: true },
      order: { id: 'ASC' },
    });
    // The worker finder of the enrolment form: people matching the typed name or ID number.
    const workerQuery = failed.workerQuery ?? '';
    let found: { id: number; name: string; citizenId: string; township: string }[] = [];
    if (open && workerQuery) {
      const { dto, errors } = await validateAs(WorkerListQuery, { q: workerQuery, pageSize: 20, sort: 'name' });
      if (!Object.keys(errors).length) found = (await this.registry.listWorkers(dto)).items;
    }
    const formOf = (key: string): CourseForm =>
      failed.form === key ? { values: failed.values ?? {}, errors: failed.errors ?? {} } : { values: {}, errors: {} };
    return this.views.render('course', `培训班 ${c.name}`, pageContext(req, res), {
      // A course is found under its provider, which its path (/console/courses/12) does not say.
      crumbs: provider
        ? [
            { href: '/console/providers', text: '培训机构' },
            { href: `/console/providers/${provider.id}`, text: provider.name },
            { text: `培训班 ${c.name}` },
          ]
        : undefined,
      c,
      status: courseStatus(c, shanghaiToday()),
      provider,
      employer,
      mayEdit,
      open,
      trainees: enrollments.map((e) => {
        const att = formOf(`attendance-${e.id}`);
        const asm = formOf(`assessment-${e.id}`);
        return {
          ...e,
          att: {
            ...att,
            values:
              failed.form === `attendance-${e.id}`
                ? att.values
                : {
                    sessionsAttended: e.sessionsAttended == null ? '' : String(e.sessionsAttended),
                    sessionsTotal: e.sessionsTotal == null ? '' : String(e.sessionsTotal),
                  },
            once: FormOnce.newToken(),
          },
          asm: {
            ...asm,
            values:
              failed.form === `assessment-${e.id}`
                ? asm.values
                : { result: e.assessment ?? '', certificateNo: e.certificateNo ?? '' },
            once: FormOnce.newToken(),
          },
        };
      }),
      enrol: { ...formOf('enroll'), workerQuery, found, searched: workerQuery !== '', once: FormOnce.newToken() },
      completeError: failed.form === 'complete' ? failed.errors?._form : null,
      classStart: await this.classStartSection(c, report, req, formOf('class-start'), formOf('class-start-decision')),
      history,
      documents,
    });
  }

  /**
   * The course's 开班报告: what was reported and decided, the form to report it (before the start,
   * the policy's working days ahead) and, for someone other than who reported it, the decision.
   */
  private async classStartSection(
    c: Course,
    report: Awaited<ReturnType<ClassStartService['find']>>,
    req: ConsoleRequest,
    form: CourseForm,
    decision: CourseForm,
  ) {
    const today = shanghaiToday();
    const days = (await this.policy.inForce(today, c.countyId))['training.class_start_report_working_days'];
    const mayAct = req.actor.role !== 'finance' && !c.completedAt && c.startDate > today;
    const teachersText = (report?.teachers ?? [])
      .map((t) => (t.qualification ? `${t.name} ${t.qualification}` : t.name))
      .join('\n');
    return {
      report,
      days,
      subsidised: c.classStartReportRequired,
      // A subsidised course registered before the rule existed: its trainees are judged without it.
      beforeRule: c.subsidyPerTraineeFen > 0 && !c.classStartReportRequired,
      mayReport: mayAct && report?.status !== 'approved' && report?.status !== 'submitted',
      mayDecide: mayAct && report?.status === 'submitted' && report.submittedBy !== req.actor.username,
      ownPending: report?.status === 'submitted' && report.submittedBy === req.actor.username,
      form: {
        errors: form.errors,
        values: Object.keys(form.values).length ? form.values : { plan: report?.plan ?? '', teachers: teachersText },
        once: FormOnce.newToken(),
      },
      decision: { ...decision, once: FormOnce.newToken() },
    };
  }

  @Post(':id/class-start-report')
  @Roles('caseworker', 'admin')
  async reportClassStart(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        // One teacher a line: the name, then (after a space) the qualification if any.
        const teachers = text(body, 'teachers')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const [name, ...rest] = l.split(/[\s，,]+/);
            return { name, ...(rest.length ? { qualification: rest.join(' ') } : {}) };
          });
        const { dto, errors } = await validateAs(SubmitClassStartReportDto, { plan: text(body, 'plan'), teachers });
        if (!teachers.length) errors.teachers = '请填写授课教师';
        for (const k of Object.keys(errors))
          if (k.startsWith('teachers.')) {
            errors.teachers ??= errors[k];
            delete errors[k];
          }
        if (Object.keys(errors).length) return errors;
        await this.classStart.submit(id, dto, req.actor);
        return `/console/courses/${id}#class-start`;
      },
      rerender: (errors) =>
        this.page(id, req, res, { form: 'class-start', values: body, errors: scoped(errors, ['plan', 'teachers']) }),
      done: '开班报告已报送，等待审批。',
    });
  }

  @Post(':id/class-start-report/decision')
  @Roles('caseworker', 'admin')
  async decideClassStart(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const approve = text(body, 'decision') === 'approve';
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(DecideClassStartReportDto, {
          decision: text(body, 'decision'),
          reason: text(body, 'reason') || undefined,
        });
        if (Object.keys(errors).length) return errors;
        await this.classStart.decide(id, dto, req.actor);
        return `/console/courses/${id}#class-start`;
      },
      rerender: (errors) =>
        this.page(id, req, res, {
          form: 'class-start-decision',
          values: body,
          errors: scoped(errors, ['reason']),
        }),
      done: approve ? '开班报告已批准。' : '开班报告已退回。',
    });
  }

  @Post(':id/enrollments')
  @Roles('caseworker', 'admin')
  async enroll(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.forms.submit(req, res, body, {
      action: async () => {
        if (!text(body, 'workerId')) return { workerId: '请选择要报名的人员' };
        const { dto, errors } = await validateAs(EnrollDto, { workerId: int(body, 'workerId') });
        if (Object.keys(errors).length) return errors;
        await this.training.enroll(id, dto.workerId);
        return `/console/courses/${id}#trainees`;
      },
      rerender: (errors) =>
        this.page(id, req, res, {
          form: 'enroll',
          values: body,
          errors: scoped(errors, ['workerId']),
          workerQuery: text(body, 'wq'),
        }),
      done: '已报名。',
    });
  }

  /** The enrolment, if it is one of this course's (an address naming another course's trainee is refused). */
  private async enrollmentOf(courseId: number, enrollmentId: number): Promise<void> {
    const all = await this.training.listEnrollments(courseId);
    if (!all.some((e) => e.id === enrollmentId)) throw EnrollmentErrors.NOT_FOUND();
  }

  @Post(':id/enrollments/:eid/attendance')
  @Roles('caseworker', 'admin')
  async attendance(
    @Param('id', ParseIntPipe) id: number,
    @Param('eid', ParseIntPipe) eid: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.enrollmentOf(id, eid);
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(AttendanceDto, {
          sessionsAttended: int(body, 'sessionsAttended'),
          sessionsTotal: int(body, 'sessionsTotal'),
        });
        mustCount(body, errors, ['sessionsAttended', 'sessionsTotal'], '课次须为整数');
        if (Object.keys(errors).length) return errors;
        await this.record.attendance(eid, dto);
        return `/console/courses/${id}#trainee-${eid}`;
      },
      rerender: (errors) =>
        this.page(id, req, res, {
          form: `attendance-${eid}`,
          values: body,
          errors: scoped(errors, ['sessionsAttended', 'sessionsTotal']),
        }),
      done: '出勤已登记。',
    });
  }

  @Post(':id/enrollments/:eid/assessment')
  @Roles('caseworker', 'admin')
  async assessment(
    @Param('id', ParseIntPipe) id: number,
    @Param('eid', ParseIntPipe) eid: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.enrollmentOf(id, eid);
    await this.forms.submit(req, res, body, {
      action: async () => {
        const { dto, errors } = await validateAs(AssessmentDto, {
          result: text(body, 'result') || undefined,
          ...(text(body, 'certificateNo') ? { certificateNo: text(body, 'certificateNo') } : {}),
        });
        if (errors.result) errors.result = '请选择考核结果';
        if (Object.keys(errors).length) return errors;
        await this.record.assessment(eid, dto);
        return `/console/courses/${id}#trainee-${eid}`;
      },
      rerender: (errors) =>
        this.page(id, req, res, {
          form: `assessment-${eid}`,
          values: body,
          errors: scoped(errors, ['result', 'certificateNo']),
        }),
      done: '考核结果已登记。',
    });
  }

  /** The confirmation before 结业: who will complete by the rule in force, and what cannot be undone. */
  private async confirmPage(id: number, req: ConsoleRequest, res: Response, once: string): Promise<string> {
    const c = await this.training.getCourse(id);
    const today = shanghaiToday();
    const threshold = (await this.policy.inForce(today, c.countyId))['training.attendance_threshold_percent'];
    const trainees = await this.training.listEnrollments(id);
    return this.views.render('course-confirm', '确认结业？', pageContext(req, res), {
      c,
      status: courseStatus(c, today),
      threshold,
      trainees,
      notStarted: c.startDate > today,
      once,
    });
  }

  @Get(':id/complete')
  @Roles('caseworker', 'admin')
  async confirm(
    @Param('id', ParseIntPipe) id: number,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    res.type('html').send(await this.confirmPage(id, req, res, FormOnce.newToken()));
  }

  @Post(':id/complete')
  @Roles('caseworker', 'admin')
  async complete(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    // Without the confirmation's answer nothing is done: the confirmation page first.
    if (text(body, 'confirmed') !== 'yes') {
      res.type('html').send(await this.confirmPage(id, req, res, text(body, '_once') || FormOnce.newToken()));
      return;
    }
    await this.forms.submit(req, res, body, {
      action: async () => {
        await this.record.complete(id);
        return `/console/courses/${id}`;
      },
      rerender: (errors) => this.page(id, req, res, { form: 'complete', errors: scoped(errors, []) }),
      done: '培训班已结业。',
    });
  }
}
