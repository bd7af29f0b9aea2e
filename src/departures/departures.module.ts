import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EventsModule } from '../common/events.module.js';
import { PlacementsModule } from '../placements/placements.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { DepartureActivities } from './departures.activities.js';
import { DeparturesController } from './departures.controller.js';
import { DeparturesService } from './departures.service.js';

/** 输出批次: built on job orders' acceptances and placements (an arrival registers them). */
@Module({
  imports: [AuthModule, EventsModule, PlacementsModule, PolicyModule, TasksModule, TemporalModule],
  controllers: [DeparturesController],
  providers: [DeparturesService, DepartureActivities],
  exports: [DeparturesService],
})
export class DeparturesModule {}
