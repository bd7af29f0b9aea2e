import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { AppConfig } from '../config/app-config.js';
import { ACTIVITIES_METADATA } from './activities.decorator.js';
import { explainConnectFailure, temporalConnectionOptions } from '../config/temporal-connection.js';
import { hasPrebuiltBundle, prebuiltBundlePath, workflowsPath } from './workflow-code.js';

/**
 * Builds the Temporal worker from the Nest module graph: every method of every
 * `@Activities()` provider becomes an activity bound to its Nest instance.
 */
@Injectable()
export class WorkerService {
  private readonly log = new Logger('Worker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
  ) {}

  activities(): Record<string, (...args: unknown[]) => Promise<unknown>> {
    const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    const owners: Record<string, string> = {};
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype || !Reflect.getMetadata(ACTIVITIES_METADATA, metatype)) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor' || name.startsWith('_') || typeof proto[name] !== 'function') continue;
        if (out[name]) throw new Error(`activity ${name} is defined by both ${owners[name]} and ${metatype.name}`);
        out[name] = proto[name].bind(instance);
        owners[name] = metatype.name;
      }
    }
    return out;
  }

  async start(extra: Partial<WorkerOptions> = {}): Promise<Worker> {
    if (!this.config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
    const options = temporalConnectionOptions(this.config);
    this.connection = await NativeConnection.connect(options).catch(async (err: Error) => {
      throw await explainConnectFailure(options, err);
    });
    const activities = this.activities();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      ...(extra.workflowBundle
        ? {}
        : hasPrebuiltBundle()
          ? { workflowBundle: { codePath: prebuiltBundlePath() } }
          : { workflowsPath: workflowsPath() }),
      activities,
      shutdownGraceTime: '20s',
      maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS,
      ...extra,
    });
    this.log.log(
      `polling task queue ${extra.taskQueue ?? this.config.TEMPORAL_TASK_QUEUE} with ${Object.keys(activities).length} activities`,
    );
    this.running = this.worker.run();
    this.running.catch((err) => this.log.error(`worker stopped: ${err?.message ?? err}`));
    return this.worker;
  }

  /** Up when this worker is running and its own connection reaches the Temporal frontend (the caller bounds the wait). */
  async health(): Promise<{ up: boolean; error?: string }> {
    if (!this.worker || !this.connection) return { up: false, error: 'the worker has not started' };
    const state = this.worker.getState();
    if (state !== 'RUNNING') return { up: false, error: `the worker is ${state.toLowerCase()}` };
    try {
      await this.connection.workflowService.getSystemInfo({});
      return { up: true };
    } catch (err) {
      return { up: false, error: (err as Error).message };
    }
  }

  /** Drains: stops polling, lets running activities finish, then closes the connection. */
  async stop(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    this.worker = undefined;
  }
}
