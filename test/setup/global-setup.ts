/**
 * Starts what the integration tests need, once per `npm test`:
 * - a real Postgres (embedded, under .data/test-pg) with a fresh database named *_test,
 *   migrated with the project's migrations;
 * - a real Temporal dev server (in memory, headless) for e2e tests;
 * - the Java time-skipping test server is provisioned here and started per test file.
 */
import pg from 'pg';
import { createDataSource } from '../../src/database/data-source.js';
import { startEmbeddedPostgres } from '../../src/embedded/postgres.js';
import { startTemporalDevServer } from '../../src/embedded/temporal-server.js';
import { ensureTemporalCli, ensureTestServer } from '../../src/embedded/tools.js';
import { assertTestDatabase, TEST_DB, TEST_PG_PORT, TEST_TEMPORAL_PORT } from '../support/test-env.js';

export default async function globalSetup(): Promise<void> {
  await ensureTemporalCli();
  process.env.TEMPORAL_TEST_SERVER = ensureTestServer();

  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const server = await startEmbeddedPostgres({ DATA_DIR: '.data', EMBEDDED_PG_PORT: TEST_PG_PORT }, { database: 'postgres', sub: 'test-pg' });
    (globalThis as Record<string, unknown>).__TEST_PG__ = server;
    url = server.url.replace(/\/postgres$/, `/${TEST_DB}`);
  }
  assertTestDatabase(url);
  // A fresh database every run: tests never see yesterday's rows.
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const ds = createDataSource({ DATABASE_URL: url });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.DATABASE_URL = url;

  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer(
      { DATA_DIR: '.data', EMBEDDED_TEMPORAL_PORT: TEST_TEMPORAL_PORT, EMBEDDED_TEMPORAL_UI_PORT: TEST_TEMPORAL_PORT + 1000 },
      { dbFile: null, ui: false },
    );
    (globalThis as Record<string, unknown>).__TEST_TEMPORAL__ = temporal;
    process.env.TEMPORAL_ADDRESS = temporal.address;
  } else {
    process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  }
  process.env.NODE_ENV = 'test';
}
