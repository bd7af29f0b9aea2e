import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ProcessOutbox } from './process-outbox.js';

/** How often the relay looks for process starts and signals left undelivered. */
const RELAY_INTERVAL_MS = 2_000;
const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * Runs in every API and worker process: every couple of seconds it delivers what the outbox still
 * holds (a process that died between its commit and its start, Temporal down at the time). Stops
 * with the application, after the pass in progress.
 */
@Injectable()
export class ProcessRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('ProcessRelay');
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = false;
  private lastFailureLog = 0;

  constructor(private readonly outbox: ProcessOutbox) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.outbox
        .relayDue()
        .then(() => undefined)
        .catch((err: Error) => {
          if (Date.now() - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
          this.lastFailureLog = Date.now();
          this.log.warn(`the process outbox could not be read: ${err.message}`);
        })
        .finally(() => this.schedule());
    }, RELAY_INTERVAL_MS);
    // A process with nothing else to do exits; the relay does not keep it alive.
    this.timer.unref();
  }
}
