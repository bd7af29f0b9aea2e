import { label, LABELS } from '../common/labels.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import type { Actor } from '../common/request-context.js';
import { User } from '../auth/user.entity.js';
import { shanghaiToday } from '../common/dates.js';
import { TownshipErrors, WorkerErrors } from '../registry/registry.errors.js';
import { HouseholdErrors } from './households.errors.js';
import { DocumentsService } from '../documents/documents.service.js';
import { maskPerson } from '../registry/masking.js';
import { Township } from '../registry/township.entity.js';
import { Worker } from '../registry/worker.entity.js';
import { householdSupport, Processes } from '../temporal/processes.js';
import {
  ContactRequest,
  Household,
  HouseholdEmployment,
  HouseholdEpisode,
  HouseholdEvent,
  HouseholdMember,
  HouseholdVisit,
} from './household.entity.js';
import type { AddEmploymentDto, AddMemberDto, CreateHouseholdDto, EndEmploymentDto } from './households.dto.js';
import { HouseholdStatusService } from './household-status.service.js';

const isUniqueViolation = (e: unknown) =>
  e instanceof QueryFailedError && (e as unknown as { code?: string }).code === '23505';

/**
 * 零就业家庭 register: households, their members and recorded employment, and a household's
 * whole file. Every change re-derives the status in its transaction (HouseholdStatusService).
 */
@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly status: HouseholdStatusService,
    private readonly processes: Processes,
    private readonly documents: DocumentsService,
    private readonly users: UserDirectory,
  ) {}

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
        await this.status.reassess(h.id, { text: '登记时认定' }, actor.username, m);
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
          await this.status.reassess(id, { text: `成员变动（加入 worker ${dto.workerId}）` }, actor.username, m);
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
      await this.status.reassess(id, { text: `成员变动（迁出 worker ${workerId}）` }, actor.username, m);
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
      await this.status.reassess(
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
      await this.status.reassess(
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
    const a = await this.status.assess(id, shanghaiToday());
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
    await this.status.reassess(id, { text: '工作人员认定' }, actor.username);
    return this.get(id);
  }

  async get(id: number) {
    const h = await this.db.getRepository(Household).findOneBy({ id });
    if (!h) throw HouseholdErrors.NOT_FOUND();
    const today = shanghaiToday();
    const a = await this.status.assess(id, today);
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
}

const EMPLOYMENT_LABELS = LABELS.employmentKind;
