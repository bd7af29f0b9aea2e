import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TemporalService } from './temporal.service.js';
import { WorkerService } from './worker.service.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [TemporalService, WorkerService],
  exports: [TemporalService, WorkerService],
})
export class TemporalModule {}
