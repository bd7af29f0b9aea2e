import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import {
  BrokersController,
  EmployersController,
  TownshipsController,
  WorkersController,
} from './registry.controller.js';
import { RegistryService } from './registry.service.js';
import { CoursesController, TrainingProvidersController } from './training.controller.js';
import { TrainingService } from './training.service.js';

@Module({
  imports: [PolicyModule, TemporalModule],
  controllers: [
    TownshipsController,
    WorkersController,
    EmployersController,
    BrokersController,
    TrainingProvidersController,
    CoursesController,
  ],
  providers: [RegistryService, TrainingService],
  exports: [RegistryService, TrainingService],
})
export class RegistryModule {}
