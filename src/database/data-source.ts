import pg from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import type { AppConfig } from '../config/app-config.js';
import { entities } from './entities.js';
import { ReachClient } from './reach-client.js';

// Postgres DATE columns are calendar dates (Asia/Shanghai, YYYY-MM-DD): keep them as the
// strings they are instead of letting node-postgres turn them into local-midnight Dates.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/**
 * The one description of how the app reaches Postgres, shared by the Nest module,
 * the migration CLI and the tests. The schema comes from migrations/ only.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL'> & Partial<Pick<AppConfig, 'DB_POOL_MAX'>>,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set (the launcher sets it when it starts the embedded Postgres)');
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    // No CREATE EXTENSION on connecting: the app's role may not, and gen_random_uuid() is core Postgres.
    installExtensions: false,
    extra: { max: config.DB_POOL_MAX ?? 10, connectionTimeoutMillis: 5000, Client: ReachClient },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(config: Pick<AppConfig, 'DATABASE_URL'>): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Migrations run as the schema's owner (DATABASE_OWNER_URL), else as DATABASE_URL's role. */
export function createMigrationDataSource(config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL'>): DataSource {
  return new DataSource(dataSourceOptions({ DATABASE_URL: config.DATABASE_OWNER_URL ?? config.DATABASE_URL }));
}
