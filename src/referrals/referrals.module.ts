import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { EventsModule } from '../common/events.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PlacementListener } from './placement-listener.js';
import { ReferralActivities } from './referrals.activities.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';

@Module({
  imports: [ClaimsModule, TemporalModule, EventsModule, RegistryModule, TasksModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralActivities, PlacementListener],
  exports: [ReferralsService],
})
export class ReferralsModule {}
