import { label, LABELS } from '../common/labels.js';
import { like } from '../registry/registry.service.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import type { Actor } from '../common/request-context.js';
import { User } from '../auth/user.entity.js';
import { shanghaiToday } from '../common/dates.js';
import { DomainError, refused } from '../common/errors.js';
import { TownshipErrors, WorkerErrors } from '../registry/registry.errors.js';
import { HouseholdRefusals } from '../../workflows/refusals.js';
import { HouseholdErrors } from './households.errors.js';
import { offsetOf } from '../common/paging.js';
import { DocumentsService } from '../documents/documents.service.js';
import { PolicyService } from '../policy/policy.service.js';
import { maskPerson } from '../registry/masking.js';
import { Township } from '../registry/township.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { TasksService } from '../tasks/tasks.service.js';
import { householdSupport, Processes } from '../temporal/processes.js';
import {
  ClearingMeasure,
  householdClearedSignal,
  HouseholdSupportInput,
  HouseholdSupportState,
  householdWorkflowId,
  recordHouseholdVisitUpdate,
} from '../../workflows/definitions.js';
import {
  ContactRequest,
  Household,
  HouseholdEmployment,
  HouseholdEpisode,
  HouseholdEvent,
  HouseholdMember,
  HouseholdStatus,
  HouseholdVisit,
} from './household.entity.js';
import type {
  AddEmploymentDto,
  AddMemberDto,
  CreateHouseholdDto,
  EndEmploymentDto,
  HouseholdListQuery,
  PriorityQuery,
  RecordVisitDto,
  SummaryQuery,
} from './households.dto.js';
import { ageOn, isWorkingAge, WorkingAgeBounds } from './working-age.js';

export interface MemberAssessment {
  workerId: number;
  age: number;
  workingAge: boolean;
  /** What employs the member now, if anything. */
  employment:
    | { type: 'placement'; id: number; measure: ClearingMeasure }
    | { type: 'other'; id: number; kind: string; measure: ClearingMeasure }
    | null;
}

export interface Assessment {
  status: HouseholdStatus;
  members: MemberAssessment[];
}

export interface Cause {
  text: string;
  placementId?: number | null;
}

const isUniqueViolation = (e: unknown) =>
  e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505';
const DEFAULT_MEASURE: Record<string, ClearingMeasure> = {
  self_employment: 'own_business',
  public_post: 'public_post',
  flexible: 'referral',
};

/**
 * 零就业家庭: households, their members and recorded employment, the status derived from them
 * (with every change an event with its cause), and the support process of each zero-employment
 * episode. `reassess` is the one writer of a household's status; it is idempotent, so the
 * placement and survey paths may call it as often as they like.
 */
@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
    readonly documents: DocumentsService,
    private readonly users: UserDirectory,
    private readonly tasks: TasksService,
  ) {}

  // ---- status ----

  async bounds(on: string, m: EntityManager = this.db.manager): Promise<WorkingAgeBounds> {
    const p = await this.policy.inForce(on, m);
    return {
      min: p['household.working_age_min_years'],
      maxMale: p['household.working_age_max_years'],
      maxFemale: p['household.working_age_max_years_female'],
    };
  }

  /** Derives a household's status on a date from its members, placements and recorded employment. */
  async assess(householdId: number, on: string, m: EntityManager = this.db.manager): Promise<Assessment> {
    const rows: { workerId: number; birthDate: string; sex: 'male' | 'female' }[] = await m.query(
      `SELECT hm."workerId", w."birthDate"::text AS "birthDate", w.sex FROM household_members hm JOIN workers w ON w.id = hm."workerId" WHERE hm."householdId" = $1 ORDER BY hm.id`,
      [householdId],
    );
    const b = await this.bounds(on, m);
    const ids = rows.map((r) => r.workerId);
    const placements: { id: number; workerId: number; trained: boolean }[] = ids.length
      ? await m.query(
          `SELECT p.id, p."workerId", EXISTS (SELECT 1 FROM enrollments e WHERE e."workerId" = p."workerId" AND e.completion = 'completed') AS trained
         FROM placements p WHERE p."workerId" = ANY($1) AND p.status = 'contract_signed' ORDER BY p.id`,
          [ids],
        )
      : [];
    const others = ids.length
      ? await m
          .getRepository(HouseholdEmployment)
          .createQueryBuilder('e')
          .where('e.workerId IN (:...ids) AND e.startDate <= :on AND (e.endDate IS NULL OR e.endDate > :on)', {
            ids,
            on,
          })
          .orderBy('e.id')
          .getMany()
      : [];
    const members: MemberAssessment[] = rows.map((r) => {
      const p = placements.find((x) => x.workerId === r.workerId);
      const o = others.find((x) => x.workerId === r.workerId);
      return {
        workerId: r.workerId,
        age: ageOn(r.birthDate, on),
        workingAge: isWorkingAge(r.birthDate, r.sex, on, b),
        employment: p
          ? { type: 'placement', id: p.id, measure: p.trained ? 'training' : 'referral' }
          : o
            ? { type: 'other', id: o.id, kind: o.kind, measure: o.measure ?? DEFAULT_MEASURE[o.kind] }
            : null,
      };
    });
    const working = members.filter((x) => x.workingAge);
    const status: HouseholdStatus =
      working.length === 0 ? 'no_working_age' : working.some((x) => x.employment) ? 'employed' : 'zero_employment';
    return { status, members };
  }

  /**
   * Re-derives the status and acts on a change: a new zero-employment episode starts its
   * support process; leaving zero-employment clears the open episode (its process is told).
   * Runs in the caller's transaction when given one; the workflow start/signal happen last.
   */
  async reassess(
    householdId: number,
    cause: Cause,
    by: string,
    m?: EntityManager,
  ): Promise<{ status: HouseholdStatus; changed: boolean }> {
    if (!m) return this.db.transaction((tm) => this.reassess(householdId, cause, by, tm));
    const h = await m.findOne(Household, { where: { id: householdId }, lock: { mode: 'pessimistic_write' } });
    if (!h) throw HouseholdErrors.NOT_FOUND();
    const on = shanghaiToday();
    const a = await this.assess(h.id, on, m);
    if (a.status === h.status) return { status: h.status, changed: false };
    if (a.status === 'zero_employment' && h.episode > 0) {
      // The previous episode's run records its clearing asynchronously; a fall-back must wait for it.
      const prev = await m.findOneBy(HouseholdEpisode, { householdId: h.id, episode: h.episode });
      if (prev && !prev.clearedOn) throw HouseholdErrors.CLEARING();
    }
    const before = h.status;
    h.status = a.status;
    const wasZero = before === 'zero_employment';
    if (a.status === 'zero_employment') h.episode += 1;
    await m.save(Household, h);
    await m.insert(HouseholdEvent, {
      householdId: h.id,
      episode: wasZero || a.status === 'zero_employment' ? h.episode : null,
      kind: 'status_changed',
      fromStatus: before,
      toStatus: a.status,
      cause: cause.text,
      sourceKey: null,
      by,
    });
    await this.audit.record(
      {
        entity: 'household',
        entityId: h.id,
        action: 'status_changed',
        before: { status: before },
        after: { status: a.status, cause: cause.text, episode: h.episode },
      },
      m,
    );
    if (wasZero) {
      const ep = await m.findOneByOrFail(HouseholdEpisode, { householdId: h.id, episode: h.episode });
      const worker =
        a.members.find(
          (x) =>
            x.workingAge &&
            x.employment &&
            (!cause.placementId || (x.employment.type === 'placement' && x.employment.id === cause.placementId)),
        ) ?? a.members.find((x) => x.workingAge && x.employment);
      const signal = {
        clearedOn: on,
        measure: a.status === 'employed' ? (worker?.employment?.measure ?? 'referral') : null,
        cause: cause.text,
        placementId: worker?.employment?.type === 'placement' ? worker.employment.id : null,
      };
      // Told at once, not after the commit: with no process to tell (it failed or was removed), this closes the episode.
      if (!(await this.processes.signal(householdSupport(h.id, ep.episode), householdClearedSignal, signal)))
        await this.closeEpisode(m, { householdId: h.id, episode: h.episode, ...signal });
    }
    if (a.status === 'zero_employment') {
      const input = await this.supportInput(h.id, h.episode, on, m);
      await m.insert(HouseholdEpisode, {
        householdId: h.id,
        episode: h.episode,
        foundOn: on,
        foundCause: cause.text,
        workflowId: householdWorkflowId(h.id, h.episode),
      });
      await m.insert(HouseholdEvent, {
        householdId: h.id,
        episode: h.episode,
        kind: 'found',
        fromStatus: null,
        toStatus: null,
        cause: `认定为零就业家庭（第${h.episode}次）：${cause.text}`,
        sourceKey: `household-${h.id}-episode-${h.episode}-found`,
        by,
      });
      // Part of the transaction: an episode that is not written starts no process.
      await this.processes.start(m, householdSupport(h.id, h.episode), input);
    }
    return { status: a.status, changed: true };
  }

  async supportInput(
    householdId: number,
    episode: number,
    foundOn: string,
    m: EntityManager = this.db.manager,
  ): Promise<HouseholdSupportInput> {
    const p = await this.policy.inForce(foundOn, m);
    return {
      householdId,
      episode,
      foundOn,
      visitIntervalDays: p['household.visit_interval_days'],
      visitReminderDaysBefore: p['household.visit_reminder_days_before'],
    };
  }

  /** Marks the open episode cleared (idempotent: only an episode not yet cleared changes). */
  async closeEpisode(
    m: EntityManager,
    input: {
      householdId: number;
      episode: number;
      clearedOn: string;
      measure: ClearingMeasure | null;
      cause: string;
      placementId: number | null;
    },
  ): Promise<boolean> {
    const r = await m.query(
      `UPDATE household_episodes SET "clearedOn" = $3, measure = $4, "clearedCause" = $5, "clearedByPlacementId" = $6, "nextVisitDue" = NULL
        WHERE "householdId" = $1 AND episode = $2 AND "clearedOn" IS NULL`,
      [input.householdId, input.episode, input.clearedOn, input.measure, input.cause, input.placementId],
    );
    if (!r[1]) return false;
    const text = input.measure
      ? `清零（${MEASURE_LABELS[input.measure]}）：${input.cause}`
      : `结束帮扶（家中已无劳动年龄成员）：${input.cause}`;
    await m.query(
      `INSERT INTO household_events ("householdId", episode, kind, cause, "sourceKey", by) VALUES ($1, $2, 'cleared', $3, $4, 'system:workflow') ON CONFLICT ("sourceKey") DO NOTHING`,
      [input.householdId, input.episode, text, `household-${input.householdId}-episode-${input.episode}-cleared`],
    );
    await this.tasks.close(
      { subject: { type: 'household', id: input.householdId }, kinds: ['household_visit'] },
      text,
      m,
    );
    await this.audit.record(
      {
        entity: 'household',
        entityId: input.householdId,
        action: 'cleared',
        after: {
          episode: input.episode,
          clearedOn: input.clearedOn,
          measure: input.measure,
          placementId: input.placementId,
        },
      },
      m,
    );
    // Seed 001: the placement is marked as the one that cleared a zero-employment household.
    if (input.placementId)
      await this.audit.record(
        {
          entity: 'placement',
          entityId: input.placementId,
          action: 'cleared_zero_employment_household',
          after: { householdId: input.householdId, episode: input.episode, measure: input.measure },
        },
        m,
      );
    return true;
  }

  /** The placement hook: a member's employment changed (contract recorded, placement ended). Idempotent. */
  async reassessWorker(workerId: number, cause: Cause, by = 'system:workflow', m?: EntityManager): Promise<void> {
    const member = await (m ?? this.db.manager).findOneBy(HouseholdMember, { workerId });
    if (!member) return;
    // In the caller's transaction: one try, and a refusal undoes the caller's change with it.
    if (m) return void (await this.reassess(member.householdId, cause, by, m));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.reassess(member.householdId, cause, by);
        return;
      } catch (err) {
        // A fall-back right after a clearing waits for the run to record the clearing (a few seconds at most).
        if (!(err instanceof DomainError && err.code === HouseholdErrors.CLEARING.code) || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  // ---- households and members ----

  async create(dto: CreateHouseholdDto, actor: Actor) {
    const ids = dto.members.map((x) => x.workerId);
    if (new Set(ids).size !== ids.length) throw HouseholdErrors.SAME_WORKER_TWICE();
    if (dto.members.filter((x) => x.relationship === 'head').length !== 1) throw HouseholdErrors.ONE_HEAD();
    try {
      return await this.db.transaction(async (m) => {
        if (!(await m.findOneBy(Township, { name: dto.township }))) throw TownshipErrors.UNKNOWN();
        const responsible = await this.responsible(m, dto.responsibleUserId);
        const workers = await m.findBy(Worker, { id: In(ids) });
        if (workers.length !== ids.length) throw HouseholdErrors.MEMBER_UNKNOWN();
        await this.refuseMembersElsewhere(m, ids);
        const h = await m.save(
          Household,
          m.create(Household, {
            address: dto.address.trim(),
            township: dto.township,
            responsibleUserId: responsible?.id ?? null,
            responsibleName: responsible?.displayName ?? null,
            status: 'employed',
            episode: 0,
            createdBy: actor.username,
          }),
        );
        await m.insert(
          HouseholdMember,
          dto.members.map((x) => ({ householdId: h.id, workerId: x.workerId, relationship: x.relationship })),
        );
        await m.insert(HouseholdEvent, {
          householdId: h.id,
          kind: 'created',
          cause: `登记家庭（${dto.members.length}人）`,
          by: actor.username,
          sourceKey: null,
          fromStatus: null,
          toStatus: 'employed',
        });
        await this.audit.record(
          { entity: 'household', entityId: h.id, action: 'create', after: { ...h, members: dto.members } },
          m,
        );
        await this.reassess(h.id, { text: '登记时认定' }, actor.username, m);
        return m.findOneByOrFail(Household, { id: h.id });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw HouseholdErrors.MEMBER_ELSEWHERE();
      throw e;
    }
  }

  private async responsible(m: EntityManager, userId: number | undefined): Promise<User | null> {
    if (userId === undefined) return null;
    const u = await m.findOneBy(User, { id: userId });
    if (!u || u.role !== 'caseworker' || !u.active) throw HouseholdErrors.RESPONSIBLE();
    return u;
  }

  private async refuseMembersElsewhere(m: EntityManager, workerIds: number[]): Promise<void> {
    const taken = await m.findBy(HouseholdMember, { workerId: In(workerIds) });
    if (taken.length) {
      throw HouseholdErrors.MEMBER_ELSEWHERE({
        households: taken.map((t) => ({ workerId: t.workerId, householdId: t.householdId })),
      });
    }
  }

  async addMember(id: number, dto: AddMemberDto, actor: Actor) {
    try {
      return await this.db
        .transaction(async (m) => {
          const h = await m.findOne(Household, { where: { id }, lock: { mode: 'pessimistic_write' } });
          if (!h) throw HouseholdErrors.NOT_FOUND();
          if (!(await m.findOneBy(Worker, { id: dto.workerId }))) throw WorkerErrors.UNKNOWN();
          await this.refuseMembersElsewhere(m, [dto.workerId]);
          if (
            dto.relationship === 'head' &&
            (await m.findOneBy(HouseholdMember, { householdId: id, relationship: 'head' }))
          )
            throw HouseholdErrors.HAS_HEAD();
          await m.insert(HouseholdMember, { householdId: id, workerId: dto.workerId, relationship: dto.relationship });
          await m.insert(HouseholdEvent, {
            householdId: id,
            episode: null,
            kind: 'member_added',
            cause: `成员加入：worker ${dto.workerId}（${dto.relationship}）`,
            by: actor.username,
            sourceKey: null,
            fromStatus: null,
            toStatus: null,
          });
          await this.audit.record({ entity: 'household', entityId: id, action: 'member_added', after: { ...dto } }, m);
          await this.reassess(id, { text: `成员变动（加入 worker ${dto.workerId}）` }, actor.username, m);
          return { ok: true };
        })
        .then(() => this.get(id));
    } catch (e) {
      if (isUniqueViolation(e)) throw HouseholdErrors.MEMBER_ELSEWHERE();
      throw e;
    }
  }

  async removeMember(id: number, workerId: number, actor: Actor) {
    await this.db.transaction(async (m) => {
      const h = await m.findOne(Household, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!h) throw HouseholdErrors.NOT_FOUND();
      const member = await m.findOneBy(HouseholdMember, { householdId: id, workerId });
      if (!member) throw HouseholdErrors.MEMBER_NOT_FOUND();
      await m.delete(HouseholdMember, { id: member.id });
      await m.insert(HouseholdEvent, {
        householdId: id,
        episode: null,
        kind: 'member_removed',
        cause: `成员迁出：worker ${workerId}`,
        by: actor.username,
        sourceKey: null,
        fromStatus: null,
        toStatus: null,
      });
      await this.audit.record(
        {
          entity: 'household',
          entityId: id,
          action: 'member_removed',
          before: { workerId, relationship: member.relationship },
        },
        m,
      );
      await this.reassess(id, { text: `成员变动（迁出 worker ${workerId}）` }, actor.username, m);
    });
    return this.get(id);
  }

  /** Employment outside the placement registry (self-employment, 公益性岗位, flexible work). */
  async addEmployment(id: number, dto: AddEmploymentDto, actor: Actor) {
    if (dto.startDate > shanghaiToday()) throw HouseholdErrors.EMPLOYMENT_START_IN_FUTURE();
    await this.db.transaction(async (m) => {
      const h = await m.findOne(Household, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!h) throw HouseholdErrors.NOT_FOUND();
      if (!(await m.findOneBy(HouseholdMember, { householdId: id, workerId: dto.workerId })))
        throw HouseholdErrors.NOT_A_MEMBER();
      const e = await m.save(
        HouseholdEmployment,
        m.create(HouseholdEmployment, {
          householdId: id,
          workerId: dto.workerId,
          kind: dto.kind,
          measure: dto.measure ?? null,
          startDate: dto.startDate,
          endDate: null,
          note: dto.note ?? '',
          recordedBy: actor.username,
        }),
      );
      await this.audit.record({ entity: 'household', entityId: id, action: 'employment_recorded', after: e }, m);
      await this.reassess(
        id,
        { text: `${EMPLOYMENT_LABELS[dto.kind]}（worker ${dto.workerId}，${dto.startDate}起）` },
        actor.username,
        m,
      );
    });
    return this.get(id);
  }

  async endEmployment(id: number, employmentId: number, dto: EndEmploymentDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const e = await m.findOne(HouseholdEmployment, {
        where: { id: employmentId, householdId: id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!e) throw HouseholdErrors.EMPLOYMENT_NOT_FOUND();
      if (e.endDate) throw HouseholdErrors.EMPLOYMENT_ENDED();
      if (dto.endDate < e.startDate) throw HouseholdErrors.EMPLOYMENT_END_BEFORE_START({ startDate: e.startDate });
      if (dto.endDate > shanghaiToday()) throw HouseholdErrors.EMPLOYMENT_END_IN_FUTURE();
      // From its end date on, the employment no longer counts.
      e.endDate = dto.endDate;
      await m.save(HouseholdEmployment, e);
      await this.audit.record(
        {
          entity: 'household',
          entityId: id,
          action: 'employment_ended',
          after: { employmentId, endDate: dto.endDate, reason: dto.reason },
        },
        m,
      );
      await this.reassess(
        id,
        { text: `${EMPLOYMENT_LABELS[e.kind]}终止（worker ${e.workerId}）：${dto.reason}` },
        actor.username,
        m,
      );
    });
    return this.get(id);
  }

  /** An explicit 认定: refused for a household with no working-age member (it is not zero-employment) or one with a member in work. */
  async markZeroEmployment(id: number, actor: Actor) {
    const a = await this.assess(id, shanghaiToday());
    if (!(await this.db.getRepository(Household).findOneBy({ id }))) throw HouseholdErrors.NOT_FOUND();
    if (a.status === 'no_working_age') {
      throw HouseholdErrors.NO_WORKING_AGE();
    }
    if (a.status === 'employed') {
      const e = a.members.find((x) => x.workingAge && x.employment)!.employment!;
      throw HouseholdErrors.EMPLOYED({
        how: e.type === 'placement' ? '已签合同的就业登记' : label('employmentKind', e.kind),
      });
    }
    const open = await this.db
      .getRepository(HouseholdEpisode)
      .findOne({ where: { householdId: id }, order: { episode: 'DESC' } });
    if (open && !open.clearedOn) throw HouseholdErrors.RUN_OPEN({ foundOn: open.foundOn, workflowId: open.workflowId });
    await this.reassess(id, { text: '工作人员认定' }, actor.username);
    return this.get(id);
  }

  async list(q: HouseholdListQuery, actor: Actor) {
    const qb = this.db
      .getRepository(Household)
      .createQueryBuilder('h')
      .leftJoin(HouseholdEpisode, 'ep', 'ep.householdId = h.id AND ep.episode = h.episode AND ep.clearedOn IS NULL')
      .addSelect(['ep.foundOn', 'ep.nextVisitDue']);
    if (q.township) qb.andWhere('h.township = :township', { township: q.township });
    if (q.status) qb.andWhere('h.status = :status', { status: q.status });
    if (q.mine) qb.andWhere('h.responsibleUserId = :me', { me: actor.userId });
    if (q.q) qb.andWhere('h.address ILIKE :t', { t: `%${q.q.trim()}%` });
    qb.orderBy('ep.nextVisitDue', 'ASC', 'NULLS LAST')
      .addOrderBy('h.id', q.order === 'asc' ? 'ASC' : 'DESC')
      .offset(offsetOf(q))
      .limit(q.pageSize);
    const total = await qb.getCount();
    const { entities, raw } = await qb.getRawAndEntities();
    const items = entities.map((h, i) => ({
      ...h,
      foundOn: raw[i]?.ep_foundOn ?? null,
      nextVisitDue: raw[i]?.ep_nextVisitDue ?? null,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** Households whose next follow-up visit falls by `by` (default a week ahead), for a caseworker's day. */
  async visitsDue(actor: Actor) {
    const until = shanghaiToday();
    return this.db.query(
      `SELECT h.id, h.address, h.township, h."responsibleName", ep.episode, ep."foundOn"::text AS "foundOn", ep."nextVisitDue"::text AS "nextVisitDue"
         FROM households h JOIN household_episodes ep ON ep."householdId" = h.id AND ep."clearedOn" IS NULL
        WHERE ep."nextVisitDue" <= ($1::date + 7) AND ($2::int IS NULL OR h."responsibleUserId" = $2) ORDER BY ep."nextVisitDue", h.id`,
      [until, actor.role === 'caseworker' ? actor.userId : null],
    );
  }

  async get(id: number) {
    const h = await this.db.getRepository(Household).findOneBy({ id });
    if (!h) throw HouseholdErrors.NOT_FOUND();
    const today = shanghaiToday();
    const a = await this.assess(id, today);
    const rel = await this.db.getRepository(HouseholdMember).find({ where: { householdId: id }, order: { id: 'ASC' } });
    const workers = await this.db.getRepository(Worker).findBy({ id: In(rel.map((r) => r.workerId).concat(-1)) });
    const members = rel.map((r) => {
      const w = maskPerson(workers.find((x) => x.id === r.workerId)!);
      const ma = a.members.find((x) => x.workerId === r.workerId)!;
      return {
        workerId: r.workerId,
        name: w.name,
        citizenId: w.citizenId,
        sex: w.sex,
        relationship: r.relationship,
        age: ma.age,
        workingAge: ma.workingAge,
        employment: ma.employment,
      };
    });
    const episodes = await this.db
      .getRepository(HouseholdEpisode)
      .find({ where: { householdId: id }, order: { episode: 'ASC' } });
    const history = await this.db
      .getRepository(HouseholdEvent)
      .find({ where: { householdId: id }, order: { id: 'ASC' } });
    const visits = await this.db
      .getRepository(HouseholdVisit)
      .find({ where: { householdId: id }, order: { visitedOn: 'ASC', id: 'ASC' } });
    const employments = await this.db
      .getRepository(HouseholdEmployment)
      .find({ where: { householdId: id }, order: { id: 'ASC' } });
    const requests = await this.db
      .getRepository(ContactRequest)
      .find({ where: { householdId: id }, order: { id: 'DESC' } });
    const open = episodes.find((e) => !e.clearedOn);
    const process = open ? await this.processes.state(householdSupport(id, open.episode)) : null;
    const people = await this.users.people(visits.map((v) => v.visitedBy));
    return {
      ...h,
      members,
      employments,
      episodes,
      history,
      visits: visits.map((v) => ({ ...v, visitedByName: people.name(v.visitedBy) })),
      requests,
      process,
      documents: await this.documents.listFor('household', id),
    };
  }

  /** 回访: recorded through the episode's process (which refuses a cleared household). */
  async recordVisit(id: number, dto: RecordVisitDto, actor: Actor): Promise<HouseholdSupportState> {
    const h = await this.db.getRepository(Household).findOneBy({ id });
    if (!h) throw HouseholdErrors.NOT_FOUND();
    const ep = await this.db.getRepository(HouseholdEpisode).findOneBy({ householdId: id, episode: h.episode });
    if (!ep || ep.clearedOn) throw HouseholdErrors.NOT_ZERO_EMPLOYMENT();
    if (dto.visitedOn > shanghaiToday()) throw refused(HouseholdRefusals.VISIT_IN_FUTURE());
    if (dto.visitedOn < ep.foundOn) throw refused(HouseholdRefusals.VISIT_BEFORE_FOUND({ foundOn: ep.foundOn }));
    return this.processes.update(
      householdSupport(id, ep.episode),
      recordHouseholdVisitUpdate,
      {
        visitedOn: dto.visitedOn,
        by: dto.visitedBy ?? actor.username,
        offered: [...new Set(dto.offered)],
        note: dto.note ?? '',
      },
      {
        refused: () => HouseholdErrors.PROCESS_REFUSED(),
        finished: () => HouseholdErrors.NO_PROCESS(),
      },
    );
  }

  /**
   * Seed 001 priority: working-age members of zero-employment households who are not in work,
   * for wherever a caseworker picks people (course enrolment, an order, a 公益性岗位).
   */
  async priorityCandidates(q: PriorityQuery) {
    const rows: { workerId: number; householdId: number; foundOn: string }[] = await this.db.query(
      `SELECT hm."workerId", h.id AS "householdId", ep."foundOn"::text AS "foundOn"
         FROM households h JOIN household_members hm ON hm."householdId" = h.id
         JOIN household_episodes ep ON ep."householdId" = h.id AND ep."clearedOn" IS NULL
         JOIN workers w ON w.id = hm."workerId"
        WHERE h.status = 'zero_employment' AND ($1::text IS NULL OR h.township = $1) AND ($2::text IS NULL OR w.name ILIKE $2 OR EXISTS (SELECT 1 FROM unnest(w.skills) s WHERE s ILIKE $2))
        ORDER BY ep."foundOn", h.id, hm.id`,
      [q.township ?? null, q.q ? like(q.q.trim()) : null],
    );
    const today = shanghaiToday();
    const b = await this.bounds(today);
    const workers = await this.db.getRepository(Worker).findBy({ id: In(rows.map((r) => r.workerId).concat(-1)) });
    return rows.flatMap((r) => {
      const w = workers.find((x) => x.id === r.workerId)!;
      if (!isWorkingAge(w.birthDate, w.sex, today, b)) return [];
      const mw = maskPerson(w);
      return [{ ...mw, householdId: r.householdId, householdFoundOn: r.foundOn, zeroEmploymentHousehold: true }];
    });
  }

  /** Figures (also for the monthly progress report): households found, cleared, still zero; requests answered in time. */
  async summary(q: SummaryQuery) {
    const range = [q.from, q.to];
    const [h] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2)::int AS found,
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL)::int AS cleared,
              count(*) FILTER (WHERE ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))::int AS "stillZero",
              round(avg(ep."clearedOn" - ep."foundOn") FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL), 1) AS "averageDaysToClear"
         FROM household_episodes ep`,
      range,
    );
    const byTownship = await this.db.query(
      `SELECT h.township, count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2)::int AS found,
              count(*) FILTER (WHERE ep."clearedOn" BETWEEN $1 AND $2 AND ep.measure IS NOT NULL)::int AS cleared,
              count(*) FILTER (WHERE ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))::int AS "stillZero"
         FROM household_episodes ep JOIN households h ON h.id = ep."householdId"
        GROUP BY h.township HAVING count(*) FILTER (WHERE ep."foundOn" BETWEEN $1 AND $2 OR ep."clearedOn" BETWEEN $1 AND $2 OR (ep."foundOn" <= $2 AND (ep."clearedOn" IS NULL OR ep."clearedOn" > $2))) > 0
        ORDER BY 1`,
      range,
    );
    const byMeasure = await this.db.query(
      `SELECT measure, count(*)::int AS cleared, round(avg("clearedOn" - "foundOn"), 1) AS "averageDaysToClear"
         FROM household_episodes WHERE "clearedOn" BETWEEN $1 AND $2 AND measure IS NOT NULL GROUP BY measure ORDER BY 1`,
      range,
    );
    const [r] = await this.db.query(
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE status = 'answered' AND "answeredOn" <= "dueOn")::int AS "answeredInTime",
              count(*) FILTER (WHERE status = 'answered')::int AS answered,
              count(*) FILTER (WHERE breached)::int AS breached
         FROM contact_requests WHERE "receivedOn" BETWEEN $1 AND $2`,
      range,
    );
    const num = (v: string | null) => (v === null ? null : Number(v));
    return {
      from: q.from,
      to: q.to,
      households: {
        found: h.found,
        cleared: h.cleared,
        stillZero: h.stillZero,
        averageDaysToClear: num(h.averageDaysToClear),
        byTownship,
        byMeasure: byMeasure.map((x: { averageDaysToClear: string | null }) => ({
          ...x,
          averageDaysToClear: num(x.averageDaysToClear),
        })),
      },
      requests: {
        ...r,
        answeredInTimeRate: r.received ? Math.round((r.answeredInTime / r.received) * 1000) / 10 : null,
      },
    };
  }
}

export const MEASURE_LABELS: Record<ClearingMeasure, string> = LABELS.measure as Record<ClearingMeasure, string>;
const EMPLOYMENT_LABELS = LABELS.employmentKind;
