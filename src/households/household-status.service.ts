import { LABELS } from '../common/labels.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { shanghaiToday } from '../common/dates.js';
import { withFullReach } from '../common/request-context.js';
import { DomainError } from '../common/errors.js';
import { HouseholdErrors } from './households.errors.js';
import { PolicyService } from '../policy/policy.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { householdSupport, Processes } from '../temporal/processes.js';
import {
  ClearingMeasure,
  householdClearedSignal,
  HouseholdSupportInput,
  householdWorkflowId,
} from '../../workflows/definitions.js';
import {
  Household,
  HouseholdEmployment,
  HouseholdEpisode,
  HouseholdEvent,
  HouseholdMember,
  HouseholdStatus,
} from './household.entity.js';
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

const DEFAULT_MEASURE: Record<string, ClearingMeasure> = {
  self_employment: 'own_business',
  public_post: 'public_post',
  flexible: 'referral',
};

/**
 * A household's status derived from its members, placements and recorded employment (with
 * every change an event with its cause), and the support process of each zero-employment
 * episode. `reassess` is the one writer of a household's status; it is idempotent, so the
 * register, the placement and the survey paths may call it as often as they like.
 */
@Injectable()
export class HouseholdStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly processes: Processes,
    private readonly tasks: TasksService,
  ) {}

  /** The working age in a county's policy on a date. */
  async bounds(on: string, countyId: number, m: EntityManager = this.db.manager): Promise<WorkingAgeBounds> {
    const p = await this.policy.inForce(on, countyId, m);
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
    const [{ countyId }] = await m.query(`SELECT "countyId" FROM households WHERE id = $1`, [householdId]);
    const b = await this.bounds(on, countyId, m);
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
    // Derived from every member, whichever office holds them, whoever made the change.
    return withFullReach(() => this.#reassess(householdId, cause, by, m));
  }

  async #reassess(
    householdId: number,
    cause: Cause,
    by: string,
    m: EntityManager,
  ): Promise<{ status: HouseholdStatus; changed: boolean }> {
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
      const input = await this.supportInput(h.id, h.episode, on, h.countyId, m);
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
    countyId: number,
    m: EntityManager = this.db.manager,
  ): Promise<HouseholdSupportInput> {
    const p = await this.policy.inForce(foundOn, countyId, m);
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
    const member = await withFullReach(() => (m ?? this.db.manager).findOneBy(HouseholdMember, { workerId }));
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
}

export const MEASURE_LABELS: Record<ClearingMeasure, string> = LABELS.measure as Record<ClearingMeasure, string>;
