import { Module } from '@nestjs/common';
import { DomainEventBus } from './events.js';

/** One bus for the whole process: every module that imports this one gets the same instance. */
@Module({ providers: [DomainEventBus], exports: [DomainEventBus] })
export class EventsModule {}
