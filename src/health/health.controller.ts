import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { LivenessView, ReadinessView } from './health.responses.js';
import type { Response } from 'express';
import { Public } from '../common/roles.decorator.js';
import { ReadinessService } from './readiness.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Postgres and Temporal, each up or down; 503 naming the one that is down (= /health/ready)',
  })
  @ApiOkResponse({ type: ReadinessView })
  @ApiServiceUnavailableResponse({ type: ReadinessView, description: 'a part is down' })
  check(@Res() res: Response): Promise<void> {
    return this.ready(res);
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up and answers (it checks nothing else)' })
  @ApiOkResponse({ type: LivenessView })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: Postgres and Temporal both answer; 503 naming the one that does not' })
  @ApiOkResponse({ type: ReadinessView })
  @ApiServiceUnavailableResponse({ type: ReadinessView, description: 'a part is down' })
  async ready(@Res() res: Response): Promise<void> {
    const body = await this.readiness.check('api');
    res.status(body.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }
}
