import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProcessOutbox } from './process-outbox.js';
import { ProcessRelay } from './process-relay.js';
import { Processes } from './processes.js';
import { Schedules } from './schedules.js';
import { TemporalService } from './temporal.service.js';
import { WorkerService } from './worker.service.js';

@Module({
  imports: [DiscoveryModule],
  providers: [TemporalService, WorkerService, ProcessOutbox, ProcessRelay, Processes, Schedules],
  exports: [TemporalService, WorkerService, ProcessOutbox, Processes, Schedules],
})
export class TemporalModule {}
