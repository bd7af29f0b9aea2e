/**
 * The Temporal worker process: `node dist/src/worker.js` (docker-compose's `worker`
 * service, scale with --scale worker=N). Same Nest module graph as the API; its only HTTP is
 * the operator's listener on WORKER_HTTP_PORT (/health/live, /health/ready, /metrics).
 */
// Before anything else loads: how far the heap may grow between full collections.
import './common/heap-growth.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as AppLogger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { exitWithReason } from './common/fatal.js';
import { loadConfig } from './config/app-config.js';
import { freeLoopbackPort, portFree, PortInUseError } from './embedded/ports.js';
import { MetricsService } from './health/metrics.service.js';
import { startOpsServer } from './health/ops-server.js';
import { ReadinessService } from './health/readiness.service.js';
import { installTemporalRuntime } from './temporal/runtime.js';
import { Schedules } from './temporal/schedules.js';
import { WorkerService } from './temporal/worker.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
  if (!(await portFree(config.WORKER_HTTP_PORT, config.HOST)))
    throw new PortInUseError(config.WORKER_HTTP_PORT, 'worker probes and metrics', 'WORKER_HTTP_PORT');
  const ctx = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true, abortOnError: false });
  ctx.useLogger(ctx.get(AppLogger));
  const log = new Logger('Worker');
  const temporal = installTemporalRuntime(PinoLogger.root, config, await freeLoopbackPort());
  const metrics = ctx.get(MetricsService);
  const readiness = ctx.get(ReadinessService);
  // Listening before the worker connects: live at once, ready once it polls.
  const ops = await startOpsServer(config.HOST, config.WORKER_HTTP_PORT, {
    ready: () => readiness.check('worker'),
    metrics: () => metrics.workerMetrics(() => temporal.coreMetrics()),
    metricsContentType: metrics.contentType(),
  });
  log.log(`probes and metrics on http://${config.HOST}:${config.WORKER_HTTP_PORT}`);
  const worker = ctx.get(WorkerService);
  await worker.start();
  // Every worker start brings the periodic jobs to what this deploy defines (never a second copy).
  // Not fatal: workers starting together may race on an update; the one that lost still polls, and
  // the schedules are as the winner left them (the same deploy's).
  await ctx
    .get(Schedules)
    .ensure()
    .catch((e: Error) => log.error(`schedules not brought up to date: ${e.message}`));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: draining (no new tasks; running activities finish)`);
    await worker.stop();
    ops.close();
    await ctx.close();
    log.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(exitWithReason('worker'));
