import { Module } from '@nestjs/common';
import { TemporalModule } from '../temporal/temporal.module.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { ReadinessService } from './readiness.service.js';

/** What an operator watches: liveness and readiness probes, and the Prometheus metrics. */
@Module({
  imports: [TemporalModule],
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, ReadinessService],
  exports: [MetricsService, ReadinessService],
})
export class HealthModule {}
