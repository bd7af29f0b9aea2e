import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { answerWithin } from '../common/timeout.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { WorkerService } from '../temporal/worker.service.js';

export interface Check {
  up: boolean;
  error?: string;
}

/** The body of /health and /health/ready: 503 and `down` naming each part that is unreachable. */
export interface Readiness {
  status: 'up' | 'down';
  down?: string[];
  postgres: Check;
  temporal: Check;
}

/**
 * Can this process do its work: Postgres answers, and Temporal answers (the API through its client
 * connection; the worker through its own connection, with the worker running). A change either way
 * is logged once, so an outage and its end show in the logs even though probes are not.
 */
@Injectable()
export class ReadinessService {
  private readonly log = new Logger('Readiness');
  private readonly last = new Map<string, boolean>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
    private readonly worker: WorkerService,
  ) {}

  async check(processKind: 'api' | 'worker'): Promise<Readiness> {
    // Each part gets 3 s, connecting included: a probe must answer within its own time-out (5 s in compose).
    const [postgres, temporal] = await Promise.all([
      this.postgres(),
      answerWithin(processKind === 'worker' ? this.worker.health() : this.temporal.health(), 3000).catch(
        (err: Error) => ({ up: false, error: err.message }),
      ),
    ]);
    const parts = { postgres, temporal: { up: temporal.up, ...(temporal.error ? { error: temporal.error } : {}) } };
    for (const [name, c] of Object.entries(parts)) this.note(name, c);
    const down = Object.entries(parts)
      .filter(([, c]) => !c.up)
      .map(([name]) => name);
    return { status: down.length ? 'down' : 'up', ...(down.length ? { down } : {}), ...parts };
  }

  private async postgres(): Promise<Check> {
    try {
      await answerWithin(this.db.query('SELECT 1'), 3000);
      return { up: true };
    } catch (err) {
      return { up: false, error: (err as Error).message };
    }
  }

  private note(name: string, c: Check): void {
    const before = this.last.get(name);
    this.last.set(name, c.up);
    if (before === c.up || (before === undefined && c.up)) return;
    if (c.up) this.log.log(`${name} is reachable again`);
    else this.log.warn(`${name} is unreachable: ${c.error}`);
  }
}
