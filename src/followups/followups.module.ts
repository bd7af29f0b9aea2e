import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { EventsModule } from '../common/events.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { FollowUpActivities } from './followups.activities.js';
import { FollowUpsController } from './followups.controller.js';
import { FollowUpsService } from './followups.service.js';
import { FollowUpPlacementListener } from './placement-listener.js';

/** 跟踪服务: built on placements (it hears of them by their events) and cases (a problem opens one). */
@Module({
  imports: [AuthModule, CasesModule, EventsModule, TasksModule, TemporalModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, FollowUpActivities, FollowUpPlacementListener],
  exports: [FollowUpsService],
})
export class FollowUpsModule {}
