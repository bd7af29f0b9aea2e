/**
 * Starts what the integration tests need, once per `npm test` (which builds dist/ first;
 * Jest loads global setup outside its ESM transform, so this file uses the built code):
 * - a real Postgres (embedded, under .data/test-pg-<port>) with a fresh database named *_test,
 *   migrated as its owner role; the tests and the app under test connect as the app's role,
 *   as in production; the owner's URL is in TEST_DATABASE_OWNER_URL for the few tests that need
 *   it (not DATABASE_OWNER_URL, which the app under test would read);
 * - a real Temporal dev server (in memory, headless) for the e2e tests;
 * - the Java time-skipping test server is provisioned here and started per test file;
 * - for each further Jest worker, a copy of the migrated database and a Temporal namespace.
 */
import pg from 'pg';
import { createMigrationDataSource } from '../../dist/src/database/data-source.js';
import { startEmbeddedPostgres } from '../../dist/src/embedded/postgres.js';
import { startTemporalDevServer } from '../../dist/src/embedded/temporal-server.js';
import { ensureTemporalCli, ensureTestServer } from '../../dist/src/embedded/tools.js';
import { TEST_WORKERS, withDatabase, workerDatabase, workerNamespace } from './parallel.mjs';

const TEST_DB = 'labour_export_test';
const TEST_PG_PORT = Number(process.env.TEST_PG_PORT ?? 54339);
const TEST_TEMPORAL_PORT = Number(process.env.TEST_TEMPORAL_PORT ?? 7253);

/** If Jest dies without running the teardown, the servers it started must not outlive it. */
function stopOnExit(pid, signal) {
  process.once('exit', () => {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  });
}

const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));

/** Tests drop and recreate their database: refuse one not named for tests. */
function assertTestName(url) {
  const name = databaseName(url);
  if (!/_test$/.test(name))
    throw new Error(`refusing to run tests against database "${name}": its name must end in _test`);
}

const workerNamespaces = () => Array.from({ length: TEST_WORKERS - 1 }, (_, i) => workerNamespace(i + 2));

/**
 * The migrated database copied once per further worker: schema, rows and grants inside it come
 * with the template; the database's own privileges do not, so they are copied from its ACL (a
 * new database would let PUBLIC connect and make temporary tables).
 */
async function copyForWorkers(adminUrl, appUrl, ownerUrl) {
  if (TEST_WORKERS < 2) return;
  const name = databaseName(appUrl);
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  try {
    const { rows: acl } = await admin.query(
      `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(a.grantee::regrole::text) END AS grantee,
              a.privilege_type AS privilege
         FROM pg_database d, aclexplode(d.datacl) a
        WHERE d.datname = $1 AND a.grantee <> d.datdba`,
      [name],
    );
    for (let worker = 2; worker <= TEST_WORKERS; worker++) {
      const copy = workerDatabase(name, worker);
      await admin.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${copy}" TEMPLATE "${name}" OWNER "${owner}"`);
      await admin.query(`REVOKE ALL ON DATABASE "${copy}" FROM PUBLIC`);
      for (const { grantee, privilege } of acl) {
        await admin.query(`GRANT ${privilege} ON DATABASE "${copy}" TO ${grantee}`);
      }
    }
  } finally {
    await admin.end();
  }
}

export default async function globalSetup() {
  await ensureTemporalCli();
  process.env.TEMPORAL_TEST_SERVER = ensureTestServer();

  let url = process.env.TEST_DATABASE_URL;
  let ownerUrl = url;
  if (url) {
    // A server of your own: one role for everything, the database dropped and made afresh.
    assertTestName(url);
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName(url)}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${databaseName(url)}"`);
    await admin.end();
  } else {
    const server = await startEmbeddedPostgres(
      { DATA_DIR: '.data', EMBEDDED_PG_PORT: TEST_PG_PORT },
      { database: TEST_DB, sub: `test-pg-${TEST_PG_PORT}`, recreate: true },
    );
    globalThis.__TEST_PG__ = server;
    stopOnExit(server.pid, 'SIGINT');
    url = server.url;
    ownerUrl = server.ownerUrl;
  }
  const ds = createMigrationDataSource({ DATABASE_URL: url, DATABASE_OWNER_URL: ownerUrl });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  await copyForWorkers(globalThis.__TEST_PG__?.adminUrl ?? ownerUrl, url, ownerUrl);
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_OWNER_URL = ownerUrl;

  if (process.env.TEST_TEMPORAL_ADDRESS) {
    process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  } else {
    const temporal = await startTemporalDevServer(
      {
        DATA_DIR: '.data',
        EMBEDDED_TEMPORAL_PORT: TEST_TEMPORAL_PORT,
        EMBEDDED_TEMPORAL_UI_PORT: TEST_TEMPORAL_PORT + 1000,
      },
      { dbFile: null, ui: false, namespaces: workerNamespaces() },
    );
    globalThis.__TEST_TEMPORAL__ = temporal;
    stopOnExit(temporal.pid, 'SIGTERM');
    process.env.TEMPORAL_ADDRESS = temporal.address;
  }
  process.env.NODE_ENV = 'test';
}
