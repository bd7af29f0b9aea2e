import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainEventBus } from '../common/events.js';
import { StatementParams } from '../common/sql.js';
import type {} from '../placements/placement-events.js';
import type { WrittenRow } from '../temporal/process-outbox.js';
import { Processes, referralPayout } from '../temporal/processes.js';
import { placementEndedSignal, type ReferralPayoutInput } from '../../workflows/definitions.js';

/**
 * A placement a broker referred is the start of the broker's referral: its row and its 80-yuan
 * process, written in the registration's transaction (so a registration that fails leaves neither).
 */
@Injectable()
export class PlacementListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEventBus,
    private readonly audit: AuditService,
    private readonly processes: Processes,
  ) {}

  onModuleInit(): void {
    this.events.on('placement.registered', async ({ placement, policy }, m) => {
      if (placement.brokerId === null) return;
      const input: ReferralPayoutInput = {
        placementId: placement.id,
        brokerId: placement.brokerId,
        workerId: placement.workerId,
        amountFen: policy['referral.amount_fen'],
        minContractMonths: policy['referral.min_contract_months'],
        repeatWindowMonths: policy['referral.repeat_window_months'],
        retentionDays: policy['referral.retention_days'],
      };
      // One statement: the referral, its audit line (the referral as written, as the ORM's save
      // left it) and its process start. The line's id and county are the new row's: the trail's
      // trigger would not see a row of the same statement.
      const params = new StatementParams();
      const add = params.add;
      const start = this.processes.startInStatement(referralPayout(placement.id), input, add, { from: 'referral' });
      const written = { placementId: placement.id, brokerId: placement.brokerId, workerId: placement.workerId };
      const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      const [row] = (await m.query(
        `WITH referral AS (
           INSERT INTO referrals ("placementId", "brokerId", "workerId", stage, reasons)
           VALUES (${add(placement.id)}::int, ${add(placement.brokerId)}::int, ${add(placement.workerId)}::int, 'waiting_contract', '[]'::jsonb)
           RETURNING id, "countyId", "referredAt", "updatedAt"),
         audit AS (${this.audit.insertStatement(
           {
             entity: 'referral',
             entityId: '',
             action: 'create',
             after: { ...written, stage: 'waiting_contract', reasons: [], assessedAt: null },
           },
           add,
           {
             from: 'referral',
             entityId: 'referral.id',
             countyId: 'referral."countyId"',
             after: (json) =>
               `${json} || jsonb_build_object('id', referral.id, 'referredAt', ${iso('referral."referredAt"')}, 'updatedAt', ${iso('referral."updatedAt"')})`,
           },
         )}),
         outbox AS (${start.sql})
         SELECT o.id, o."createdAt", o.args FROM (SELECT 1) one LEFT JOIN outbox o ON true`,
        params.values,
      )) as WrittenRow[];
      await start.written(m, row);
    });
    // The referral process reads the end date from Postgres for its retention check; a waiting one is told.
    this.events.on('placement.ended', async ({ placement, endDate }, m) => {
      if (placement.brokerId !== null)
        await this.processes.signal(referralPayout(placement.id), placementEndedSignal, { endDate }, m);
    });
  }
}
