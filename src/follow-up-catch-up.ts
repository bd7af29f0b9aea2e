/**
 * `npm run followups:catch-up` (docker-compose: `docker compose run --rm worker node
 * dist/src/follow-up-catch-up.js`): once after the upgrade that brought follow-up plans, every
 * placement still running without one gets its plan, first check-in and process, from the policy
 * in force that day. Safe to run again: a placement with a plan is never planned twice. Needs
 * DATABASE_URL and TEMPORAL_ADDRESS, as the worker does; the running API and workers' outbox
 * relay starts the processes if this command ends first.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as AppLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { exitWithReason } from './common/fatal.js';
import { loadConfig } from './config/app-config.js';
import { FollowUpPlacementListener } from './followups/placement-listener.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
  const ctx = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true, abortOnError: false });
  ctx.useLogger(ctx.get(AppLogger));
  try {
    const planned = await ctx.get(FollowUpPlacementListener).catchUp();
    console.log(`follow-up plans written for ${planned} running placements that had none`);
  } finally {
    await ctx.close();
  }
}

main().catch(exitWithReason('follow-up catch-up'));
