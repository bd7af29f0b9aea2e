import { Global, Module } from '@nestjs/common';
import { ClaimActivities } from './claims.activities.js';
import { ClaimsController, PayoutsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';

@Global()
@Module({
  controllers: [ClaimsController, PayoutsController],
  providers: [ClaimsService, ClaimActivities],
  exports: [ClaimsService],
})
export class ClaimsModule {}
