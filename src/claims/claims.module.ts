import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ClaimActivities } from './claims.activities.js';
import { ClaimsController, PayoutsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';

@Module({
  imports: [AuthModule, CalendarModule, DocumentsModule, PolicyModule, TemporalModule, TasksModule],
  controllers: [ClaimsController, PayoutsController],
  providers: [ClaimsService, ClaimActivities],
  exports: [ClaimsService],
})
export class ClaimsModule {}
