import { Global, Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module.js';
import { ClaimActivities } from './claims.activities.js';
import { ClaimsController, PayoutsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';

@Global()
@Module({
  imports: [TasksModule],
  controllers: [ClaimsController, PayoutsController],
  providers: [ClaimsService, ClaimActivities],
  exports: [ClaimsService],
})
export class ClaimsModule {}
