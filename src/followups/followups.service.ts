import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { CasesService } from '../cases/cases.service.js';
import { now } from '../common/clock.js';
import { addDays, daysBetween, shanghaiToday } from '../common/dates.js';
import type { Page } from '../common/paging.js';
import type { Actor } from '../common/request-context.js';
import { TasksService } from '../tasks/tasks.service.js';
import { followUpPlan, Processes } from '../temporal/processes.js';
import { followUpCheckedInSignal } from '../../workflows/definitions.js';
import {
  type CheckInMethod,
  type CheckInProblem,
  FollowUpCheckIn,
  FollowUpPlan,
  type ReturnReason,
} from './follow-up.entity.js';
import { FollowUpErrors } from './followups.errors.js';
import type { DueCheckInQuery, RecordCheckInDto, RecordReturnReasonDto } from './followups.dto.js';

/** A check-in made this many days before a planned one's due day counts for it; earlier, it is an extra one. */
export const EARLY_DAYS = 15;

export const METHOD_TEXT: Record<CheckInMethod, string> = { phone: '电话回访', visit: '实地走访', group: '集中座谈' };
export const PROBLEM_TEXT: Record<CheckInProblem, string> = {
  wage_arrears: '拖欠工资',
  no_contract: '未签劳动合同',
  injury: '工伤',
  treatment: '待遇问题',
};
export const RETURN_REASON_TEXT: Record<ReturnReason, string> = {
  contract_ended: '合同期满',
  low_wage: '工资收入低',
  wage_arrears: '工资被拖欠',
  hard_work: '劳动强度大',
  not_adapted: '不适应当地生活',
  family: '家庭原因',
  health: '身体原因',
  changed_job: '另找工作',
  rights_violated: '合法权益受到侵害',
  other: '其他',
};

/** Whose county the check-in's rights cases are, and whom they name. */
interface PlacementFacts {
  id: number;
  workerId: number;
  employerId: number;
  startDate: string;
  endDate: string | null;
  status: string;
  workerName: string;
  employerName: string;
  destination: string;
}

export interface DueCheckIn {
  id: number;
  placementId: number;
  seq: number;
  dueOn: string;
  status: 'planned' | 'due' | 'missed';
  escalatedOn: string | null;
  daysLeft: number;
  workerName: string;
  township: string;
  employerName: string;
  destination: string;
  officerName: string | null;
}

/** 跟踪服务: the officer's check-ins due, recording one (a problem opens its case), the plan's history, the end. */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CasesService,
    private readonly tasks: TasksService,
    private readonly processes: Processes,
    private readonly users: UserDirectory,
  ) {}

  async #placement(m: EntityManager, id: number): Promise<PlacementFacts> {
    const [p] = (await m.query(
      `SELECT p.id, p."workerId", p."employerId", to_char(p."startDate", 'YYYY-MM-DD') AS "startDate",
              to_char(p."endDate", 'YYYY-MM-DD') AS "endDate", p.status, w.name AS "workerName", e.name AS "employerName", p.destination
         FROM placements p JOIN workers w ON w.id = p."workerId" JOIN employers e ON e.id = p."employerId" WHERE p.id = $1`,
      [id],
    )) as PlacementFacts[];
    if (!p) throw FollowUpErrors.PLACEMENT_NOT_FOUND();
    return p;
  }

  /**
   * Records a check-in: it counts for the plan's check-in that is due or missed, or the next
   * planned one when made at most EARLY_DAYS before its day; else it is an extra one. Each
   * problem found opens a rights case linked to the placement, the check-in its first evidence.
   * One transaction: record, cases, tasks closed, audit and the plan's news commit together.
   */
  async record(placementId: number, dto: RecordCheckInDto, actor: Actor) {
    const problems = [...new Set(dto.problems ?? [])];
    const words = dto.workerWords?.trim() || null;
    const notes = dto.notes?.trim() || null;
    if (problems.length && !words && !notes) throw FollowUpErrors.PROBLEM_WITHOUT_FACTS();
    const id = await this.db.transaction(async (m) => {
      const plan = await m.findOne(FollowUpPlan, { where: { placementId }, lock: { mode: 'pessimistic_write' } });
      if (!plan) {
        await this.#placement(m, placementId);
        throw FollowUpErrors.NOT_FOUND();
      }
      const p = await this.#placement(m, placementId);
      if (dto.doneOn < p.startDate) throw FollowUpErrors.BEFORE_START({ startDate: p.startDate });
      if (dto.doneOn > shanghaiToday()) throw FollowUpErrors.IN_FUTURE();
      if (p.endDate && dto.doneOn > p.endDate) throw FollowUpErrors.AFTER_END({ endDate: p.endDate });
      const [slot] = (await m.query(
        `SELECT id, seq FROM follow_up_checkins
          WHERE "placementId" = $1 AND (status IN ('due', 'missed') OR (status = 'planned' AND "dueOn" - $2::int <= $3::date))
          ORDER BY seq LIMIT 1`,
        [placementId, EARLY_DAYS, dto.doneOn],
      )) as { id: number; seq: number }[];
      const record = {
        status: 'done' as const,
        doneOn: dto.doneOn,
        method: dto.method,
        contractSigned: dto.contractSigned,
        wagesOnTime: dto.wagesOnTime,
        wagesInFull: dto.wagesInFull,
        weeklyHours: dto.weeklyHours ?? null,
        housingOk: dto.housingOk,
        safetyOk: dto.safetyOk,
        problems,
        notes,
        workerWords: words,
        recordedBy: actor.username,
        recordedAt: now(),
      };
      let checkInId: number;
      if (slot) {
        await m.update(FollowUpCheckIn, { id: slot.id }, record);
        checkInId = slot.id;
      } else {
        const saved = await m.save(FollowUpCheckIn, m.create(FollowUpCheckIn, { placementId, seq: null, ...record }));
        checkInId = saved.id;
      }
      const caseIds: number[] = [];
      for (const kind of problems) {
        const c = await this.cases.open(
          {
            kind,
            workerIds: [p.workerId],
            employerId: p.employerId,
            placementId,
            facts: this.#facts(p, dto, kind, words, notes),
            amountClaimedFen: kind === 'wage_arrears' ? (dto.amountOwedFen ?? 0) : 0,
            knewOn: dto.doneOn,
            channel: 'follow_up',
            openedBy: actor.username,
            sourceKey: `follow-up-checkin-${checkInId}-${kind}`,
            openedText: `跟踪回访发现（回访记录 #${checkInId}，${dto.doneOn}，${METHOD_TEXT[dto.method]}）：${PROBLEM_TEXT[kind]}`,
          },
          m,
        );
        caseIds.push(c.id);
      }
      if (caseIds.length) await m.update(FollowUpCheckIn, { id: checkInId }, { caseIds });
      await this.tasks.close(
        { subject: { type: 'placement', id: placementId }, kinds: ['followup_checkin', 'followup_missed'] },
        `已于${dto.doneOn}回访（${METHOD_TEXT[dto.method]}）`,
        m,
        actor,
      );
      await this.audit.record(
        {
          entity: 'placement',
          entityId: placementId,
          action: 'follow_up_checkin',
          after: { checkInId, seq: slot?.seq ?? null, ...record, recordedAt: undefined, caseIds },
        },
        m,
      );
      if (slot)
        await this.processes.signal(
          followUpPlan(placementId),
          followUpCheckedInSignal,
          { seq: slot.seq, doneOn: dto.doneOn },
          m,
        );
      return checkInId;
    });
    return this.checkIn(id);
  }

  /** The case's facts: what the check-in found, in the officer's and the worker's words. */
  #facts(p: PlacementFacts, dto: RecordCheckInDto, kind: CheckInProblem, words: string | null, notes: string | null) {
    const lines = [
      `${dto.doneOn}${METHOD_TEXT[dto.method]}发现：${p.workerName}在${p.employerName}（${p.destination}）务工期间存在${PROBLEM_TEXT[kind]}问题。`,
      `劳动合同：${dto.contractSigned ? '已签订' : '未签订'}；工资：${dto.wagesOnTime ? '按时' : '未按时'}、${dto.wagesInFull ? '足额' : '未足额'}发放` +
        (dto.weeklyHours !== undefined ? `；每周工作约${dto.weeklyHours}小时` : '') +
        `；食宿${dto.housingOk ? '正常' : '存在问题'}；劳动安全${dto.safetyOk ? '有保障' : '存在隐患'}。`,
    ];
    if (notes) lines.push(`回访情况：${notes}`);
    if (words) lines.push(`本人反映：${words}`);
    return lines.join('\n').slice(0, 5000);
  }

  async checkIn(id: number) {
    const c = await this.db.getRepository(FollowUpCheckIn).findOneByOrFail({ id });
    return this.#withCases([c]).then(([x]) => x);
  }

  async #withCases(rows: FollowUpCheckIn[]) {
    const ids = [...new Set(rows.flatMap((r) => r.caseIds))];
    const cases: { id: number; number: string; kind: string; status: string }[] = ids.length
      ? await this.db.query(`SELECT id, number, kind, status FROM cases WHERE id = ANY($1::int[])`, [ids])
      : [];
    const people = await this.users.people(rows.map((r) => r.recordedBy));
    return rows.map((r) => ({
      ...r,
      recordedByName: people.name(r.recordedBy),
      cases: r.caseIds.map((cid) => cases.find((c) => c.id === cid)).filter((c) => c !== undefined),
    }));
  }

  /** A placement's plan and every check-in, for its page. */
  async get(placementId: number) {
    const plan = await this.db.getRepository(FollowUpPlan).findOneBy({ placementId });
    if (!plan) {
      await this.#placement(this.db.manager, placementId);
      throw FollowUpErrors.NOT_FOUND();
    }
    const rows = await this.db
      .getRepository(FollowUpCheckIn)
      .createQueryBuilder('c')
      .where('c.placementId = :placementId', { placementId })
      .orderBy('coalesce(c.dueOn, c.doneOn)', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    const people = await this.users.people([plan.returnRecordedBy], [plan.officerId]);
    return {
      ...plan,
      officerName: people.byUserId(plan.officerId)?.name ?? null,
      returnRecordedByName: people.name(plan.returnRecordedBy),
      checkIns: await this.#withCases(rows),
    };
  }

  /**
   * The officer's list: check-ins due or missed, and those due within `within` days, by due day;
   * `mine`: of the plans the user is the officer of.
   */
  async due(q: DueCheckInQuery, actor: Actor): Promise<Page<DueCheckIn>> {
    const today = shanghaiToday();
    const params: unknown[] = [
      addDays(today, q.within),
      q.township ?? null,
      q.mine ? actor.userId : null,
      q.q?.trim() || null,
    ];
    const where = `c.status IN ('planned', 'due', 'missed') AND c."dueOn" <= $1::date AND fp.status = 'active'
       AND ($2::varchar IS NULL OR fp.township = $2) AND ($3::int IS NULL OR fp."officerId" = $3)
       AND ($4::varchar IS NULL OR w.name ILIKE '%' || $4 || '%' OR e.name ILIKE '%' || $4 || '%')`;
    const from = `FROM follow_up_checkins c JOIN follow_up_plans fp ON fp."placementId" = c."placementId"
       JOIN placements p ON p.id = c."placementId" JOIN workers w ON w.id = p."workerId" JOIN employers e ON e.id = p."employerId"`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${from} WHERE ${where}`, params);
    const rows: (Omit<DueCheckIn, 'daysLeft' | 'officerName'> & { officerId: number | null })[] = await this.db.query(
      `SELECT c.id, c."placementId", c.seq, to_char(c."dueOn", 'YYYY-MM-DD') AS "dueOn", c.status,
              to_char(c."escalatedOn", 'YYYY-MM-DD') AS "escalatedOn", w.name AS "workerName", fp.township,
              e.name AS "employerName", p.destination, fp."officerId"
         ${from} WHERE ${where} ORDER BY c."dueOn", c.id LIMIT $5 OFFSET $6`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const people = await this.users.people(
      [],
      rows.map((r) => r.officerId),
    );
    return {
      items: rows.map(({ officerId, ...r }) => ({
        ...r,
        daysLeft: daysBetween(today, r.dueOn),
        officerName: people.byUserId(officerId)?.name ?? null,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Why the worker left (asked once the placement has ended); closes the officer's task. */
  async recordReturnReason(placementId: number, dto: RecordReturnReasonDto, actor: Actor) {
    await this.db.transaction(async (m) => {
      const plan = await m.findOne(FollowUpPlan, { where: { placementId }, lock: { mode: 'pessimistic_write' } });
      const p = await this.#placement(m, placementId);
      if (!plan) throw FollowUpErrors.NOT_FOUND();
      if (p.status !== 'ended') throw FollowUpErrors.NOT_ENDED();
      if (plan.returnReason) throw FollowUpErrors.REASON_RECORDED();
      const note = dto.note?.trim() || null;
      await m.update(
        FollowUpPlan,
        { placementId },
        { returnReason: dto.reason, returnNote: note, returnRecordedBy: actor.username },
      );
      await this.tasks.close(
        { key: `follow-up-${placementId}-return-reason` },
        `已登记离岗原因：${RETURN_REASON_TEXT[dto.reason]}`,
        m,
        actor,
      );
      await this.audit.record(
        {
          entity: 'placement',
          entityId: placementId,
          action: 'follow_up_return_reason',
          before: { returnReason: null },
          after: { returnReason: dto.reason, returnNote: note },
        },
        m,
      );
    });
    return this.get(placementId);
  }
}
