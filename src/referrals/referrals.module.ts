import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module.js';
import { ReferralActivities } from './referrals.activities.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';

@Module({
  imports: [RegistryModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralActivities],
  exports: [ReferralsService],
})
export class ReferralsModule {}
