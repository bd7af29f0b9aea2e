import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainEventBus } from '../common/events.js';
import type {} from '../placements/placement-events.js';
import { followUpPlan, Processes } from '../temporal/processes.js';
import { followUpEndedSignal, type FollowUpInput } from '../../workflows/definitions.js';
import { followUpDueOn, followUpFirstSeq } from '../../workflows/follow-up-schedule.js';

/**
 * Every placement registered gets its follow-up plan: the plan's row and its process, written in
 * the registration's transaction (a registration that fails leaves neither), as the broker's
 * referral is. The placement's end reaches the plan the same way.
 */
@Injectable()
export class FollowUpPlacementListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEventBus,
    private readonly audit: AuditService,
    private readonly processes: Processes,
  ) {}

  onModuleInit(): void {
    this.events.on('placement.registered', async ({ placement, policy }, m) => {
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
      // from the registering login, the plan and its first check-in.
      const seq = followUpFirstSeq(intervals);
      const [plan] = (await m.query(
        `WITH plan AS (
           INSERT INTO follow_up_plans ("placementId", "startedOn", policy, "officerId", township)
           SELECT $1, $2, $3::jsonb, (SELECT id FROM users WHERE username = $4), w.township FROM workers w WHERE w.id = $5
           RETURNING township, "officerId"),
         first AS (
           INSERT INTO follow_up_checkins ("placementId", seq, "dueOn", status)
           SELECT $1, $6, $7::date, 'planned' FROM plan)
         SELECT township, "officerId" FROM plan`,
        [
          placement.id,
          policy.asOf,
          JSON.stringify(kept),
          placement.registeredBy,
          placement.workerId,
          seq,
          followUpDueOn(intervals, seq),
        ],
      )) as { township: string; officerId: number | null }[];
      await this.audit.record(
        {
          entity: 'placement',
          entityId: placement.id,
          action: 'follow_up_planned',
          after: { policy: kept, officerId: plan.officerId, township: plan.township },
        },
        m,
      );
      const input: FollowUpInput = {
        placementId: placement.id,
        ...intervals,
        escalateAfterDays: kept['followup.escalate_after_days'],
        township: plan.township,
        plannedSeq: seq,
      };
      await this.processes.start(m, followUpPlan(placement.id), input);
    });
    this.events.on('placement.ended', async ({ placement, endDate }, m) => {
      const [plan] = await m.query(`SELECT 1 FROM follow_up_plans WHERE "placementId" = $1`, [placement.id]);
      if (plan) await this.processes.signal(followUpPlan(placement.id), followUpEndedSignal, { endDate }, m);
    });
  }
}
