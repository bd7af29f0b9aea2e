import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PlacementActivities } from './placements.activities.js';
import { PlacementsController } from './placements.controller.js';
import { PlacementsService } from './placements.service.js';

@Module({
  imports: [RegistryModule, TasksModule],
  controllers: [PlacementsController],
  providers: [PlacementsService, PlacementActivities],
  exports: [PlacementsService],
})
export class PlacementsModule {}
