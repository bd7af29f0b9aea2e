/**
 * The Temporal worker process: `node dist/src/worker.js` (docker-compose's `worker`
 * service, scale with --scale worker=N). Same Nest module graph as the API, no HTTP.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { exitWithReason } from './common/fatal.js';
import { loadConfig } from './config/app-config.js';
import { loggerLevels } from './http-app.js';
import { WorkerService } from './temporal/worker.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
  const ctx = await NestFactory.createApplicationContext(AppModule, {
    logger: loggerLevels(config.LOG_LEVEL),
    abortOnError: false,
  });
  const worker = ctx.get(WorkerService);
  const log = new Logger('Worker');
  await worker.start();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: draining (no new tasks; running activities finish)`);
    await worker.stop();
    await ctx.close();
    log.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(exitWithReason('worker'));
