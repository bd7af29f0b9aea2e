import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { shanghaiToday } from '../common/dates.js';
import { StatementParams } from '../common/sql.js';
import { DomainEventBus } from '../common/events.js';
import type {} from '../placements/placement-events.js';
import { policyInForceJson, policySnapshot } from '../policy/policy.service.js';
import type { PolicyKey, PolicySnapshot } from '../policy/policy-keys.js';
import type { WrittenRow } from '../temporal/process-outbox.js';
import { followUpPlan, Processes } from '../temporal/processes.js';
import { followUpEndedSignal, type FollowUpInput } from '../../workflows/definitions.js';
import { followUpDueOn, followUpFirstSeq } from '../../workflows/follow-up-schedule.js';

/** What a plan needs of its placement. */
interface PlannedPlacement {
  id: number;
  startDate: string;
  workerId: number;
  registeredBy: string;
}

/** Placements planned per transaction when the ones without a plan are caught up. */
const CATCH_UP_BATCH = 200;

/**
 * Every placement registered gets its follow-up plan: the plan's row and its process, written in
 * the registration's transaction (a registration that fails leaves neither), as the broker's
 * referral is. The placement's end reaches the plan the same way.
 */
@Injectable()
export class FollowUpPlacementListener implements OnModuleInit {
  private readonly log = new Logger('FollowUps');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEventBus,
    private readonly audit: AuditService,
    private readonly processes: Processes,
  ) {}

  onModuleInit(): void {
    this.events.on('placement.registered', ({ placement, policy }, m) => this.plan(m, placement, policy));
    this.events.on('placement.ended', async ({ placement, endDate }, m) => {
      const [plan] = await m.query(`SELECT 1 FROM follow_up_plans WHERE "placementId" = $1`, [placement.id]);
      if (plan) await this.processes.signal(followUpPlan(placement.id), followUpEndedSignal, { endDate }, m);
    });
  }

  /** Writes the placement's plan, its first check-in and its process, in `m`'s transaction. */
  async plan(m: EntityManager, placement: PlannedPlacement, policy: PolicySnapshot, caughtUp = false): Promise<void> {
    const kept = {
      asOf: policy.asOf,
      'followup.first_checkin_days': policy['followup.first_checkin_days'],
      'followup.second_checkin_days': policy['followup.second_checkin_days'],
      'followup.third_checkin_days': policy['followup.third_checkin_days'],
      'followup.interval_days': policy['followup.interval_days'],
      'followup.escalate_after_days': policy['followup.escalate_after_days'],
    };
    const intervals = {
      startDate: placement.startDate,
      plannedFrom: policy.asOf,
      firstDays: kept['followup.first_checkin_days'],
      secondDays: kept['followup.second_checkin_days'],
      thirdDays: kept['followup.third_checkin_days'],
      intervalDays: kept['followup.interval_days'],
    };
    // The first check-in is written as planned here, with the plan, so the process's first step
    // needs no activity (a registration burst would otherwise cost Temporal and the worker a
    // round of activity tasks each). One statement: the township from the worker, the officer
    // from the registering login, the plan, its first check-in, its audit line and its process
    // start (both of which take the township and officer the statement finds).
    const seq = followUpFirstSeq(intervals);
    const params = new StatementParams();
    const add = params.add;
    const input: Omit<FollowUpInput, 'township'> = {
      placementId: placement.id,
      ...intervals,
      escalateAfterDays: kept['followup.escalate_after_days'],
      plannedSeq: seq,
    };
    // Caught up: no plan row, so any earlier run of this id has closed; a new run may follow it.
    const start = this.processes.startInStatement(followUpPlan(placement.id), input, add, {
      from: 'plan',
      rerun: caughtUp,
      args: (json) => `${json} || jsonb_build_object('township', plan.township)`,
    });
    const placementId = add(placement.id);
    const [row] = (await m.query(
      `WITH plan AS (
         INSERT INTO follow_up_plans ("placementId", "startedOn", policy, "officerId", township)
         SELECT ${placementId}::int, ${add(policy.asOf)}::date, ${add(JSON.stringify(kept))}::jsonb,
                (SELECT id FROM users WHERE username = ${add(placement.registeredBy)}::varchar), w.township
           FROM workers w WHERE w.id = ${add(placement.workerId)}::int
         RETURNING township, "officerId"),
       first AS (
         INSERT INTO follow_up_checkins ("placementId", seq, "dueOn", status)
         SELECT ${placementId}::int, ${add(seq)}::int, ${add(followUpDueOn(intervals, seq))}::date, 'planned' FROM plan),
       audit AS (${this.audit.insertStatement(
         {
           entity: 'placement',
           entityId: placement.id,
           action: 'follow_up_planned',
           after: { policy: kept, ...(caughtUp ? { caughtUp } : {}) },
         },
         add,
         {
           from: 'plan',
           after: (json) => `${json} || jsonb_build_object('officerId', plan."officerId", 'township', plan.township)`,
         },
       )}),
       outbox AS (${start.sql})
       SELECT o.id, o."createdAt", o.args FROM (SELECT 1) one LEFT JOIN outbox o ON true`,
      params.values,
    )) as WrittenRow[];
    await start.written(m, row);
  }

  /**
   * Placements still running without a plan (registered before plans existed, or while their
   * county had none) get one from the policy in force today: check-ins already past are not
   * planned. Run once after the upgrade (`npm run followups:catch-up`); runs side by side skip
   * each other's rows, and a placement with a plan is never planned again. Returns how many.
   */
  async catchUp(): Promise<number> {
    let planned = 0;
    for (;;) {
      const today = shanghaiToday();
      const n = await this.db.transaction(async (m) => {
        const rows: (PlannedPlacement & { policy: { key: PolicyKey; value: number }[] })[] = await m.query(
          `SELECT p.id, p."startDate"::text AS "startDate", p."workerId", p."registeredBy",
                  ${policyInForceJson('$1::date', 'w."countyId"')} AS policy
             FROM placements p JOIN workers w ON w.id = p."workerId"
            WHERE p.status <> 'ended' AND NOT EXISTS (SELECT 1 FROM follow_up_plans f WHERE f."placementId" = p.id)
            ORDER BY p.id LIMIT $2 FOR UPDATE OF p SKIP LOCKED`,
          [today, CATCH_UP_BATCH],
        );
        for (const r of rows) await this.plan(m, r, policySnapshot(today, r.policy), true);
        return rows.length;
      });
      planned += n;
      if (n < CATCH_UP_BATCH) break;
    }
    if (planned) this.log.log(`follow-up plans written for ${planned} running placements that had none`);
    return planned;
  }
}
