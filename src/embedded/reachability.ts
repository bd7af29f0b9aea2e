import { Connection } from '@temporalio/client';
import pg from 'pg';
import { type AppConfig, redactUrl } from '../config/app-config.js';
import { explainConnectFailure, temporalConnectionOptions } from '../config/temporal-connection.js';

/**
 * Before anything else starts: can we reach Postgres and Temporal? Fails with a message
 * naming which one and where, instead of a stack trace from deep inside a driver.
 */
export async function checkReachable(config: AppConfig): Promise<void> {
  const client = new pg.Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    const where = redactUrl(config.DATABASE_URL ?? '');
    throw new Error(`Postgres is unreachable at ${where}: ${(err as Error).message || (err as Error).name}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
  const options = temporalConnectionOptions(config);
  try {
    const conn = await Connection.connect({ ...options, connectTimeout: '5s' });
    await conn.workflowService.getSystemInfo({});
    await conn.close();
  } catch (err) {
    const why = await explainConnectFailure(options, err as Error);
    throw new Error(`Temporal is unreachable at ${config.TEMPORAL_ADDRESS}: ${why.message}`, { cause: err });
  }
}
