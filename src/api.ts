/**
 * The API process: `node dist/src/api.js` (docker-compose's `api` service; `npm start`
 * runs it for you). Needs DATABASE_URL and TEMPORAL_ADDRESS.
 */
// Before anything else loads: how far the heap may grow between full collections.
import './common/heap-growth.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app-config.js';
import { exitWithReason } from './common/fatal.js';
import { createHttpApp } from './http-app.js';
import { portFree, PortInUseError } from './embedded/ports.js';
import { MetricsService } from './health/metrics.service.js';
import { startOpsServer } from './health/ops-server.js';
import { ReadinessService } from './health/readiness.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: run `npm start` for the embedded stack, or set it to your Postgres');
  if (!config.TEMPORAL_ADDRESS)
    throw new Error(
      'TEMPORAL_ADDRESS is not set: run `npm start` for the embedded stack, or set it to your Temporal frontend',
    );
  if (!(await portFree(config.PORT, config.HOST))) throw new PortInUseError(config.PORT, 'API', 'PORT');
  const metricsHost = config.METRICS_HOST ?? config.HOST;
  if (config.METRICS_PORT && !(await portFree(config.METRICS_PORT, metricsHost)))
    throw new PortInUseError(config.METRICS_PORT, 'API metrics', 'METRICS_PORT');
  const app = await createHttpApp();
  const log = new Logger('API');
  if (config.METRICS_PORT) {
    const metrics = app.get(MetricsService);
    const readiness = app.get(ReadinessService);
    // Ends with the process: Nest's shutdown hooks re-raise the signal once the API has closed.
    await startOpsServer(metricsHost, config.METRICS_PORT, {
      ready: () => readiness.check('api'),
      metrics: () => metrics.apiMetrics(),
      metricsContentType: metrics.contentType(),
    });
    log.log(`metrics and probes on http://${metricsHost}:${config.METRICS_PORT}/metrics`);
  }
  await app.listen(config.PORT, config.HOST);
  log.log(`listening on http://${config.HOST}:${config.PORT}`);
}

main().catch(exitWithReason('API'));
