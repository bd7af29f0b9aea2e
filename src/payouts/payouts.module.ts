import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { PayoutActivities } from './payouts.activities.js';
import { FundingLinesController, PaymentFailuresController, PayoutBatchesController } from './payouts.controller.js';
import { PayoutsService } from './payouts.service.js';

@Module({
  imports: [AuthModule, DocumentsModule, PolicyModule, TasksModule, TemporalModule],
  controllers: [FundingLinesController, PayoutBatchesController, PaymentFailuresController],
  providers: [PayoutsService, PayoutActivities],
  exports: [PayoutsService],
})
export class PayoutsModule {}
