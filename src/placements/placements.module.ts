import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module.js';
import { PlacementActivities } from './placements.activities.js';
import { PlacementsController } from './placements.controller.js';
import { PlacementsService } from './placements.service.js';

@Module({
  imports: [RegistryModule],
  controllers: [PlacementsController],
  providers: [PlacementsService, PlacementActivities],
  exports: [PlacementsService],
})
export class PlacementsModule {}
