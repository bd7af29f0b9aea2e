import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { offsetOf, Page } from '../common/paging.js';
import { shanghaiToday } from '../common/dates.js';
import { Employer } from '../registry/employer.entity.js';
import { parseCreditCode } from '../identity/index.js';
import { maskAccount, maskPerson } from '../registry/masking.js';
import { payeeAccountOf } from '../registry/payee-account.js';
import { EmployerErrors, WorkerErrors } from '../registry/registry.errors.js';
import type { Keyset } from '../common/xlsx-export.js';
import type {
  CourseListQuery,
  CreateCourseDto,
  CreateTrainingProviderDto,
  ProviderListQuery,
  UpdateTrainingProviderDto,
} from './courses.dto.js';
import { Course, Enrollment, TrainingProvider } from '../registry/training.entity.js';
import { CourseErrors, EnrollmentErrors, ProviderErrors } from './training.errors.js';
import { Worker } from '../registry/worker.entity.js';
import { PolicyService } from '../policy/policy.service.js';
import { Processes, trainingSubsidy } from '../temporal/processes.js';
import { TrainingSubsidyInput } from '../../workflows/definitions.js';
import { withFiling } from '../common/filing.js';

/** Training providers, courses and enrolments (培训机构, 培训班, 学员). */
@Injectable()
export class TrainingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
  ) {}

  async createProvider(dto: CreateTrainingProviderDto): Promise<TrainingProvider> {
    let creditCode: string | null = null;
    if (dto.creditCode) {
      const c = parseCreditCode(dto.creditCode);
      if (!c.ok) throw c.error;
      creditCode = c.code;
    }
    try {
      return await this.db.transaction(async (m) => {
        const p = await m.save(
          TrainingProvider,
          m.create(TrainingProvider, {
            name: dto.name.trim(),
            creditCode,
            contactName: dto.contactName,
            contactPhone: dto.contactPhone,
            ...payeeAccountOf(dto),
          }),
        );
        await this.audit.record({ entity: 'training_provider', entityId: p.id, action: 'create', after: p }, m);
        return maskAccount(p);
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505')
        throw ProviderErrors.EXISTS();
      throw e;
    }
  }

  /** A provider's name or contact, against the version the caller read; audited with before and after. */
  async updateProvider(id: number, dto: UpdateTrainingProviderDto): Promise<TrainingProvider> {
    try {
      return await this.db.transaction(async (m) => {
        const p = await m.findOne(TrainingProvider, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!p) throw ProviderErrors.NOT_FOUND();
        if (p.version !== dto.version) throw ProviderErrors.STALE({ currentVersion: p.version });
        const before = { ...p };
        if (dto.name !== undefined) p.name = dto.name.trim();
        if (dto.contactName !== undefined) p.contactName = dto.contactName.trim();
        if (dto.contactPhone !== undefined) p.contactPhone = dto.contactPhone;
        Object.assign(p, payeeAccountOf(dto));
        const saved = await m.save(TrainingProvider, p);
        await this.audit.record(
          { entity: 'training_provider', entityId: id, action: 'update', before, after: saved },
          m,
        );
        return maskAccount(saved);
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505')
        throw ProviderErrors.EXISTS();
      throw e;
    }
  }

  async listProviders(): Promise<TrainingProvider[]> {
    return (await this.db.getRepository(TrainingProvider).find({ order: { id: 'ASC' } })).map(maskAccount);
  }

  /** The providers' register, searched by name or contact, one page at a time. */
  async listProvidersPage(q: ProviderListQuery): Promise<Page<TrainingProvider>> {
    const qb = this.db.getRepository(TrainingProvider).createQueryBuilder('p');
    if (q.q) qb.andWhere('(p.name ILIKE :t OR p.contactName ILIKE :t)', { t: `%${q.q.trim()}%` });
    qb.orderBy(`p.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('p.id', 'ASC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(maskAccount), total, page: q.page, pageSize: q.pageSize };
  }

  async getProvider(id: number): Promise<TrainingProvider> {
    const p = await this.db.getRepository(TrainingProvider).findOneBy({ id });
    if (!p) throw ProviderErrors.NOT_FOUND();
    return maskAccount(p);
  }

  /** Trainees per course, for lists (courses the reader may not see count nothing). */
  async enrollmentCounts(courseIds: number[]): Promise<Map<number, number>> {
    if (!courseIds.length) return new Map();
    const rows: { courseId: number; n: number }[] = await this.db.query(
      `SELECT "courseId", count(*)::int AS n FROM enrollments WHERE "courseId" = ANY($1) GROUP BY "courseId"`,
      [courseIds],
    );
    return new Map(rows.map((r) => [r.courseId, r.n]));
  }

  async createCourse(dto: CreateCourseDto): Promise<Course> {
    if (dto.endDate < dto.startDate) throw CourseErrors.END_BEFORE_START();
    const needsEmployer = dto.mode === 'order' || dto.mode === 'directed';
    if (needsEmployer && !dto.orderingEmployerId) throw CourseErrors.ORDERING_EMPLOYER_REQUIRED();
    if (!needsEmployer && dto.orderingEmployerId) throw CourseErrors.NO_ORDERING_EMPLOYER();
    return this.db.transaction(async (m) => {
      if (!(await m.findOneBy(TrainingProvider, { id: dto.providerId }))) throw ProviderErrors.UNKNOWN();
      if (dto.orderingEmployerId && !(await m.findOneBy(Employer, { id: dto.orderingEmployerId })))
        throw EmployerErrors.UNKNOWN().at('orderingEmployerId');
      const c = await m.save(
        Course,
        m.create(Course, {
          ...dto,
          name: dto.name.trim(),
          payee: dto.payee ?? 'provider',
          orderingEmployerId: dto.orderingEmployerId ?? null,
          classStartReportRequired: dto.subsidyPerTraineeFen > 0,
        }),
      );
      await withFiling(m, Course, c, ['countyId']);
      await this.audit.record({ entity: 'course', entityId: c.id, action: 'create', after: c }, m);
      return c;
    });
  }

  async listCourses(q: CourseListQuery, keyset?: Keyset): Promise<Page<Course>> {
    const qb = this.db.getRepository(Course).createQueryBuilder('c').leftJoinAndSelect('c.provider', 'p');
    if (q.q) qb.andWhere('(c.name ILIKE :t OR c.specialty ILIKE :t)', { t: `%${q.q.trim()}%` });
    if (q.mode) qb.andWhere('c.mode = :mode', { mode: q.mode });
    if (q.providerId) qb.andWhere('c.providerId = :p', { p: q.providerId });
    if (q.startFrom) qb.andWhere('c.startDate >= :from', { from: q.startFrom });
    if (q.startTo) qb.andWhere('c.startDate <= :to', { to: q.startTo });
    if (q.status) {
      // The same rule as courseStatus(), in SQL, on the county's calendar day.
      const where = {
        completed: 'c.completedAt IS NOT NULL',
        not_started: 'c.completedAt IS NULL AND c.startDate > :today',
        in_progress: 'c.completedAt IS NULL AND c.startDate <= :today AND c.endDate >= :today',
        ended: 'c.completedAt IS NULL AND c.endDate < :today',
      }[q.status];
      qb.andWhere(where, { today: shanghaiToday() });
    }
    if (keyset) {
      const items = await qb
        .andWhere('c.id > :afterId', { afterId: keyset.afterId })
        .orderBy('c.id', 'ASC')
        .limit(keyset.limit)
        .getMany();
      return { items: items.map(withMaskedProvider), total: -1, page: 0, pageSize: keyset.limit };
    }
    qb.orderBy(`c.${q.sort}`, q.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip(offsetOf(q))
      .take(q.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(withMaskedProvider), total, page: q.page, pageSize: q.pageSize };
  }

  async getCourse(id: number): Promise<Course> {
    const c = await this.db.getRepository(Course).findOneBy({ id });
    if (!c) throw CourseErrors.NOT_FOUND();
    return c;
  }

  async enroll(courseId: number, workerId: number): Promise<Enrollment> {
    try {
      return await this.db.transaction(async (m) => {
        const course = await m.findOneBy(Course, { id: courseId });
        if (!course) throw CourseErrors.NOT_FOUND();
        if (!(await m.findOneBy(Worker, { id: workerId }))) throw WorkerErrors.UNKNOWN();
        const existing = await m.findOneBy(Enrollment, { courseId, workerId });
        if (existing) throw EnrollmentErrors.EXISTS({ existingId: existing.id });
        if (course.completedAt) throw CourseErrors.COMPLETED();
        const today = shanghaiToday();
        // The subsidy per trainee in force at enrolment stays with the enrolment.
        const e = await m.save(
          Enrollment,
          m.create(Enrollment, {
            courseId,
            workerId,
            enrolledOn: today,
            status: 'enrolled',
            subsidyFen: course.subsidyPerTraineeFen,
            subsidyStatus: 'waiting_completion',
          }),
        );
        await this.audit.record({ entity: 'enrollment', entityId: e.id, action: 'create', after: e }, m);
        const input: TrainingSubsidyInput = {
          enrollmentId: e.id,
          workerId,
          courseId,
          courseStartDate: course.startDate,
          courseEndDate: course.endDate,
          orderingEmployerId: course.mode === 'commissioned' ? null : course.orderingEmployerId,
          windowMonths: (await this.policy.inForce(today, course.countyId, m))['training.placement_window_months'],
          classStartReportRequired: course.classStartReportRequired,
        };
        // Part of the transaction: an enrolment that is not written starts no process.
        await this.processes.start(m, trainingSubsidy(e.id), input);
        return e;
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505')
        throw EnrollmentErrors.EXISTS();
      throw e;
    }
  }

  async listEnrollments(
    courseId: number,
  ): Promise<(Omit<Enrollment, 'worker'> & { worker: Pick<Worker, 'id' | 'name' | 'citizenId' | 'township'> })[]> {
    await this.getCourse(courseId);
    const rows = await this.db
      .getRepository(Enrollment)
      .find({ where: { courseId }, relations: { worker: true }, order: { id: 'ASC' } });
    return rows.map((e) => {
      const w = maskPerson(e.worker!);
      return { ...e, worker: { id: w.id, name: w.name, citizenId: w.citizenId, township: w.township } };
    });
  }
}

/** A course as a list shows it: its provider's bank account, like the register's, only by its last four digits. */
function withMaskedProvider(c: Course): Course {
  return c.provider ? { ...c, provider: maskAccount(c.provider) } : c;
}
