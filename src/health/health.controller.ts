import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator.js';
import { TemporalService } from '../temporal/temporal.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Postgres and Temporal, each up or down; 503 naming the one that is down' })
  async check(@Res() res: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([this.postgres(), this.temporal.health()]);
    const down = [!postgres.up && 'postgres', !temporal.up && 'temporal'].filter(Boolean) as string[];
    const body = {
      status: down.length ? 'down' : 'up',
      ...(down.length ? { down } : {}),
      postgres,
      temporal: { up: temporal.up, ...(temporal.error ? { error: temporal.error } : {}) },
    };
    res.status(down.length ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).json(body);
  }

  private async postgres(): Promise<{ up: boolean; error?: string }> {
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, fail) => setTimeout(() => fail(new Error('no answer within 3 s')), 3000)),
      ]);
      return { up: true };
    } catch (err) {
      return { up: false, error: (err as Error).message };
    }
  }
}
