import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { PayoutActivities } from './payouts.activities.js';
import {
  FundingLinesController,
  PaymentFailuresController,
  PayoutBatchesController,
  PayoutObjectionsController,
  PublicNoticeController,
} from './payouts.controller.js';
import { PayoutsService } from './payouts.service.js';

@Module({
  imports: [AuthModule, CalendarModule, DocumentsModule, PolicyModule, TasksModule, TemporalModule],
  controllers: [
    FundingLinesController,
    PayoutBatchesController,
    PaymentFailuresController,
    PayoutObjectionsController,
    PublicNoticeController,
  ],
  providers: [PayoutsService, PayoutActivities],
  exports: [PayoutsService],
})
export class PayoutsModule {}
