import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { TemporalModule } from '../temporal/temporal.module.js';
import { OfficesModule } from '../offices/offices.module.js';
import {
  BrokersController,
  EmployersController,
  TownshipsController,
  WorkersController,
} from './registry.controller.js';
import { RegistryService } from './registry.service.js';

@Module({
  imports: [PolicyModule, TemporalModule, OfficesModule],
  controllers: [TownshipsController, WorkersController, EmployersController, BrokersController],
  providers: [RegistryService],
  exports: [RegistryService],
})
export class RegistryModule {}
