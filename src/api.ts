/**
 * The API process: `node dist/src/api.js` (docker-compose's `api` service; `npm start`
 * runs it for you). Needs DATABASE_URL and TEMPORAL_ADDRESS.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app-config.js';
import { exitWithReason } from './common/fatal.js';
import { createHttpApp } from './http-app.js';
import { portFree, PortInUseError } from './embedded/ports.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: run `npm start` for the embedded stack, or set it to your Postgres');
  if (!config.TEMPORAL_ADDRESS)
    throw new Error(
      'TEMPORAL_ADDRESS is not set: run `npm start` for the embedded stack, or set it to your Temporal frontend',
    );
  if (!(await portFree(config.PORT, config.HOST))) throw new PortInUseError(config.PORT, 'API', 'PORT');
  const app = await createHttpApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('API').log(`listening on http://${config.HOST}:${config.PORT}`);
}

main().catch(exitWithReason('API'));
