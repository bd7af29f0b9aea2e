import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainEventBus } from '../common/events.js';
import type {} from '../placements/placement-events.js';
import { Processes, referralPayout } from '../temporal/processes.js';
import { placementEndedSignal, type ReferralPayoutInput } from '../../workflows/definitions.js';
import { Referral } from './referral.entity.js';

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
      const referral = await m.save(
        Referral,
        m.create(Referral, {
          placementId: placement.id,
          brokerId: placement.brokerId,
          workerId: placement.workerId,
          stage: 'waiting_contract',
          reasons: [],
        }),
      );
      await this.audit.record({ entity: 'referral', entityId: referral.id, action: 'create', after: referral }, m);
      const input: ReferralPayoutInput = {
        placementId: placement.id,
        brokerId: placement.brokerId,
        workerId: placement.workerId,
        amountFen: policy['referral.amount_fen'],
        minContractMonths: policy['referral.min_contract_months'],
        repeatWindowMonths: policy['referral.repeat_window_months'],
        retentionDays: policy['referral.retention_days'],
      };
      await this.processes.start(m, referralPayout(placement.id), input);
    });
    // The referral process reads the end date from Postgres for its retention check; a waiting one is told.
    this.events.on('placement.ended', async ({ placement, endDate }, m) => {
      if (placement.brokerId !== null)
        await this.processes.signal(referralPayout(placement.id), placementEndedSignal, { endDate }, m);
    });
  }
}
