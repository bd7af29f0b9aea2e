import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../config/app-config.js';
import { explainConnectFailure, temporalConnectionOptions } from '../config/temporal-connection.js';

/**
 * The client connection to Temporal (one, opened lazily), the task queue, and a health probe.
 * Services reach processes through `Processes` (processes.ts), never through the client.
 */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  private readonly log = new Logger(TemporalService.name);
  private connection?: Promise<Connection>;
  private clientPromise?: Promise<Client>;

  constructor(private readonly config: AppConfig) {}

  get taskQueue(): string {
    return this.config.TEMPORAL_TASK_QUEUE;
  }

  get address(): string {
    if (!this.config.TEMPORAL_ADDRESS)
      throw new Error('TEMPORAL_ADDRESS is not set (the launcher sets it when it starts the embedded Temporal)');
    return this.config.TEMPORAL_ADDRESS;
  }

  client(): Promise<Client> {
    if (!this.clientPromise) {
      const options = temporalConnectionOptions(this.config, this.address);
      this.connection = Connection.connect({ ...options, connectTimeout: '5s' }).catch(async (err: Error) => {
        throw await explainConnectFailure(options, err);
      });
      this.clientPromise = this.connection.then(
        (connection) => new Client({ connection, namespace: this.config.TEMPORAL_NAMESPACE }),
      );
      // A failed connect must not be cached forever: the next call tries again.
      this.clientPromise.catch(() => {
        this.clientPromise = undefined;
        this.connection = undefined;
      });
    }
    return this.clientPromise;
  }

  /** Up when the frontend answers a system-info call within 3 s. */
  async health(): Promise<{ up: boolean; address: string; error?: string }> {
    try {
      const client = await this.client();
      await Promise.race([
        client.workflowService.getSystemInfo({}),
        new Promise((_, fail) => setTimeout(() => fail(new Error('no answer within 3 s')), 3000)),
      ]);
      return { up: true, address: this.address };
    } catch (err) {
      return { up: false, address: this.config.TEMPORAL_ADDRESS ?? '(not set)', error: (err as Error).message };
    }
  }

  /** After every module has stopped (the outbox relay's last pass included). */
  async onApplicationShutdown(): Promise<void> {
    const c = await this.connection?.catch(() => undefined);
    await c?.close().catch((e: Error) => this.log.warn(e.message));
  }
}
