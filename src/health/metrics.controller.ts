import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/roles.decorator.js';
import { MetricsErrors } from './health.errors.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrapes without a login, so /metrics shows no personal data, only counts. Keep it
 * internal: set METRICS_PORT (then it is served there only, and answers 404 here), or refuse
 * the path at the reverse proxy in front of PORT.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics: request durations, process figures, office figures (no login)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the Prometheus text format', schema: { type: 'string' } })
  async scrape(@Res() res: Response): Promise<void> {
    if (this.config.METRICS_PORT) throw MetricsErrors.ELSEWHERE();
    res.type(this.metrics.contentType()).send(await this.metrics.apiMetrics());
  }
}
